package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run's counts summed from what each read task wrote, before the ingest commit. */
class NightlyTallyTest {

  private static ArchiveIngest.Written task(
      int partition, long crash, long noCrash, Map<String, Long> rejected, long truncated) {
    long r = rejected.values().stream().mapToLong(Long::longValue).sum();
    return new ArchiveIngest.Written(
        partition,
        crash + noCrash + r,
        crash,
        noCrash,
        r,
        truncated,
        2 * crash,
        rejected,
        List.of(),
        List.of(),
        dev.oopslake.signature.CrashStates.NONE);
  }

  @Test
  void theTasksCountsAddUpAndRejectionsMergeByReason() {
    NightlyPipeline.Tally t =
        NightlyPipeline.Tally.of(
            List.of(
                task(0, 3, 1, Map.of("binary data", 2L), 1),
                task(1, 0, 4, Map.of(), 0),
                task(2, 5, 0, Map.of("binary data", 1L, "gzip", 1L), 2)));

    assertThat(t.crash()).isEqualTo(8);
    assertThat(t.noCrash()).isEqualTo(5);
    assertThat(t.rejected()).isEqualTo(4);
    assertThat(t.rejectedByReason())
        .containsExactly(Map.entry("binary data", 3L), Map.entry("gzip", 1L));
    assertThat(t.truncated()).isEqualTo(3);
    assertThat(t.reports()).isEqualTo(16);
  }

  @Test
  void noTaskIsNothing() {
    assertThat(NightlyPipeline.Tally.of(List.of())).isEqualTo(NightlyPipeline.Tally.NOTHING);
  }

  @Test
  void aWrittenTaskResultSurvivesItsTripToTheDriver() {
    ArchiveIngest.Written w = task(7, 2, 3, Map.of("not found", 1L), 1);
    assertThat(ArchiveIngest.Written.fromBytes(w.toBytes())).isEqualTo(w);
  }
}
