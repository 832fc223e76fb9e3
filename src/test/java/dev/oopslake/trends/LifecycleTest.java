package dev.oopslake.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each state from a history built to land in it, and the boundaries between them. */
class LifecycleTest {
  static final LocalDate AS_OF = LocalDate.parse("2026-03-31");
  static final String EL9_OLD = "5.14.0-70.13.1.el9_0.x86_64";
  static final String EL9_NEW = "5.14.0-362.8.1.el9_3.x86_64";
  static final String EL8 = "4.18.0-477.10.1.el8_8.x86_64";

  private final TreeMap<LocalDate, Long> days = new TreeMap<>();
  private final Map<String, ReleaseSeen> releases = new HashMap<>();
  private final Map<String, LocalDate> fleet = new HashMap<>();

  private void crash(LocalDate day, long n, String release) {
    days.merge(day, n, Long::sum);
    releases.merge(
        release,
        new ReleaseSeen(n, 1, day, day),
        (a, b) ->
            new ReleaseSeen(
                a.crashes() + b.crashes(),
                1,
                a.firstSeen().isBefore(day) ? a.firstSeen() : day,
                a.lastSeen().isAfter(day) ? a.lastSeen() : day));
    fleet.merge(release, day, (a, b) -> a.isBefore(b) ? a : b);
  }

  private void daily(LocalDate from, LocalDate to, long n, String release) {
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      crash(d, n, release);
    }
  }

  private Lifecycle.State state(Optional<KnownBug> bug) {
    ClusterHistory h = new ClusterHistory("c", "BUG: x", days, releases, 3);
    return Lifecycle.classify(h, AS_OF, new Fleet(fleet), bug);
  }

  private Lifecycle.State state() {
    return state(Optional.empty());
  }

  private static KnownBug bug(String... fixedIn) {
    return new KnownBug("BUG-1", "https://b/1", "c", null, List.of(fixedIn));
  }

  @Test
  void newWhenFirstSeenThisWeek() {
    crash(AS_OF.minusDays(6), 1, EL9_OLD);
    assertThat(state().state()).isEqualTo("new");
    days.clear();
    crash(AS_OF.minusDays(7), 1, EL9_OLD);
    assertThat(state().state()).as("eight days ago is not new").isEqualTo("ongoing");
  }

  @Test
  void spikingWhenTodayBeatsTheTrailingWeek() {
    daily(AS_OF.minusDays(30), AS_OF.minusDays(1), 2, EL9_OLD);
    crash(AS_OF, 9, EL9_OLD);
    // forecast 2 + 3·sqrt(2) = 6.24
    assertThat(state().state()).isEqualTo("spiking");
    assertThat(state().reason()).contains("9 crashes on 2026-03-31", "2.0 a day");
  }

  @Test
  void notSpikingWithinTheForecast() {
    daily(AS_OF.minusDays(30), AS_OF.minusDays(1), 2, EL9_OLD);
    crash(AS_OF, 6, EL9_OLD);
    assertThat(state().state()).isEqualTo("ongoing");
  }

  @Test
  void quietAfterSyzbotsPeriod() {
    // 20 crashes over 10 days: 2 a day, quiet after max(7, 3·ln(100)/2 = 6.9) = 7 days
    daily(AS_OF.minusDays(16), AS_OF.minusDays(7), 2, "6.6.8");
    assertThat(state().state()).isEqualTo("quiet");
    days.clear();
    releases.clear();
    daily(AS_OF.minusDays(15), AS_OF.minusDays(6), 2, "6.6.8");
    assertThat(state().state()).as("six days without").isEqualTo("ongoing");
  }

  @Test
  void aRareClusterNeedsFourWeeksToGoQuiet() {
    // 10 crashes over 100 days: rate 0.1, 3·ln(100)/0.1 = 138 days
    for (int i = 0; i < 10; i++) {
      crash(AS_OF.minusDays(200 + 10L * i), 1, "6.6.8");
    }
    assertThat(Lifecycle.quietAfter(10, AS_OF.minusDays(290), AS_OF.minusDays(200)))
        .isCloseTo(3 * Math.log(100) / (10 / 91.0), within(1e-9));
    assertThat(state().state()).isEqualTo("quiet");
    assertThat(Lifecycle.quietAfter(3, AS_OF, AS_OF)).isEqualTo(28.0);
  }

  @Test
  void probablyFixedWhenANewerBuildRanWithoutIt() {
    daily(AS_OF.minusDays(60), AS_OF.minusDays(30), 2, EL9_OLD);
    fleet.put(EL9_NEW, AS_OF.minusDays(40)); // in the fleet for 40 days, never crashed
    assertThat(state().state()).isEqualTo("probably_fixed");
    assertThat(state().reason()).contains(EL9_NEW);
  }

  @Test
  void quietNotProbablyFixedWhenTheNewerBuildIsTooFresh() {
    daily(AS_OF.minusDays(60), AS_OF.minusDays(30), 2, EL9_OLD);
    fleet.put(EL9_NEW, AS_OF.minusDays(2));
    assertThat(state().state()).isEqualTo("quiet");
  }

  @Test
  void probablyFixedNeedsANewerBuildOnEveryBranch() {
    daily(AS_OF.minusDays(60), AS_OF.minusDays(30), 2, EL9_OLD);
    crash(AS_OF.minusDays(31), 1, EL8);
    fleet.put(EL9_NEW, AS_OF.minusDays(40));
    assertThat(state().state()).as("no newer el8 build").isEqualTo("quiet");
  }

  @Test
  void regressedWhenAKnownBugCrashesAtOrAfterItsFixInReleaseOrder() {
    daily(AS_OF.minusDays(30), AS_OF, 2, EL9_OLD);
    crash(AS_OF.minusDays(2), 1, EL9_NEW);
    Lifecycle.State s = state(Optional.of(bug("5.14.0-362.el9")));
    assertThat(s.state()).isEqualTo("regressed");
    assertThat(s.reason()).contains("BUG-1", EL9_NEW, "5.14.0-362.el9");
  }

  @Test
  void fixedWhenNoCrashOnAFixedReleaseEvenIfOldHostsStillCrash() {
    daily(AS_OF.minusDays(30), AS_OF, 2, EL9_OLD);
    Lifecycle.State s = state(Optional.of(bug("5.14.0-362.el9")));
    assertThat(s.state()).isEqualTo("fixed");
    assertThat(s.reason()).contains("fixed in 5.14.0-362.el9", "still seen on 1 hosts");
  }

  @Test
  void aFixOnAnotherBranchSaysNothingOfThisOne() {
    daily(AS_OF.minusDays(30), AS_OF, 2, EL9_NEW);
    assertThat(state(Optional.of(bug("4.18.0-513.el8"))).state()).isEqualTo("fixed");
    assertThat(state(Optional.of(bug("4.18.0-513.el8", "5.14.0-362.el9"))).state())
        .isEqualTo("regressed");
  }

  @Test
  void aKnownBugWithoutAFixFollowsTheOtherRules() {
    daily(AS_OF.minusDays(30), AS_OF, 2, EL9_OLD);
    assertThat(state(Optional.of(bug())).state()).isEqualTo("ongoing");
  }

  @Test
  void regressedWhenBackAfterGoingQuiet() {
    daily(AS_OF.minusDays(80), AS_OF.minusDays(60), 2, EL9_OLD); // 42 crashes, quiet after 7
    crash(AS_OF.minusDays(3), 1, EL9_OLD);
    Lifecycle.State s = state();
    assertThat(s.state()).isEqualTo("regressed");
    assertThat(s.reason()).contains("57 quiet days");
  }

  @Test
  void backAfterAShortGapIsOngoing() {
    daily(AS_OF.minusDays(80), AS_OF.minusDays(10), 2, EL9_OLD);
    crash(AS_OF.minusDays(3), 1, EL9_OLD); // a 7-day gap at 2 a day: quiet after 7, at the edge
    assertThat(state().state()).isEqualTo("regressed");
    crash(AS_OF.minusDays(5), 1, EL9_OLD); // gaps of 5 and 2 days
    assertThat(state().state()).isEqualTo("ongoing");
  }

  @Test
  void trendIsTheLeastSquaresSlope() {
    for (int i = 0; i < 28; i++) {
      crash(AS_OF.minusDays(27 - i), i + 1, EL9_OLD); // 1, 2, ..., 28
    }
    ClusterHistory h = new ClusterHistory("c", "t", days, releases, 1);
    assertThat(Lifecycle.trend(h, AS_OF, 28)).isCloseTo(1.0, within(1e-9));
    assertThat(Lifecycle.trend(h, AS_OF.plusDays(100), 28)).isZero();
  }

  @Test
  void titlePatternsMatchWholeTitles() {
    KnownBug b = new KnownBug("B", null, null, Pattern.compile("BUG: x.*"), List.of());
    assertThat(b.matches("any", "BUG: x in y")).isTrue();
    assertThat(b.matches("any", "WARNING: BUG: x")).isFalse();
    assertThat(b.matches("any", null)).isFalse();
  }
}
