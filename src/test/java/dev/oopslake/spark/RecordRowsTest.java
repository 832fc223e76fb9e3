package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oopslake.lake.LakeTables;
import dev.oopslake.trends.MorningRows;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Domain records bound to table columns by name. */
class RecordRowsTest {
  @Test
  void componentNamesBecomeColumnNames() {
    assertThat(RecordRows.column("ratePer1000HostDays")).isEqualTo("rate_per_1000_host_days");
    assertThat(RecordRows.column("crashes7d")).isEqualTo("crashes_7d");
    assertThat(RecordRows.column("asOf")).isEqualTo("as_of");
  }

  @Test
  void eachComponentLandsInItsColumnAsSparkWantsIt() {
    Row r =
        RecordRows.binding(MorningRows.Daily.class, LakeTables.CLUSTER_DAY)
            .toRow(new MorningRows.Daily(LocalDate.parse("2026-03-31"), "c-1", 5, 2));
    assertThat(r.get(LakeTables.CLUSTER_DAY.fieldIndex("day")))
        .isEqualTo(Date.valueOf("2026-03-31"));
    assertThat(r.get(LakeTables.CLUSTER_DAY.fieldIndex("cluster_id"))).isEqualTo("c-1");
    assertThat(r.get(LakeTables.CLUSTER_DAY.fieldIndex("crashes"))).isEqualTo(5L);
    assertThat(r.get(LakeTables.CLUSTER_DAY.fieldIndex("hosts"))).isEqualTo(2L);
  }

  record Misnamed(LocalDate day, String clusterId, long crashes, long hostCount) {}

  @Test
  void aComponentWithoutItsColumnFailsNamingBoth() {
    assertThatThrownBy(() -> RecordRows.binding(Misnamed.class, LakeTables.CLUSTER_DAY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("[hosts]")
        .hasMessageContaining("[host_count]");
  }

  @Test
  void listsBecomeArrays() {
    MorningRows.ReleaseRateRow rate =
        new MorningRows.ReleaseRateRow(
            LocalDate.parse("2026-03-31"),
            7,
            "6.6.9",
            null,
            "6.6",
            false,
            3,
            2,
            14.0,
            "crashing-hosts",
            214.0,
            44.0,
            626.0,
            0,
            0,
            0,
            List.of("c-1", "c-2"));
    Row r =
        RecordRows.binding(MorningRows.ReleaseRateRow.class, LakeTables.RELEASE_RATE).toRow(rate);
    assertThat((Object[]) r.get(LakeTables.RELEASE_RATE.fieldIndex("top_clusters")))
        .containsExactly("c-1", "c-2");
    assertThat(r.getString(LakeTables.RELEASE_RATE.fieldIndex("exposure")))
        .isEqualTo("crashing-hosts");
  }
}
