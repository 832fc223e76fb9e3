package dev.oopslake.trends;

import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.ReleaseOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The morning report's tables as of one day, counted from {@link DayCell}s: what is new, growing,
 * back after a fix, and how often each release crashes per host. The cells are few (one per day,
 * signature, release and architecture that crashed), so the report is plain Java over them; each
 * method gives the rows of one table, named as its columns.
 */
public final class MorningRows {
  /** The two windows Socorro-style ranks and release rates are given for. */
  public static final int[] WINDOWS = {7, 28};

  /** Clusters listed per release in {@code release_rates.top_clusters}. */
  public static final int TOP_CLUSTERS_PER_RELEASE = 5;

  /** The window correlations are computed over, in days up to the day reported on. */
  public static final int CORRELATION_DAYS = 28;

  /** Clusters the correlations are computed for, by crashes in their window. */
  static final int CORRELATED_CLUSTERS = 20;

  /** Over-represented attributes kept per cluster and attribute kind. */
  static final int CORRELATIONS_PER_KIND = 5;

  /**
   * How much more often than in the fleet an attribute must appear in a cluster to be listed: a
   * module every host loads (xfs at 99% of the fleet, 100% of the cluster) says nothing.
   */
  static final double MIN_RATIO = 1.2;

  static final double MIN_SHARE_DIFFERENCE = 0.05;

  private final LocalDate asOf;
  private final List<DayCell> cells;
  private final Map<String, List<DayCell>> byCluster;

  /**
   * The report on {@code asOf} from {@code cells}: "as of" a day means as the lake knew it then, so
   * cells of later days do not count; undated cells count in totals, never in a day or window.
   */
  public MorningRows(List<DayCell> cells, LocalDate asOf) {
    this.asOf = asOf;
    this.cells = cells.stream().filter(c -> c.day() == null || !c.day().isAfter(asOf)).toList();
    this.byCluster =
        this.cells.stream()
            .collect(Collectors.groupingBy(DayCell::clusterId, TreeMap::new, Collectors.toList()));
  }

  public LocalDate asOf() {
    return asOf;
  }

  /** When each kernel release was first seen crashing: the fleet when no inventory is given. */
  public Fleet fleetFromCrashes() {
    Map<String, LocalDate> first = new HashMap<>();
    for (DayCell c : cells) {
      if (c.kernelRelease() != null && c.day() != null) {
        first.merge(c.kernelRelease(), c.day(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    return new Fleet(first);
  }

  // ---- cluster_daily

  /** A row of {@code cluster_daily}. */
  public record Daily(LocalDate day, String clusterId, long crashes, long hosts) {}

  /** Crashes and hosts per day and cluster, by day then cluster. */
  public List<Daily> daily() {
    List<Daily> out = new ArrayList<>();
    Map<LocalDate, Map<String, List<DayCell>>> byDay = new TreeMap<>();
    for (DayCell c : cells) {
      if (c.day() != null) {
        byDay
            .computeIfAbsent(c.day(), d -> new TreeMap<>())
            .computeIfAbsent(c.clusterId(), k -> new ArrayList<>())
            .add(c);
      }
    }
    byDay.forEach(
        (day, clusters) ->
            clusters.forEach(
                (cluster, cs) -> out.add(new Daily(day, cluster, crashes(cs), hosts(cs)))));
    return out;
  }

  // ---- cluster_windows

  /** A row of {@code cluster_windows}: Socorro's top crashers. */
  public record Window(
      LocalDate asOf,
      int windowDays,
      String clusterId,
      String title,
      long crashes,
      long hosts,
      int rank,
      long previousCrashes,
      Integer previousRank,
      Integer rankChange,
      Double pctChange,
      boolean isNew,
      Instant firstSeen,
      Instant lastSeen) {}

  /**
   * Each cluster's crashes in the last {@code w} days, ranked (equal counts share a rank), against
   * the previous window of the same length; by window, then rank.
   */
  public List<Window> windows() {
    List<Window> out = new ArrayList<>();
    for (int w : WINDOWS) {
      Map<String, List<DayCell>> cur = inDays(asOf.minusDays(w - 1L), asOf);
      Map<String, List<DayCell>> prev = inDays(asOf.minusDays(2L * w - 1), asOf.minusDays(w));
      Map<String, Integer> curRank = ranks(cur);
      Map<String, Integer> prevRank = ranks(prev);
      List<Window> rows = new ArrayList<>();
      for (Map.Entry<String, List<DayCell>> e : cur.entrySet()) {
        String id = e.getKey();
        long crashes = crashes(e.getValue());
        List<DayCell> before = prev.get(id);
        Long previous = before == null ? null : crashes(before);
        Integer pr = prevRank.get(id);
        int rank = curRank.get(id);
        List<DayCell> all = byCluster.get(id);
        LocalDate firstDay = firstDay(all);
        rows.add(
            new Window(
                asOf,
                w,
                id,
                latest(all).title(),
                crashes,
                hosts(e.getValue()),
                rank,
                previous == null ? 0L : previous,
                pr,
                pr == null ? null : pr - rank,
                previous == null ? null : (crashes - previous) * 100.0 / previous,
                firstDay != null && firstDay.isAfter(asOf.minusDays(w)),
                firstSeen(all),
                lastSeen(all)));
      }
      rows.sort(Comparator.comparingInt(Window::rank).thenComparing(Window::clusterId));
      out.addAll(rows);
    }
    return out;
  }

  /** Dated cells of days {@code from} through {@code to}, per cluster. */
  private Map<String, List<DayCell>> inDays(LocalDate from, LocalDate to) {
    return cells.stream()
        .filter(c -> c.day() != null && !c.day().isBefore(from) && !c.day().isAfter(to))
        .collect(Collectors.groupingBy(DayCell::clusterId, TreeMap::new, Collectors.toList()));
  }

  /** SQL's {@code rank()} by crashes, most first: one more than the clusters with more crashes. */
  private static Map<String, Integer> ranks(Map<String, List<DayCell>> clusters) {
    Map<String, Long> n = new HashMap<>();
    clusters.forEach((id, cs) -> n.put(id, crashes(cs)));
    List<Long> sorted = n.values().stream().sorted(Comparator.reverseOrder()).toList();
    Map<Long, Integer> firstAt = new HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      firstAt.putIfAbsent(sorted.get(i), i + 1);
    }
    Map<String, Integer> rank = new HashMap<>();
    n.forEach((id, c) -> rank.put(id, firstAt.get(c)));
    return rank;
  }

  // ---- cluster_state

  /** A row of {@code cluster_state}: a cluster's lifecycle state and the reason in words. */
  public record ClusterState(
      LocalDate asOf,
      String clusterId,
      String title,
      String state,
      String reason,
      long crashes,
      long hosts,
      long crashes7d,
      long crashes28d,
      Double trend28d,
      Instant firstSeen,
      Instant lastSeen,
      String topModule,
      String diagnosis,
      List<String> kernelReleases,
      String sampleFile,
      List<String> sampleFrames,
      String knownBug,
      String knownBugUrl,
      List<String> fixedIn) {}

  /**
   * Each cluster's state from its whole history (days, releases, its known bug); the clusters that
   * crashed most in the last 28 days first.
   */
  public List<ClusterState> states(Fleet fleet, KnownBugs bugs) {
    List<ClusterState> out = new ArrayList<>();
    byCluster.forEach((id, cs) -> out.add(state(id, cs, fleet, bugs)));
    out.sort(
        Comparator.comparingLong(ClusterState::crashes28d)
            .reversed()
            .thenComparing(Comparator.comparingLong(ClusterState::crashes).reversed())
            .thenComparing(ClusterState::clusterId));
    return out;
  }

  private ClusterState state(String id, List<DayCell> cs, Fleet fleet, KnownBugs bugs) {
    DayCell.Sample sample = latest(cs);
    TreeMap<LocalDate, Long> days = new TreeMap<>();
    Map<String, List<DayCell>> perRelease = new TreeMap<>();
    for (DayCell c : cs) {
      if (c.day() != null) {
        days.merge(c.day(), c.crashes(), Long::sum);
      }
      if (c.kernelRelease() != null) {
        perRelease.computeIfAbsent(c.kernelRelease(), k -> new ArrayList<>()).add(c);
      }
    }
    Map<String, ReleaseSeen> releases = new HashMap<>();
    perRelease.forEach(
        (release, rc) ->
            releases.put(
                release, new ReleaseSeen(crashes(rc), hosts(rc), firstDay(rc), lastDay(rc))));
    long hosts = hosts(cs);
    Optional<KnownBug> bug = bugs.match(id, sample.title());
    // A crash folder without a date and a log without wall-clock time give no day: such a cluster
    // has no history to classify, but it must not stop the whole nightly.
    ClusterHistory h =
        days.isEmpty() ? null : new ClusterHistory(id, sample.title(), days, releases, hosts);
    Lifecycle.State s =
        h == null
            ? new Lifecycle.State(
                "undated",
                "none of its crashes has a date: neither the crash folder nor the log gives one")
            : Lifecycle.classify(h, asOf, fleet, bug);
    return new ClusterState(
        asOf,
        id,
        sample.title(),
        s.state(),
        s.reason(),
        crashes(cs),
        hosts,
        h == null ? 0L : h.crashesBetween(asOf.minusDays(6), asOf),
        h == null ? 0L : h.crashesBetween(asOf.minusDays(27), asOf),
        h == null ? 0.0 : Lifecycle.trend(h, asOf, 28),
        firstSeen(cs),
        lastSeen(cs),
        mode(cs, DayCell::modules),
        mode(cs, DayCell::diagnoses),
        List.copyOf(perRelease.keySet()),
        sample.file(),
        sample.frames() == null ? List.of() : sample.frames(),
        bug.map(KnownBug::id).orElse(null),
        bug.map(KnownBug::url).orElse(null),
        bug.map(KnownBug::fixedIn).orElse(null));
  }

  /** The most frequent key over the cells' counts (the smallest among equals), null when none. */
  private static String mode(List<DayCell> cs, Function<DayCell, Map<String, Long>> counts) {
    Map<String, Long> sum = new TreeMap<>();
    for (DayCell c : cs) {
      counts.apply(c).forEach((k, v) -> sum.merge(k, v, Long::sum));
    }
    String best = null;
    for (Map.Entry<String, Long> e : sum.entrySet()) {
      if (best == null || e.getValue() > sum.get(best)) {
        best = e.getKey();
      }
    }
    return best;
  }

  // ---- release_rates

  /** A row of {@code release_rates}. */
  public record ReleaseRateRow(
      LocalDate asOf,
      int windowDays,
      String kernelRelease,
      String distro,
      String branch,
      Boolean rt,
      long crashes,
      long hosts,
      Double hostDays,
      String exposure,
      Double ratePer1000HostDays,
      Double rateLow,
      Double rateHigh,
      long taintedOutOfTree,
      long taintedUnsigned,
      long taintedProprietary,
      List<String> topClusters) {}

  /**
   * Crashes per 1,000 host-days per kernel release and window, with a 95% Poisson interval on the
   * count. Host-days come from {@code inventoryHostDays} (keyed {@code window/release}) when an
   * inventory was given; otherwise every host seen crashing on a release counts as running it the
   * whole window (an upper bound on exposure of crashing hosts only; {@code exposure} says which).
   */
  public List<ReleaseRateRow> releaseRates(Map<String, Double> inventoryHostDays) {
    boolean inventory = inventoryHostDays != null;
    Map<String, List<DayCell>> crashed = new TreeMap<>();
    for (int w : WINDOWS) {
      LocalDate from = asOf.minusDays(w - 1L);
      for (DayCell c : cells) {
        if (c.kernelRelease() != null && c.day() != null && !c.day().isBefore(from)) {
          crashed.computeIfAbsent(w + "/" + c.kernelRelease(), k -> new ArrayList<>()).add(c);
        }
      }
    }
    TreeSet<String> keys = new TreeSet<>(crashed.keySet());
    if (inventory) {
      keys.addAll(inventoryHostDays.keySet());
    }
    List<ReleaseRateRow> out = new ArrayList<>();
    for (String key : keys) {
      int w = Integer.parseInt(key.substring(0, key.indexOf('/')));
      String release = key.substring(key.indexOf('/') + 1);
      List<DayCell> cs = crashed.getOrDefault(key, List.of());
      long crashes = crashes(cs);
      long hosts = hosts(cs);
      double hostDays = inventory ? inventoryHostDays.getOrDefault(key, 0.0) : hosts * (double) w;
      KernelRelease k = KernelRelease.parse(release).orElse(null);
      Double rate = null, low = null, high = null;
      if (hostDays > 0) {
        double[] ci = PoissonInterval.exact95(crashes);
        rate = crashes * 1000.0 / hostDays;
        low = ci[0] * 1000.0 / hostDays;
        high = ci[1] * 1000.0 / hostDays;
      }
      String distro = first(cs, DayCell::distro);
      Boolean rt = first(cs, DayCell::rt);
      out.add(
          new ReleaseRateRow(
              asOf,
              w,
              release,
              distro != null ? distro : k == null ? null : k.distro(),
              k == null ? null : ReleaseOrder.branch(k),
              rt != null ? rt : k == null ? null : k.rt(),
              crashes,
              hosts,
              inventory || hostDays > 0 ? hostDays : null,
              inventory ? "inventory" : "crashing-hosts",
              rate,
              low,
              high,
              cs.stream().mapToLong(DayCell::taintedOutOfTree).sum(),
              cs.stream().mapToLong(DayCell::taintedUnsigned).sum(),
              cs.stream().mapToLong(DayCell::taintedProprietary).sum(),
              top(cs, TOP_CLUSTERS_PER_RELEASE)));
    }
    return out;
  }

  /** The {@code n} clusters with most crashes among {@code cs}, the lowest id among equals. */
  private static List<String> top(List<DayCell> cs, int n) {
    Map<String, Long> per = new TreeMap<>();
    cs.forEach(c -> per.merge(c.clusterId(), c.crashes(), Long::sum));
    return per.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(Map.Entry::getKey)
        .toList();
  }

  // ---- release_cluster_changes

  /** A row of {@code release_cluster_changes}. */
  public record ReleaseChangeRow(
      LocalDate asOf,
      String kernelRelease,
      String previousRelease,
      String branch,
      String clusterId,
      String change,
      long crashes) {}

  /**
   * Clusters that appeared on a release and not on the previous release of its branch, and those
   * that disappeared, over the whole history up to the day. Release order is each distro's own
   * ({@link ReleaseOrder}), never string order. A branch is per architecture: an arm64 build is not
   * the successor of the x86_64 build of the same release, and Debian-style releases do not name
   * their arch, so it comes from the crash; {@code branch} then ends with it.
   */
  public List<ReleaseChangeRow> releaseChanges() {
    record Build(KernelRelease release, String arch) {}
    // crashes per build and cluster
    Map<String, Map<String, Map<String, Long>>> rc = new HashMap<>();
    List<Build> builds = new ArrayList<>();
    for (DayCell c : cells) {
      if (c.kernelRelease() == null) {
        continue;
      }
      String arch = c.arch() == null ? "" : c.arch();
      Map<String, Map<String, Long>> perArch =
          rc.computeIfAbsent(c.kernelRelease(), r -> new HashMap<>());
      if (!perArch.containsKey(arch)) {
        KernelRelease.parse(c.kernelRelease()).ifPresent(k -> builds.add(new Build(k, arch)));
      }
      perArch
          .computeIfAbsent(arch, a -> new TreeMap<>())
          .merge(c.clusterId(), c.crashes(), Long::sum);
    }
    builds.sort(
        Comparator.comparing(Build::arch).thenComparing(Build::release, ReleaseOrder.ORDER));
    List<ReleaseChangeRow> out = new ArrayList<>();
    for (int i = 1; i < builds.size(); i++) {
      Build prev = builds.get(i - 1);
      Build cur = builds.get(i);
      String branch = ReleaseOrder.branch(cur.release());
      if (!cur.arch().equals(prev.arch()) || !branch.equals(ReleaseOrder.branch(prev.release()))) {
        continue;
      }
      String label = cur.arch().isEmpty() ? branch : branch + " " + cur.arch();
      Map<String, Long> now = rc.get(cur.release().release()).get(cur.arch());
      Map<String, Long> before = rc.get(prev.release().release()).get(prev.arch());
      String r = cur.release().release();
      String p = prev.release().release();
      now.forEach(
          (id, n) -> {
            if (!before.containsKey(id)) {
              out.add(new ReleaseChangeRow(asOf, r, p, label, id, "appeared", n));
            }
          });
      before.forEach(
          (id, n) -> {
            if (!now.containsKey(id)) {
              out.add(new ReleaseChangeRow(asOf, r, p, label, id, "disappeared", n));
            }
          });
    }
    out.sort(
        Comparator.comparing(ReleaseChangeRow::branch)
            .thenComparing(ReleaseChangeRow::kernelRelease)
            .thenComparing(ReleaseChangeRow::change)
            .thenComparing(ReleaseChangeRow::clusterId));
    return out;
  }

  // ---- cluster_correlations

  /** A row of {@code cluster_correlations}. */
  public record CorrelationRow(
      LocalDate asOf,
      String clusterId,
      String attribute,
      String value,
      long clusterCrashes,
      double clusterShare,
      double fleetShare,
      double ratio) {}

  /**
   * Socorro's correlations: for the clusters that crashed most in the last {@link
   * #CORRELATION_DAYS} days, the loaded modules, taint letters and hardware whose share of the
   * cluster's crashes exceeds their share of all crashes in those days.
   */
  public List<CorrelationRow> correlations() {
    Map<String, List<DayCell>> window = inDays(asOf.minusDays(CORRELATION_DAYS - 1L), asOf);
    long all = window.values().stream().mapToLong(MorningRows::crashes).sum();
    Map<String, Long> fleet = new HashMap<>();
    window
        .values()
        .forEach(
            cs -> cs.forEach(c -> c.attributes().forEach((k, v) -> fleet.merge(k, v, Long::sum))));
    List<CorrelationRow> out = new ArrayList<>();
    for (String id :
        top(window.values().stream().flatMap(List::stream).toList(), CORRELATED_CLUSTERS)) {
      List<DayCell> cs = window.get(id);
      long crashes = crashes(cs);
      Map<String, Long> here = new TreeMap<>();
      cs.forEach(c -> c.attributes().forEach((k, v) -> here.merge(k, v, Long::sum)));
      Map<String, List<CorrelationRow>> perKind = new TreeMap<>();
      here.forEach(
          (attr, n) -> {
            double share = n / (double) crashes;
            double fleetShare = fleet.get(attr) / (double) all;
            if (share >= MIN_RATIO * fleetShare && share - fleetShare >= MIN_SHARE_DIFFERENCE) {
              String kind = attr.substring(0, attr.indexOf('='));
              perKind
                  .computeIfAbsent(kind, k -> new ArrayList<>())
                  .add(
                      new CorrelationRow(
                          asOf,
                          id,
                          kind,
                          attr.substring(attr.indexOf('=') + 1),
                          n,
                          share,
                          fleetShare,
                          share / fleetShare));
            }
          });
      perKind.forEach(
          (kind, rows) ->
              rows.stream()
                  .sorted(
                      Comparator.comparingDouble(
                              (CorrelationRow c) -> c.clusterShare() - c.fleetShare())
                          .reversed()
                          .thenComparing(CorrelationRow::value))
                  .limit(CORRELATIONS_PER_KIND)
                  .forEach(out::add));
    }
    out.sort(
        Comparator.comparing(CorrelationRow::clusterId)
            .thenComparing(CorrelationRow::attribute)
            .thenComparing(Comparator.comparingDouble(CorrelationRow::ratio).reversed())
            .thenComparing(CorrelationRow::value));
    return out;
  }

  // ---- sums over cells

  private static long crashes(List<DayCell> cs) {
    return cs.stream().mapToLong(DayCell::crashes).sum();
  }

  private static long hosts(List<DayCell> cs) {
    return HostSketch.estimate(cs.stream().map(DayCell::hosts).toList());
  }

  private static DayCell.Sample latest(List<DayCell> cs) {
    return cs.stream().map(DayCell::latest).max(DayCell.Sample.ORDER).orElseThrow();
  }

  private static Instant firstSeen(List<DayCell> cs) {
    return cs.stream()
        .map(DayCell::firstSeen)
        .filter(t -> t != null)
        .min(Comparator.naturalOrder())
        .orElse(null);
  }

  private static Instant lastSeen(List<DayCell> cs) {
    return cs.stream()
        .map(DayCell::lastSeen)
        .filter(t -> t != null)
        .max(Comparator.naturalOrder())
        .orElse(null);
  }

  private static LocalDate firstDay(List<DayCell> cs) {
    return cs.stream()
        .map(DayCell::day)
        .filter(d -> d != null)
        .min(Comparator.naturalOrder())
        .orElse(null);
  }

  private static LocalDate lastDay(List<DayCell> cs) {
    return cs.stream()
        .map(DayCell::day)
        .filter(d -> d != null)
        .max(Comparator.naturalOrder())
        .orElse(null);
  }

  private static <T> T first(List<DayCell> cs, Function<DayCell, T> field) {
    return cs.stream()
        .map(field)
        .filter(Predicate.not(java.util.Objects::isNull))
        .findFirst()
        .orElse(null);
  }
}
