package dev.oopslake.spark;

import dev.oopslake.spark.support.LocalFiles;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session for a job: the cluster's when launched by {@code spark-submit} (it sets
 * {@code spark.master}), else embedded {@code local[*]}.
 */
public final class Sessions {
  private Sessions() {}

  public static SparkSession getOrCreate(String appName) {
    return getOrCreate(appName, java.util.Map.of());
  }

  /**
   * As {@link #getOrCreate(String)} with extra settings: the lake's catalog, and the {@code spark:}
   * section of {@code conf/oopslake.yaml} (where an embedded run gets a configured catalog).
   */
  public static SparkSession getOrCreate(String appName, java.util.Map<String, String> conf) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    String master = System.getProperty("spark.master");
    settings(conf, master == null || master.startsWith("local")).forEach(builder::config);
    if (master == null) {
      int cores = Runtime.getRuntime().availableProcessors();
      builder
          .master("local[*]")
          // Embedded runs are one machine: the web UI only costs start-up time and a port.
          .config("spark.ui.enabled", "false")
          // 200 shuffle partitions is tuned for clusters; on one machine it is 200 tiny tasks per
          // shuffle.
          .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, cores * 2)));
    }
    return builder.getOrCreate();
  }

  /**
   * {@code conf} and what a job session has unless {@code conf} says otherwise: on a local master,
   * local files written without a forked {@code chmod} per file ({@link LocalFiles}). A cluster's
   * executors keep Hadoop's own: their lake is on S3 or HDFS, and their file system classes load
   * before the app's jar does.
   */
  public static java.util.Map<String, String> settings(
      java.util.Map<String, String> conf, boolean localMaster) {
    java.util.Map<String, String> all = new java.util.LinkedHashMap<>();
    if (localMaster) {
      all.put("spark.hadoop." + LocalFiles.SETTING, LocalFiles.class.getName());
    }
    all.putAll(conf);
    return all;
  }
}
