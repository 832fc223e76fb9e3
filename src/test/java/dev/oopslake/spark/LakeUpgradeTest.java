package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.parse.CrashParser;
import dev.oopslake.parse.ParsedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lake written by the previous layout (no fault columns in {@code crashes}) gains this build's
 * columns at its next nightly: its old rows keep their values and read null in the new columns, the
 * night's rows fill them, and the derived tables count both.
 */
class LakeUpgradeTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static LakeLocation lake;
  static final List<String> ADDED =
      List.of("fault_address", "fault_access", "fault_poison", "fault_error_pointer");
  static final String OLD_FILE = "file:/archive-before/old-01/vmcore-dmesg.txt";

  @BeforeAll
  static void run() throws Exception {
    spark = SharedSpark.get();
    String dir = tmp.resolve("lake").toUri().toString().replaceAll("/$", "");
    lake = TestLakes.at(dir);
    Lake l = Lake.open(spark, lake);
    // The layout-1 lake: its crashes table without the fault columns, one crash in it.
    ParsedFile parsed =
        CrashParser.withDefaults()
            .parse(NightlyPipelineTest.CRASH.getBytes(StandardCharsets.UTF_8));
    Row row =
        CrashRows.toRow(
            OLD_FILE,
            "old-01",
            Timestamp.valueOf("2026-11-01 10:00:00"),
            parsed.reports().get(0),
            "run-layout-1");
    Dataset<Row> old =
        spark.createDataFrame(List.of(row), LakeTables.CRASH).drop(ADDED.toArray(new String[0]));
    spark
        .createDataFrame(List.of(), old.schema())
        .writeTo(l.sqlName(LakeTables.CRASHES))
        .using("iceberg")
        .tableProperty("format-version", "2")
        .tableProperty("oopslake.schema-version", "1")
        .create();
    // Its snapshot carries the run id, as every commit of an oopslake run does.
    old.writeTo(l.sqlName(LakeTables.CRASHES))
        .option("snapshot-property." + Lake.RUN_ID, "run-layout-1")
        .append();
    spark
        .createDataFrame(List.of(), LakeTables.FILE)
        .writeTo(l.sqlName(LakeTables.FILES))
        .using("iceberg")
        .tableProperty("format-version", "2")
        .tableProperty("oopslake.schema-version", "1")
        .create();
    assertThat(l.columns(LakeTables.CRASHES)).doesNotContainAnyElementsOf(ADDED);

    Path archive = tmp.resolve("archive");
    NightlyPipelineTest.write(
        archive.resolve("web-01/10.1.2.3-2026-11-20-03:14:15/vmcore-dmesg.txt"),
        NightlyPipelineTest.CRASH,
        false);
    NightlyPipeline.run(
        spark,
        NightlyOptions.builder(archive.toString(), dir)
            .maxFileBytes(1 << 20)
            .summaryTop(10)
            .location(lake)
            .build());
  }

  @Test
  void theCrashesTableGainsTheNewColumnsWhereTheContractPlacesThem() {
    Lake l = Lake.open(spark, lake);
    assertThat(l.columns(LakeTables.CRASHES)).containsExactly(LakeTables.CRASH.fieldNames());
    assertThat(l.table(LakeTables.CRASHES).properties())
        .containsEntry("oopslake.schema-version", "2");
    assertThat(l.columns(LakeTables.FILES)).containsExactly(LakeTables.FILE.fieldNames());
  }

  @Test
  void oldRowsKeepTheirValuesAndReadNullInTheNewColumns() {
    Row old =
        crashes()
            .where("file = '" + OLD_FILE + "'")
            .selectExpr("title", "run_id", "fault_address", "fault_access")
            .first();
    assertThat(old.getString(0)).startsWith("BUG: unable to handle kernel NULL pointer");
    assertThat(old.getString(1)).isEqualTo("run-layout-1");
    assertThat(old.isNullAt(2)).as("not re-read, so not decoded").isTrue();
    assertThat(old.isNullAt(3)).isTrue();
  }

  @Test
  void theNightsRowsCarryTheDecodedFault() {
    Row night =
        crashes()
            .where("file LIKE '%web-01%'")
            .selectExpr("fault_address", "fault_access", "fault_poison", "fault_error_pointer")
            .first();
    assertThat(night.getString(0)).isEqualTo("0000000000000010");
    assertThat(night.getString(1)).isEqualTo("read");
    assertThat(night.isNullAt(2)).as("0x10 is no poison value").isTrue();
    assertThat(night.isNullAt(3)).as("nor an error pointer").isTrue();
  }

  @Test
  void theDerivedTablesCountTheOldRowsAndTheNewOnes() {
    long counted =
        TestLakes.table(spark, lake, LakeTables.SUMMARY_KERNEL_MODULE)
            .selectExpr("sum(crashes)")
            .first()
            .getLong(0);
    assertThat(counted).isEqualTo(2);
    Map<String, Long> byRun =
        Map.of(
            "run-layout-1",
            crashes().where("run_id = 'run-layout-1'").count(),
            "night",
            crashes().where("run_id <> 'run-layout-1' AND primary").count());
    assertThat(byRun).containsEntry("run-layout-1", 1L).containsEntry("night", 1L);
  }

  private static Dataset<Row> crashes() {
    return TestLakes.table(spark, lake, LakeTables.CRASHES);
  }
}
