package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** What a nightly prints after its run, ranked on the driver from the tables' rows. */
class NightlyPrintoutTest {

  private static Row summary(String release, String module, long crashes) {
    return RowFactory.create(release, module, 1, crashes, crashes, 1L, "title " + module);
  }

  @Test
  void theSummaryLeadsWithTheMostCrashesThenReleaseAndModule() {
    List<Row> top =
        NightlyJob.topSummary(
            List.of(
                summary("5.14.0", "xfs", 3),
                summary("6.1.0", "vmlinux", 40),
                summary("5.14.0", "gizmo", 3),
                summary("4.18.0", "zzz", 3),
                summary("6.1.0", "ixgbe", 7)),
            4);
    assertThat(top)
        .extracting(r -> r.getString(0) + "/" + r.getString(1))
        .containsExactly("6.1.0/vmlinux", "6.1.0/ixgbe", "4.18.0/zzz", "5.14.0/gizmo");
  }

  private static Row state(String state, String cluster, long crashes7d) {
    return RowFactory.create(
        Date.valueOf("2025-06-29"), state, cluster, crashes7d, "t " + cluster, "r");
  }

  @Test
  void theMorningCountsStatesAndListsRegressedThenSpikingThenNew() {
    List<Row> states =
        List.of(
            state("ongoing", "c1", 50),
            state("new", "c2", 9),
            state("spiking", "c3", 4),
            state("ongoing", "c4", 2),
            state("regressed", "c5", 1),
            state("new", "c6", 12),
            state("quiet", "c7", 0));
    assertThat(NightlyJob.stateCounts(states))
        .isEqualTo("Clusters as of 2025-06-29: 2 new, 2 ongoing, 1 quiet, 1 regressed, 1 spiking");
    assertThat(NightlyJob.needsALook(states))
        .extracting(r -> r.getString(1))
        .containsExactly("c5", "c3", "c6", "c2");
    assertThat(NightlyJob.needsALook(states).get(0).size()).isEqualTo(5);
    assertThat(NightlyJob.stateCounts(List.of())).isNull();
  }
}
