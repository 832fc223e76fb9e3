package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.trends.KnownBugs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The morning tables on a small hand-made fleet whose answers are known: five clusters, each built
 * to land in one lifecycle state, on two RHEL 9 releases that string order gets backwards.
 */
class MorningTablesTest {
  private static SparkSession spark;

  static final LocalDate AS_OF = LocalDate.parse("2026-03-31");
  static final String OLD = "5.14.0-70.13.1.el9_0.x86_64";
  static final String NEW = "5.14.0-362.8.1.el9_3.x86_64"; // newer by rpm order, older as a string

  /**
   * The columns {@link MorningTables#write} reads, as {@link MorningTables#clustered} makes them.
   */
  static final StructType CLUSTERED =
      new StructType()
          .add("file", DataTypes.StringType)
          .add("report_index", DataTypes.IntegerType)
          .add("host", DataTypes.StringType)
          .add("crash_time", DataTypes.TimestampType)
          .add("kernel_release", DataTypes.StringType)
          .add("arch", DataTypes.StringType)
          .add("distro", DataTypes.StringType)
          .add("rt", DataTypes.BooleanType)
          .add("taint", DataTypes.StringType)
          .add("hardware", DataTypes.StringType)
          .add("modules", DataTypes.createArrayType(DataTypes.StringType))
          .add("guilty_module", DataTypes.StringType)
          .add("diagnoses", DataTypes.createArrayType(DataTypes.StringType))
          .add("frames", DataTypes.createArrayType(DataTypes.StringType))
          .add("signature_id", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("cluster_id", DataTypes.StringType)
          .add("day", DataTypes.DateType);

  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    spark = SharedSpark.get();
  }

  private final List<Row> rows = new ArrayList<>();

  /** {@code n} crashes of {@code cluster} on {@code day}, spread over hosts h0..h(hosts-1). */
  private void crashes(String cluster, LocalDate day, int n, int hosts, String release) {
    for (int i = 0; i < n; i++) {
      boolean evil = cluster.equals("c-spike");
      rows.add(
          RowFactory.create(
              "file:///a/" + cluster + "/" + release + "/" + day + "/" + i,
              0,
              cluster + "-h" + (i % hosts),
              Timestamp.valueOf(day.atTime(10, i % 60)),
              release,
              release.endsWith(".aarch64") ? "aarch64" : "x86_64",
              "RHEL/CentOS",
              false,
              evil ? "OE" : "",
              evil ? "Dell R740" : "QEMU Standard PC",
              evil ? List.of("evil(OE)", "xfs") : List.of("xfs"),
              evil ? "evil" : null,
              cluster.equals("c-fixed") ? List.of("bh-lock-leak") : List.of(),
              List.of(cluster + "_fn+0x10/0x80", "do_syscall_64+0x5c/0x90"),
              "s-" + cluster,
              "BUG: " + cluster,
              cluster,
              Date.valueOf(day)));
    }
  }

  /** The fleet: each cluster made to land in one state. */
  private Dataset<Row> fleet() {
    // c-fixed: a known bug fixed in 5.14.0-362.el9, crashing on the old release all month and
    // once on the new one two days ago: regressed (release order, not time).
    for (int d = 1; d <= 31; d++) {
      crashes("c-fixed", LocalDate.of(2026, 3, d), 2, 3, OLD);
    }
    crashes("c-fixed", AS_OF.minusDays(2), 1, 1, NEW);
    // c-new: first seen three days ago.
    crashes("c-new", AS_OF.minusDays(3), 2, 2, NEW);
    // c-quiet: 20 crashes in January, none since, on a release with no newer one in the fleet.
    for (int d = 1; d <= 10; d++) {
      crashes("c-quiet", LocalDate.of(2026, 1, d), 2, 2, "6.6.8");
    }
    // c-spike: one a day for a month, then 30 today.
    for (int d = 1; d <= 30; d++) {
      crashes("c-spike", LocalDate.of(2026, 3, d), 1, 1, OLD);
    }
    crashes("c-spike", AS_OF, 30, 5, OLD);
    // c-steady: one a day since February.
    for (LocalDate d = LocalDate.of(2026, 2, 1); !d.isAfter(AS_OF); d = d.plusDays(1)) {
      crashes("c-steady", d, 1, 4, NEW);
    }
    return spark.createDataFrame(rows, CLUSTERED);
  }

  private static Lake lake(String name) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    return Lake.open(spark, TestLakes.at(dir.toUri().toString()));
  }

  private static KnownBugs bugs() throws Exception {
    Path f = tmp.resolve("known-bugs.yaml");
    Files.writeString(
        f,
        """
        known_bugs:
          - id: BUG-123
            url: https://bugs.example.com/123
            cluster: c-fixed
            fixed_in: [5.14.0-362.el9]
        """);
    return KnownBugs.load(f);
  }

  private static Map<String, Row> byCluster(Lake lake, String table) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : lake.read(table).collectAsList()) {
      m.put(r.getAs("cluster_id"), r);
    }
    return m;
  }

  @Test
  void statesWindowsRatesChangesAndCorrelations() throws Exception {
    Lake lake = lake("fleet");
    LocalDate asOf =
        MorningTables.write(
            lake, fleet(), new MorningTables.Inputs(AS_OF, null, bugs()), Map.of("k", "v"));
    assertThat(asOf).isEqualTo(AS_OF);

    Map<String, Row> state = byCluster(lake, LakeTables.CLUSTER_STATE);
    assertThat(state.get("c-fixed").<String>getAs("state"))
        .as("crashed on %s, at or after the fix 5.14.0-362.el9 of its branch", NEW)
        .isEqualTo("regressed");
    assertThat(state.get("c-fixed").<String>getAs("reason")).contains("5.14.0-362");
    assertThat(state.get("c-fixed").<String>getAs("known_bug")).isEqualTo("BUG-123");
    assertThat(state.get("c-fixed").<String>getAs("diagnosis")).isEqualTo("bh-lock-leak");
    assertThat(state.get("c-new").<String>getAs("state")).isEqualTo("new");
    assertThat(state.get("c-quiet").<String>getAs("state")).isEqualTo("quiet");
    assertThat(state.get("c-spike").<String>getAs("state")).isEqualTo("spiking");
    assertThat(state.get("c-steady").<String>getAs("state")).isEqualTo("ongoing");
    assertThat(state.get("c-spike").<Long>getAs("crashes_7d")).isEqualTo(36L);
    assertThat(state.get("c-steady").<Long>getAs("crashes_28d")).isEqualTo(28L);
    assertThat(state.get("c-steady").<Double>getAs("trend_28d"))
        .as("flat: one a day")
        .isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));

    // Windows: c-fixed 15 in the last 7 days (2 a day + 1), c-spike 36, c-steady 7, c-new 2.
    List<Row> week =
        lake.read(LakeTables.CLUSTER_WINDOWS)
            .filter("window_days = 7")
            .orderBy("rank")
            .collectAsList();
    assertThat(week)
        .extracting(r -> r.<String>getAs("cluster_id"))
        .containsExactly("c-spike", "c-fixed", "c-steady", "c-new");
    Row spike = week.get(0);
    assertThat(spike.<Long>getAs("previous_crashes")).isEqualTo(7L);
    assertThat(spike.<Integer>getAs("previous_rank")).as("behind c-fixed's 14").isEqualTo(2);
    assertThat(spike.<Integer>getAs("rank_change")).isEqualTo(1);
    assertThat(spike.<Double>getAs("pct_change"))
        .isCloseTo(100.0 * 29 / 7, org.assertj.core.data.Offset.offset(1e-9));
    Row fresh = week.get(3);
    assertThat(fresh.<Boolean>getAs("is_new")).isTrue();
    assertThat(fresh.isNullAt(fresh.fieldIndex("previous_rank"))).isTrue();
    assertThat(fresh.isNullAt(fresh.fieldIndex("pct_change"))).isTrue();

    // Rates without an inventory: crashing hosts stand in, 7 days each.
    Row oldWeek =
        lake.read(LakeTables.RELEASE_RATES)
            .filter("window_days = 7 AND kernel_release = '" + OLD + "'")
            .first();
    assertThat(oldWeek.<String>getAs("exposure")).isEqualTo("crashing-hosts");
    assertThat(oldWeek.<Long>getAs("crashes")).as("c-fixed 14 + c-spike 36").isEqualTo(50L);
    long hosts = oldWeek.<Long>getAs("hosts");
    assertThat(hosts).as("c-fixed h0..h1 (two a day), c-spike h0..h4").isEqualTo(7L);
    assertThat(oldWeek.<Double>getAs("host_days")).isEqualTo(49.0);
    assertThat(oldWeek.<Double>getAs("rate_per_1000_host_days"))
        .isCloseTo(50_000.0 / 49, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(oldWeek.<Double>getAs("rate_low"))
        .isLessThan(oldWeek.getAs("rate_per_1000_host_days"));
    assertThat(oldWeek.<Double>getAs("rate_high"))
        .isGreaterThan(oldWeek.getAs("rate_per_1000_host_days"));
    assertThat(oldWeek.<String>getAs("branch"))
        .isEqualTo(
            dev.oopslake.decode.ReleaseOrder.branch(
                dev.oopslake.decode.KernelRelease.parse(NEW).orElseThrow()));
    assertThat(oldWeek.<Long>getAs("tainted_out_of_tree")).isEqualTo(36L);

    // Release changes: NEW follows OLD in rpm order although "362" < "70" as strings.
    List<Row> changes = lake.read(LakeTables.RELEASE_CLUSTER_CHANGES).collectAsList();
    assertThat(changes)
        .allSatisfy(
            r -> {
              assertThat(r.<String>getAs("kernel_release")).isEqualTo(NEW);
              assertThat(r.<String>getAs("previous_release")).isEqualTo(OLD);
            });
    assertThat(changes)
        .extracting(r -> r.<String>getAs("change") + " " + r.<String>getAs("cluster_id"))
        .containsExactlyInAnyOrder("appeared c-new", "appeared c-steady", "disappeared c-spike");

    // Correlations: the evil module, its taint and its hardware are all of c-spike's crashes.
    List<Row> corr =
        lake.read(LakeTables.CLUSTER_CORRELATIONS).filter("cluster_id = 'c-spike'").collectAsList();
    assertThat(corr)
        .extracting(r -> r.<String>getAs("attribute") + "=" + r.<String>getAs("value"))
        .contains("module=evil", "taint=O", "taint=E", "hardware=Dell R740")
        .as("%s", corr)
        .doesNotContain("module=xfs");
    Row evil = corr.stream().filter(r -> "evil".equals(r.getAs("value"))).findFirst().orElseThrow();
    assertThat(evil.<Double>getAs("cluster_share")).isEqualTo(1.0);
    assertThat(evil.<Double>getAs("ratio")).isGreaterThan(1.5);
  }

  @Test
  void aClusterWithoutADatedCrashIsUndatedAndTheOthersKeepTheirStates() throws Exception {
    fleet();
    // A folder named without a date and a log without wall-clock time: no crash_time, no day.
    for (int i = 0; i < 3; i++) {
      Object[] v = new Object[CLUSTERED.size()];
      for (int j = 0; j < v.length; j++) {
        v[j] = rows.get(0).get(j);
      }
      v[0] = "file:///a/undated/" + i;
      v[3] = null;
      v[14] = "s-c-undated";
      v[15] = "BUG: c-undated";
      v[16] = "c-undated";
      v[17] = null;
      rows.add(RowFactory.create(v));
    }
    Lake lake = lake("undated");
    MorningTables.write(
        lake,
        spark.createDataFrame(rows, CLUSTERED),
        new MorningTables.Inputs(AS_OF, null, bugs()),
        Map.of("k", "v"));

    Map<String, Row> state = byCluster(lake, LakeTables.CLUSTER_STATE);
    Row undated = state.get("c-undated");
    assertThat(undated.<String>getAs("state")).isEqualTo("undated");
    assertThat(undated.<Long>getAs("crashes")).isEqualTo(3L);
    assertThat(undated.<Long>getAs("crashes_28d")).isZero();
    assertThat(state.get("c-steady").<String>getAs("state")).isEqualTo("ongoing");
    assertThat(state.get("c-new").<String>getAs("state")).isEqualTo("new");
  }

  @Test
  void inventoryGivesHostDaysAndReleasesWithoutCrashes() throws Exception {
    Path inv = tmp.resolve("inventory.csv");
    StringBuilder csv = new StringBuilder("host,kernel_release,day\n");
    // 100 hosts on OLD and 10 on an idle release, every day of the last week.
    for (int d = 0; d < 7; d++) {
      for (int h = 0; h < 100; h++) {
        csv.append("n")
            .append(h)
            .append(',')
            .append(OLD)
            .append(',')
            .append(AS_OF.minusDays(d))
            .append('\n');
      }
      for (int h = 0; h < 10; h++) {
        csv.append("i").append(h).append(",6.1.55,").append(AS_OF.minusDays(d)).append('\n');
      }
    }
    Files.writeString(inv, csv);
    Lake lake = lake("inventory");
    MorningTables.write(
        lake, fleet(), new MorningTables.Inputs(AS_OF, inv.toString(), KnownBugs.NONE), Map.of());
    Map<String, Row> week = new HashMap<>();
    for (Row r : lake.read(LakeTables.RELEASE_RATES).filter("window_days = 7").collectAsList()) {
      week.put(r.getAs("kernel_release"), r);
    }
    assertThat(week.get(OLD).<String>getAs("exposure")).isEqualTo("inventory");
    assertThat(week.get(OLD).<Double>getAs("host_days")).isEqualTo(700.0);
    assertThat(week.get(OLD).<Double>getAs("rate_per_1000_host_days"))
        .isCloseTo(50 * 1000.0 / 700, org.assertj.core.data.Offset.offset(1e-9));
    Row idle = week.get("6.1.55");
    assertThat(idle.<Long>getAs("crashes")).isZero();
    assertThat(idle.<Double>getAs("rate_low")).isZero();
    assertThat(idle.<Double>getAs("rate_high"))
        .as("k = 0: 3.689 per 70 host-days")
        .isCloseTo(3.689 * 1000 / 70, org.assertj.core.data.Offset.offset(0.1));
  }

  @Test
  void inventoryWithoutItsColumnsIsAConfigurationError() throws Exception {
    Path inv = tmp.resolve("bad-inventory.csv");
    Files.writeString(inv, "hostname,release\nx,y\n");
    Lake lake = lake("bad-inventory");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                MorningTables.write(
                    lake,
                    fleet(),
                    new MorningTables.Inputs(AS_OF, inv.toString(), KnownBugs.NONE),
                    Map.of()))
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("has no column 'host'");
  }

  @Test
  void theDayReportedOnIsTheLatestCrashDayNotAfterToday() {
    crashes("c-new", AS_OF, 1, 1, NEW);
    // A host whose clock runs days ahead moves nothing.
    crashes("c-new", LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3), 9, 1, NEW);
    List<dev.oopslake.trends.DayCell> cells =
        dev.oopslake.spark.support.CrashCounts.count(
                spark
                    .createDataFrame(rows, CLUSTERED)
                    .withColumn("primary", org.apache.spark.sql.functions.lit(true)))
            .cells();
    assertThat(MorningTables.latestDay(cells)).isEqualTo(AS_OF);
  }
}
