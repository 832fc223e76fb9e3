package dev.oopslake.trends;

import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.ReleaseOrder;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster's lifecycle state on a morning, with the reason in words. The rules, first match wins:
 *
 * <ol>
 *   <li><b>regressed</b>: a known bug crashed on a release at or after its fix in the same branch
 *       (release order, not time: backports break time order, as Sentry's users found);
 *   <li><b>fixed</b>: a known bug with a fix release and no crash at or after it;
 *   <li><b>regressed</b>: back after going quiet (syzbot opens "title (2)"), within {@link #HOT}
 *       days;
 *   <li><b>new</b>: first seen within the last {@link #WEEK} days;
 *   <li><b>spiking</b>: the day's crashes above a forecast from the trailing week (Sentry's
 *       escalating): above its mean plus three Poisson deviations, and at least {@link #SPIKE_MIN};
 *   <li><b>probably_fixed</b>: quiet, and every branch it crashed on has a newer build that has run
 *       in the fleet for the quiet period without it (ABRT Analytics' "probably fixed");
 *   <li><b>quiet</b>: no crash for {@code max(7, 3·ln(100)/rate)} days (syzbot), 28 below ten
 *       crashes, where the rate is crashes per day over its active span;
 *   <li><b>ongoing</b>: otherwise.
 * </ol>
 */
public final class Lifecycle {
  private Lifecycle() {}

  public static final int WEEK = 7;
  public static final int HOT = 28;
  public static final long SPIKE_MIN = 5;

  /** syzbot's bar: fewer crashes than this say too little about a rate. */
  public static final long RATE_MIN_CRASHES = 10;

  public static final List<String> STATES =
      List.of("new", "ongoing", "spiking", "quiet", "probably_fixed", "fixed", "regressed");

  /** A state and why. */
  public record State(String state, String reason) {}

  public static State classify(
      ClusterHistory h, LocalDate asOf, Fleet fleet, Optional<KnownBug> bug) {
    if (bug.isPresent() && !bug.get().fixedIn().isEmpty()) {
      return known(h, asOf, bug.get());
    }
    Optional<State> back = backAfterQuiet(h, asOf);
    if (back.isPresent()) {
      return back.get();
    }
    if (!h.firstDay().isBefore(asOf.minusDays(WEEK - 1))) {
      return new State("new", "first seen " + h.firstDay());
    }
    Optional<State> spike = spike(h, asOf);
    if (spike.isPresent()) {
      return spike.get();
    }
    long silent = ChronoUnit.DAYS.between(h.lastDay(), asOf);
    double quietAfter = quietAfter(h.crashes(), h.firstDay(), h.lastDay());
    if (silent >= quietAfter) {
      List<String> newer =
          newerBuildsWithoutIt(h, fleet, asOf.minusDays((long) Math.ceil(quietAfter)));
      if (!newer.isEmpty()) {
        return new State(
            "probably_fixed",
            "no crash for "
                + silent
                + " days; newer builds ran without it: "
                + String.join(", ", newer));
      }
      return new State(
          "quiet",
          "no crash for "
              + silent
              + " days (quiet after "
              + Math.round(Math.ceil(quietAfter))
              + ")");
    }
    return new State(
        "ongoing",
        h.crashesBetween(asOf.minusDays(WEEK - 1), asOf) + " crashes in the last 7 days");
  }

  private static State known(ClusterHistory h, LocalDate asOf, KnownBug bug) {
    List<String> after = new ArrayList<>();
    long olderHosts = 0;
    for (Map.Entry<String, ReleaseSeen> e : h.releases().entrySet()) {
      Optional<KernelRelease> k = KernelRelease.parse(e.getKey());
      Optional<KernelRelease> fix = k.flatMap(bug::fixFor);
      if (fix.isPresent() && ReleaseOrder.atOrAfter(k.get(), fix.get())) {
        after.add(e.getKey() + " (fix " + fix.get().release() + ") on " + e.getValue().lastSeen());
      } else if (e.getValue().lastSeen() != null
          && !e.getValue().lastSeen().isBefore(asOf.minusDays(HOT - 1))) {
        olderHosts += e.getValue().hosts();
      }
    }
    if (!after.isEmpty()) {
      after.sort(null);
      return new State(
          "regressed", bug.id() + " crashed at or after its fix: " + String.join("; ", after));
    }
    String fixes = String.join(", ", bug.fixedIn());
    return new State(
        "fixed",
        bug.id()
            + " fixed in "
            + fixes
            + (olderHosts > 0
                ? "; still seen on " + olderHosts + " hosts on older releases in the last 28 days"
                : "; no crash in the last 28 days"));
  }

  /** Days without a crash after which a cluster is quiet. */
  static double quietAfter(long crashes, LocalDate first, LocalDate last) {
    if (crashes < RATE_MIN_CRASHES) {
      return HOT;
    }
    double span = ChronoUnit.DAYS.between(first, last) + 1;
    double rate = crashes / span;
    return Math.max(WEEK, 3 * Math.log(100) / rate);
  }

  private static Optional<State> backAfterQuiet(ClusterHistory h, LocalDate asOf) {
    LocalDate previous = null;
    long before = 0;
    for (Map.Entry<LocalDate, Long> d : h.days().entrySet()) {
      LocalDate day = d.getKey();
      if (previous != null && !day.isBefore(asOf.minusDays(HOT - 1)) && !day.isAfter(asOf)) {
        long gap = ChronoUnit.DAYS.between(previous, day);
        if (before >= RATE_MIN_CRASHES && gap >= quietAfter(before, h.firstDay(), previous)) {
          return Optional.of(
              new State(
                  "regressed",
                  "back on "
                      + day
                      + " after "
                      + gap
                      + " quiet days (last crash "
                      + previous
                      + ")"));
        }
      }
      before += d.getValue();
      previous = day;
    }
    return Optional.empty();
  }

  private static Optional<State> spike(ClusterHistory h, LocalDate asOf) {
    long today = h.crashesOn(asOf);
    double mean = h.crashesBetween(asOf.minusDays(WEEK), asOf.minusDays(1)) / (double) WEEK;
    double forecast = mean + 3 * Math.sqrt(Math.max(mean, 1));
    if (today >= SPIKE_MIN && today > forecast) {
      return Optional.of(
          new State(
              "spiking",
              String.format(
                  java.util.Locale.ROOT,
                  "%d crashes on %s against %.1f a day the week before",
                  today,
                  asOf,
                  mean)));
    }
    return Optional.empty();
  }

  /**
   * For each branch the cluster crashed on, the newer builds of it in the fleet since {@code by}
   * that it never crashed on; empty unless every branch has one.
   */
  private static List<String> newerBuildsWithoutIt(ClusterHistory h, Fleet fleet, LocalDate by) {
    Map<String, KernelRelease> newestPerBranch = new java.util.HashMap<>();
    for (String r : h.releases().keySet()) {
      KernelRelease k = KernelRelease.parse(r).orElse(null);
      if (k == null) {
        return List.of();
      }
      newestPerBranch.merge(
          ReleaseOrder.branch(k), k, (a, b) -> ReleaseOrder.compare(a, b) >= 0 ? a : b);
    }
    List<String> newer = new ArrayList<>();
    for (KernelRelease latest : newestPerBranch.values()) {
      List<String> builds = fleet.newerInBranch(latest, by);
      if (builds.isEmpty()) {
        return List.of();
      }
      newer.add(builds.get(builds.size() - 1));
    }
    newer.sort(null);
    return newer;
  }

  /**
   * Least-squares slope of crashes per day over the last {@code days} days, days without crashes
   * counted as zero: crashes per day, per day (ABRT Analytics' "destabilised" when positive).
   */
  public static double trend(ClusterHistory h, LocalDate asOf, int days) {
    double n = days;
    double sumX = 0;
    double sumY = 0;
    double sumXY = 0;
    double sumXX = 0;
    for (int i = 0; i < days; i++) {
      double y = h.crashesOn(asOf.minusDays(days - 1 - i));
      sumX += i;
      sumY += y;
      sumXY += i * y;
      sumXX += (double) i * i;
    }
    double denominator = n * sumXX - sumX * sumX;
    return denominator == 0 ? 0.0 : (n * sumXY - sumX * sumY) / denominator;
  }
}
