package dev.oopslake.spark.support;

import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;

/**
 * The commit protocol of files that tasks write themselves: each attempt writes its own {@code
 * part-} file into a folder no reader sees yet, the driver collects the names the winning attempts
 * return, and deletes every other part file (a failed attempt's unfinished one, a speculative
 * duplicate). No renames, so it costs the same on an object store as on a disk.
 */
public final class PartFileCommit {
  private PartFileCommit() {}

  /** This attempt's file name for {@code partition}: unique per stage and task attempt. */
  public static String partName(int partition, String suffix) {
    TaskContext task = TaskContext.get();
    return String.format(
        Locale.ROOT,
        "part-%05d-%d-%d%s",
        partition,
        task == null ? 0 : task.stageAttemptNumber(),
        task == null ? 0 : task.attemptNumber(),
        suffix);
  }

  /** Deletes the part files in {@code dir} not named in {@code keep}; returns how many. */
  public static int removeStrays(Configuration conf, String dir, Collection<String> keep)
      throws IOException {
    Set<String> winners = Set.copyOf(keep);
    Path p = new Path(URI.create(dir));
    FileSystem fs = p.getFileSystem(conf);
    int removed = 0;
    if (fs.exists(p)) {
      for (FileStatus st : fs.listStatus(p)) {
        String name = st.getPath().getName();
        if (name.startsWith("part-") && !winners.contains(name)) {
          fs.delete(st.getPath(), false);
          removed++;
        }
      }
    }
    return removed;
  }
}
