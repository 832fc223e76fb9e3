package dev.oopslake.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Replaces a lake table by a freshly written version without ever overwriting the path a plan
 * reads: the new version is written beside the table ({@code T.__new-<run>}), the old one renamed
 * aside ({@code T.__old-<run>}), the new one renamed into place, the old one deleted. A run killed
 * at any point leaves either the old or the new table at {@code T}; {@link #recover} puts the old
 * one back if it was killed between the two renames, and clears leftovers.
 */
final class TableSwap {

  private static final String NEW = ".__new-";
  private static final String OLD = ".__old-";

  private final FileSystem fs;
  private final Path lake;

  TableSwap(String lakeUri, Configuration conf) {
    try {
      this.lake = new Path(lakeUri);
      this.fs = lake.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open lake " + lakeUri, e);
    }
  }

  Path table(String name) {
    return new Path(lake, name);
  }

  Path staging(String name, String runId) {
    return new Path(lake, name + NEW + runId);
  }

  boolean exists(String name) {
    try {
      return fs.exists(new Path(table(name), "_SUCCESS")) || fs.exists(table(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Restores a table a killed swap left aside, and deletes staging leftovers. */
  void recover(String name) {
    try {
      Path t = table(name);
      FileStatus[] aside = fs.globStatus(new Path(lake, name + OLD + "*"));
      FileStatus[] staged = fs.globStatus(new Path(lake, name + NEW + "*"));
      aside = aside == null ? new FileStatus[0] : aside;
      staged = staged == null ? new FileStatus[0] : staged;
      if (!fs.exists(t) && aside.length > 0) {
        // Killed between "old aside" and "new in place": the previous state is the truth.
        FileStatus latest =
            Arrays.stream(aside).max(Comparator.comparing(s -> s.getPath().getName())).get();
        rename(latest.getPath(), t);
      }
      for (FileStatus s : aside) {
        fs.delete(s.getPath(), true);
      }
      for (FileStatus s : staged) {
        fs.delete(s.getPath(), true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot recover table " + name, e);
    }
  }

  /** Puts the staged version of {@code name} in place. */
  void commit(String name, String runId) {
    try {
      Path t = table(name);
      Path staged = staging(name, runId);
      if (!fs.exists(new Path(staged, "_SUCCESS"))) {
        throw new IllegalStateException("staged table " + staged + " is incomplete");
      }
      Path aside = new Path(lake, name + OLD + runId);
      boolean hadOld = fs.exists(t);
      if (hadOld) {
        rename(t, aside);
      }
      rename(staged, t);
      if (hadOld) {
        fs.delete(aside, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit table " + name, e);
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }
}
