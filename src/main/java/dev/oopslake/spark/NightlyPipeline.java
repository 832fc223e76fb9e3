package dev.oopslake.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import dev.oopslake.lake.IngestCommit;
import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.WriteTarget;
import dev.oopslake.parse.CrashParser;
import dev.oopslake.spark.listing.ArchiveListing;
import dev.oopslake.spark.listing.DriverWalk;
import dev.oopslake.spark.listing.ListingSpill;
import dev.oopslake.spark.listing.ManifestListing;
import dev.oopslake.spark.signatures.SignatureStage;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
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
      Map<String, Long> rejectedByReason,
      long truncated,
      long reports,
      double seconds,
      long skipped,
      String kind,
      SignatureStage.Result signatures,
      List<Phase> phases) {

    public Result {
      phases = List.copyOf(phases);
      rejectedByReason = java.util.Collections.unmodifiableMap(new TreeMap<>(rejectedByReason));
    }

    /** Whether every file the run read ended crash, no_crash or rejected. */
    public boolean accounted() {
      return listed - skipped == crash + noCrash + rejected;
    }

    public String describe() {
      return String.format(
          "run %s (%s): %d files listed, %d already ingested; %d crash, %d no_crash, %d rejected%s,"
              + " %d truncated, %d crash reports; %d signatures (%d new) in %d clusters, %d merges;"
              + " %.1f s",
          runId,
          kind,
          listed,
          skipped,
          crash,
          noCrash,
          rejected,
          reasons(),
          truncated,
          reports,
          signatures.signatures(),
          signatures.newSignatures(),
          signatures.clusters(),
          signatures.merges(),
          seconds);
    }

    /** The rejections by reason kind, e.g. {@code " (2 binary data, 1 gzip)"}; empty when none. */
    private String reasons() {
      if (rejectedByReason.isEmpty()) {
        return "";
      }
      StringBuilder sb = new StringBuilder(" (");
      rejectedByReason.forEach(
          (reason, n) ->
              sb.append(sb.length() > 2 ? ", " : "").append(n).append(' ').append(reason));
      return sb.append(')').toString();
    }
  }

  /** One step of a run and its wall time. */
  public record Phase(String name, double seconds) {}

  /** The phase that ends with the commit: the ingest proper, before the derived tables. */
  public static final String COMMIT_PHASE = "count and commit";

  /**
   * One run over {@code options}' input into its lake. Each phase is a Spark job description the UI
   * shows and a {@link Phase} of the result; whoever wants more of a phase (the benchmark) listens
   * to Spark's jobs rather than hooking into the run.
   */
  public static Result run(SparkSession spark, NightlyOptions options) {
    long start = System.nanoTime();
    String runId = newRunId();
    checkInput(spark, options);
    Lake lake = Lake.open(spark, options.location());
    lake.checkWritable();
    IngestCommit.Kind kind = options.kind();
    String scratch = lake.scratch() + "/" + runId;
    // One job group per run, as Iceberg's actions have: the UI groups the run's jobs under it and
    // a host application can cancel them together; each phase is a job description within it.
    spark
        .sparkContext()
        .setJobGroup("oopslake-nightly-" + runId, "oopslake nightly " + runId, false);
    Phases phases = new Phases(spark);
    try {
      phases.next("list");
      // A run killed between its two commits left its crashes commit to do: done first.
      IngestCommit.Start begun = IngestCommit.begin(lake);
      // On disk, not in memory: the listing grows with the archive while the driver must not.
      ListingSpill.Spilled considered = listAndSpill(spark, options, scratch);
      ToRead toRead = toRead(spark, lake, options, considered, begun);
      sayListed(options, considered.files(), toRead);
      Tally tally = Tally.NOTHING;
      DerivedTables.Ingested ingested = null;
      if (toRead.count() > 0 || kind == IngestCommit.Kind.REBUILD) {
        phases.next("read, parse and write files");
        List<ArchiveIngest.Written> written = readAndWrite(spark, lake, options, toRead, runId);
        phases.next(COMMIT_PHASE);
        tally = Tally.of(written);
        commitIngest(lake, begun, runId, kind, considered.files(), toRead, tally);
        ingested =
            new DerivedTables.Ingested(
                runId, written.stream().map(ArchiveIngest.Written::states).toList());
      }
      toRead.release();
      SignatureStage.Result signatures = updateDerived(lake, runId, options, phases, ingested);
      phases.next(null);
      return new Result(
          runId,
          considered.files(),
          tally.crash(),
          tally.noCrash(),
          tally.rejected(),
          tally.rejectedByReason(),
          tally.truncated(),
          tally.reports(),
          (System.nanoTime() - start) / 1e9,
          considered.files() - toRead.count(),
          kind.id(),
          signatures,
          phases.done);
    } finally {
      spark.sparkContext().clearJobGroup();
      deleteQuietly(spark, scratch);
    }
  }

  private static void sayListed(NightlyOptions options, long listed, ToRead toRead) {
    ProgressLog.say(
        "listed "
            + listed
            + " files under "
            + options.input()
            + "; "
            + toRead.count()
            + " to read ("
            + options.kind().id()
            + (toRead.replacing() > 0 ? ", " + toRead.replacing() + " read again" : "")
            + (toRead.older() > 0 ? ", " + toRead.older() + " of them read by an older parser" : "")
            + ")");
  }

  /**
   * The one pass: each task reads and parses its files and writes both tables' data files, which no
   * reader sees before {@link #commitIngest}.
   */
  static List<ArchiveIngest.Written> readAndWrite(
      SparkSession spark, Lake lake, NightlyOptions options, ToRead toRead, String runId) {
    return ArchiveIngest.ingest(
        spark,
        toRead.rows(),
        options.input(),
        options.pathLayout(),
        options.maxFileBytes(),
        options.rules(),
        runId,
        new ArchiveIngest.Target(
            WriteTarget.of(
                lake, LakeTables.FILES, LakeTables.INGESTED, LakeTables.FILE, List.of("path")),
            WriteTarget.of(
                lake, LakeTables.CRASHES, LakeTables.CRASH, LakeTables.CRASH, List.of("file"))));
  }

  /** What the read tasks wrote, summed: the run's counts and both tables' new data files. */
  record Tally(
      long crash,
      long noCrash,
      long rejected,
      Map<String, Long> rejectedByReason,
      long truncated,
      long reports,
      List<DataFile> filesData,
      List<DataFile> crashesData) {
    static final Tally NOTHING = new Tally(0, 0, 0, Map.of(), 0, 0, List.of(), List.of());

    static Tally of(List<ArchiveIngest.Written> written) {
      long crash = 0, noCrash = 0, rejected = 0, truncated = 0, reports = 0;
      Map<String, Long> byReason = new TreeMap<>();
      List<DataFile> filesData = new ArrayList<>();
      List<DataFile> crashesData = new ArrayList<>();
      for (ArchiveIngest.Written w : written) {
        crash += w.crash();
        noCrash += w.noCrash();
        rejected += w.rejected();
        w.rejectedByReason().forEach((k, v) -> byReason.merge(k, v, Long::sum));
        truncated += w.truncated();
        reports += w.reports();
        filesData.addAll(w.filesData());
        crashesData.addAll(w.crashesData());
      }
      return new Tally(
          crash, noCrash, rejected, byReason, truncated, reports, filesData, crashesData);
    }
  }

  /**
   * The ingest's commit: the new data files of both tables, less the old rows of files read again,
   * with the run's counts in the snapshot summaries. From here on the run's rows are visible and
   * its files count as ingested.
   */
  static void commitIngest(
      Lake lake,
      IngestCommit.Start begun,
      String runId,
      IngestCommit.Kind kind,
      long listed,
      ToRead toRead,
      Tally tally) {
    IngestCommit.Change filesChange = new IngestCommit.Change(tally.filesData(), List.of());
    IngestCommit.Change crashesChange = new IngestCommit.Change(tally.crashesData(), List.of());
    if (toRead.replacing() > 0 && kind != IngestCommit.Kind.REBUILD) {
      filesChange =
          plus(
              filesChange,
              ReplacedRows.without(
                  lake, LakeTables.FILES, LakeTables.FILE, "path", toRead.replaced(), runId));
      crashesChange =
          plus(
              crashesChange,
              ReplacedRows.without(
                  lake, LakeTables.CRASHES, LakeTables.CRASH, "file", toRead.replaced(), runId));
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("listed", listed);
    counts.put("skipped", listed - toRead.count());
    counts.put("crash", tally.crash());
    counts.put("no_crash", tally.noCrash());
    counts.put("rejected", tally.rejected());
    counts.put("truncated", tally.truncated());
    counts.put("reports", tally.reports());
    counts.put("read_again", toRead.replacing());
    counts.put("reread_older", toRead.older());
    IngestCommit.commit(lake, begun, runId, kind, counts, filesChange, crashesChange);
  }

  /**
   * The derived tables brought up to the crashes just committed: what is new since they were made
   * is added to them; nothing new, no Spark job.
   */
  private static SignatureStage.Result updateDerived(
      Lake lake,
      String runId,
      NightlyOptions options,
      Phases phases,
      DerivedTables.Ingested ingested) {
    Snapshot crashes = lake.current(LakeTables.CRASHES);
    if (crashes == null) {
      return new SignatureStage.Result(0, 0, 0, 0);
    }
    return DerivedTables.update(
        lake,
        crashes.snapshotId(),
        runId,
        options.morning(),
        options.kind() == IngestCommit.Kind.REBUILD,
        phases::next,
        ingested);
  }

  private static IngestCommit.Change plus(IngestCommit.Change a, IngestCommit.Change b) {
    List<DataFile> added = new ArrayList<>(a.added());
    added.addAll(b.added());
    List<DataFile> replaced = new ArrayList<>(a.replaced());
    replaced.addAll(b.replaced());
    return new IngestCommit.Change(added, replaced);
  }

  /**
   * What a run reads: its listing less what the lake holds already, and which of those the lake
   * holds an older version of.
   *
   * @param rows the files to read ({@link ArchiveListing#SCHEMA})
   * @param replaced paths ({@code path}) whose old rows the run replaces
   * @param older how many of those are read again because an older parser read them
   */
  record ToRead(
      JavaRDD<Row> rows,
      long count,
      Dataset<Row> replaced,
      long replacing,
      long older,
      Dataset<Row> cached) {
    void release() {
      if (cached != null) {
        cached.unpersist();
      }
    }
  }

  /**
   * The state check: the listing joined with three pruned columns of {@code files} (Iceberg reads
   * nothing else). A new path is read; a known path with another size or time was rewritten and is
   * read again, its old rows replaced; a window run reads its window whatever the lake holds.
   */
  static ToRead toRead(
      SparkSession spark,
      Lake lake,
      NightlyOptions options,
      ListingSpill.Spilled considered,
      IngestCommit.Start begun) {
    return toRead(spark, lake, options, considered, begun, DRIVER_STATE_CHECK);
  }

  /** As above, checked on the driver up to {@code driverLimit} listed files. */
  static ToRead toRead(
      SparkSession spark,
      Lake lake,
      NightlyOptions options,
      ListingSpill.Spilled considered,
      IngestCommit.Start begun,
      long driverLimit) {
    long listed = considered.files();
    int partitions = partitions(spark, options, listed);
    JavaRDD<Row> listing = ListingSpill.read(spark, considered, partitions);
    if (begun.filesSnapshot() == null || options.kind() == IngestCommit.Kind.REBUILD) {
      // Nothing ingested yet, or every row replaced: every considered file is read.
      if (listing.getNumPartitions() == 0) {
        listing = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(), 1);
      }
      return new ToRead(listing, listed, null, 0, 0, null);
    }
    if (listed <= driverLimit) {
      return toReadOnDriver(spark, lake, options, considered, begun);
    }
    Dataset<Row> done =
        lake.readAt(LakeTables.FILES, begun.filesSnapshot())
            .selectExpr(
                "path",
                "size AS done_size",
                "unix_millis(modified) AS done_mtime",
                generationRecorded(lake, begun)
                    ? "coalesce(parser_generation, 0) AS done_generation"
                    : "0 AS done_generation");
    Dataset<Row> joined =
        spark
            .createDataFrame(listing, ArchiveListing.SCHEMA)
            .join(done, CollectionConverters.asScala(List.of("path")).toSeq(), "left_outer")
            .withColumn("known", col("done_size").isNotNull())
            .withColumn("older", functions.lit(false));
    if (options.kind() == IngestCommit.Kind.INCREMENTAL) {
      org.apache.spark.sql.Column changed =
          col("done_size")
              .isNull()
              .or(col("done_size").notEqual(col("size")))
              .or(col("done_mtime").notEqual(col("mtime")));
      Dataset<Row> older =
          joined
              .where(not(changed).and(col("done_generation").lt(CrashParser.GENERATION)))
              .withColumn("older", functions.lit(true))
              .orderBy(col("mtime").desc(), col("path"))
              .limit((int) Math.min(options.rereadOlder(), Integer.MAX_VALUE));
      joined = joined.where(changed);
      if (options.rereadOlder() > 0) {
        joined = joined.unionByName(older);
      }
    }
    Dataset<Row> fresh =
        joined
            .select("path", "size", "mtime", "known", "older")
            .persist(StorageLevel.MEMORY_AND_DISK());
    long count = fresh.count();
    // A fresh frame of the few paths read again: the joins that rewrite their old rows read the
    // same tables this frame came from, and Spark cannot tell two lineages of one table apart.
    List<Row> again =
        count == 0 ? List.of() : fresh.where(col("known")).select("path", "older").collectAsList();
    long older = again.stream().filter(r -> r.getBoolean(1)).count();
    Dataset<Row> replaced =
        spark.createDataFrame(
            again.stream().map(r -> RowFactory.create(r.getString(0))).toList(),
            new org.apache.spark.sql.types.StructType()
                .add("path", org.apache.spark.sql.types.DataTypes.StringType, false));
    long replacing = again.size();
    int readTasks = partitions(spark, options, count);
    return new ToRead(
        fresh.select("path", "size", "mtime").repartition(readTasks).javaRDD(),
        count,
        replaced,
        replacing,
        older,
        fresh);
  }

  /**
   * Up to this many listed files the state check runs on the driver: the listing and three columns
   * of {@code files} (a few MB at this size) are compared in a map, where the Spark join cost a
   * night six small jobs. Beyond, the join spreads over the cluster.
   */
  static final long DRIVER_STATE_CHECK = 200_000;

  /** {@link #toRead}'s state check on the driver, with the same outcome. */
  static ToRead toReadOnDriver(
      SparkSession spark,
      Lake lake,
      NightlyOptions options,
      ListingSpill.Spilled considered,
      IngestCommit.Start begun) {
    Map<String, long[]> done = new java.util.HashMap<>();
    boolean recorded = generationRecorded(lake, begun);
    List<String> columns =
        recorded
            ? List.of("path", "size", "modified", "parser_generation")
            : List.of("path", "size", "modified");
    for (Row r : lake.rowsAt(LakeTables.FILES, begun.filesSnapshot(), columns)) {
      done.put(
          r.getString(0),
          new long[] {
            r.getLong(1),
            r.isNullAt(2) ? Long.MIN_VALUE : r.getTimestamp(2).getTime(),
            !recorded || r.isNullAt(3) ? 0 : r.getInt(3)
          });
    }
    boolean incremental = options.kind() == IngestCommit.Kind.INCREMENTAL;
    List<Row> fresh = new ArrayList<>();
    List<Row> again = new ArrayList<>();
    List<Row> older = new ArrayList<>();
    for (Row listed :
        ListingSpill.readOnDriver(spark.sparkContext().hadoopConfiguration(), considered)) {
      long[] known = done.get(listed.getString(0));
      // As the join's filter: a file with no recorded time is known by its size alone.
      if (incremental
          && known != null
          && known[0] == listed.getLong(1)
          && (known[1] == Long.MIN_VALUE || known[1] == listed.getLong(2))) {
        if (known[2] < CrashParser.GENERATION && options.rereadOlder() > 0) {
          older.add(listed);
        }
        continue;
      }
      fresh.add(listed);
      if (known != null) {
        again.add(RowFactory.create(listed.getString(0)));
      }
    }
    // The newest first: they are what the morning tables' windows count.
    older.sort(
        java.util.Comparator.<Row>comparingLong(r -> -r.getLong(2))
            .thenComparing(r -> r.getString(0)));
    int rereading = (int) Math.min(older.size(), options.rereadOlder());
    for (Row listed : older.subList(0, rereading)) {
      fresh.add(listed);
      again.add(RowFactory.create(listed.getString(0)));
    }
    Dataset<Row> replaced =
        spark.createDataFrame(
            again,
            new org.apache.spark.sql.types.StructType()
                .add("path", org.apache.spark.sql.types.DataTypes.StringType, false));
    int readTasks = partitions(spark, options, fresh.size());
    return new ToRead(
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(fresh, Math.max(1, Math.min(readTasks, Math.max(1, fresh.size())))),
        fresh.size(),
        replaced,
        again.size(),
        rereading,
        null);
  }

  /**
   * Whether the run's {@code files} snapshot has the parser generation column: one a layout-1 run
   * committed does not (every file in it was read by an older parser).
   */
  private static boolean generationRecorded(Lake lake, IngestCommit.Start begun) {
    return lake.hasColumnAt(LakeTables.FILES, begun.filesSnapshot(), "parser_generation");
  }

  private static final java.time.format.DateTimeFormatter RUN_ID =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  /**
   * A new run id: UTC start time, sortable as text, with a random tail so two runs started in the
   * same millisecond differ.
   */
  public static String newRunId() {
    return RUN_ID.format(java.time.Instant.now())
        + String.format("%04x", java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** Names each stage for the UI and tells the user how long the previous one took. */
  private static final class Phases {
    private final SparkSession spark;
    private final List<Phase> done = new java.util.ArrayList<>();
    private String name;
    private long start;

    Phases(SparkSession spark) {
      this.spark = spark;
    }

    void next(String next) {
      long now = System.nanoTime();
      if (name != null) {
        Phase phase = new Phase(name, (now - start) / 1e9);
        done.add(phase);
        ProgressLog.say(String.format(java.util.Locale.ROOT, "%s: %.1f s", name, phase.seconds()));
      }
      name = next;
      start = now;
      spark.sparkContext().setJobDescription(next == null ? null : "oopslake: " + next);
    }
  }

  /** The run's listing ({@code --since/--until} applied), spilled under {@code scratch}. */
  private static ListingSpill.Spilled listAndSpill(
      SparkSession spark, NightlyOptions options, String scratch) {
    String dir = scratch + "/" + LISTING;
    InWindow window =
        options.kind() == IngestCommit.Kind.WINDOW
            ? new InWindow(options.since(), options.until())
            : null;
    if (options.manifest() == null && DriverWalk.walksOnDriver(spark, options.input())) {
      List<java.util.Iterator<Row>> walkers;
      try {
        // As many walkers as local[*] has task threads: the stat calls run in parallel.
        walkers =
            DriverWalk.walk(
                options.input(),
                options.fileNamePattern(),
                spark.sparkContext().defaultParallelism());
      } catch (IllegalArgumentException e) {
        throw new ConfigError(e.getMessage());
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
      throw new ConfigError(e.getMessage());
    }
  }

  /**
   * The archive (or the manifest listing it) must exist on a file system Spark can reach before the
   * lake is touched: a wrong path is one line naming the flag, not a failed listing later.
   */
  static void checkInput(SparkSession spark, NightlyOptions options) {
    String flag = options.manifest() != null ? "--manifest" : "--input";
    String uri = options.manifest() != null ? options.manifest() : options.input();
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(java.net.URI.create(uri));
    try {
      if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
        throw new ConfigError(flag + " " + uri + " does not exist");
      }
    } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
      throw new ConfigError(
          flag
              + " "
              + uri
              + ": no file system serves '"
              + path.toUri().getScheme()
              + "://' (file://, s3a:// and hdfs:// do)");
    } catch (java.io.IOException e) {
      // Not the user's mistake as far as we can tell (a server down, a network error): a failed
      // run, said in one line.
      throw new java.io.UncheckedIOException(
          "cannot reach " + flag + " " + uri + ": " + e.getMessage(), e);
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
      ProgressLog.say("could not remove scratch " + uri + ": " + e.getMessage());
    }
  }
}
