package dev.oopslake.it;

import org.apache.spark.sql.SparkSession;

/**
 * A local[2] session in the test JVM that reaches the test's S3 server through s3a, for runs to
 * compare with the cluster's. Credentials are set in code (Spark redacts them), never logged.
 */
final class EmbeddedSpark implements AutoCloseable {
  private final SparkSession session;

  private EmbeddedSpark(SparkSession session) {
    this.session = session;
  }

  static EmbeddedSpark start(S3Server s3) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName("oopslake-it-embedded")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config(
                "spark.hadoop.fs.s3a.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
            .config("spark.hadoop.fs.s3a.access.key", s3.accessKey())
            .config("spark.hadoop.fs.s3a.secret.key", s3.secretKey());
    s3.s3aConf().forEach((k, v) -> builder.config("spark.hadoop." + k, v));
    return new EmbeddedSpark(builder.getOrCreate());
  }

  SparkSession session() {
    return session;
  }

  @Override
  public void close() {
    session.stop();
  }
}
