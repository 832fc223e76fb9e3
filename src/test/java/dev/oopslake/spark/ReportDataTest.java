package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.report.MorningReport;
import dev.oopslake.report.Overview;
import dev.oopslake.report.ReportPage;
import dev.oopslake.report.TopCluster;
import dev.oopslake.report.Trends;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The morning tables of hand-made lakes, read into the report with known answers. */
class ReportDataTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static Lake full;
  static Lake before;

  @BeforeAll
  static void lakes() {
    spark = SharedSpark.get();
    full = Lake.open(spark, TestLakes.at(tmp.resolve("full").toUri().toString()));
    ReportLakes.withMorningTables(full);
    before = Lake.open(spark, TestLakes.at(tmp.resolve("before").toUri().toString()));
    ReportLakes.beforeMorning(before);
  }

  static MorningReport read(Lake lake, int window) {
    return ReportData.read(lake, ReportData.Options.window(window, null), Instant.EPOCH);
  }

  @Test
  void theTopClustersCarryRankMovesStatesAndKnownBugs() {
    MorningReport r = read(full, 7);
    assertThat(r.asOf()).as("the tables' latest as_of").isEqualTo(ReportLakes.AS_OF);
    List<TopCluster> top = r.topClusters().value();
    assertThat(top).extracting(TopCluster::clusterId).containsExactly("cA", "cB", "cC");
    assertThat(top).extracting(TopCluster::rankMove).containsExactly("▲2", "new", "▼2");
    assertThat(top).extracting(TopCluster::state).containsExactly("spiking", "new", "regressed");
    assertThat(top.get(0).crashes())
        .as("the 7-day window's crashes, not the 28-day's")
        .isEqualTo(30);
    assertThat(top.get(0).correlations()).hasSize(1);
    assertThat(top.get(0).sampleFrames())
        .containsExactly("nvme_poll+0x1c/0x40", "irq_exit+0x5c/0xe0");
    assertThat(top.get(2).knownBug().status(top.get(2).hosts()))
        .isEqualTo("known: BUG-7, fixed in 6.1.0-17 \u2014 still seen on 2 hosts");
    assertThat(r.knownBugOrder())
        .extracting(TopCluster::clusterId)
        .containsExactly("cA", "cB", "cC");
  }

  @Test
  void theOverviewCountsPrimaryCrashingHostsInTheWindow() {
    Overview o = read(full, 7).overview().value();
    assertThat(o)
        .as("h1 and h2 crashed in the last 7 days; h3 the day before, h4 only a secondary report")
        .isEqualTo(new Overview(47, 2, 3, 1, 1, 1));
  }

  @Test
  void trendsCoverTwentyEightDaysOfTheTopClustersWithZeros() {
    Trends t = read(full, 7).trends().value();
    assertThat(t.days()).hasSize(28);
    assertThat(t.days().get(27)).isEqualTo(ReportLakes.AS_OF);
    assertThat(t.series()).extracting(Trends.Series::clusterId).containsExactly("cA", "cB", "cC");
    assertThat(t.series().get(0).crashes().subList(26, 28)).containsExactly(20L, 10L);
    assertThat(t.series().get(2).crashes().stream().mapToLong(Long::longValue).sum())
        .as("cC's crash 30 days ago is outside the chart")
        .isEqualTo(5);
  }

  @Test
  void ratesChangesAndHeatMapComeFromTheirTables() {
    MorningReport r = read(full, 7);
    assertThat(r.releaseRates().value())
        .extracting(x -> x.release())
        .containsExactly("6.1.0-18-amd64", "5.14.0-362.8.1.el9_3");
    assertThat(r.ratesFromCrashingHosts()).isTrue();
    assertThat(r.changes().value().spiking()).extracting(s -> s.clusterId()).containsExactly("cA");
    assertThat(r.changes().value().regressed().get(0).knownBugStatus())
        .isEqualTo("known: BUG-7, fixed in 6.1.0-17 \u2014 still seen on 2 hosts");
    assertThat(r.changes().value().releaseChanges()).hasSize(1);
    assertThat(r.heatMap().value().releases())
        .as("the releases with most crashes, grouped by branch")
        .containsExactlyInAnyOrder("6.1.0-18-amd64", "5.14.0-362.8.1.el9_3");
    assertThat(r.heatMap().value().cells()).hasSize(3);
  }

  @Test
  void heatMapRowsFollowEachDistrosReleaseOrderNotStrings() {
    assertThat(
            ReportData.inReleaseOrder(
                List.of(
                    "5.14.0-70.13.1.el9_0.x86_64",
                    "not a release",
                    "5.14.0-362.8.1.el9_3.x86_64",
                    "5.14.0-284.11.1.el9_2.x86_64")))
        .containsExactly(
            "5.14.0-70.13.1.el9_0.x86_64",
            "5.14.0-284.11.1.el9_2.x86_64",
            "5.14.0-362.8.1.el9_3.x86_64",
            "not a release");
  }

  @Test
  void theTwentyEightDayWindowIsItsOwnRanking() {
    MorningReport r = read(full, 28);
    assertThat(r.topClusters().value()).extracting(TopCluster::crashes).containsExactly(90L);
    assertThat(r.releaseRates().value()).hasSize(1);
  }

  @Test
  void aWindowOrDayTheTablesDoNotHoldIsAnErrorSayingWhatTheyHold() {
    assertThatThrownBy(() -> read(full, 14))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("no 14-day window")
        .hasMessageContaining("7 days as of 2026-12-04");
    assertThatThrownBy(
            () ->
                ReportData.read(
                    full,
                    ReportData.Options.window(7, ReportLakes.AS_OF.minusDays(1)),
                    Instant.EPOCH))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("as of 2026-12-03");
  }

  @Test
  void aLakeFromBeforeTheMorningStepGivesAPageThatNamesTheMissingTables() {
    MorningReport r = read(before, 7);
    assertThat(r.overview().missingTables()).containsExactly("cluster_windows", "cluster_state");
    assertThat(r.topClusters().isMissing()).isTrue();
    assertThat(r.trends().missingTables()).containsExactly("cluster_daily");
    assertThat(r.changes().missingTables()).containsExactly("cluster_state");
    assertThat(r.releaseRates().missingTables()).containsExactly("release_rates");
    assertThat(r.heatMap().isMissing())
        .as("summary_kernel_module predates the morning step")
        .isFalse();
    String html = ReportPage.render(r);
    assertThat(html)
        .contains("Table release_rates is missing from this lake")
        .contains("run the nightly");
  }
}
