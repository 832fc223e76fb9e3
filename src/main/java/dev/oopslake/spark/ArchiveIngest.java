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
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads every listed file once on the executors: open by URI, decompress by content with the size
 * cap ({@link ContentReader}), take host/IP/crash time from the path ({@link PathLayout}), parse,
 * and write the file's {@code files} row and its {@code crashes} rows — crash, no_crash or rejected
 * with its reason, never a failed task for a bad file. A failing file system does fail the task, so
 * Spark retries it instead of recording a good file as rejected.
 */
public final class ArchiveIngest {
  private ArchiveIngest() {}

  /** Where one run's rows go and how: the two tables' run folders and the Parquet codec. */
  public record Target(String filesDir, String crashesDir, String codec, String sparkVersion)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * What one winning task attempt wrote: its part file name (the same in both folders) and the
   * counts of its files, so the run adds up without reading its tables back.
   */
  public record Written(
      int partition,
      String part,
      long files,
      long crash,
      long noCrash,
      long rejected,
      long truncated,
      long reports) {

    /**
     * Tasks return it as a {@link Row}: a record cannot cross Kryo (which users often set as {@code
     * spark.serializer}), and a Row crosses every serializer Spark has.
     */
    Row toRow() {
      return RowFactory.create(
          partition, part, files, crash, noCrash, rejected, truncated, reports);
    }

    static Written of(Row r) {
      return new Written(
          r.getInt(0),
          r.getString(1),
          r.getLong(2),
          r.getLong(3),
          r.getLong(4),
          r.getLong(5),
          r.getLong(6),
          r.getLong(7));
    }
  }

  /**
   * Reads, parses and writes every file of {@code listing} (rows of {@link
   * dev.oopslake.spark.ingest.ArchiveListing#SCHEMA}), one part file per partition in each of the
   * target's folders, and returns what each partition wrote. Plain RDD work: the per-file path
   * needs no query plan. Failed or speculative attempts may leave other part files behind; only the
   * returned ones belong to the run ({@link #removeStrays}).
   */
  public static List<Written> ingest(
      SparkSession spark,
      JavaRDD<Row> listing,
      String root,
      PathLayout layout,
      long maxFileBytes,
      ExtraRules rules,
      String runId,
      Target target) {
    SerializableConfiguration.Shared conf = SerializableConfiguration.broadcast(spark);
    return PartitionJobs.run(
            listing, new WriteParts(conf, root, layout, maxFileBytes, rules, runId, target))
        .stream()
        .map(Written::of)
        .toList();
  }

  /** Deletes part files in {@code dir} that no winning attempt wrote (failed or duplicate ones). */
  public static int removeStrays(Configuration conf, String dir, List<Written> written)
      throws IOException {
    return TaskFiles.removeStrays(conf, dir, written.stream().map(Written::part).toList());
  }

  /**
   * Per partition: one reader (its buffer reused across the partition's files), one parser and two
   * writers; each file is read, parsed and written before the next is opened.
   */
  static final class WriteParts implements PartitionJobs.PartitionTask<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final SerializableConfiguration.Shared conf;
    private final String rootPath;
    private final PathLayout layout;
    private final long maxFileBytes;
    private final ExtraRules rules;
    private final String runId;
    private final Target target;

    WriteParts(
        SerializableConfiguration.Shared conf,
        String root,
        PathLayout layout,
        long maxFileBytes,
        ExtraRules rules,
        String runId,
        Target target) {
      this.conf = conf;
      this.rules = rules;
      String p = URI.create(root).getPath();
      this.rootPath = p == null ? "" : p;
      this.layout = layout;
      this.maxFileBytes = maxFileBytes;
      this.runId = runId;
      this.target = target;
    }

    @Override
    public Row run(int partition, Iterator<Row> input) throws IOException {
      CrashParser parser = rules.parser();
      ContentReader reader = new ContentReader(maxFileBytes);
      // Attempt-unique, so a retry never meets a half-written file of the attempt before it.
      String part =
          TaskFiles.partName(
              partition, "." + target.codec().toLowerCase(java.util.Locale.ROOT) + ".parquet");
      Configuration hadoop = conf.get();
      CompressionCodecName codec = CompressionCodecName.fromConf(target.codec());
      long files = 0, crash = 0, noCrash = 0, rejected = 0, truncated = 0, reports = 0;
      Path filesPart = new Path(URI.create(target.filesDir() + "/" + part));
      Path crashesPart = new Path(URI.create(target.crashesDir() + "/" + part));
      ParquetWriter<Row> fileRows = null;
      ParquetWriter<Row> crashRows = null;
      try {
        fileRows =
            ParquetRows.open(
                filesPart,
                hadoop,
                LakeTables.INGESTED,
                WRITTEN_FILE,
                codec,
                target.sparkVersion(),
                List.of("path"));
        crashRows =
            ParquetRows.open(
                crashesPart,
                hadoop,
                LakeTables.CRASH,
                WRITTEN_CRASH,
                codec,
                target.sparkVersion(),
                List.of("file"));
        while (input.hasNext()) {
          Row in = input.next();
          Row file = readOne(parser, reader, in.getString(0), in.getLong(1), in.getLong(2));
          fileRows.write(file);
          Row[] crashes = (Row[]) file.get(CRASH_ROWS);
          for (Row c : crashes) {
            crashRows.write(c);
          }
          files++;
          reports += crashes.length;
          switch (file.getString(STATUS)) {
            case "crash" -> crash++;
            case "no_crash" -> noCrash++;
            default -> rejected++;
          }
          if (file.getBoolean(TRUNCATED)) {
            truncated++;
          }
        }
        ParquetWriter<Row> closing = fileRows;
        fileRows = null;
        closing.close();
        closing = crashRows;
        crashRows = null;
        closing.close();
      } catch (IOException | RuntimeException | Error e) {
        // Abort as Spark's own writer does: release the files and delete them, best effort.
        // Anything
        // left is a stray the driver deletes (or an upload that never completed).
        for (ParquetWriter<Row> w : java.util.Arrays.asList(fileRows, crashRows)) {
          if (w != null) {
            try {
              w.close();
            } catch (IOException | RuntimeException suppressed) {
              e.addSuppressed(suppressed);
            }
          }
        }
        for (Path written : List.of(filesPart, crashesPart)) {
          try {
            written.getFileSystem(hadoop).delete(written, false);
          } catch (IOException | RuntimeException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      }
      return new Written(partition, part, files, crash, noCrash, rejected, truncated, reports)
          .toRow();
    }

    private Row readOne(
        CrashParser parser, ContentReader reader, String uri, long size, long mtime) {
      URI u = URI.create(uri);
      PathFields fields = layout.match(relative(u.getPath()));
      Timestamp crashTime =
          fields.crashTime() == null ? null : Timestamp.valueOf(fields.crashTime());
      FileContent content;
      try {
        String p = u.getPath();
        content = reader.read(open(u), p == null ? "" : p.substring(p.lastIndexOf('/') + 1), size);
      } catch (FileNotFoundException | java.nio.file.NoSuchFileException e) {
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

    private InputStream open(URI uri) throws IOException {
      if ("file".equals(uri.getScheme())) {
        // Local files straight through java.nio: Hadoop's local open stats the file first and
        // wraps the stream three times (and its checksum layer looks for a .crc sidecar).
        return java.nio.file.Files.newInputStream(java.nio.file.Path.of(uri));
      }
      Path path = new Path(uri);
      return path.getFileSystem(conf.get()).open(path);
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

  /** The run id is each folder's partition value; the data files do not repeat it. */
  private static final StructType WRITTEN_FILE = without(LakeTables.FILE, "run_id");

  private static final StructType WRITTEN_CRASH = without(LakeTables.CRASH, "run_id");
  private static final int CRASH_ROWS = LakeTables.INGESTED.fieldIndex("crash_rows");
  private static final int STATUS = LakeTables.INGESTED.fieldIndex("status");
  private static final int TRUNCATED = LakeTables.INGESTED.fieldIndex("truncated");

  private static StructType without(StructType schema, String column) {
    return new StructType(
        java.util.Arrays.stream(schema.fields())
            .filter(f -> !f.name().equals(column))
            .toArray(org.apache.spark.sql.types.StructField[]::new));
  }
}
