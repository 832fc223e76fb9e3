package dev.oopslake.spark;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Ships the driver's Hadoop configuration (s3a endpoints, credentials providers) to executor tasks.
 */
public final class SerializableConfiguration {
  private SerializableConfiguration() {}

  /**
   * The session's Hadoop configuration as a broadcast: shipped to each executor once instead of
   * inside every task (a few thousand properties, re-read per task), and not copied at all in local
   * mode. Spark's own wrapper, because broadcasts go through {@code spark.serializer}: Spark's Kryo
   * setup knows to write it with Java serialization, where a wrapper of ours would reach executors
   * of a Kryo-configured cluster without its (transient) configuration.
   */
  public static Shared broadcast(SparkSession spark) {
    return new Shared(
        org.apache.spark.util.SerializableConfiguration.broadcast(
            spark.sparkContext(), spark.sparkContext().hadoopConfiguration()));
  }

  /** A broadcast configuration, for the functions tasks run. */
  public static final class Shared implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Broadcast<org.apache.spark.util.SerializableConfiguration> conf;

    private Shared(Broadcast<org.apache.spark.util.SerializableConfiguration> conf) {
      this.conf = conf;
    }

    public Configuration get() {
      return conf.value().value();
    }
  }
}
