package dev.oopslake.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session for a job: the cluster's when launched by {@code spark-submit} (it sets
 * {@code spark.master}), else embedded {@code local[*]}.
 */
public final class Sessions {
  private Sessions() {}

  public static SparkSession getOrCreate(String appName) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (System.getProperty("spark.master") == null) {
      int cores = Runtime.getRuntime().availableProcessors();
      builder
          .master("local[*]")
          // Embedded runs are one machine: the web UI only costs start-up time and a port.
          .config("spark.ui.enabled", "false")
          // 200 shuffle partitions is tuned for clusters; on one machine it is 200 tiny tasks per
          // shuffle.
          .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(2, cores * 2)));
    }
    // Tables are rewritten per run; dynamic overwrite touches only the partitions a run produces.
    builder.config("spark.sql.sources.partitionOverwriteMode", "dynamic");
    return builder.getOrCreate();
  }
}
