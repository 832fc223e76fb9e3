package dev.oopslake.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.report.Changes;
import dev.oopslake.report.Correlation;
import dev.oopslake.report.HeatMap;
import dev.oopslake.report.KnownBugMatch;
import dev.oopslake.report.MorningReport;
import dev.oopslake.report.Overview;
import dev.oopslake.report.ReleaseChange;
import dev.oopslake.report.ReleaseRate;
import dev.oopslake.report.Section;
import dev.oopslake.report.StateChange;
import dev.oopslake.report.TopCluster;
import dev.oopslake.report.Trends;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads the lake's morning tables into a {@link MorningReport}. The tables are small (one row per
 * cluster, release or day × top cluster), so each is filtered in Spark and collected; everything
 * the page computes from them is in the plain-Java report package. A table the lake lacks becomes a
 * section that names it.
 */
public final class ReportData {
  /** Options checked before anything is read. */
  public record Options(int windowDays, LocalDate asOf, int topClusters, int trendClusters) {
    public Options {
      if (windowDays <= 0) {
        throw new ConfigError(
            "Cannot set --window to " + windowDays + ", the value must be positive");
      }
      if (topClusters <= 0) {
        throw new ConfigError(
            "Cannot set --top to " + topClusters + ", the value must be positive");
      }
      if (trendClusters <= 0) {
        throw new ConfigError("the trend chart needs at least one cluster, not " + trendClusters);
      }
    }

    public static Options window(int windowDays, LocalDate asOf) {
      return new Options(windowDays, asOf, 20, 8);
    }
  }

  // The page's heat map: more rows or columns than this is unreadable.
  private static final int HEAT_RELEASES = 14;
  private static final int HEAT_MODULES = 16;
  private static final int CHANGES_PER_STATE = 12;
  private static final int RELEASE_CHANGES = 12;
  private static final int RATES = 25;
  private static final int MIN_TREND_DAYS = 28;

  private final Lake lake;
  private final Options options;

  private ReportData(Lake lake, Options options) {
    this.lake = lake;
    this.options = options;
  }

  /** The report of {@code lake} as of {@code options.asOf()} (default: the tables' latest day). */
  public static MorningReport read(Lake lake, Options options, Instant now) {
    return new ReportData(lake, options).read(now);
  }

  private MorningReport read(Instant now) {
    lake.spark()
        .sparkContext()
        .setJobGroup("report", "oopslake report: read morning tables", false);
    LocalDate asOf = options.asOf() != null ? options.asOf() : latestDay();
    List<Row> windows = windows(asOf);
    Map<String, Row> states = states(asOf);
    return new MorningReport(
        lakeName(),
        asOf,
        options.windowDays(),
        now,
        overview(asOf, windows, states),
        topClusters(asOf, windows, states),
        trends(asOf, windows),
        changes(asOf, states),
        heatMap(),
        rates(asOf));
  }

  /** The --lake folder for an embedded lake, else the catalog and namespace. */
  private String lakeName() {
    var loc = lake.location();
    String warehouse = loc.sparkConf().get("spark.sql.catalog." + loc.catalog() + ".warehouse");
    return warehouse != null ? warehouse : loc.catalog() + "." + loc.namespace();
  }

  private boolean has(String table) {
    return lake.exists(table);
  }

  private List<String> missing(String... tables) {
    return Stream.of(tables).filter(t -> !has(t)).toList();
  }

  /** The latest as_of among the morning tables, else the latest crash day, else today (UTC). */
  private LocalDate latestDay() {
    for (String t :
        List.of(LakeTables.CLUSTER_WINDOWS, LakeTables.CLUSTER_STATE, LakeTables.RELEASE_RATES)) {
      if (has(t)) {
        LocalDate d = date(lake.read(t).agg(max(col("as_of"))).first().get(0));
        if (d != null) {
          return d;
        }
      }
    }
    if (has(LakeTables.CLUSTER_DAILY)) {
      LocalDate d = date(lake.read(LakeTables.CLUSTER_DAILY).agg(max(col("day"))).first().get(0));
      if (d != null) {
        return d;
      }
    }
    return LocalDate.now(ZoneOffset.UTC);
  }

  /** The window's rows ranked; null when the table is missing. */
  private List<Row> windows(LocalDate asOf) {
    if (!has(LakeTables.CLUSTER_WINDOWS)) {
      return null;
    }
    Dataset<Row> all = lake.read(LakeTables.CLUSTER_WINDOWS);
    List<Row> rows =
        all.where(
                col("as_of")
                    .equalTo(lit(java.sql.Date.valueOf(asOf)))
                    .and(col("window_days").equalTo(options.windowDays())))
            .orderBy(col("rank"), col("cluster_id"))
            .collectAsList();
    if (rows.isEmpty()) {
      List<Row> held = all.select("as_of", "window_days").distinct().collectAsList();
      if (!held.isEmpty()) {
        throw new ConfigError(
            "cluster_windows has no "
                + options.windowDays()
                + "-day window as of "
                + asOf
                + "; it holds "
                + held.stream()
                    .map(r -> r.getInt(1) + " days as of " + date(r.get(0)))
                    .sorted()
                    .toList()
                + ": pick one with --window/--as-of, or run the nightly for that day");
      }
    }
    return rows;
  }

  /** cluster id -> state row on {@code asOf}; null when the table is missing. */
  private Map<String, Row> states(LocalDate asOf) {
    if (!has(LakeTables.CLUSTER_STATE)) {
      return null;
    }
    Map<String, Row> out = new LinkedHashMap<>();
    for (Row r :
        lake.read(LakeTables.CLUSTER_STATE)
            .where(col("as_of").equalTo(lit(java.sql.Date.valueOf(asOf))))
            .collectAsList()) {
      out.put(r.getAs("cluster_id"), r);
    }
    return out;
  }

  private Section<Overview> overview(LocalDate asOf, List<Row> windows, Map<String, Row> states) {
    List<String> gone =
        missing(LakeTables.CLUSTER_WINDOWS, LakeTables.CLUSTER_STATE, LakeTables.CRASHES);
    if (!gone.isEmpty()) {
      return Section.missing(gone);
    }
    long crashes = windows.stream().mapToLong(r -> r.<Long>getAs("crashes")).sum();
    long clusters = windows.stream().filter(r -> r.<Long>getAs("crashes") > 0).count();
    Instant from =
        asOf.minusDays(options.windowDays() - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Row hosts =
        lake.read(LakeTables.CRASHES)
            .where(
                col("primary")
                    .and(col("crash_time").geq(lit(Timestamp.from(from))))
                    .and(col("crash_time").lt(lit(Timestamp.from(to)))))
            .agg(countDistinct(col("host")))
            .first();
    return Section.of(
        new Overview(
            crashes,
            hosts.getLong(0),
            clusters,
            countState(states, "new"),
            countState(states, "spiking"),
            countState(states, "regressed")));
  }

  private static long countState(Map<String, Row> states, String state) {
    return states.values().stream().filter(r -> state.equals(r.getAs("state"))).count();
  }

  private Section<List<TopCluster>> topClusters(
      LocalDate asOf, List<Row> windows, Map<String, Row> states) {
    List<String> gone = missing(LakeTables.CLUSTER_WINDOWS, LakeTables.CLUSTER_STATE);
    if (!gone.isEmpty()) {
      return Section.missing(gone);
    }
    List<Row> top = windows.stream().limit(options.topClusters()).toList();
    Map<String, List<Correlation>> correlations =
        correlations(asOf, top.stream().map(r -> r.<String>getAs("cluster_id")).toList());
    List<TopCluster> out = new ArrayList<>();
    for (Row w : top) {
      String id = w.getAs("cluster_id");
      Row s = states.get(id);
      out.add(
          new TopCluster(
              w.<Integer>getAs("rank"),
              w.getAs("rank_change"),
              w.getAs("pct_change"),
              w.<Boolean>getAs("is_new"),
              id,
              firstNonNull(w.getAs("title"), s == null ? null : s.getAs("title")),
              s == null ? "unknown" : s.getAs("state"),
              s == null ? "no cluster_state row for this cluster" : s.getAs("reason"),
              w.<Long>getAs("crashes"),
              w.<Long>getAs("hosts"),
              s == null ? null : s.getAs("diagnosis"),
              s == null ? null : s.getAs("top_module"),
              s == null ? List.of() : strings(s, "sample_frames"),
              s == null ? List.of() : strings(s, "kernel_releases"),
              s == null ? null : knownBug(s),
              correlations.getOrDefault(id, List.of())));
    }
    return Section.of(out);
  }

  private Map<String, List<Correlation>> correlations(LocalDate asOf, List<String> ids) {
    Map<String, List<Correlation>> out = new LinkedHashMap<>();
    if (!has(LakeTables.CLUSTER_CORRELATIONS) || ids.isEmpty()) {
      return out;
    }
    for (Row r :
        lake.read(LakeTables.CLUSTER_CORRELATIONS)
            .where(
                col("as_of")
                    .equalTo(lit(java.sql.Date.valueOf(asOf)))
                    .and(col("cluster_id").isin(ids.toArray())))
            .orderBy(col("cluster_id"), col("ratio").desc(), col("value"))
            .collectAsList()) {
      List<Correlation> list = out.computeIfAbsent(r.getAs("cluster_id"), k -> new ArrayList<>());
      if (list.size() < 5) {
        list.add(
            new Correlation(
                r.getAs("attribute"),
                r.getAs("value"),
                r.<Double>getAs("cluster_share"),
                r.<Double>getAs("fleet_share")));
      }
    }
    return out;
  }

  private static KnownBugMatch knownBug(Row state) {
    String id = state.getAs("known_bug");
    return id == null
        ? null
        : new KnownBugMatch(id, state.getAs("known_bug_url"), strings(state, "fixed_in"));
  }

  private Section<Trends> trends(LocalDate asOf, List<Row> windows) {
    if (!has(LakeTables.CLUSTER_DAILY)) {
      return Section.missing(List.of(LakeTables.CLUSTER_DAILY));
    }
    int span = Math.max(MIN_TREND_DAYS, options.windowDays());
    LocalDate from = asOf.minusDays(span - 1L);
    Dataset<Row> daily =
        lake.read(LakeTables.CLUSTER_DAILY)
            .where(
                col("day")
                    .geq(lit(java.sql.Date.valueOf(from)))
                    .and(col("day").leq(lit(java.sql.Date.valueOf(asOf)))));
    // The lines are the window's top clusters; without cluster_windows, the range's biggest.
    Map<String, String> titles = new LinkedHashMap<>();
    if (windows != null) {
      windows.stream()
          .limit(options.trendClusters())
          .forEach(w -> titles.put(w.getAs("cluster_id"), w.getAs("title")));
    } else {
      daily
          .groupBy("cluster_id")
          .agg(sum("crashes").as("n"))
          .orderBy(col("n").desc(), col("cluster_id"))
          .limit(options.trendClusters())
          .collectAsList()
          .forEach(r -> titles.put(r.getString(0), null));
    }
    List<LocalDate> days = from.datesUntil(asOf.plusDays(1)).toList();
    Map<String, long[]> counts = new LinkedHashMap<>();
    titles.keySet().forEach(id -> counts.put(id, new long[days.size()]));
    if (!titles.isEmpty()) {
      for (Row r : daily.where(col("cluster_id").isin(titles.keySet().toArray())).collectAsList()) {
        int i = (int) (date(r.getAs("day")).toEpochDay() - from.toEpochDay());
        counts.get(r.<String>getAs("cluster_id"))[i] += r.<Long>getAs("crashes");
      }
    }
    List<Trends.Series> series = new ArrayList<>();
    counts.forEach(
        (id, c) ->
            series.add(
                new Trends.Series(
                    id, titles.get(id), java.util.Arrays.stream(c).boxed().toList())));
    return Section.of(new Trends(days, series));
  }

  private Section<Changes> changes(LocalDate asOf, Map<String, Row> states) {
    if (states == null) {
      return Section.missing(List.of(LakeTables.CLUSTER_STATE));
    }
    List<ReleaseChange> releaseChanges = new ArrayList<>();
    if (has(LakeTables.RELEASE_CLUSTER_CHANGES)) {
      Map<String, String> titles = new LinkedHashMap<>();
      states.forEach((id, r) -> titles.put(id, r.getAs("title")));
      for (Row r :
          lake.read(LakeTables.RELEASE_CLUSTER_CHANGES)
              .where(col("as_of").equalTo(lit(java.sql.Date.valueOf(asOf))))
              .orderBy(col("crashes").desc(), col("kernel_release"), col("cluster_id"))
              .limit(RELEASE_CHANGES)
              .collectAsList()) {
        String id = r.getAs("cluster_id");
        releaseChanges.add(
            new ReleaseChange(
                r.getAs("kernel_release"),
                r.getAs("previous_release"),
                id,
                titles.get(id),
                r.getAs("change"),
                r.<Long>getAs("crashes")));
      }
    }
    return Section.of(
        new Changes(
            inState(states, "new"),
            inState(states, "spiking"),
            inState(states, "regressed"),
            releaseChanges));
  }

  private static List<StateChange> inState(Map<String, Row> states, String state) {
    return states.values().stream()
        .filter(r -> state.equals(r.getAs("state")))
        .sorted(
            Comparator.<Row>comparingLong(r -> -r.<Long>getAs("crashes_7d"))
                .thenComparing(r -> r.<String>getAs("cluster_id")))
        .limit(CHANGES_PER_STATE)
        .map(
            r -> {
              KnownBugMatch bug = knownBug(r);
              long hosts = r.<Long>getAs("hosts");
              return new StateChange(
                  r.getAs("cluster_id"),
                  r.getAs("title"),
                  state,
                  r.getAs("reason"),
                  r.<Long>getAs("crashes_7d"),
                  hosts,
                  date(r.getAs("first_seen")),
                  bug == null ? null : bug.status(hosts));
            })
        .toList();
  }

  private Section<HeatMap> heatMap() {
    if (!has(LakeTables.SUMMARY_KERNEL_MODULE)) {
      return Section.missing(List.of(LakeTables.SUMMARY_KERNEL_MODULE));
    }
    Dataset<Row> s = lake.read(LakeTables.SUMMARY_KERNEL_MODULE);
    List<String> releases =
        s
            .groupBy("kernel_release")
            .agg(sum("crashes").as("n"))
            .orderBy(col("n").desc(), col("kernel_release"))
            .limit(HEAT_RELEASES)
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    if (releases.isEmpty()) {
      return Section.of(new HeatMap(List.of(), List.of(), List.of()));
    }
    releases = inReleaseOrder(releases);
    Dataset<Row> inTop = s.where(col("kernel_release").isin(releases.toArray()));
    List<String> modules =
        inTop
            .groupBy("module")
            .agg(sum("crashes").as("n"))
            .orderBy(col("n").desc(), col("module"))
            .limit(HEAT_MODULES)
            .collectAsList()
            .stream()
            .map(r -> r.getString(0))
            .toList();
    List<HeatMap.Cell> cells = new ArrayList<>();
    for (Row r :
        inTop
            .where(col("module").isin(modules.toArray()))
            .select("kernel_release", "module", "crashes")
            .collectAsList()) {
      cells.add(
          new HeatMap.Cell(
              modules.indexOf(r.getString(1)), releases.indexOf(r.getString(0)), r.getLong(2)));
    }
    cells.sort(
        Comparator.comparingInt(HeatMap.Cell::release).thenComparingInt(HeatMap.Cell::module));
    return Section.of(new HeatMap(releases, modules, cells));
  }

  private Section<List<ReleaseRate>> rates(LocalDate asOf) {
    if (!has(LakeTables.RELEASE_RATES)) {
      return Section.missing(List.of(LakeTables.RELEASE_RATES));
    }
    List<ReleaseRate> out = new ArrayList<>();
    for (Row r :
        lake.read(LakeTables.RELEASE_RATES)
            .where(
                col("as_of")
                    .equalTo(lit(java.sql.Date.valueOf(asOf)))
                    .and(col("window_days").equalTo(options.windowDays())))
            .orderBy(col("rate_per_1000_host_days").desc_nulls_last(), col("kernel_release"))
            .limit(RATES)
            .collectAsList()) {
      out.add(
          new ReleaseRate(
              r.getAs("kernel_release"),
              r.getAs("distro"),
              r.getAs("branch"),
              r.getAs("rt"),
              r.<Long>getAs("crashes"),
              r.<Long>getAs("hosts"),
              r.getAs("host_days"),
              r.getAs("exposure"),
              r.getAs("rate_per_1000_host_days"),
              r.getAs("rate_low"),
              r.getAs("rate_high"),
              r.<Long>getAs("tainted_out_of_tree"),
              r.<Long>getAs("tainted_unsigned"),
              r.<Long>getAs("tainted_proprietary"),
              strings(r, "top_clusters")));
    }
    return Section.of(out);
  }

  /**
   * Releases grouped by stable branch, oldest first within one, as each distro orders them (a
   * string sort puts 5.14.0-70 after 5.14.0-362); a release that does not parse goes last.
   */
  static List<String> inReleaseOrder(List<String> releases) {
    Comparator<String> order =
        (a, b) -> {
          var ka = dev.oopslake.decode.KernelRelease.parse(a);
          var kb = dev.oopslake.decode.KernelRelease.parse(b);
          if (ka.isPresent() && kb.isPresent()) {
            int c = dev.oopslake.decode.ReleaseOrder.ORDER.compare(ka.get(), kb.get());
            return c != 0 ? c : a.compareTo(b);
          }
          return ka.isPresent() ? -1 : kb.isPresent() ? 1 : a.compareTo(b);
        };
    return releases.stream().sorted(order).toList();
  }

  private static List<String> strings(Row r, String field) {
    int i = r.fieldIndex(field);
    return r.isNullAt(i) ? List.of() : List.copyOf(r.<String>getList(i));
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  /** DateType and TimestampType values as days (UTC), whichever Java type Spark hands back. */
  static LocalDate date(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof LocalDate d) {
      return d;
    }
    if (v instanceof Timestamp t) {
      return t.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    }
    if (v instanceof Instant t) {
      return t.atZone(ZoneOffset.UTC).toLocalDate();
    }
    throw new IllegalArgumentException("not a date: " + Objects.toString(v.getClass()));
  }
}
