package dev.oopslake.spark.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/**
 * The lake's run bookkeeping, which makes nightly runs incremental and idempotent on any Hadoop
 * file system, object stores included.
 *
 * <p>Each run writes its rows under its own partition folder, {@code <table>/run_id=<id>/}, and
 * only then commits by writing one small marker, {@code _runs/<id>.commit} (written to a hidden
 * name and renamed: a single object appears whole or not at all, also on S3). Readers see only
 * committed runs, from the latest committed {@code rebuild} on; for a path ingested by several
 * visible runs (re-processed on purpose), the latest run's row wins. A run killed at any point
 * leaves only uncommitted folders: invisible, never counted as ingested, so the next run reads
 * those files again, and deleted by the next run's clean-up.
 *
 * <p>The ingested-files state is the committed part of the {@code files} table itself, keyed by
 * (path, size, modified): a second run over the same archive finds every file there and adds
 * nothing; a new file or a rewritten one (new size or time) is picked up.
 */
public final class LakeState {
  private LakeState() {}

  /** Where commit markers live, one per committed run. */
  public static final String RUNS = "_runs";

  /** Scratch space of runs in progress (listing prefixes); removed at the end of each run. */
  public static final String TMP = "_tmp";

  /** How a run chose its files; a {@link #REBUILD} hides every run before it. */
  public enum Kind {
    /** Files not ingested by a visible run (the nightly default). */
    INCREMENTAL,
    /** Files modified within --since/--until, re-processed even if ingested before. */
    WINDOW,
    /** Every file, from scratch. */
    REBUILD;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A committed run as its marker records it. */
  public record CommittedRun(String runId, Kind kind, Map<String, String> counts) {}

  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * A new run id: UTC start time, sortable as text, with a random tail so two runs started in the
   * same millisecond differ. Letters keep Spark's partition inference from reading it as a number.
   */
  public static String newRunId() {
    return RUN_ID.format(Instant.now())
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** Committed runs, oldest first. */
  public static List<CommittedRun> committed(SparkSession spark, String lake) {
    List<CommittedRun> runs = new ArrayList<>();
    try {
      Path dir = path(lake, RUNS);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        return runs;
      }
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (!st.isFile() || !name.endsWith(".commit") || name.startsWith(".")) {
          continue;
        }
        Properties p = new Properties();
        try (InputStream in = fs.open(st.getPath())) {
          p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, String> counts = new LinkedHashMap<>();
        p.stringPropertyNames().stream()
            .sorted()
            .filter(k -> !k.equals("run_id") && !k.equals("kind"))
            .forEach(k -> counts.put(k, p.getProperty(k)));
        runs.add(
            new CommittedRun(
                p.getProperty("run_id"),
                Kind.valueOf(p.getProperty("kind").toUpperCase(java.util.Locale.ROOT)),
                counts));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read run markers of " + lake, e);
    }
    runs.sort(Comparator.comparing(CommittedRun::runId));
    return runs;
  }

  /** Run ids readers see: committed ones from the latest committed rebuild on. */
  public static List<String> visibleRunIds(List<CommittedRun> committed) {
    int from = 0;
    for (int i = 0; i < committed.size(); i++) {
      if (committed.get(i).kind() == Kind.REBUILD) {
        from = i;
      }
    }
    return committed.subList(from, committed.size()).stream().map(CommittedRun::runId).toList();
  }

  /**
   * Every visible row of a run-partitioned table (all versions of a re-processed path), or an empty
   * frame of {@code schema} for a lake without committed runs.
   */
  public static Dataset<Row> allVisible(
      SparkSession spark, String lake, String table, StructType schema) {
    List<String> visible = visibleRunIds(committed(spark, lake));
    if (visible.isEmpty()) {
      return spark.createDataFrame(List.of(), schema);
    }
    return spark
        .read()
        .schema(schema)
        .option("basePath", lake + "/" + table)
        .parquet(
            visible.stream()
                .map(id -> lake + "/" + table + "/run_id=" + id)
                .toArray(String[]::new));
  }

  /**
   * The {@code files} table as readers see it: visible runs, one row per path (the latest run's).
   */
  public static Dataset<Row> files(SparkSession spark, String lake, StructType schema) {
    Dataset<Row> all = allVisible(spark, lake, "files", schema);
    if (visibleRunIds(committed(spark, lake)).size() <= 1) {
      return all; // one run lists each path once: no versions to choose from, no shuffle
    }
    return all.withColumn(
            "_version", row_number().over(Window.partitionBy("path").orderBy(col("run_id").desc())))
        .where(col("_version").equalTo(1))
        .drop("_version");
  }

  /** The {@code crashes} table as readers see it: the crash rows of the visible file rows. */
  public static Dataset<Row> crashes(
      SparkSession spark, String lake, StructType fileSchema, StructType crashSchema) {
    Dataset<Row> crashes = allVisible(spark, lake, "crashes", crashSchema);
    if (visibleRunIds(committed(spark, lake)).size() <= 1) {
      return crashes;
    }
    Dataset<Row> files =
        files(spark, lake, fileSchema).select(col("path"), col("run_id").as("_run"));
    return crashes.join(
        files,
        crashes
            .col("file")
            .equalTo(files.col("path"))
            .and(crashes.col("run_id").equalTo(files.col("_run"))),
        "left_semi");
  }

  /** The folder a run writes a table's rows to. */
  public static String runDir(String lake, String table, String runId) {
    return lake + "/" + table + "/run_id=" + runId;
  }

  /**
   * Commits a run: its rows become visible and its files count as ingested. Written last, after
   * every row of the run is in place; the marker is renamed into place so it is never half there.
   */
  public static void commit(
      SparkSession spark, String lake, String runId, Kind kind, Map<String, ?> counts) {
    Properties p = new Properties();
    p.setProperty("run_id", runId);
    p.setProperty("kind", kind.id());
    counts.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
    Path dir = path(lake, RUNS);
    Path tmp = new Path(dir, "." + runId + ".commit.tmp");
    Path done = new Path(dir, runId + ".commit");
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(tmp, true)) {
        p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), "oopslake run");
      }
      if (!fs.rename(tmp, done)) {
        throw new IOException("rename " + tmp + " to " + done + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit run " + runId, e);
    }
  }

  /**
   * Deletes what no reader will see: folders of runs that never committed (killed before their
   * commit) and, after a rebuild, the runs it superseded. Runs one at a time per lake are assumed
   * (nightly cron): a run started earlier and still writing would lose its folders.
   */
  public static int removeInvisible(
      SparkSession spark, String lake, List<String> tables, String keepRunId) {
    List<String> visible = visibleRunIds(committed(spark, lake));
    int removed = 0;
    try {
      for (String table : tables) {
        Path dir = path(lake, table);
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(dir)) {
          continue;
        }
        for (FileStatus st : fs.listStatus(dir)) {
          String name = st.getPath().getName();
          if (st.isDirectory() && name.startsWith("run_id=")) {
            String id = name.substring("run_id=".length());
            if (!visible.contains(id) && !id.equals(keepRunId)) {
              fs.delete(st.getPath(), true);
              removed++;
            }
          }
        }
      }
      // Scratch of runs that died before removing it.
      Path tmp = path(lake, TMP);
      FileSystem fs = tmp.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(tmp)) {
        for (FileStatus st : fs.listStatus(tmp)) {
          if (!st.getPath().getName().equals(keepRunId)) {
            fs.delete(st.getPath(), true);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + lake, e);
    }
    return removed;
  }

  static Path path(String lake, String child) {
    return new Path(URI.create(lake + "/" + child));
  }
}
