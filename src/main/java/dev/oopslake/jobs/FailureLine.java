package dev.oopslake.jobs;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line a failed run prints, which a log watcher matches and an operator acts on. When a
 * server the run depends on failed — the object store (s3a) or the catalog's database (JDBC) — the
 * line names that server and what the run was doing, instead of Spark's "Job aborted due to stage
 * failure: ..." wrapper; anything else keeps the exception's first line.
 */
final class FailureLine {
  private FailureLine() {}

  /** s3a's translated messages: {@code <operation> on <path>: <cause>}. */
  private static final Pattern S3A_OPERATION = Pattern.compile("^(.+? on \\S+?):? ");

  /** The endpoint in the AWS SDK's connection errors. */
  private static final Pattern CONNECT_TO = Pattern.compile("Connect to (\\S+)");

  static String of(Throwable failure) {
    List<Throwable> chain = chain(failure);
    Throwable root = chain.get(chain.size() - 1);
    for (Throwable t : chain) {
      if (fromS3a(t)) {
        String message = firstLine(t);
        Matcher op = S3A_OPERATION.matcher(message);
        Matcher endpoint = CONNECT_TO.matcher(message + " " + firstLine(root));
        return "object store (s3a)"
            + (endpoint.find() ? " at " + endpoint.group(1) : "")
            + " failed: "
            + rootMessage(root)
            + (op.find() ? "; while: " + op.group(1) : "; while: " + message);
      }
    }
    for (Throwable t : chain) {
      if (t instanceof SQLException) {
        Throwable outer = chain.get(0);
        return "catalog database (JDBC) failed: "
            + firstLine(t)
            + (outer == t ? "" : "; while: " + firstLine(outer));
      }
    }
    return firstLine(failure);
  }

  private static String rootMessage(Throwable root) {
    return root.getMessage() == null ? root.getClass().getSimpleName() : firstLine(root);
  }

  /** Whether {@code t} was raised or translated by Hadoop's s3a connector. */
  private static boolean fromS3a(Throwable t) {
    if (t.getClass().getName().startsWith("org.apache.hadoop.fs.s3a.")) {
      return true;
    }
    StackTraceElement[] frames = t.getStackTrace();
    for (int i = 0; i < Math.min(frames.length, 12); i++) {
      if (frames[i].getClassName().startsWith("org.apache.hadoop.fs.s3a.")) {
        return true;
      }
    }
    return false;
  }

  private static List<Throwable> chain(Throwable t) {
    List<Throwable> out = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable c = t; c != null && seen.put(c, true) == null; c = c.getCause()) {
      out.add(c);
    }
    return out;
  }

  private static String firstLine(Throwable t) {
    String s = t.getMessage() == null ? t.toString() : t.getMessage();
    return s.lines().findFirst().orElse("").strip();
  }
}
