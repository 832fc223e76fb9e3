package dev.oopslake.spark;

import org.apache.spark.sql.SparkSession;

/** One small local session per test JVM: Spark start-up is seconds, tests are many. */
public final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    // A test class that stops its session must not break the next class in the same JVM.
    if (session == null || session.sparkContext().isStopped()) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("oopslake-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              // As Sessions sets it for the jobs: the tests write through the same file system.
              .config(
                  "spark.hadoop." + dev.oopslake.spark.support.LocalFiles.SETTING,
                  dev.oopslake.spark.support.LocalFiles.class.getName())
              .getOrCreate();
    }
    return session;
  }
}
