package dev.oopslake.it;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.spark.TaskContext;

/**
 * Hadoop's real s3a connector whose first task attempt is slow on one object: opening the object
 * whose key is set as {@value #KEY} sleeps as many seconds as {@value #SECONDS} says (default 30)
 * when the opening task's attempt number is 0; a retry or a speculative copy (attempt 1 and up) and
 * the driver open it at once. Configured by Hadoop settings only ({@code spark.hadoop.*}), so it
 * works in executor JVMs the test cannot reach; shipped to the cluster with {@code --jars} and set
 * as {@code fs.s3a.impl}. The sleep ends early when Spark kills the attempt (it interrupts the task
 * thread), as a real stalled read would.
 */
public class SlowFirstAttemptS3AFileSystem extends S3AFileSystem {
  /** The object key (no bucket, no leading slash) whose first-attempt open is slow. */
  public static final String KEY = "oopslake.it.slow-open.key";

  /** How long that open sleeps. */
  public static final String SECONDS = "oopslake.it.slow-open.seconds";

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    TaskContext task = TaskContext.get();
    if (task != null
        && task.attemptNumber() == 0
        && f.toUri().getPath().equals("/" + getConf().get(KEY))) {
      try {
        Thread.sleep(getConf().getLong(SECONDS, 30) * 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("slow open of " + f + " interrupted");
      }
    }
    return super.open(f, bufferSize);
  }
}
