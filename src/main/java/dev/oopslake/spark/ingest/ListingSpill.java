package dev.oopslake.spark.ingest;

import dev.oopslake.spark.PartitionJobs;
import dev.oopslake.spark.SerializableConfiguration;
import dev.oopslake.spark.TaskFiles;
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
    List<Row> parts =
        PartitionJobs.run(listing, new WriteLines(SerializableConfiguration.broadcast(spark), dir));
    long files = 0;
    List<String> names = new ArrayList<>();
    for (Row r : parts) {
      names.add(r.getString(0));
      files += r.getLong(1);
    }
    try {
      var conf = spark.sparkContext().hadoopConfiguration();
      TaskFiles.removeStrays(conf, dir, names);
      Path p = new Path(URI.create(dir));
      p.getFileSystem(conf).mkdirs(p); // an empty listing is an empty folder, not a missing one
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the listing in " + dir, e);
    }
    return new Spilled(dir, files);
  }

  /**
   * Writes {@code rows} ({@link ArchiveListing#SCHEMA}) under {@code dir} from the driver, as one
   * file: the listing {@link ArchiveListing#walk} streams.
   */
  public static Spilled write(SparkSession spark, Iterator<Row> rows, String dir) {
    Path path = new Path(URI.create(dir + "/" + DRIVER_PART));
    long n = 0;
    try (Writer out =
        new BufferedWriter(
            new OutputStreamWriter(
                path.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(path, false),
                StandardCharsets.UTF_8),
            1 << 16)) {
      while (rows.hasNext()) {
        out.write(line(rows.next()));
        out.write('\n');
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the listing in " + dir, e);
    }
    return new Spilled(dir, n);
  }

  /** The one file of a listing written by the driver. */
  static final String DRIVER_PART = "part-driver.txt";

  /** The spilled listing as rows of {@link ArchiveListing#SCHEMA}, in at least {@code tasks}. */
  public static JavaRDD<Row> read(SparkSession spark, Spilled spilled, int tasks) {
    return PartitionJobs.map(
        PartitionJobs.textLines(spark.sparkContext(), spilled.dir(), Math.max(1, tasks)),
        ListingSpill::row);
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
    private final SerializableConfiguration.Shared conf;
    private final String dir;

    WriteLines(SerializableConfiguration.Shared conf, String dir) {
      this.conf = conf;
      this.dir = dir;
    }

    @Override
    public Row run(int partition, Iterator<Row> rows) throws IOException {
      String name = TaskFiles.partName(partition, ".txt");
      Path path = new Path(URI.create(dir + "/" + name));
      FileSystem fs = path.getFileSystem(conf.get());
      long n = 0;
      try (Writer out =
          new BufferedWriter(
              new OutputStreamWriter(fs.create(path, false), StandardCharsets.UTF_8), 1 << 16)) {
        while (rows.hasNext()) {
          out.write(line(rows.next()));
          out.write('\n');
          n++;
        }
      }
      return RowFactory.create(name, n);
    }
  }
}
