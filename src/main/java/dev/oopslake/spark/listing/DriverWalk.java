package dev.oopslake.spark.listing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The listing of a local archive under embedded Spark, walked on the driver by a few threads: there
 * the executors are this JVM's own threads on the same disk, and a listing job would cost more in
 * task set-up than the walk itself.
 */
public final class DriverWalk {
  private DriverWalk() {}

  /**
   * Whether {@link #walk} lists {@code root} for this session: a local archive under embedded
   * Spark, whose executors are this JVM's own threads on the same disk. A listing job there costs
   * more in task set-up and JIT warm-up than walking the tree (docs/benchmarks.md). On a cluster,
   * and on object stores, the executors list prefixes in parallel ({@link ArchiveListing#list}).
   */
  public static boolean walksOnDriver(SparkSession spark, String root) {
    return spark.sparkContext().isLocal() && "file".equals(URI.create(root).getScheme());
  }

  /**
   * Every file under the local {@code root} whose name matches {@code fileName}, as {@link
   * ArchiveListing#list}'s rows, from {@code walkers} iterators meant for as many threads: the
   * root's entries are dealt out one at a time to whichever walker asks next, and each walks its
   * entry depth-first (memory: one open folder per level per walker). A root that is a file lists
   * itself.
   */
  public static List<Iterator<Row>> walk(String root, Pattern fileName, int walkers) {
    java.nio.file.Path path = java.nio.file.Path.of(URI.create(root).getPath());
    if (!java.nio.file.Files.exists(path)) {
      throw new IllegalArgumentException("input " + root + " does not exist");
    }
    Iterator<java.nio.file.Path> entries;
    java.io.Closeable closing;
    if (java.nio.file.Files.isDirectory(path)) {
      try {
        java.nio.file.DirectoryStream<java.nio.file.Path> children =
            java.nio.file.Files.newDirectoryStream(path);
        entries = children.iterator();
        closing = children;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + root, e);
      }
    } else {
      entries = List.of(path).iterator();
      closing = () -> {};
    }
    Shared shared = new Shared(entries, closing, walkers);
    List<Iterator<Row>> out = new ArrayList<>();
    for (int k = 0; k < walkers; k++) {
      out.add(new Walker(shared, fileName));
    }
    return out;
  }

  /** The root's entries, handed out under a lock; closed when the last walker is done. */
  private static final class Shared {
    private final Iterator<java.nio.file.Path> entries;
    private final java.io.Closeable closing;
    private int running;

    Shared(Iterator<java.nio.file.Path> entries, java.io.Closeable closing, int walkers) {
      this.entries = entries;
      this.closing = closing;
      this.running = walkers;
    }

    synchronized java.nio.file.Path next() {
      if (entries.hasNext()) {
        return entries.next();
      }
      if (--running == 0) {
        close();
      }
      return null;
    }

    /** Closes the root's folder at once: a walker failed, and the run with it. */
    synchronized void abort() {
      running = -1;
      close();
    }

    private void close() {
      try {
        closing.close();
      } catch (IOException e) {
        // a directory handle opened for reading: nothing is lost
      }
    }
  }

  /** One walker: takes the root's next entry whenever it has walked the one before. */
  private static final class Walker implements Iterator<Row> {
    private final Shared shared;
    private final Pattern fileName;
    private Iterator<Row> current = java.util.Collections.emptyIterator();
    private boolean done;

    Walker(Shared shared, Pattern fileName) {
      this.shared = shared;
      this.fileName = fileName;
    }

    @Override
    public boolean hasNext() {
      try {
        while (!done && !current.hasNext()) {
          java.nio.file.Path entry = shared.next();
          if (entry == null) {
            done = true;
          } else {
            current = entry(entry);
          }
        }
        return !done;
      } catch (RuntimeException e) {
        shared.abort();
        throw e;
      }
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }

    /** As the prefix listing sees a child of the root: a folder to walk, or a file. */
    private Iterator<Row> entry(java.nio.file.Path entry) {
      java.nio.file.attribute.BasicFileAttributes attrs = LocalWalk.attributes(entry);
      if (attrs != null && attrs.isDirectory()) {
        return ArchiveListing.hidden(entry.getFileName().toString())
            ? java.util.Collections.emptyIterator()
            : new LocalWalk(entry, fileName);
      }
      Row file = attrs == null ? null : LocalWalk.fileRow(entry, attrs, fileName);
      return file == null ? java.util.Collections.emptyIterator() : List.of(file).iterator();
    }
  }
}
