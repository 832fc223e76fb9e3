package dev.oopslake.it;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
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
  private static volatile BeforeOpen afterFirstRead;

  static void beforeOpen(BeforeOpen hook) {
    beforeOpen = hook;
  }

  /**
   * {@code hook} runs once per opened object, after its first read returned bytes and before the
   * next read: the moment to change the object while the reader holds it open.
   */
  static void afterFirstRead(BeforeOpen hook) {
    afterFirstRead = hook;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    BeforeOpen hook = beforeOpen;
    TaskContext task = TaskContext.get();
    int attempt = task == null ? -1 : task.attemptNumber();
    if (hook != null) {
      hook.run(f, attempt);
    }
    FSDataInputStream in = super.open(f, bufferSize);
    BeforeOpen after = afterFirstRead;
    return after == null
        ? in
        : new FSDataInputStream(new HookedStream(in, () -> after.run(f, attempt)));
  }

  /** What a hook runs, without arguments. */
  @FunctionalInterface
  private interface Action {
    void run() throws IOException;
  }

  /** s3a's stream, with {@code action} run between its first read and the next. */
  private static final class HookedStream extends FSInputStream {
    private final FSDataInputStream in;
    private Action action;

    HookedStream(FSDataInputStream in, Action action) {
      this.in = in;
      this.action = action;
    }

    private void afterRead(int n) throws IOException {
      if (n > 0 && action != null) {
        Action a = action;
        action = null;
        a.run();
      }
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      afterRead(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      afterRead(n);
      return n;
    }

    @Override
    public void seek(long pos) throws IOException {
      in.seek(pos);
    }

    @Override
    public long getPos() throws IOException {
      return in.getPos();
    }

    @Override
    public boolean seekToNewSource(long targetPos) throws IOException {
      return in.seekToNewSource(targetPos);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
