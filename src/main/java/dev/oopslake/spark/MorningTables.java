package dev.oopslake.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.ReleaseOrder;
import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.trends.ClusterHistory;
import dev.oopslake.trends.Fleet;
import dev.oopslake.trends.KnownBug;
import dev.oopslake.trends.KnownBugs;
import dev.oopslake.trends.Lifecycle;
import dev.oopslake.trends.PoissonInterval;
import dev.oopslake.trends.ReleaseSeen;
import java.io.Serializable;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The morning report's tables: what is new, growing, back after a fix, and how often each release
 * crashes per host. Derived from the primary crashes (each with its cluster, through {@code
 * signatures}) as of one day; each step below writes one table.
 *
 * <p>Everything is recomputed from {@code crashes} when it changed: windows, ranks and lifecycle
 * states depend on the day they are computed for, and cost one grouped pass over primary crashes.
 */
public final class MorningTables {
  private MorningTables() {}

  /** Morning tables written at once: enough to overlap their jobs' latencies on a small fleet. */
  static final int PARALLEL_TABLES = 3;

  /** The two windows Socorro-style ranks and release rates are given for. */
  static final int[] WINDOWS = {7, 28};

  /** Clusters the correlations are computed for, by crashes in the last 28 days. */
  static final int CORRELATED_CLUSTERS = 20;

  /** Over-represented attributes kept per cluster and attribute kind. */
  static final int CORRELATIONS_PER_KIND = 5;

  /** Clusters listed per release in {@code release_rates.top_clusters}. */
  static final int TOP_CLUSTERS_PER_RELEASE = 5;

  /**
   * How much more often than in the fleet an attribute must appear in a cluster to be listed: a
   * module every host loads (xfs at 99% of the fleet, 100% of the cluster) says nothing.
   */
  static final double MIN_RATIO = 1.2;

  static final double MIN_SHARE_DIFFERENCE = 0.05;

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

  /** Writes every morning table from {@code crashes} at {@code crashesSnapshot}. */
  public static LocalDate run(Lake lake, long crashesSnapshot, String runId, Inputs inputs) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(Lake.RUN_ID, runId);
    summary.put(Lake.SOURCE_SNAPSHOT, String.valueOf(crashesSnapshot));
    summary.put(INPUTS, inputs.fingerprint());
    return write(lake, clustered(lake, crashesSnapshot), inputs, summary);
  }

  /**
   * Writes every morning table from primary crashes that carry their {@code cluster_id} and {@code
   * day} (see {@link #clustered}); returns the day reported on.
   */
  static LocalDate write(
      Lake lake, Dataset<Row> clustered, Inputs inputs, Map<String, String> summary) {
    SparkSession spark = lake.spark();
    LocalDate asOf = inputs.asOf() != null ? inputs.asOf() : latestDay(clustered);
    // "As of" a day means as the lake knew it then: later crashes do not count.
    Dataset<Row> pc =
        clustered
            .filter(col("day").isNull().or(col("day").leq(lit(Date.valueOf(asOf)))))
            .persist(StorageLevel.MEMORY_AND_DISK());
    JobSteps steps = new JobSteps(spark, MorningTables.class);
    try {
      steps.next("morning: inventory and fleet");
      pc.createOrReplaceTempView("pc");
      windowViews(spark, asOf);
      Dataset<Row> inventory = inventory(spark, inputs.inventory());
      Fleet fleet = fleet(spark, inventory != null);

      // Six independent tables over the cached crashes, each one Iceberg commit: written side by
      // side (a failure in any fails the run; each table is still all old or all new).
      java.util.LinkedHashMap<String, Runnable> tables = new java.util.LinkedHashMap<>();
      tables.put(
          "morning: crashes per day and cluster",
          () -> lake.replace(LakeTables.CLUSTER_DAILY, daily(spark), summary));
      tables.put(
          "morning: 7- and 28-day windows",
          () -> lake.replace(LakeTables.CLUSTER_WINDOWS, windows(spark, asOf), summary));
      tables.put(
          "morning: lifecycle states",
          () ->
              lake.replace(
                  LakeTables.CLUSTER_STATE,
                  states(spark, asOf, fleet, inputs.knownBugs()),
                  summary));
      tables.put(
          "morning: release rates",
          () ->
              lake.replace(
                  LakeTables.RELEASE_RATES, releaseRates(spark, asOf, inventory), summary));
      tables.put(
          "morning: release-to-release cluster changes",
          () ->
              lake.replace(
                  LakeTables.RELEASE_CLUSTER_CHANGES, releaseChanges(spark, asOf), summary));
      tables.put(
          "morning: correlations",
          () -> lake.replace(LakeTables.CLUSTER_CORRELATIONS, correlations(spark, asOf), summary));
      steps.parallel(PARALLEL_TABLES, tables);
      steps.next(null);
      return asOf;
    } finally {
      pc.unpersist();
      spark.sparkContext().setJobDescription(null);
    }
  }

  /**
   * Primary crashes with their cluster and day: the rows every morning table counts. A crash whose
   * signature has no cluster yet (none should) counts under its signature.
   */
  static Dataset<Row> clustered(Lake lake, long crashesSnapshot) {
    Dataset<Row> crashes =
        lake.readAt(LakeTables.CRASHES, crashesSnapshot)
            .filter(col("primary"))
            .select(
                "file",
                "report_index",
                "host",
                "crash_time",
                "kernel_release",
                "arch",
                "distro",
                "rt",
                "taint",
                "hardware",
                "modules",
                "guilty_module",
                "diagnoses",
                "frames",
                "signature_id",
                "title");
    Dataset<Row> sigs = lake.read(LakeTables.SIGNATURES).select("signature_id", "cluster_id");
    return crashes
        .join(sigs, crashes.col("signature_id").equalTo(sigs.col("signature_id")), "left")
        .drop(sigs.col("signature_id"))
        .withColumn(
            "cluster_id", org.apache.spark.sql.functions.expr("coalesce(cluster_id, signature_id)"))
        .withColumn("day", org.apache.spark.sql.functions.to_date(col("crash_time")));
  }

  /** The latest crash day not after today: a host with a clock in the future moves nothing. */
  static LocalDate latestDay(Dataset<Row> clustered) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Row r =
        clustered
            .filter(col("day").leq(lit(Date.valueOf(today))))
            .agg(org.apache.spark.sql.functions.max("day"))
            .first();
    return r.isNullAt(0) ? today : r.getDate(0).toLocalDate();
  }

  static Dataset<Row> daily(SparkSession spark) {
    return spark
        .sql(
            "SELECT day, cluster_id, count(*) AS crashes, count(DISTINCT host) AS hosts"
                + " FROM pc WHERE day IS NOT NULL GROUP BY day, cluster_id")
        .repartition(1)
        .sortWithinPartitions("day", "cluster_id");
  }

  private static String window(LocalDate asOf, int days, int windowsBack) {
    LocalDate to = asOf.minusDays((long) days * windowsBack);
    LocalDate from = to.minusDays(days - 1L);
    return "day BETWEEN DATE'" + from + "' AND DATE'" + to + "'";
  }

  /**
   * The window lengths as a view {@code windows(window_days)}, and {@code pcw}: each crash once per
   * window it falls in, so one query answers for every window length.
   */
  static void windowViews(SparkSession spark, LocalDate asOf) {
    StringBuilder values = new StringBuilder();
    for (int w : WINDOWS) {
      values.append(values.length() == 0 ? "" : ", ").append('(').append(w).append(')');
    }
    spark
        .sql("SELECT * FROM VALUES " + values + " AS t(window_days)")
        .createOrReplaceTempView("windows");
    spark
        .sql(
            """
            SELECT w.window_days, pc.* FROM pc JOIN windows w
              ON pc.day > date_sub(DATE'%1$s', w.window_days) AND pc.day <= DATE'%1$s'
            """
                .formatted(asOf))
        .createOrReplaceTempView("pcw");
  }

  /** Socorro's top crashers: rank in each window against the previous window of the same length. */
  static Dataset<Row> windows(SparkSession spark, LocalDate asOf) {
    String sql =
        """
        WITH cw AS (SELECT w.window_days, pc.cluster_id, pc.host,
                           pc.day <= date_sub(DATE'%1$s', w.window_days) AS previous
                    FROM pc JOIN windows w
                      ON pc.day > date_sub(DATE'%1$s', 2 * w.window_days) AND pc.day <= DATE'%1$s'),
             agg AS (SELECT window_days, previous, cluster_id, count(*) AS crashes,
                            count(DISTINCT host) AS hosts
                     FROM cw GROUP BY window_days, previous, cluster_id),
             ranked AS (SELECT *, rank() OVER (PARTITION BY window_days, previous
                                               ORDER BY crashes DESC) AS rank FROM agg),
             life AS (SELECT cluster_id, min(crash_time) AS first_seen, max(crash_time) AS last_seen,
                             max_by(title, crash_time) AS title
                      FROM pc GROUP BY cluster_id)
        SELECT DATE'%1$s' AS as_of, cur.window_days, cur.cluster_id, life.title,
               cur.crashes, cur.hosts, cur.rank,
               coalesce(prev.crashes, 0L) AS previous_crashes, prev.rank AS previous_rank,
               prev.rank - cur.rank AS rank_change,
               CASE WHEN prev.crashes IS NULL THEN NULL
                    ELSE (cur.crashes - prev.crashes) * 100.0 / prev.crashes END AS pct_change,
               to_date(life.first_seen) > date_sub(DATE'%1$s', cur.window_days) AS is_new,
               life.first_seen, life.last_seen
        FROM ranked cur
             LEFT JOIN ranked prev ON prev.previous AND prev.window_days = cur.window_days
                                      AND prev.cluster_id = cur.cluster_id
             JOIN life ON cur.cluster_id = life.cluster_id
        WHERE NOT cur.previous
        """
            .formatted(asOf);
    return conform(spark.sql(sql), LakeTables.CLUSTER_WINDOW)
        .repartition(1)
        .sortWithinPartitions("window_days", "rank");
  }

  /** When each kernel release was first seen in the fleet: in the inventory, or crashing. */
  static Fleet fleet(SparkSession spark, boolean fromInventory) {
    String from = fromInventory ? "inventory" : "pc";
    Map<String, LocalDate> first = new HashMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT kernel_release, min(day) FROM "
                    + from
                    + " WHERE kernel_release IS NOT NULL AND day IS NOT NULL GROUP BY kernel_release")
            .collectAsList()) {
      first.put(r.getString(0), r.getDate(1).toLocalDate());
    }
    return new Fleet(first);
  }

  /**
   * Each cluster's lifecycle state, decided per cluster on the executors from its whole history:
   * days, releases and the known bug that matches it.
   */
  static Dataset<Row> states(SparkSession spark, LocalDate asOf, Fleet fleet, KnownBugs bugs) {
    Dataset<Row> perCluster =
        spark.sql(
            """
            WITH d AS (SELECT cluster_id, day, count(*) AS crashes FROM pc WHERE day IS NOT NULL
                       GROUP BY cluster_id, day),
                 r AS (SELECT cluster_id, kernel_release, count(*) AS crashes,
                              count(DISTINCT host) AS hosts, min(day) AS first_day, max(day) AS last_day
                       FROM pc WHERE kernel_release IS NOT NULL GROUP BY cluster_id, kernel_release),
                 dd AS (SELECT cluster_id, collect_list(struct(day, crashes)) AS days FROM d
                        GROUP BY cluster_id),
                 rr AS (SELECT cluster_id,
                               collect_list(struct(kernel_release, crashes, hosts, first_day, last_day))
                                 AS releases
                        FROM r GROUP BY cluster_id),
                 dg AS (SELECT cluster_id, mode(dx) AS diagnosis
                        FROM pc LATERAL VIEW explode(diagnoses) t AS dx GROUP BY cluster_id),
                 c AS (SELECT cluster_id, max_by(title, struct(crash_time, file)) AS title,
                              count(*) AS crashes, count(DISTINCT host) AS hosts,
                              min(crash_time) AS first_seen, max(crash_time) AS last_seen,
                              mode(coalesce(nullif(guilty_module, ''), 'vmlinux')) AS top_module,
                              array_sort(collect_set(kernel_release)) AS kernel_releases,
                              max_by(file, struct(crash_time, file)) AS sample_file,
                              max_by(frames, struct(crash_time, file)) AS sample_frames
                       FROM pc GROUP BY cluster_id)
            SELECT c.*, dg.diagnosis, coalesce(dd.days, array()) AS days,
                   coalesce(rr.releases, array()) AS releases
            FROM c LEFT JOIN dg ON c.cluster_id = dg.cluster_id
                   LEFT JOIN dd ON c.cluster_id = dd.cluster_id
                   LEFT JOIN rr ON c.cluster_id = rr.cluster_id
            """);
    StructType schema = LakeTables.CLUSTER_STATE_ROW;
    return perCluster
        .mapPartitions(new StateFunction(asOf, fleet, bugs), ExpressionEncoder.apply(schema))
        .repartition(1)
        .sortWithinPartitions(col("crashes_28d").desc(), col("crashes").desc(), col("cluster_id"));
  }

  /** One cluster's row of {@code cluster_state}: its history through {@link Lifecycle}. */
  static final class StateFunction implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final LocalDate asOf;
    private final Fleet fleet;
    private final KnownBugs bugs;

    StateFunction(LocalDate asOf, Fleet fleet, KnownBugs bugs) {
      this.asOf = asOf;
      this.fleet = fleet;
      this.bugs = bugs;
    }

    @Override
    public java.util.Iterator<Row> call(java.util.Iterator<Row> rows) {
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        out.add(state(rows.next()));
      }
      return out.iterator();
    }

    Row state(Row r) {
      String clusterId = r.getAs("cluster_id");
      String title = r.getAs("title");
      TreeMap<LocalDate, Long> days = new TreeMap<>();
      for (Row d : r.<Row>getList(r.fieldIndex("days"))) {
        days.put(d.getDate(0).toLocalDate(), d.getLong(1));
      }
      Map<String, ReleaseSeen> releases = new HashMap<>();
      for (Row x : r.<Row>getList(r.fieldIndex("releases"))) {
        releases.put(
            x.getString(0),
            new ReleaseSeen(
                x.getLong(1),
                x.getLong(2),
                x.isNullAt(3) ? null : x.getDate(3).toLocalDate(),
                x.isNullAt(4) ? null : x.getDate(4).toLocalDate()));
      }
      long hosts = r.getAs("hosts");
      Optional<KnownBug> bug = bugs.match(clusterId, title);
      // A crash folder without a date and a log without wall-clock time give no day: such a
      // cluster has no history to classify, but it must not stop the whole nightly.
      ClusterHistory h =
          days.isEmpty() ? null : new ClusterHistory(clusterId, title, days, releases, hosts);
      Lifecycle.State s =
          h == null
              ? new Lifecycle.State(
                  "undated",
                  "none of its crashes has a date: neither the crash folder nor the log gives one")
              : Lifecycle.classify(h, asOf, fleet, bug);
      return RowFactory.create(
          Date.valueOf(asOf),
          clusterId,
          title,
          s.state(),
          s.reason(),
          r.<Long>getAs("crashes"),
          hosts,
          h == null ? 0L : h.crashesBetween(asOf.minusDays(6), asOf),
          h == null ? 0L : h.crashesBetween(asOf.minusDays(27), asOf),
          h == null ? 0.0 : Lifecycle.trend(h, asOf, 28),
          r.getAs("first_seen"),
          r.getAs("last_seen"),
          r.getAs("top_module"),
          r.getAs("diagnosis"),
          r.getList(r.fieldIndex("kernel_releases")).toArray(new String[0]),
          r.getAs("sample_file"),
          r.isNullAt(r.fieldIndex("sample_frames"))
              ? new String[0]
              : r.getList(r.fieldIndex("sample_frames")).toArray(new String[0]),
          bug.map(KnownBug::id).orElse(null),
          bug.map(KnownBug::url).orElse(null),
          bug.map(b -> b.fixedIn().toArray(new String[0])).orElse(null));
    }
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
   * Crashes per 1,000 host-days per kernel release, with a 95% Poisson interval on the count. Host
   * days come from the inventory when given; otherwise every host seen crashing on a release counts
   * as running it the whole window (an upper bound on exposure of crashing hosts only; the {@code
   * exposure} column says which).
   */
  static Dataset<Row> releaseRates(SparkSession spark, LocalDate asOf, Dataset<Row> inventory) {
    Map<String, Double> exposure = new HashMap<>();
    if (inventory != null) {
      for (Row r :
          spark
              .sql(
                  """
                  SELECT w.window_days, i.kernel_release, count(DISTINCT i.host, i.day)
                  FROM inventory i JOIN windows w
                    ON i.day > date_sub(DATE'%1$s', w.window_days) AND i.day <= DATE'%1$s'
                  WHERE i.kernel_release IS NOT NULL GROUP BY w.window_days, i.kernel_release
                  """
                      .formatted(asOf))
              .collectAsList()) {
        exposure.put(r.getInt(0) + "/" + r.getString(1), (double) r.getLong(2));
      }
    }
    Map<String, List<String>> top = new HashMap<>();
    for (Row r :
        spark
            .sql(
                """
                SELECT window_days, kernel_release, cluster_id FROM (
                  SELECT window_days, kernel_release, cluster_id,
                         row_number() OVER (PARTITION BY window_days, kernel_release
                                            ORDER BY count(*) DESC, cluster_id) AS n
                  FROM pcw WHERE kernel_release IS NOT NULL
                  GROUP BY window_days, kernel_release, cluster_id)
                WHERE n <= %d ORDER BY window_days, kernel_release, n
                """
                    .formatted(TOP_CLUSTERS_PER_RELEASE))
            .collectAsList()) {
      top.computeIfAbsent(r.getInt(0) + "/" + r.getString(1), k -> new ArrayList<>())
          .add(r.getString(2));
    }
    Map<String, Row> crashed = new TreeMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT window_days, kernel_release, first(distro, true), first(rt, true),"
                    + " count(*), count(DISTINCT host),"
                    + " count_if(instr(taint, 'O') > 0), count_if(instr(taint, 'E') > 0),"
                    + " count_if(instr(taint, 'P') > 0)"
                    + " FROM pcw WHERE kernel_release IS NOT NULL"
                    + " GROUP BY window_days, kernel_release")
            .collectAsList()) {
      crashed.put(r.getInt(0) + "/" + r.getString(1), r);
    }
    java.util.Set<String> keys = new java.util.TreeSet<>(crashed.keySet());
    keys.addAll(exposure.keySet());
    List<Row> rows = new ArrayList<>();
    for (String key : keys) {
      int w = Integer.parseInt(key.substring(0, key.indexOf('/')));
      String release = key.substring(key.indexOf('/') + 1);
      Row c = crashed.get(key);
      long crashes = c == null ? 0 : c.getLong(4);
      long hosts = c == null ? 0 : c.getLong(5);
      double hostDays = inventory != null ? exposure.getOrDefault(key, 0.0) : hosts * (double) w;
      KernelRelease k = KernelRelease.parse(release).orElse(null);
      Double rate = null, low = null, high = null;
      if (hostDays > 0) {
        double[] ci = PoissonInterval.exact95(crashes);
        rate = crashes * 1000.0 / hostDays;
        low = ci[0] * 1000.0 / hostDays;
        high = ci[1] * 1000.0 / hostDays;
      }
      rows.add(
          RowFactory.create(
              Date.valueOf(asOf),
              w,
              release,
              c != null ? c.getString(2) : k == null ? null : k.distro(),
              k == null ? null : ReleaseOrder.branch(k),
              c != null && !c.isNullAt(3) ? c.getBoolean(3) : k == null ? null : k.rt(),
              crashes,
              hosts,
              inventory != null || hostDays > 0 ? hostDays : null,
              inventory != null ? "inventory" : "crashing-hosts",
              rate,
              low,
              high,
              c == null ? 0L : c.getLong(6),
              c == null ? 0L : c.getLong(7),
              c == null ? 0L : c.getLong(8),
              top.getOrDefault(key, List.of()).toArray(new String[0])));
    }
    return spark.createDataFrame(rows, LakeTables.RELEASE_RATE).coalesce(1);
  }

  /**
   * Clusters that appeared on a release and not on the previous release of its branch, and those
   * that disappeared, over the whole history up to {@code asOf}. Release order is each distro's own
   * ({@link ReleaseOrder}), never string order. A branch is per architecture: an arm64 build is not
   * the successor of the x86_64 build of the same release, and Debian-style releases do not name
   * their arch, so it comes from the crash; {@code branch} then ends with it.
   */
  static Dataset<Row> releaseChanges(SparkSession spark, LocalDate asOf) {
    record Build(KernelRelease release, String arch) {}
    List<Build> builds = new ArrayList<>();
    for (Row r :
        spark
            .sql(
                "SELECT DISTINCT kernel_release, coalesce(arch, '') FROM pc"
                    + " WHERE kernel_release IS NOT NULL")
            .collectAsList()) {
      KernelRelease.parse(r.getString(0)).ifPresent(k -> builds.add(new Build(k, r.getString(1))));
    }
    builds.sort(
        java.util.Comparator.comparing(Build::arch)
            .thenComparing(Build::release, ReleaseOrder.ORDER));
    List<Row> pairs = new ArrayList<>();
    for (int i = 1; i < builds.size(); i++) {
      Build prev = builds.get(i - 1);
      Build cur = builds.get(i);
      String branch = ReleaseOrder.branch(cur.release());
      if (cur.arch().equals(prev.arch()) && branch.equals(ReleaseOrder.branch(prev.release()))) {
        String label = cur.arch().isEmpty() ? branch : branch + " " + cur.arch();
        pairs.add(
            RowFactory.create(
                cur.release().release(), prev.release().release(), cur.arch(), label));
      }
    }
    spark
        .createDataFrame(
            pairs,
            new StructType()
                .add("kernel_release", "string")
                .add("previous_release", "string")
                .add("arch", "string")
                .add("branch", "string"))
        .createOrReplaceTempView("release_pairs");
    String sql =
        """
        WITH rc AS (SELECT kernel_release, coalesce(arch, '') AS arch, cluster_id, count(*) AS crashes
                    FROM pc WHERE kernel_release IS NOT NULL
                    GROUP BY kernel_release, coalesce(arch, ''), cluster_id)
        SELECT DATE'%1$s' AS as_of, p.kernel_release, p.previous_release, p.branch, cur.cluster_id,
               'appeared' AS change, cur.crashes
        FROM release_pairs p JOIN rc cur ON cur.kernel_release = p.kernel_release AND cur.arch = p.arch
        LEFT ANTI JOIN rc old ON old.kernel_release = p.previous_release AND old.arch = p.arch
                                 AND old.cluster_id = cur.cluster_id
        UNION ALL
        SELECT DATE'%1$s', p.kernel_release, p.previous_release, p.branch, old.cluster_id,
               'disappeared', old.crashes
        FROM release_pairs p JOIN rc old ON old.kernel_release = p.previous_release AND old.arch = p.arch
        LEFT ANTI JOIN rc cur ON cur.kernel_release = p.kernel_release AND cur.arch = p.arch
                                 AND cur.cluster_id = old.cluster_id
        """
            .formatted(asOf);
    return conform(spark.sql(sql), LakeTables.RELEASE_CLUSTER_CHANGE)
        .repartition(1)
        .sortWithinPartitions("branch", "kernel_release", "change", "cluster_id");
  }

  /**
   * Socorro's correlations: for the top clusters of the last 28 days, loaded modules, taint letters
   * and hardware whose share of the cluster's crashes exceeds their share of the fleet's.
   */
  static Dataset<Row> correlations(SparkSession spark, LocalDate asOf) {
    String sql =
        """
        WITH w AS (SELECT * FROM pc WHERE %1$s),
             top AS (SELECT cluster_id, count(*) AS crashes FROM w GROUP BY cluster_id
                     ORDER BY crashes DESC, cluster_id LIMIT %2$d),
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
                        FROM scored WHERE cluster_share >= %5$s * fleet_share
                                      AND cluster_share - fleet_share >= %6$s)
        SELECT DATE'%3$s' AS as_of, cluster_id, attribute, value, cluster_crashes,
               cluster_share, fleet_share, cluster_share / fleet_share AS ratio
        FROM ranked WHERE rn <= %4$d
        """
            .formatted(
                window(asOf, 28, 0),
                CORRELATED_CLUSTERS,
                asOf,
                CORRELATIONS_PER_KIND,
                MIN_RATIO,
                MIN_SHARE_DIFFERENCE);
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
