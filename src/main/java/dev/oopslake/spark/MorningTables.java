package dev.oopslake.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.trends.DayCell;
import dev.oopslake.trends.Fleet;
import dev.oopslake.trends.HostSketch;
import dev.oopslake.trends.KnownBugs;
import dev.oopslake.trends.MorningReport;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The morning report's tables: what is new, growing, back after a fix, and how often each release
 * crashes per host, as of one day.
 *
 * <p>They are counted from {@code signature_daily}: primary crashes per day, signature, kernel
 * release and architecture, in mergeable form (sums, an HLL sketch of hosts, the latest crash,
 * counts per diagnosis and module). A nightly adds its new crashes to it, as to the signatures,
 * instead of recounting the lake. Windows, ranks and lifecycle states depend on the day they are
 * computed for, so the tables themselves are recomputed each run, in {@link MorningReport} on the
 * driver: the cells are one per crashing (day, signature, release, arch), few next to the crashes,
 * and a handful of small Spark jobs would cost more than the counting. Cells carry signatures, not
 * clusters: a merge of clusters moves old crashes, so each run maps signatures to their current
 * cluster. Correlations need every crash's modules, so they read the crashes of their 28 days.
 */
public final class MorningTables {
  private MorningTables() {}

  /** Morning tables written at once: enough to overlap their jobs' latencies on a small fleet. */
  static final int PARALLEL_TABLES = 3;

  /** Clusters the correlations are computed for, by crashes in the last 28 days. */
  static final int CORRELATED_CLUSTERS = 20;

  /** Over-represented attributes kept per cluster and attribute kind. */
  static final int CORRELATIONS_PER_KIND = 5;

  /**
   * How much more often than in the fleet an attribute must appear in a cluster to be listed: a
   * module every host loads (xfs at 99% of the fleet, 100% of the cluster) says nothing.
   */
  static final double MIN_RATIO = 1.2;

  static final double MIN_SHARE_DIFFERENCE = 0.05;

  /** The window correlations are computed over, in days up to the day reported on. */
  static final int CORRELATION_DAYS = 28;

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

  /** HLL sketch size for distinct hosts, as the signatures': exact up to a few hundred hosts. */
  static final int HLL_LG_K = 12;

  /** The columns {@code signature_daily} is keyed by; null is a key value like any other. */
  static final List<String> CELL_KEY = List.of("day", "signature_id", "kernel_release", "arch");

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
          "module_crashes");

  /** A count per distinct element of {@code %s}, an array of strings, as a map. */
  private static String counts(String array) {
    return ("map_from_entries(transform(array_distinct(%1$s),"
            + " k -> struct(k, cast(size(filter(%1$s, x -> x = k)) AS BIGINT))))")
        .formatted(array);
  }

  /** The sum per key of the maps in {@code %s}, an array of string-to-count maps. */
  private static String sumMaps(String maps) {
    return ("aggregate(%s, cast(map() AS MAP<STRING, BIGINT>),"
            + " (acc, m) -> map_zip_with(acc, m, (k, a, b) -> coalesce(a, 0L) + coalesce(b, 0L)))")
        .formatted(maps);
  }

  /** New primary crashes ({@code cell_crashes}), one row per cell in the mergeable form. */
  static final String CELL_SQL =
      """
      SELECT to_date(crash_time) AS day, signature_id, kernel_release, arch,
             first(distro, true) AS distro, first(rt, true) AS rt, count(*) AS crashes,
             hll_sketch_agg(host, %1$d) AS host_sketch,
             count_if(instr(taint, 'O') > 0) AS tainted_out_of_tree,
             count_if(instr(taint, 'E') > 0) AS tainted_unsigned,
             count_if(instr(taint, 'P') > 0) AS tainted_proprietary,
             min(crash_time) AS first_seen, max(crash_time) AS last_seen,
             max(struct(crash_time, file, title, frames)) AS latest,
             %2$s AS diagnosis_crashes, %3$s AS module_crashes
      FROM cell_crashes
      GROUP BY to_date(crash_time), signature_id, kernel_release, arch
      """
          .formatted(
              HLL_LG_K,
              counts("flatten(collect_list(diagnoses))"),
              counts("collect_list(coalesce(nullif(guilty_module, ''), 'vmlinux'))"));

  /** Earlier cells ({@code previous_cells}) plus new ones ({@code partial_cells}), merged. */
  static final String MERGE_SQL =
      """
      SELECT day, signature_id, kernel_release, arch,
             first(distro, true) AS distro, first(rt, true) AS rt, sum(crashes) AS crashes,
             hll_union_agg(host_sketch) AS host_sketch,
             sum(tainted_out_of_tree) AS tainted_out_of_tree,
             sum(tainted_unsigned) AS tainted_unsigned,
             sum(tainted_proprietary) AS tainted_proprietary,
             min(first_seen) AS first_seen, max(last_seen) AS last_seen, max(latest) AS latest,
             %1$s AS diagnosis_crashes, %2$s AS module_crashes
      FROM (SELECT * FROM previous_cells UNION ALL SELECT * FROM partial_cells)
      GROUP BY day, signature_id, kernel_release, arch
      """
          .formatted(
              sumMaps("collect_list(diagnosis_crashes)"), sumMaps("collect_list(module_crashes)"));

  /** {@code signature_daily} from every primary crash of {@code crashes}, from nothing. */
  static void writeCells(Lake lake, Dataset<Row> crashes, Map<String, String> summary) {
    lake.replace(LakeTables.SIGNATURE_DAILY, cells(lake.spark(), crashes, null), summary);
  }

  /** {@code newCrashes} added to {@code signature_daily}'s current rows. */
  static void addToCells(Lake lake, Dataset<Row> newCrashes, Map<String, String> summary) {
    // Pinned to its snapshot, as the signatures' previous rows are (see SignatureStage): the write
    // below would otherwise make Spark re-read the table it replaces.
    Dataset<Row> previous =
        lake.readAt(
                LakeTables.SIGNATURE_DAILY, lake.current(LakeTables.SIGNATURE_DAILY).snapshotId())
            .select(
                CELL_STATE.stream()
                    .map(org.apache.spark.sql.functions::col)
                    .toArray(org.apache.spark.sql.Column[]::new));
    lake.replace(LakeTables.SIGNATURE_DAILY, cells(lake.spark(), newCrashes, previous), summary);
  }

  /** Whether {@code signature_daily} carries the columns an increment merges. */
  static boolean mergeable(Lake lake) {
    return lake.exists(LakeTables.SIGNATURE_DAILY)
        && List.of(lake.read(LakeTables.SIGNATURE_DAILY).columns()).containsAll(CELL_STATE);
  }

  /**
   * The cells of the primary crashes among {@code crashes}, merged into {@code previous} if any.
   */
  static Dataset<Row> cells(SparkSession spark, Dataset<Row> crashes, Dataset<Row> previous) {
    crashes.filter(col("primary")).createOrReplaceTempView("cell_crashes");
    Dataset<Row> partial = spark.sql(CELL_SQL);
    partial.createOrReplaceTempView("partial_cells");
    (previous == null ? partial.limit(0) : previous).createOrReplaceTempView("previous_cells");
    return spark.sql(MERGE_SQL).coalesce(1);
  }

  /**
   * Writes every morning table as of {@code crashesSnapshot}, from {@code signature_daily} (made
   * from that snapshot) and the current clusters.
   */
  public static LocalDate run(Lake lake, long crashesSnapshot, String runId, Inputs inputs) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(Lake.RUN_ID, runId);
    summary.put(Lake.SOURCE_SNAPSHOT, String.valueOf(crashesSnapshot));
    summary.put(INPUTS, inputs.fingerprint());
    Dataset<Row> clusters = lake.read(LakeTables.SIGNATURES).select("signature_id", "cluster_id");
    List<DayCell> cells =
        collectCells(
            lake.readAt(
                LakeTables.SIGNATURE_DAILY, lake.current(LakeTables.SIGNATURE_DAILY).snapshotId()),
            clusters);
    Dataset<Row> crashes = lake.readAt(LakeTables.CRASHES, crashesSnapshot);
    return write(lake, cells, crashes, clusters, inputs, summary);
  }

  /**
   * Writes every morning table from primary crashes that carry their {@code cluster_id} (the test's
   * way in: cells and clusters both come from the crashes themselves).
   */
  static LocalDate write(
      Lake lake, Dataset<Row> clustered, Inputs inputs, Map<String, String> summary) {
    Dataset<Row> withPrimary = clustered.withColumn("primary", lit(true));
    Dataset<Row> clusters = clustered.select("signature_id", "cluster_id").distinct();
    List<DayCell> cells = collectCells(cells(lake.spark(), withPrimary, null), clusters);
    return write(lake, cells, withPrimary, clusters, inputs, summary);
  }

  /** {@code signature_daily} rows with their current cluster, on the driver. */
  static List<DayCell> collectCells(Dataset<Row> cells, Dataset<Row> clusters) {
    Dataset<Row> joined =
        cells
            .join(clusters, cells.col("signature_id").equalTo(clusters.col("signature_id")), "left")
            .select(
                col("day"),
                org.apache
                    .spark
                    .sql
                    .functions
                    .coalesce(col("cluster_id"), cells.col("signature_id"))
                    .as("cluster_id"),
                col("kernel_release"),
                col("arch"),
                col("distro"),
                col("rt"),
                col("crashes"),
                col("host_sketch"),
                col("tainted_out_of_tree"),
                col("tainted_unsigned"),
                col("tainted_proprietary"),
                col("first_seen"),
                col("last_seen"),
                col("latest"),
                col("diagnosis_crashes"),
                col("module_crashes"));
    List<DayCell> out = new ArrayList<>();
    for (Row r : joined.collectAsList()) {
      Row latest = r.getStruct(13);
      out.add(
          new DayCell(
              r.isNullAt(0) ? null : r.getDate(0).toLocalDate(),
              r.getString(1),
              r.getString(2),
              r.getString(3),
              r.getString(4),
              r.isNullAt(5) ? null : r.getBoolean(5),
              r.getLong(6),
              new HostSketch((byte[]) r.get(7)),
              r.getLong(8),
              r.getLong(9),
              r.getLong(10),
              instant(r, 11),
              instant(r, 12),
              new DayCell.Sample(
                  instant(latest, 0),
                  latest.getString(1),
                  latest.getString(2),
                  latest.isNullAt(3) ? List.of() : List.copyOf(latest.<String>getList(3))),
              counts(r, 14),
              counts(r, 15)));
    }
    return out;
  }

  private static java.time.Instant instant(Row r, int i) {
    return r.isNullAt(i) ? null : r.getTimestamp(i).toInstant();
  }

  private static Map<String, Long> counts(Row r, int i) {
    return r.isNullAt(i) ? Map.of() : new HashMap<>(r.<String, Long>getJavaMap(i));
  }

  /**
   * Writes the six morning tables from {@code cells}; {@code crashes} (every crash, with {@code
   * signature_id}) is read only for the correlations' days. Returns the day reported on.
   */
  static LocalDate write(
      Lake lake,
      List<DayCell> cells,
      Dataset<Row> crashes,
      Dataset<Row> clusters,
      Inputs inputs,
      Map<String, String> summary) {
    SparkSession spark = lake.spark();
    LocalDate asOf =
        inputs.asOf() != null
            ? inputs.asOf()
            : MorningReport.latestDay(cells, LocalDate.now(ZoneOffset.UTC));
    MorningReport report = new MorningReport(cells, asOf);
    JobSteps steps = new JobSteps(spark, MorningTables.class);
    try {
      steps.next("morning: inventory and fleet");
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
                  RecordRows.of(spark, report.daily(), LakeTables.CLUSTER_DAY),
                  summary));
      tables.put(
          "morning: 7- and 28-day windows",
          () ->
              lake.replace(
                  LakeTables.CLUSTER_WINDOWS,
                  RecordRows.of(spark, report.windows(), LakeTables.CLUSTER_WINDOW),
                  summary));
      tables.put(
          "morning: lifecycle states",
          () ->
              lake.replace(
                  LakeTables.CLUSTER_STATE,
                  RecordRows.of(
                      spark,
                      report.states(fleet, inputs.knownBugs()),
                      LakeTables.CLUSTER_STATE_ROW),
                  summary));
      tables.put(
          "morning: release rates",
          () ->
              lake.replace(
                  LakeTables.RELEASE_RATES,
                  RecordRows.of(spark, report.releaseRates(hostDays), LakeTables.RELEASE_RATE),
                  summary));
      tables.put(
          "morning: release-to-release cluster changes",
          () ->
              lake.replace(
                  LakeTables.RELEASE_CLUSTER_CHANGES,
                  RecordRows.of(spark, report.releaseChanges(), LakeTables.RELEASE_CLUSTER_CHANGE),
                  summary));
      tables.put(
          "morning: correlations",
          () ->
              lake.replace(
                  LakeTables.CLUSTER_CORRELATIONS,
                  correlations(spark, recent(crashes, clusters, asOf), asOf),
                  summary));
      steps.parallel(PARALLEL_TABLES, tables);
      steps.next(null);
      return asOf;
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  /**
   * Primary crashes of the correlations' days with their cluster: a filter on {@code crash_time}
   * that Iceberg answers from the data files' metrics, so older files are not read.
   */
  static Dataset<Row> recent(Dataset<Row> crashes, Dataset<Row> clusters, LocalDate asOf) {
    Timestamp from = Timestamp.valueOf(asOf.minusDays(CORRELATION_DAYS - 1L).atStartOfDay());
    Timestamp to = Timestamp.valueOf(asOf.plusDays(1).atStartOfDay());
    Dataset<Row> c =
        crashes
            .filter(col("primary"))
            .filter(col("crash_time").geq(lit(from)).and(col("crash_time").lt(lit(to))))
            .select("file", "report_index", "signature_id", "modules", "taint", "hardware");
    Dataset<Row> k = clusters.withColumnRenamed("signature_id", "k_signature_id");
    return c.join(k, c.col("signature_id").equalTo(k.col("k_signature_id")), "left")
        .withColumn(
            "cluster_id", org.apache.spark.sql.functions.expr("coalesce(cluster_id, signature_id)"))
        .drop("k_signature_id");
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
    for (int w : MorningReport.WINDOWS) {
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

  /**
   * Socorro's correlations: for the top clusters of the last 28 days, loaded modules, taint letters
   * and hardware whose share of the cluster's crashes exceeds their share of the fleet's.
   */
  static Dataset<Row> correlations(SparkSession spark, Dataset<Row> recent, LocalDate asOf) {
    recent.createOrReplaceTempView("recent");
    String sql =
        """
        WITH w AS (SELECT * FROM recent),
             top AS (SELECT cluster_id, count(*) AS crashes FROM w GROUP BY cluster_id
                     ORDER BY crashes DESC, cluster_id LIMIT %1$d),
             attrs AS (
               SELECT DISTINCT file, report_index, cluster_id, 'module' AS attribute,
                      regexp_replace(m, '\\\\(.*\\\\)$', '') AS value
               FROM w LATERAL VIEW explode(modules) t AS m
               UNION ALL
               SELECT DISTINCT file, report_index, cluster_id, 'taint', l
               FROM w LATERAL VIEW explode(split(taint, '')) t AS l WHERE l != ''
               UNION ALL
               SELECT file, report_index, cluster_id, 'hardware', hardware FROM w WHERE hardware IS NOT NULL),
             fleet AS (SELECT attribute, value, count(*) / (SELECT count(*) FROM w) AS fleet_share
                       FROM attrs GROUP BY attribute, value),
             inc AS (SELECT a.cluster_id, a.attribute, a.value, count(*) AS n
                     FROM attrs a JOIN top ON a.cluster_id = top.cluster_id
                     GROUP BY a.cluster_id, a.attribute, a.value),
             scored AS (SELECT inc.cluster_id, inc.attribute, inc.value, inc.n AS cluster_crashes,
                               inc.n / top.crashes AS cluster_share, fleet.fleet_share
                        FROM inc JOIN top ON inc.cluster_id = top.cluster_id
                             JOIN fleet ON inc.attribute = fleet.attribute AND inc.value = fleet.value),
             ranked AS (SELECT *, row_number() OVER (PARTITION BY cluster_id, attribute
                                                     ORDER BY cluster_share - fleet_share DESC, value) AS rn
                        FROM scored WHERE cluster_share >= %4$s * fleet_share
                                      AND cluster_share - fleet_share >= %5$s)
        SELECT DATE'%2$s' AS as_of, cluster_id, attribute, value, cluster_crashes,
               cluster_share, fleet_share, cluster_share / fleet_share AS ratio
        FROM ranked WHERE rn <= %3$d
        """
            .formatted(
                CORRELATED_CLUSTERS, asOf, CORRELATIONS_PER_KIND, MIN_RATIO, MIN_SHARE_DIFFERENCE);
    return conform(spark.sql(sql), LakeTables.CLUSTER_CORRELATION)
        .repartition(1)
        .sortWithinPartitions(col("cluster_id"), col("attribute"), col("ratio").desc());
  }

  /** {@code df}'s columns cast to {@code schema}'s types, in its order. */
  private static Dataset<Row> conform(Dataset<Row> df, StructType schema) {
    List<org.apache.spark.sql.Column> cols = new ArrayList<>();
    for (var f : schema.fields()) {
      cols.add(col(f.name()).cast(f.dataType()).as(f.name()));
    }
    return df.select(cols.toArray(new org.apache.spark.sql.Column[0]));
  }
}
