package dev.oopslake.spark.listing;

import dev.oopslake.spark.support.HadoopConf;
import dev.oopslake.spark.support.PartFileCommit;
import dev.oopslake.spark.support.PartitionJobs;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The listing, written once to scratch as text lines ({@code size mtime uri}) by the tasks that
 * list, and read back split by bytes into as many even tasks as the read needs. That is what a
 * cached listing plus a repartition gave — a count before reading, balanced read tasks — without
 * pushing every listed file through Spark's serializer twice (to the disk cache and the shuffle),
 * which on a short run cost more in JIT compilation than the listing itself. Driver memory stays
 * one count per listing task.
 */
public final class ListingSpill {
  private ListingSpill() {}

  /** A listing on disk: its folder and how many files it names. */
  public record Spilled(String dir, long files) {}

  /** Writes the rows of {@code listing} ({@link ArchiveListing#SCHEMA}) under {@code dir}. */
  public static Spilled write(SparkSession spark, JavaRDD<Row> listing, String dir) {
    List<Row> parts = PartitionJobs.run(listing, new WriteLines(HadoopConf.broadcast(spark), dir));
    long files = 0;
    List<String> names = new ArrayList<>();
    for (Row r : parts) {
      names.add(r.getString(0));
      files += r.getLong(1);
    }
    try {
      var conf = spark.sparkContext().hadoopConfiguration();
      PartFileCommit.removeStrays(conf, dir, names);
      Path p = new Path(URI.create(dir));
      p.getFileSystem(conf).mkdirs(p); // an empty listing is an empty folder, not a missing one
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the listing in " + dir, e);
    }
    return new Spilled(dir, files);
  }

  /**
   * Writes {@code parts} (rows of {@link ArchiveListing#SCHEMA}) under {@code dir} from the driver,
   * each by its own thread into its own file: the walkers {@link ArchiveListing#walk} returns.
   */
  public static Spilled write(SparkSession spark, List<Iterator<Row>> parts, String dir) {
    var conf = spark.sparkContext().hadoopConfiguration();
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, parts.size()));
    try {
      List<java.util.concurrent.Future<Long>> counts = new ArrayList<>();
      for (int k = 0; k < parts.size(); k++) {
        Iterator<Row> rows = parts.get(k);
        Path path = new Path(URI.create(dir + "/" + String.format("part-driver-%05d.txt", k)));
        counts.add(
            threads.submit(() -> writeLines(path.getFileSystem(conf).create(path, false), rows)));
      }
      long files = 0;
      for (java.util.concurrent.Future<Long> n : counts) {
        files += n.get();
      }
      return new Spilled(dir, files);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException(
          "cannot write the listing in " + dir,
          e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing", e);
    } finally {
      threads.shutdownNow();
    }
  }

  /** Writes each row as a line; returns how many. */
  private static long writeLines(java.io.OutputStream stream, Iterator<Row> rows)
      throws IOException {
    long n = 0;
    try (Writer out =
        new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
      while (rows.hasNext()) {
        out.write(line(rows.next()));
        out.write('\n');
        n++;
      }
    }
    return n;
  }

  /** The spilled listing as rows of {@link ArchiveListing#SCHEMA}, in at least {@code tasks}. */
  public static JavaRDD<Row> read(SparkSession spark, Spilled spilled, int tasks) {
    return PartitionJobs.map(
        PartitionJobs.textLines(spark.sparkContext(), spilled.dir(), Math.max(1, tasks)),
        ListingSpill::row);
  }

  /**
   * The spilled listing read back on the driver, for a listing small enough to check there (no
   * Spark job).
   */
  public static List<Row> readOnDriver(org.apache.hadoop.conf.Configuration conf, Spilled spilled) {
    List<Row> rows = new ArrayList<>();
    try {
      Path dir = new Path(URI.create(spilled.dir()));
      FileSystem fs = dir.getFileSystem(conf);
      for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(dir)) {
        if (!f.isFile()) {
          continue;
        }
        try (var in =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isEmpty()) {
              rows.add(row(line));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the listing in " + spilled.dir(), e);
    }
    return rows;
  }

  static Row row(String line) {
    int a = line.indexOf(' ');
    int b = line.indexOf(' ', a + 1);
    if (a <= 0 || b <= a) {
      throw new IllegalStateException("not a listing line: " + line);
    }
    return RowFactory.create(
        line.substring(b + 1), Long.parseLong(line, 0, a, 10), Long.parseLong(line, a + 1, b, 10));
  }

  static String line(Row file) {
    String uri = file.getString(0);
    // Listed URIs are quoted (ArchiveListing.canonical): a raw line break would split a file.
    if (uri.indexOf('\n') >= 0 || uri.indexOf('\r') >= 0) {
      throw new IllegalStateException("unquoted line break in listed URI " + uri);
    }
    return file.getLong(1) + " " + file.getLong(2) + " " + uri;
  }

  /** Per listing task: its rows to one attempt-unique text file; returns (file name, count). */
  static final class WriteLines implements PartitionJobs.PartitionTask<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final String dir;

    WriteLines(HadoopConf conf, String dir) {
      this.conf = conf;
      this.dir = dir;
    }

    @Override
    public Row run(int partition, Iterator<Row> rows) throws IOException {
      String name = PartFileCommit.partName(partition, ".txt");
      Path path = new Path(URI.create(dir + "/" + name));
      FileSystem fs = path.getFileSystem(conf.get());
      return RowFactory.create(name, writeLines(fs.create(path, false), rows));
    }
  }
}
