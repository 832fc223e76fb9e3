package dev.oopslake.spark;

import static org.apache.spark.sql.functions.col;

import dev.oopslake.jobs.NightlyOptions;
import dev.oopslake.jobs.Progress;
import dev.oopslake.spark.cluster.SignatureStage;
import dev.oopslake.spark.ingest.ArchiveListing;
import dev.oopslake.spark.ingest.LakeState;
import dev.oopslake.spark.ingest.ListingSpill;
import dev.oopslake.spark.ingest.ManifestListing;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The nightly run: list, read and parse every file once, write {@code files} and {@code crashes},
 * then the summaries derived from them. Returns counts that add up: every listed file is crash,
 * no_crash or rejected.
 */
public final class NightlyPipeline {
  private NightlyPipeline() {}

  /**
   * Counts of one run. {@code listed} is every input file the run considered; {@code skipped} of
   * them were already ingested by a committed run; the rest ended crash, no_crash or rejected.
   */
  public record Result(
      String runId,
      long listed,
      long crash,
      long noCrash,
      long rejected,
      long truncated,
      long reports,
      double seconds,
      long skipped,
      String kind,
      SignatureStage.Result signatures,
      List<Phase> phases) {

    public Result {
      phases = List.copyOf(phases);
    }

    /**
     * Seconds until the commit made {@code files} and {@code crashes} visible: the ingest proper,
     * before the derived tables (summaries, signatures, clusters) are rebuilt.
     */
    public double ingestSeconds() {
      double sum = 0;
      for (Phase p : phases) {
        sum += p.seconds();
        if (p.name().equals(COMMIT_PHASE)) {
          break;
        }
      }
      return sum;
    }

    public String describe() {
      return String.format(
          "run %s (%s): %d files listed, %d already ingested; %d crash, %d no_crash, %d rejected"
              + " (%d truncated), %d crash reports; %d signatures (%d new) in %d clusters, %d merges;"
              + " %.1f s",
          runId,
          kind,
          listed,
          skipped,
          crash,
          noCrash,
          rejected,
          truncated,
          reports,
          signatures.signatures(),
          signatures.newSignatures(),
          signatures.clusters(),
          signatures.merges(),
          seconds);
    }
  }

  /**
   * One step of a run: its wall time, and the CPU time this JVM spent meanwhile (in local mode the
   * executors' too; on a cluster only the driver's).
   */
  public record Phase(String name, double seconds, double cpuSeconds) {}

  /** CPU time this JVM has used so far (0 where the JVM does not tell). */
  public static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  /** The phase that ends with the commit. */
  static final String COMMIT_PHASE = "count and commit";

  /** Tables written per run under {@code run_id=} folders; readers see committed runs only. */
  static final List<String> RUN_TABLES = List.of(LakeTables.FILES, LakeTables.CRASHES);

  public static Result run(SparkSession spark, NightlyOptions options) {
    return run(spark, options, phase -> {});
  }

  /**
   * A run that reports each phase as it ends, between Spark jobs, when no task holds data: the
   * benchmark measures the driver's retained heap there.
   */
  public static Result run(
      SparkSession spark, NightlyOptions options, java.util.function.Consumer<Phase> phaseEnded) {
    long start = System.nanoTime();
    String runId = LakeState.newRunId();
    String lake = options.lake();
    LakeState.Kind kind = options.kind();
    String scratch = lake + "/" + LakeState.TMP + "/" + runId;
    // Leftovers of a killed run are invisible already; drop them so they do not pile up.
    int removed = LakeState.removeInvisible(spark, lake, RUN_TABLES, runId);
    if (removed > 0) {
      Progress.say("removed " + removed + " folders of runs that never committed");
    }
    Phases phases = new Phases(spark, phaseEnded);
    try {
      phases.next("list");
      // On disk, not in memory: the listing grows with the archive while the driver must not.
      ListingSpill.Spilled considered = listAndSpill(spark, options, scratch);
      long listed = considered.files();
      int partitions = partitions(spark, options, listed);
      JavaRDD<Row> toRead;
      long count;
      List<String> visible = LakeState.visibleRunIds(LakeState.committed(spark, lake));
      if (kind == LakeState.Kind.INCREMENTAL && !visible.isEmpty()) {
        Dataset<Row> done =
            LakeState.allVisible(spark, lake, LakeTables.FILES, LakeTables.FILE)
                .selectExpr("path", "size", "unix_millis(modified) AS mtime", "true AS done")
                // A file re-processed on purpose (--since) is in several runs: one match each.
                .distinct();
        Dataset<Row> fresh =
            spark
                .createDataFrame(
                    ListingSpill.read(spark, considered, partitions), ArchiveListing.SCHEMA)
                .join(
                    done,
                    CollectionConverters.asScala(List.of("path", "size", "mtime")).toSeq(),
                    "left_outer")
                .where(col("done").isNull())
                .drop("done");
        count = fresh.count();
        partitions = partitions(spark, options, count);
        toRead = fresh.repartition(partitions).javaRDD();
      } else {
        // Nothing ingested yet (or a window/rebuild run): every considered file is read.
        count = listed;
        toRead = ListingSpill.read(spark, considered, partitions);
      }
      Progress.say(
          "listed "
              + listed
              + " files under "
              + options.input()
              + "; "
              + count
              + " to read ("
              + kind.id()
              + ")");

      if (toRead.getNumPartitions() == 0) {
        // Nothing to read (Spark drops empty splits): one task still writes the run's two folders,
        // empty but with their schema, so readers of a committed run always find them.
        toRead = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(), 1);
      }
      phases.next("read, parse and write files");
      // One pass: each task reads and parses its files and writes both tables' rows straight into
      // the run's folders, which no reader sees before the commit below.
      String filesDir = LakeState.runDir(lake, LakeTables.FILES, runId);
      String crashesDir = LakeState.runDir(lake, LakeTables.CRASHES, runId);
      List<ArchiveIngest.Written> written =
          ArchiveIngest.ingest(
              spark,
              toRead,
              options.input(),
              options.pathLayout(),
              options.maxFileBytes(),
              options.rules(),
              runId,
              new ArchiveIngest.Target(
                  filesDir,
                  crashesDir,
                  spark.conf().get("spark.sql.parquet.compression.codec", "snappy"),
                  spark.version()));

      phases.next(COMMIT_PHASE);
      long crash = 0, noCrash = 0, rejected = 0, truncated = 0, reports = 0;
      for (ArchiveIngest.Written w : written) {
        crash += w.crash();
        noCrash += w.noCrash();
        rejected += w.rejected();
        truncated += w.truncated();
        reports += w.reports();
      }
      try {
        for (String dir : List.of(filesDir, crashesDir)) {
          ArchiveIngest.removeStrays(spark.sparkContext().hadoopConfiguration(), dir, written);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot finish run " + runId, e);
      }
      long skipped = listed - count;
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("listed", listed);
      counts.put("skipped", skipped);
      counts.put("crash", crash);
      counts.put("no_crash", noCrash);
      counts.put("rejected", rejected);
      counts.put("truncated", truncated);
      counts.put("reports", reports);
      // The commit: from here on the run's rows are visible and its files count as ingested.
      LakeState.commit(spark, lake, runId, kind, counts);
      if (kind == LakeState.Kind.REBUILD) {
        LakeState.removeInvisible(spark, lake, RUN_TABLES, runId);
      }

      phases.next("summarize");
      Summaries.writeKernelModule(spark, lake);

      phases.next("signatures and clusters");
      SignatureStage.Result signatures = SignatureStage.run(spark, lake, java.time.Instant.now());
      phases.next(null);
      return new Result(
          runId,
          listed,
          crash,
          noCrash,
          rejected,
          truncated,
          reports,
          (System.nanoTime() - start - phases.callbackNanos) / 1e9,
          skipped,
          kind.id(),
          signatures,
          phases.done);
    } finally {
      deleteQuietly(spark, scratch);
    }
  }

  /** Names each stage for the UI and tells the user how long the previous one took. */
  private static final class Phases {
    private final SparkSession spark;
    private final java.util.function.Consumer<Phase> ended;
    private final List<Phase> done = new java.util.ArrayList<>();
    private String name;
    private long start;
    private long startCpu;
    private long callbackNanos;

    Phases(SparkSession spark, java.util.function.Consumer<Phase> ended) {
      this.spark = spark;
      this.ended = ended;
    }

    void next(String next) {
      long now = System.nanoTime();
      long cpu = processCpuNanos();
      if (name != null) {
        Phase phase = new Phase(name, (now - start) / 1e9, Math.max(0, cpu - startCpu) / 1e9);
        done.add(phase);
        Progress.say(String.format(java.util.Locale.ROOT, "%s: %.1f s", name, phase.seconds()));
        ended.accept(phase);
      }
      name = next;
      // Time spent in the callback (the benchmark's full GCs) belongs to no phase.
      start = System.nanoTime();
      callbackNanos += start - now;
      startCpu = processCpuNanos();
      spark.sparkContext().setJobDescription(next == null ? null : "oopslake: " + next);
    }
  }

  /** The run's listing ({@code --since/--until} applied), spilled under {@code scratch}. */
  private static ListingSpill.Spilled listAndSpill(
      SparkSession spark, NightlyOptions options, String scratch) {
    String dir = scratch + "/" + LISTING;
    InWindow window =
        options.kind() == LakeState.Kind.WINDOW
            ? new InWindow(options.since(), options.until())
            : null;
    if (options.manifest() == null && ArchiveListing.walksOnDriver(spark, options.input())) {
      List<java.util.Iterator<Row>> walkers;
      try {
        // As many walkers as local[*] has task threads: the stat calls run in parallel.
        walkers =
            ArchiveListing.walk(
                options.input(),
                options.fileNamePattern(),
                spark.sparkContext().defaultParallelism());
      } catch (IllegalArgumentException e) {
        throw new dev.oopslake.jobs.UserError(e.getMessage());
      }
      if (window != null) {
        walkers =
            walkers.stream()
                .map(
                    w ->
                        java.util.stream.StreamSupport.stream(
                                java.util.Spliterators.spliteratorUnknownSize(w, 0), false)
                            .filter(window::call)
                            .iterator())
                .toList();
      }
      return ListingSpill.write(spark, walkers, dir);
    }
    JavaRDD<Row> listing = list(spark, options, scratch);
    if (window != null) {
      listing = listing.filter(window);
    }
    return ListingSpill.write(spark, listing, dir);
  }

  private static JavaRDD<Row> list(SparkSession spark, NightlyOptions options, String scratch) {
    try {
      if (options.manifest() != null) {
        return ManifestListing.list(
                spark,
                options.manifest(),
                options.input(),
                options.fileNamePattern(),
                options.manifestCsvSchema())
            .javaRDD();
      }
      return ArchiveListing.list(
          spark,
          options.input(),
          options.fileNamePattern(),
          scratch,
          spark.sparkContext().defaultParallelism() * 4);
    } catch (IllegalArgumentException e) {
      throw new dev.oopslake.jobs.UserError(e.getMessage());
    }
  }

  /** Where the run's listing is spilled, under its scratch folder. */
  static final String LISTING = "listing";

  /**
   * Read tasks for {@code files}: {@code --partitions}, else about 5,000 files a task and at least
   * four per core, so a lost task redoes little and every core stays busy.
   */
  private static int partitions(SparkSession spark, NightlyOptions options, long files) {
    long wanted =
        options.partitions() > 0
            ? options.partitions()
            : Math.max(
                spark.sparkContext().defaultParallelism() * 4L, Math.min(100_000, files / 5_000));
    return (int) Math.max(1, Math.min(wanted, files));
  }

  /** {@code --since/--until}: files modified in {@code [since, until)}, by the listing's mtime. */
  static final class InWindow implements org.apache.spark.api.java.function.Function<Row, Boolean> {
    private static final long serialVersionUID = 1L;
    private final long since;
    private final long until;

    InWindow(java.time.Instant since, java.time.Instant until) {
      this.since = since == null ? Long.MIN_VALUE : since.toEpochMilli();
      this.until = until == null ? Long.MAX_VALUE : until.toEpochMilli();
    }

    @Override
    public Boolean call(Row file) {
      long mtime = file.getLong(2);
      return mtime >= since && mtime < until;
    }
  }

  private static void deleteQuietly(SparkSession spark, String uri) {
    try {
      Path p = new Path(URI.create(uri));
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
    } catch (IOException | RuntimeException e) {
      Progress.say("could not remove scratch " + uri + ": " + e.getMessage());
    }
  }

  public static String path(String lake, String table) {
    return lake + "/" + table;
  }
}
