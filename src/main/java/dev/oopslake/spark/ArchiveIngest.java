package dev.oopslake.spark;

import dev.oopslake.jobs.ExtraRules;
import dev.oopslake.parse.CrashParser;
import dev.oopslake.parse.ParsedFile;
import dev.oopslake.parse.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.URI;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Lists the archive and reads every file once: decompress, parse, emit one {@link
 * LakeTables#INGESTED} row per file. Listing goes through Hadoop's {@code FileSystem} rather than
 * Spark's file sources because kdump's folder names ({@code 10.0.0.1-2024-03-05-12:00:07}) contain
 * colons that {@code new Path(String)} rejects; paths travel as URI strings and executors rebuild
 * them with {@code new Path(URI)}.
 */
public final class ArchiveIngest {
  private ArchiveIngest() {}

  /** Schema of the listing handed to executors. */
  public static final StructType LISTING =
      new StructType()
          .add("path", DataTypes.StringType, false)
          .add("size", DataTypes.LongType, false)
          .add("mtime", DataTypes.LongType, false);

  /** Lists every input file under {@code inputUri} whose name matches {@code fileNameRegex}. */
  public static List<Row> list(SparkSession spark, String inputUri, Pattern fileNameRegex)
      throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path root = new Path(URI.create(inputUri));
    FileSystem fs = root.getFileSystem(conf);
    List<Row> rows = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus st = it.next();
      if (st.isFile() && fileNameRegex.matcher(st.getPath().getName()).matches()) {
        rows.add(
            RowFactory.create(
                st.getPath().toUri().toString(), st.getLen(), st.getModificationTime()));
      }
    }
    return rows;
  }

  /** Reads and parses every listed file on the executors. */
  public static Dataset<Row> ingest(
      SparkSession spark, Dataset<Row> listing, long maxFileBytes, ExtraRules rules, String runId) {
    SerializableConfiguration conf =
        new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    return listing.mapPartitions(
        new ReadAndParse(conf, maxFileBytes, rules, runId), Encoders.row(LakeTables.INGESTED));
  }

  /**
   * Per partition: open each file by URI, decompress up to the cap, parse, and never fail the task.
   */
  static final class ReadAndParse implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final SerializableConfiguration conf;
    private final long maxFileBytes;
    private final ExtraRules rules;
    private final String runId;

    ReadAndParse(
        SerializableConfiguration conf, long maxFileBytes, ExtraRules rules, String runId) {
      this.conf = conf;
      this.rules = rules;
      this.maxFileBytes = maxFileBytes;
      this.runId = runId;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      CrashParser parser = rules.parser();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return input.hasNext();
        }

        @Override
        public Row next() {
          Row in = input.next();
          return readOne(parser, in.getString(0), in.getLong(1), in.getLong(2));
        }
      };
    }

    private Row readOne(CrashParser parser, String uri, long size, long mtime) {
      PathFacts facts = PathFacts.of(uri);
      String codec = null;
      boolean truncated = false;
      long bytesRead = 0;
      ParsedFile parsed;
      try {
        Path path = new Path(URI.create(uri));
        FileSystem fs = path.getFileSystem(conf.get());
        try (InputStream raw = fs.open(path)) {
          PushbackInputStream in = new PushbackInputStream(raw, 2);
          int b0 = in.read();
          int b1 = in.read();
          if (b1 >= 0) {
            in.unread(b1);
          }
          if (b0 >= 0) {
            in.unread(b0);
          }
          InputStream body = in;
          codec = "plain";
          if (b0 == 0x1f && b1 == 0x8b) {
            body = new GZIPInputStream(in, 64 * 1024);
            codec = "gzip";
          }
          byte[] data = body.readNBytes((int) Math.min(maxFileBytes, Integer.MAX_VALUE - 16));
          bytesRead = data.length;
          truncated = data.length >= maxFileBytes && body.read() >= 0;
          parsed = parser.parse(data);
        }
      } catch (IOException | RuntimeException e) {
        // One bad file is a rejected row with its reason, never a failed task.
        parsed = ParsedFile.rejected(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      List<Row> crashRows = new ArrayList<>();
      for (Report r : parsed.reports()) {
        crashRows.add(CrashRows.toRow(uri, facts.host, facts.crashTime, r, runId));
      }
      return RowFactory.create(
          uri,
          size,
          new Timestamp(mtime),
          parsed.status().id(),
          parsed.reason(),
          facts.host,
          facts.ip,
          facts.crashTime,
          parsed.reports().size(),
          codec,
          truncated,
          bytesRead,
          runId,
          crashRows.toArray(new Row[0]));
    }
  }

  /**
   * Host, IP and crash time from kdump's layout: {@code
   * [.../<host>/]<ip>-<YYYY-MM-DD-HH:MM:SS>/file}.
   */
  record PathFacts(String host, String ip, Timestamp crashTime) {
    private static final Pattern KDUMP =
        Pattern.compile(
            "(?:^|/)(?:([^/]+)/)?([0-9A-Fa-f.:]+)-(\\d{4}-\\d{2}-\\d{2}-\\d{2}:\\d{2}:\\d{2})/[^/]+$");
    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd-HH:mm:ss");

    static PathFacts of(String uri) {
      Matcher m = KDUMP.matcher(URI.create(uri).getPath());
      if (!m.find()) {
        return new PathFacts(null, null, null);
      }
      Timestamp t;
      try {
        t = Timestamp.valueOf(LocalDateTime.parse(m.group(3), TIME));
      } catch (RuntimeException e) {
        t = null;
      }
      return new PathFacts(m.group(1), m.group(2), t);
    }
  }
}
