package dev.oopslake.spark.support;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's Hadoop configuration (s3a endpoints, credentials providers) as executor tasks get
 * it: a broadcast, which the functions tasks run carry.
 */
public final class HadoopConf implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Broadcast<org.apache.spark.util.SerializableConfiguration> conf;

  private HadoopConf(Broadcast<org.apache.spark.util.SerializableConfiguration> conf) {
    this.conf = conf;
  }

  /**
   * The session's Hadoop configuration as a broadcast: shipped to each executor once instead of
   * inside every task (a few thousand properties, re-read per task), and not copied at all in local
   * mode. Spark's own wrapper, because broadcasts go through {@code spark.serializer}: Spark's Kryo
   * setup knows to write it with Java serialization, where a wrapper of ours would reach executors
   * of a Kryo-configured cluster without its (transient) configuration.
   */
  public static HadoopConf broadcast(SparkSession spark) {
    return new HadoopConf(
        org.apache.spark.util.SerializableConfiguration.broadcast(
            spark.sparkContext(), spark.sparkContext().hadoopConfiguration()));
  }

  public Configuration get() {
    return conf.value().value();
  }
}
