package dev.oopslake.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Named steps of a Spark stage: each step's jobs carry its name in the Spark UI, and the log says
 * how long each took.
 */
public final class JobSteps {
  private final SparkSession spark;
  private final org.slf4j.Logger log;
  private String current;
  private long started;

  public JobSteps(SparkSession spark, Class<?> owner) {
    this.spark = spark;
    this.log = org.slf4j.LoggerFactory.getLogger(owner);
  }

  /** Ends the current step (logging its time) and starts {@code what}; null ends the last one. */
  public void next(String what) {
    long now = System.nanoTime();
    if (current != null) {
      log.info("{} took {} ms", current, (now - started) / 1_000_000);
    }
    current = what;
    started = now;
    spark.sparkContext().setJobDescription(what);
  }
}
