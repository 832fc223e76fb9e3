package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The failed run's one line names the server that failed and what the run was doing. */
class FailureLineTest {

  /** An exception as s3a's error translation makes it: raised in s3a's code. */
  private static ConnectException fromS3a(String message) {
    ConnectException e = new ConnectException(message);
    e.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(
              "org.apache.hadoop.fs.s3a.impl.ErrorTranslation", "wrapWithInnerIOE", "x.java", 1)
        });
    return e;
  }

  @Test
  void anObjectStoreFailureNamesTheStoreItsEndpointAndTheOperation() {
    ConnectException s3a =
        fromS3a(
            "Writing Object on warehouse/t/data/x.parquet: software.amazon.awssdk.core.exception"
                + ".SdkClientException: Unable to execute HTTP request: Connect to 127.0.0.1:9000"
                + " [/127.0.0.1] failed: Connection refused");
    s3a.initCause(new ConnectException("Connection refused"));
    Exception spark =
        new RuntimeException(
            "Job aborted due to stage failure: Task 1 in stage 1.0 failed 1 times\nDriver stacktrace:",
            new IllegalStateException(s3a));

    assertThat(FailureLine.of(spark))
        .isEqualTo(
            "object store (s3a) at 127.0.0.1:9000 failed: Connection refused;"
                + " while: Writing Object on warehouse/t/data/x.parquet");
  }

  @Test
  void aCatalogDatabaseFailureNamesTheCatalog() {
    Exception e =
        new RuntimeException(
            "Failed to commit table files",
            new SQLException("Connection to 127.0.0.1:5432 refused."));

    assertThat(FailureLine.of(e))
        .isEqualTo(
            "catalog database (JDBC) failed: Connection to 127.0.0.1:5432 refused.;"
                + " while: Failed to commit table files");
  }

  @Test
  void anyOtherFailureKeepsItsFirstLine() {
    assertThat(FailureLine.of(new IllegalStateException("boom\nsecond line"))).isEqualTo("boom");
  }
}
