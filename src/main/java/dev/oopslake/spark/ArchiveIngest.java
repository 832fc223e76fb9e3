package dev.oopslake.spark;

import dev.oopslake.ingest.ContentReader;
import dev.oopslake.ingest.FileContent;
import dev.oopslake.ingest.PathFields;
import dev.oopslake.ingest.PathLayout;
import dev.oopslake.jobs.ExtraRules;
import dev.oopslake.parse.CrashParser;
import dev.oopslake.parse.ParsedFile;
import dev.oopslake.parse.Report;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Reads every listed file once on the executors: open by URI, decompress by content with the size
 * cap ({@link ContentReader}), take host/IP/crash time from the path ({@link PathLayout}), parse,
 * and emit one {@link LakeTables#INGESTED} row per file — crash, no_crash or rejected with its
 * reason, never a failed task for a bad file. A failing file system does fail the task, so Spark
 * retries it instead of recording a good file as rejected.
 */
public final class ArchiveIngest {
  private ArchiveIngest() {}

  /**
   * Reads and parses every file of {@code listing} (rows of {@link
   * dev.oopslake.spark.ingest.ArchiveListing#SCHEMA}) into rows of {@link LakeTables#INGESTED}.
   * Plain RDD work: the per-file path needs no query plan, and each plan Spark compiles costs a
   * short run like the nightly's more than the rows it serves.
   */
  public static JavaRDD<Row> ingest(
      SparkSession spark,
      JavaRDD<Row> listing,
      String root,
      PathLayout layout,
      long maxFileBytes,
      ExtraRules rules,
      String runId) {
    SerializableConfiguration.Shared conf = SerializableConfiguration.broadcast(spark);
    return listing.mapPartitions(new ReadAndParse(conf, root, layout, maxFileBytes, rules, runId));
  }

  /**
   * Per partition: one reader (its buffer reused across the partition's files) and one parser; rows
   * stream out one file at a time.
   */
  static final class ReadAndParse implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    private final SerializableConfiguration.Shared conf;
    private final String rootPath;
    private final PathLayout layout;
    private final long maxFileBytes;
    private final ExtraRules rules;
    private final String runId;

    ReadAndParse(
        SerializableConfiguration.Shared conf,
        String root,
        PathLayout layout,
        long maxFileBytes,
        ExtraRules rules,
        String runId) {
      this.conf = conf;
      this.rules = rules;
      String p = URI.create(root).getPath();
      this.rootPath = p == null ? "" : p;
      this.layout = layout;
      this.maxFileBytes = maxFileBytes;
      this.runId = runId;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      CrashParser parser = rules.parser();
      ContentReader reader = new ContentReader(maxFileBytes);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return input.hasNext();
        }

        @Override
        public Row next() {
          Row in = input.next();
          return readOne(parser, reader, in.getString(0), in.getLong(1), in.getLong(2));
        }
      };
    }

    private Row readOne(
        CrashParser parser, ContentReader reader, String uri, long size, long mtime) {
      URI u = URI.create(uri);
      PathFields fields = layout.match(relative(u.getPath()));
      Timestamp crashTime =
          fields.crashTime() == null ? null : Timestamp.valueOf(fields.crashTime());
      FileContent content;
      try {
        Path path = new Path(u);
        InputStream in = open(path);
        content = reader.read(in, path.getName(), size);
      } catch (FileNotFoundException e) {
        content = null; // deleted between listing and reading
      } catch (IOException e) {
        throw new UncheckedIOException("opening " + uri, e);
      }
      ParsedFile parsed;
      if (content == null) {
        parsed = ParsedFile.rejected("not found: deleted after it was listed");
      } else if (!content.readable()) {
        parsed = ParsedFile.rejected(content.rejectReason());
      } else {
        try {
          parsed = parser.parse(content.bytes(), 0, content.length());
        } catch (RuntimeException e) {
          // A parser bug on one file is that file's rejection, not the night's failure.
          parsed = ParsedFile.rejected("parser: " + e);
        }
      }
      List<Row> crashRows = new ArrayList<>(parsed.reports().size());
      for (Report r : parsed.reports()) {
        crashRows.add(CrashRows.toRow(uri, fields.host(), crashTime, r, runId));
      }
      return RowFactory.create(
          uri,
          size,
          new Timestamp(mtime),
          parsed.status().id(),
          parsed.reason(),
          fields.host(),
          fields.ip(),
          crashTime,
          parsed.reports().size(),
          content == null ? null : content.codec().id(),
          content != null && content.truncated(),
          content == null ? 0L : (long) content.length(),
          runId,
          crashRows.toArray(new Row[0]));
    }

    private InputStream open(Path path) throws IOException {
      FileSystem fs = path.getFileSystem(conf.get());
      if (fs instanceof LocalFileSystem local) {
        // The checksum layer looks for a .crc sidecar on every open (archives have none); on
        // 20,000 small files that was a third of the read time.
        fs = local.getRawFileSystem();
      }
      return fs.open(path);
    }

    /** The path below the input root, which the layout pattern is written against. */
    private String relative(String path) {
      if (path == null) {
        return "";
      }
      if (!rootPath.isEmpty() && path.startsWith(rootPath)) {
        return path.substring(rootPath.length());
      }
      return path;
    }
  }
}
