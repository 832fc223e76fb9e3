package dev.oopslake.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.spark.support.CrashCounts;
import dev.oopslake.spark.support.JobSteps;
import dev.oopslake.trends.DayCell;
import dev.oopslake.trends.Fleet;
import dev.oopslake.trends.HostSketch;
import dev.oopslake.trends.KnownBugs;
import dev.oopslake.trends.MorningRows;
import java.io.Serializable;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The morning report's tables: what is new, growing, back after a fix, and how often each release
 * crashes per host, as of one day.
 *
 * <p>They are counted from {@code signature_daily}: primary crashes per day, signature, kernel
 * release and architecture, in mergeable form ({@link DayCell}: sums, an HLL sketch of hosts, the
 * latest crash, counts per diagnosis, module and attribute). A nightly adds its new crashes' cells
 * to it, as to the signatures, instead of recounting the lake. Windows, ranks and lifecycle states
 * depend on the day they are computed for, so the tables themselves are recomputed each run, in
 * {@link MorningRows} on the driver: the cells are one per crashing (day, signature, release,
 * arch), few next to the crashes, and a handful of small Spark jobs would cost more than the
 * counting. Cells carry signatures, not clusters: a merge of clusters moves old crashes, so each
 * run maps signatures to their current cluster. Correlations need every crash's modules, so each
 * cell counts its crashes per loaded module, taint letter and hardware.
 */
public final class MorningTables {
  private MorningTables() {}

  /** Morning tables written at once: enough to overlap their jobs' latencies on a small fleet. */
  static final int PARALLEL_TABLES = 3;

  /**
   * What the morning tables are computed from besides the lake.
   *
   * @param asOf the day to report on; null: the latest crash day not after today (UTC)
   * @param inventory a fleet inventory (host, kernel_release, day): a Parquet/CSV path or a table
   *     name; null: hosts seen crashing stand in for the fleet
   * @param knownBugs the user's known bugs
   */
  public record Inputs(LocalDate asOf, String inventory, KnownBugs knownBugs)
      implements Serializable {
    public static final Inputs DEFAULTS = new Inputs(null, null, KnownBugs.NONE);

    public Inputs {
      knownBugs = knownBugs == null ? KnownBugs.NONE : knownBugs;
    }

    /** A fingerprint of the inputs, so a changed known-bugs file or day recomputes the tables. */
    public String fingerprint() {
      return Integer.toHexString(
          java.util.Objects.hash(asOf, inventory, knownBugs.bugs().toString()));
    }
  }

  /** Snapshot summary key holding {@link Inputs#fingerprint()}. */
  public static final String INPUTS = "oopslake.morning-inputs";

  /** The columns two nights' rows of {@code signature_daily} merge by. */
  static final List<String> CELL_STATE =
      List.of(
          "day",
          "signature_id",
          "kernel_release",
          "arch",
          "distro",
          "rt",
          "crashes",
          "host_sketch",
          "tainted_out_of_tree",
          "tainted_unsigned",
          "tainted_proprietary",
          "first_seen",
          "last_seen",
          "latest",
          "diagnosis_crashes",
          "module_crashes",
          "attribute_crashes");

  /** {@code signature_daily} from the cells of every primary crash, from nothing. */
  static void writeCells(Lake lake, List<DayCell> counted, Map<String, String> summary) {
    List<Row> rows = new ArrayList<>(counted.size());
    counted.forEach(c -> rows.add(cellRow(c)));
    lake.replace(LakeTables.SIGNATURE_DAILY, LakeTables.SIGNATURE_DAY, rows, summary);
  }

  /**
   * The cells of new crashes added to {@code signature_daily}'s current rows, read without a Spark
   * job (a night's crashes fall in a few cells; every other cell is written back as it was).
   */
  static void addToCells(Lake lake, List<DayCell> counted, Map<String, String> summary) {
    // Pinned to the snapshot read, as the signatures' previous rows are (see SignatureStage).
    List<Row> previous =
        lake.rowsAt(
            LakeTables.SIGNATURE_DAILY,
            lake.current(LakeTables.SIGNATURE_DAILY).snapshotId(),
            CELL_STATE);
    lake.replace(
        LakeTables.SIGNATURE_DAILY,
        LakeTables.SIGNATURE_DAY,
        mergeCells(previous, counted),
        summary);
  }

  /**
   * Earlier cells (rows of {@link #CELL_STATE}) plus new ones: the cells the new crashes fall in
   * are merged ({@link DayCell#merge}), every other earlier cell is kept as it was.
   */
  static List<Row> mergeCells(List<Row> previous, List<DayCell> counted) {
    Map<List<Object>, DayCell> fresh = new LinkedHashMap<>();
    for (DayCell c : counted) {
      fresh.merge(c.key(), c, DayCell::merge);
    }
    List<Row> out = new ArrayList<>(previous.size() + fresh.size());
    for (Row r : previous) {
      // The key from the row itself: most cells are written back untouched.
      DayCell added =
          fresh.remove(
              java.util.Arrays.asList(
                  date(r.get(0)), r.getString(1), r.getString(2), r.getString(3)));
      out.add(added == null ? r : cellRow(dayCell(r).merge(added)));
    }
    fresh.values().forEach(c -> out.add(cellRow(c)));
    return out;
  }

  /** Whether {@code signature_daily} carries the columns an increment merges. */
  static boolean mergeable(Lake lake) {
    return lake.exists(LakeTables.SIGNATURE_DAILY)
        && lake.columns(LakeTables.SIGNATURE_DAILY).containsAll(CELL_STATE);
  }

  /** A row of {@link #CELL_STATE}'s columns as a cell, keyed by its signature. */
  static DayCell dayCell(Row r) {
    Row latest = r.getAs("latest");
    return new DayCell(
        date(r.getAs("day")),
        r.getAs("signature_id"),
        r.getAs("kernel_release"),
        r.getAs("arch"),
        r.getAs("distro"),
        r.getAs("rt"),
        r.<Long>getAs("crashes"),
        new HostSketch(r.getAs("host_sketch")),
        r.<Long>getAs("tainted_out_of_tree"),
        r.<Long>getAs("tainted_unsigned"),
        r.<Long>getAs("tainted_proprietary"),
        instant(r.getAs("first_seen")),
        instant(r.getAs("last_seen")),
        latest == null
            ? null
            : new DayCell.Sample(
                instant(latest.getAs("crash_time")),
                latest.getAs("file"),
                latest.getAs("title"),
                latest.isNullAt(latest.fieldIndex("frames"))
                    ? List.of()
                    : List.copyOf(latest.<String>getList(latest.fieldIndex("frames")))),
        counts(r, "diagnosis_crashes"),
        counts(r, "module_crashes"),
        counts(r, "attribute_crashes"));
  }

  /** A cell as a row of {@link LakeTables#SIGNATURE_DAY}. */
  static Row cellRow(DayCell c) {
    DayCell.Sample l = c.latest();
    return RowFactory.create(
        c.day() == null ? null : Date.valueOf(c.day()),
        c.clusterId(),
        c.kernelRelease(),
        c.arch(),
        c.distro(),
        c.rt(),
        c.crashes(),
        c.hosts() == null ? null : c.hosts().bytes(),
        c.taintedOutOfTree(),
        c.taintedUnsigned(),
        c.taintedProprietary(),
        timestamp(c.firstSeen()),
        timestamp(c.lastSeen()),
        l == null ? null : RowFactory.create(timestamp(l.time()), l.file(), l.title(), l.frames()),
        c.diagnoses(),
        c.modules(),
        c.attributes());
  }

  private static LocalDate date(Object d) {
    return d == null ? null : ((Date) d).toLocalDate();
  }

  private static java.time.Instant instant(Object t) {
    return t == null ? null : ((java.sql.Timestamp) t).toInstant();
  }

  private static java.sql.Timestamp timestamp(java.time.Instant t) {
    return t == null ? null : java.sql.Timestamp.from(t);
  }

  private static Map<String, Long> counts(Row r, String field) {
    int i = r.fieldIndex(field);
    return r.isNullAt(i) ? Map.of() : new HashMap<>(r.<String, Long>getJavaMap(i));
  }

  /**
   * Writes every morning table as of {@code crashesSnapshot}, from {@code signature_daily} (made
   * from that snapshot) and the current clusters, both read on the driver. Each signature's cluster
   * comes from the registry, which a run commits before it writes {@code signatures}: the morning
   * tables need not wait for that table.
   */
  public static LocalDate run(Lake lake, long crashesSnapshot, String runId, Inputs inputs) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(Lake.RUN_ID, runId);
    summary.put(Lake.SOURCE_SNAPSHOT, String.valueOf(crashesSnapshot));
    summary.put(INPUTS, inputs.fingerprint());
    List<DayCell> cells = new ArrayList<>();
    for (Row r :
        lake.rowsAt(
            LakeTables.SIGNATURE_DAILY,
            lake.current(LakeTables.SIGNATURE_DAILY).snapshotId(),
            CELL_STATE)) {
      cells.add(dayCell(r));
    }
    Map<String, String> clusterOf = lake.mapOf(LakeTables.REGISTRY, "signature_id", "cluster_id");
    return write(lake, cells, clusterOf, inputs, summary);
  }

  /**
   * Writes every morning table from primary crashes that carry their {@code cluster_id} (the tests'
   * way in: cells and clusters both come from the crashes themselves).
   */
  static LocalDate write(
      Lake lake, Dataset<Row> clustered, Inputs inputs, Map<String, String> summary) {
    List<DayCell> cells = CrashCounts.count(clustered.withColumn("primary", lit(true))).cells();
    Map<String, String> clusterOf = new HashMap<>();
    for (Row r : clustered.select("signature_id", "cluster_id").distinct().collectAsList()) {
      clusterOf.put(r.getString(0), r.getString(1));
    }
    return write(lake, cells, clusterOf, inputs, summary);
  }

  /**
   * Writes the six morning tables from {@code cells} (keyed by signature, as {@code
   * signature_daily}'s rows) with each signature's cluster; returns the day reported on.
   */
  static LocalDate write(
      Lake lake,
      List<DayCell> cells,
      Map<String, String> clusterOf,
      Inputs inputs,
      Map<String, String> summary) {
    SparkSession spark = lake.spark();
    JobSteps steps = new JobSteps(spark, MorningTables.class);
    try {
      steps.next("morning: cells, inventory and fleet");
      LocalDate asOf = inputs.asOf() != null ? inputs.asOf() : latestDay(cells);
      MorningRows report = new MorningRows(clustered(cells, clusterOf, asOf), asOf);
      Dataset<Row> inventory = inventory(spark, inputs.inventory());
      Fleet fleet = inventory != null ? fleet(spark) : report.fleetFromCrashes();
      Map<String, Double> hostDays = inventory != null ? hostDays(spark, asOf) : null;

      // Six independent tables, each one Iceberg commit: written side by side (a failure in any
      // fails the run; each table is still all old or all new).
      LinkedHashMap<String, Runnable> tables = new LinkedHashMap<>();
      tables.put(
          "morning: crashes per day and cluster",
          () ->
              lake.replace(
                  LakeTables.CLUSTER_DAILY,
                  LakeTables.CLUSTER_DAY,
                  RecordRows.of(MorningRows.Daily.class, report.daily(), LakeTables.CLUSTER_DAY),
                  summary));
      tables.put(
          "morning: 7- and 28-day windows",
          () ->
              lake.replace(
                  LakeTables.CLUSTER_WINDOWS,
                  LakeTables.CLUSTER_WINDOW,
                  RecordRows.of(
                      MorningRows.Window.class, report.windows(), LakeTables.CLUSTER_WINDOW),
                  summary));
      tables.put(
          "morning: lifecycle states",
          () ->
              lake.replace(
                  LakeTables.CLUSTER_STATE,
                  LakeTables.CLUSTER_STATE_ROW,
                  RecordRows.of(
                      MorningRows.ClusterState.class,
                      report.states(fleet, inputs.knownBugs()),
                      LakeTables.CLUSTER_STATE_ROW),
                  summary));
      tables.put(
          "morning: release rates",
          () ->
              lake.replace(
                  LakeTables.RELEASE_RATES,
                  LakeTables.RELEASE_RATE,
                  RecordRows.of(
                      MorningRows.ReleaseRateRow.class,
                      report.releaseRates(hostDays),
                      LakeTables.RELEASE_RATE),
                  summary));
      tables.put(
          "morning: release-to-release cluster changes",
          () ->
              lake.replace(
                  LakeTables.RELEASE_CLUSTER_CHANGES,
                  LakeTables.RELEASE_CLUSTER_CHANGE,
                  RecordRows.of(
                      MorningRows.ReleaseChangeRow.class,
                      report.releaseChanges(),
                      LakeTables.RELEASE_CLUSTER_CHANGE),
                  summary));
      tables.put(
          "morning: correlations",
          () ->
              lake.replace(
                  LakeTables.CLUSTER_CORRELATIONS,
                  LakeTables.CLUSTER_CORRELATION,
                  RecordRows.of(
                      MorningRows.CorrelationRow.class,
                      report.correlations(),
                      LakeTables.CLUSTER_CORRELATION),
                  summary));
      steps.parallel(PARALLEL_TABLES, tables);
      steps.next(null);
      return asOf;
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  /**
   * The latest crash day not after today (UTC): a host with a clock in the future moves nothing.
   */
  static LocalDate latestDay(List<DayCell> cells) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return cells.stream()
        .map(DayCell::day)
        .filter(d -> d != null && !d.isAfter(today))
        .max(LocalDate::compareTo)
        .orElse(today);
  }

  /**
   * The cells with their current cluster (a signature without one stands for itself). Attribute
   * counts only for the correlations' days: the rest would be most of the bytes the report keeps.
   */
  static List<DayCell> clustered(
      List<DayCell> cells, Map<String, String> clusterOf, LocalDate asOf) {
    LocalDate from = asOf.minusDays(MorningRows.CORRELATION_DAYS);
    List<DayCell> out = new ArrayList<>(cells.size());
    for (DayCell c : cells) {
      boolean recent = c.day() != null && c.day().isAfter(from) && !c.day().isAfter(asOf);
      out.add(
          new DayCell(
              c.day(),
              clusterOf.getOrDefault(c.clusterId(), c.clusterId()),
              c.kernelRelease(),
              c.arch(),
              c.distro(),
              c.rt(),
              c.crashes(),
              c.hosts(),
              c.taintedOutOfTree(),
              c.taintedUnsigned(),
              c.taintedProprietary(),
              c.firstSeen(),
              c.lastSeen(),
              c.latest(),
              c.diagnoses(),
              c.modules(),
              recent ? c.attributes() : Map.of()));
    }
    return out;
  }

  /** When each kernel release was first seen in the inventory. */
  static Fleet fleet(SparkSession spark) {
    Map<String, LocalDate> first = new HashMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT kernel_release, min(day) FROM inventory"
                    + " WHERE kernel_release IS NOT NULL AND day IS NOT NULL GROUP BY kernel_release")
            .collectAsList()) {
      first.put(r.getString(0), r.getDate(1).toLocalDate());
    }
    return new Fleet(first);
  }

  /** Host-days per window and release in the inventory, keyed {@code window/release}. */
  static Map<String, Double> hostDays(SparkSession spark, LocalDate asOf) {
    StringBuilder values = new StringBuilder();
    for (int w : MorningRows.WINDOWS) {
      values.append(values.length() == 0 ? "" : ", ").append('(').append(w).append(')');
    }
    Map<String, Double> exposure = new HashMap<>();
    for (Row r :
        spark
            .sql(
                """
                SELECT w.window_days, i.kernel_release, count(DISTINCT i.host, i.day)
                FROM inventory i JOIN (SELECT * FROM VALUES %2$s AS t(window_days)) w
                  ON i.day > date_sub(DATE'%1$s', w.window_days) AND i.day <= DATE'%1$s'
                WHERE i.kernel_release IS NOT NULL GROUP BY w.window_days, i.kernel_release
                """
                    .formatted(asOf, values))
            .collectAsList()) {
      exposure.put(r.getInt(0) + "/" + r.getString(1), (double) r.getLong(2));
    }
    return exposure;
  }

  /**
   * The fleet inventory as a view {@code inventory(host, kernel_release, day)}, or null when none
   * was given. A path ending in {@code .csv} is read as CSV with a header; other paths as Parquet;
   * a name without a slash as a table.
   */
  static Dataset<Row> inventory(SparkSession spark, String inventory) {
    if (inventory == null) {
      return null;
    }
    Dataset<Row> raw;
    if (inventory.endsWith(".csv")) {
      raw = spark.read().option("header", "true").csv(inventory);
    } else if (inventory.contains("/")) {
      raw = spark.read().parquet(inventory);
    } else {
      raw = spark.table(inventory);
    }
    for (String c : List.of("host", "kernel_release", "day")) {
      if (!List.of(raw.columns()).contains(c)) {
        throw new ConfigError(
            "--inventory "
                + inventory
                + " has no column '"
                + c
                + "': it needs host, kernel_release and day (one row per host and day)");
      }
    }
    Dataset<Row> inv =
        raw.select(
            col("host").cast("string").as("host"),
            col("kernel_release").cast("string").as("kernel_release"),
            org.apache.spark.sql.functions.to_date(col("day")).as("day"));
    inv.createOrReplaceTempView("inventory");
    return inv;
  }
}
