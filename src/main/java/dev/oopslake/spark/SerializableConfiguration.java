package dev.oopslake.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Ships the driver's Hadoop configuration (s3a endpoints, credentials providers) to executor tasks.
 */
public final class SerializableConfiguration implements Serializable {
  private static final long serialVersionUID = 1L;
  private transient Configuration conf;

  public SerializableConfiguration(Configuration conf) {
    this.conf = conf;
  }

  public Configuration get() {
    return conf;
  }

  /**
   * The session's Hadoop configuration as a broadcast: shipped to each executor once instead of
   * inside every task (a few thousand properties, re-read per task), and not copied at all in local
   * mode.
   */
  public static Shared broadcast(SparkSession spark) {
    return new Shared(
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration())));
  }

  /** A broadcast configuration, for the functions tasks run. */
  public static final class Shared implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SerializableConfiguration> conf;

    private Shared(Broadcast<SerializableConfiguration> conf) {
      this.conf = conf;
    }

    public Configuration get() {
      return conf.value().get();
    }
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
