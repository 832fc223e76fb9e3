package dev.oopslake.it;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.spark.TaskContext;

/**
 * Hadoop's real s3a connector with one test hook: {@link #beforeOpen} runs before an object is
 * opened, in the reading thread, so a test can make the world change at the exact moment the
 * nightly reads (stop the server, delete or rewrite the object, fail the first task attempt).
 * Everything else — listing, writing, the HTTP calls — is s3a's own. Set as {@code fs.s3a.impl};
 * the hook is static because local-mode tasks run in the test's JVM.
 */
public class FaultyS3AFileSystem extends S3AFileSystem {

  /** What a test does before an object is opened. */
  @FunctionalInterface
  public interface BeforeOpen {
    /**
     * @param path the object about to be opened
     * @param attempt the task attempt opening it (0 the first; -1 outside a task)
     */
    void run(Path path, int attempt) throws IOException;
  }

  private static volatile BeforeOpen beforeOpen;

  static void beforeOpen(BeforeOpen hook) {
    beforeOpen = hook;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    BeforeOpen hook = beforeOpen;
    if (hook != null) {
      TaskContext task = TaskContext.get();
      hook.run(f, task == null ? -1 : task.attemptNumber());
    }
    return super.open(f, bufferSize);
  }
}
