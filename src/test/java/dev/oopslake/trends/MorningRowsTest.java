package dev.oopslake.trends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.ReleaseOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.junit.jupiter.api.Test;

/** The morning report's counting over cells, without Spark. */
class MorningRowsTest {
  static final LocalDate AS_OF = LocalDate.parse("2026-03-31");

  /** A cell of {@code crashes} crashes of {@code cluster} on {@code day} from {@code hosts}. */
  static DayCell cell(
      String cluster, LocalDate day, String release, String arch, long crashes, String... hosts) {
    HllSketch sketch = new HllSketch(12, TgtHllType.HLL_8);
    for (String h : hosts) {
      sketch.update(h);
    }
    Instant t = day == null ? null : day.atTime(10, 0).toInstant(ZoneOffset.UTC);
    return new DayCell(
        day,
        cluster,
        release,
        arch,
        null,
        null,
        crashes,
        new HostSketch(sketch.toCompactByteArray()),
        0,
        0,
        0,
        t,
        t,
        new DayCell.Sample(t, "file:///" + cluster + "/" + day, "BUG: " + cluster, List.of()),
        Map.of(),
        Map.of("vmlinux", crashes),
        Map.of());
  }

  @Test
  void releaseChangesFollowEachArchitectureOnItsOwn() {
    // Ubuntu names no arch in the release: the same string on amd64 and arm64 is two builds.
    String[][] crashes = {
      {"5.15.0-91-generic", "x86_64", "c-a"},
      {"5.15.0-91-generic", "aarch64", "c-arm"},
      {"5.15.0-92-generic", "x86_64", "c-a"},
      {"5.15.0-92-generic", "x86_64", "c-b"},
      {"5.15.0-92-generic", "aarch64", "c-arm"},
      {"5.14.0-70.13.1.el9_0.x86_64", "x86_64", "c-r"},
      {"5.14.0-362.8.1.el9_3.aarch64", "aarch64", "c-r-arm"},
    };
    List<DayCell> cells = new ArrayList<>();
    for (String[] c : crashes) {
      cells.add(cell(c[2], AS_OF, c[0], c[1], 1, "h"));
    }
    List<String> changes =
        new MorningRows(cells, AS_OF)
            .releaseChanges().stream()
                .map(
                    r ->
                        r.branch()
                            + ": "
                            + r.previousRelease()
                            + " -> "
                            + r.kernelRelease()
                            + " "
                            + r.change()
                            + " "
                            + r.clusterId())
                .toList();
    String branch = ReleaseOrder.branch(KernelRelease.parse("5.15.0-92-generic").orElseThrow());
    // Only -91 -> -92 on x86_64 changes; the arm64 builds carry the same cluster, and the RHEL
    // arm64 build has no earlier arm64 build to be compared with (x86_64 is not its predecessor).
    assertThat(changes)
        .containsExactly(branch + " x86_64: 5.15.0-91-generic -> 5.15.0-92-generic appeared c-b");
  }

  @Test
  void equalCountsShareARankAndTheNextRankSkips() {
    List<DayCell> cells =
        List.of(
            cell("a", AS_OF, "6.6.8", "x86_64", 5, "h1"),
            cell("b", AS_OF, "6.6.8", "x86_64", 5, "h2"),
            cell("c", AS_OF, "6.6.8", "x86_64", 2, "h3"));
    List<MorningRows.Window> week =
        new MorningRows(cells, AS_OF).windows().stream().filter(w -> w.windowDays() == 7).toList();
    assertThat(week)
        .extracting(w -> w.clusterId() + "=" + w.rank())
        .containsExactly("a=1", "b=1", "c=3");
  }

  @Test
  void aHostCrashingOnManyDaysAndReleasesCountsOnce() {
    List<DayCell> cells =
        List.of(
            cell("a", AS_OF, "6.6.8", "x86_64", 3, "h1", "h2"),
            cell("a", AS_OF.minusDays(1), "6.6.9", "x86_64", 2, "h1"),
            cell("a", AS_OF.minusDays(40), "6.6.9", "x86_64", 1, "h1", "h3"));
    MorningRows report = new MorningRows(cells, AS_OF);
    MorningRows.ClusterState a = report.states(report.fleetFromCrashes(), KnownBugs.NONE).get(0);
    assertThat(a.crashes()).isEqualTo(6);
    assertThat(a.hosts()).as("h1, h2, h3").isEqualTo(3);
    assertThat(a.crashes7d()).isEqualTo(5);
    assertThat(a.kernelReleases()).containsExactly("6.6.8", "6.6.9");
    assertThat(a.title()).isEqualTo("BUG: a");
    assertThat(a.sampleFile()).as("the latest crash").endsWith(AS_OF.toString());
    MorningRows.Window week =
        report.windows().stream().filter(w -> w.windowDays() == 7).findFirst().orElseThrow();
    assertThat(week.hosts()).as("h1 on two days and releases, h2").isEqualTo(2);
    assertThat(week.isNew()).as("first seen 40 days ago").isFalse();
  }

  @Test
  void cellsAfterTheDayReportedOnDoNotCount() {
    List<DayCell> cells =
        List.of(
            cell("a", AS_OF, "6.6.8", "x86_64", 1, "h1"),
            cell("a", AS_OF.plusDays(1), "6.6.8", "x86_64", 9, "h1"),
            cell("b", null, null, null, 4, "h9"));
    MorningRows report = new MorningRows(cells, AS_OF);
    assertThat(report.daily()).extracting(MorningRows.Daily::crashes).containsExactly(1L);
    assertThat(report.states(report.fleetFromCrashes(), KnownBugs.NONE))
        .extracting(s -> s.clusterId() + " " + s.state() + " " + s.crashes())
        .containsExactlyInAnyOrder("a new 1", "b undated 4");
  }
}
