package dev.oopslake.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.junit.jupiter.api.Test;

/**
 * The states a night merges on the driver: two nights' cells and ranking rows add up to the state
 * of all their crashes (sums, unions of host sketches, the latest crash), ranks as SQL's {@code
 * rank()}.
 */
class MergeableStatesTest {

  private static byte[] hosts(String... hosts) {
    HllSketch sketch = new HllSketch(12, TgtHllType.HLL_8);
    for (String h : hosts) {
      sketch.update(h);
    }
    return sketch.toCompactByteArray();
  }

  private static DayCell cell(
      String distro, long crashes, Instant first, Instant last, String file, String... hosts) {
    return new DayCell(
        LocalDate.parse("2026-03-01"),
        "sig-1",
        null,
        "x86_64",
        distro,
        null,
        crashes,
        new HostSketch(hosts(hosts)),
        crashes,
        0,
        1,
        first,
        last,
        new DayCell.Sample(last, file, "BUG: " + file, List.of("f")),
        Map.of("scheduling-while-atomic", crashes),
        Map.of("vmlinux", crashes),
        Map.of("module=testmod", 1L, "taint=O", crashes));
  }

  @Test
  void twoNightsCellsAddUpToTheCellOfAllTheirCrashes() {
    Instant t1 = Instant.parse("2026-03-01T01:00:00Z");
    Instant t2 = Instant.parse("2026-03-01T05:00:00Z");
    Instant t3 = Instant.parse("2026-03-01T09:00:00Z");
    DayCell first = cell(null, 2, t1, t2, "b", "h1", "h2");
    DayCell second = cell("ubuntu", 3, t2, t3, "a", "h2", "h3");

    DayCell merged = first.merge(second);

    assertThat(merged.key()).as("a null release is a key like any other").isEqualTo(first.key());
    assertThat(merged.crashes()).isEqualTo(5);
    assertThat(merged.distro()).as("the first known").isEqualTo("ubuntu");
    assertThat(HostSketch.estimate(List.of(merged.hosts()))).as("h2 once").isEqualTo(3);
    assertThat(merged.taintedOutOfTree()).isEqualTo(5);
    assertThat(merged.taintedProprietary()).isEqualTo(2);
    assertThat(merged.firstSeen()).isEqualTo(t1);
    assertThat(merged.lastSeen()).isEqualTo(t3);
    assertThat(merged.latest().file()).as("the later crash, whatever its file").isEqualTo("a");
    assertThat(merged.diagnoses()).isEqualTo(Map.of("scheduling-while-atomic", 5L));
    assertThat(merged.attributes()).isEqualTo(Map.of("module=testmod", 2L, "taint=O", 5L));
    assertThat(second.merge(first).crashes()).isEqualTo(5);
    assertThat(second.merge(first).latest()).isEqualTo(merged.latest());
  }

  private static ReleaseModuleState rm(
      String release, String module, long crashes, Map<String, Long> sigs, String... hosts) {
    return new ReleaseModuleState(release, module, crashes, hosts(hosts), sigs);
  }

  @Test
  void rankingMergesNightsThenRanksWithinEachReleaseAsSqlRank() {
    List<ReleaseModuleState> previous =
        List.of(
            rm("6.1", "vmlinux", 3, Map.of("s-b", 2L, "s-a", 1L), "h1", "h2"),
            rm("6.1", "testmod", 2, Map.of("s-c", 2L), "h3"),
            rm("5.10", "vmlinux", 1, Map.of("s-a", 1L), "h9"));
    List<ReleaseModuleState> partial =
        List.of(
            rm("6.1", "vmlinux", 1, Map.of("s-a", 1L), "h2"),
            rm("6.1", "testmod", 2, Map.of("s-d", 2L), "h4"),
            rm("6.1", "e1000e", 4, Map.of("s-e", 4L), "h5"));

    List<ReleaseModuleState.Ranked> ranked =
        ReleaseModuleState.rank(previous, partial, Map.of("s-a", "BUG: a", "s-b", "BUG: b"));

    assertThat(ranked)
        .extracting(r -> r.kernelRelease() + " " + r.module() + " #" + r.rank() + " " + r.crashes())
        .as("equal counts share a rank and the next rank skips; releases apart")
        .containsExactly(
            "5.10 vmlinux #1 1", "6.1 e1000e #1 4", "6.1 testmod #1 4", "6.1 vmlinux #1 4");
    ReleaseModuleState.Ranked vmlinux = ranked.get(3);
    assertThat(vmlinux.hosts()).as("h2 on both nights counts once").isEqualTo(2);
    assertThat(vmlinux.signatures()).isEqualTo(2);
    assertThat(vmlinux.topSignatureId())
        .as("s-a and s-b twice each: the lower id")
        .isEqualTo("s-a");
    assertThat(vmlinux.topTitle()).isEqualTo("BUG: a");
    assertThat(ranked.get(2).topSignatureId()).isEqualTo("s-c");
    assertThat(ranked.get(2).topTitle()).as("a signature without a title").isNull();

    List<ReleaseModuleState.Ranked> uneven =
        ReleaseModuleState.rank(
            List.of(),
            List.of(
                rm("6.1", "a", 5, Map.of()),
                rm("6.1", "b", 3, Map.of()),
                rm("6.1", "c", 3, Map.of()),
                rm("6.1", "d", 1, Map.of())),
            Map.of());
    assertThat(uneven).extracting(ReleaseModuleState.Ranked::rank).containsExactly(1, 2, 2, 4);
    assertThat(uneven.get(0).topSignatureId()).as("no signature").isNull();
  }
}
