package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.parse.CrashParser;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lake written by layout 1 (no fault columns in {@code crashes}, no parser generation in {@code
 * files}) gains this build's columns at its next nightly: its old rows keep their values and read
 * null in the new columns, the night's rows fill them, and {@code --reread-older} then reads the
 * old files again so their rows catch up.
 */
class LakeUpgradeTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static LakeLocation lake;
  static String dir;
  static Path archive;
  static final List<String> CRASH_ADDED =
      List.of("fault_address", "fault_access", "fault_poison", "fault_error_pointer");
  static NightlyPipeline.Result upgrade;
  static Row oldRowAfterUpgrade;
  static NightlyPipeline.Result reread;
  static java.util.Map<String, String> rereadSummary;

  @BeforeAll
  static void run() throws Exception {
    spark = SharedSpark.get();
    dir = tmp.resolve("lake").toUri().toString().replaceAll("/$", "");
    lake = TestLakes.at(dir);
    archive = tmp.resolve("archive");
    NightlyPipelineTest.write(
        archive.resolve("web-02/10.1.2.4-2026-11-20-04:00:01/vmcore-dmesg.txt"),
        NightlyPipelineTest.CRASH,
        false);
    nightly(0);
    // As layout 1 left it: the columns dropped (their values go with their field ids, as if never
    // written), the layout version 1.
    Lake l = Lake.open(spark, lake);
    downgrade(l.table(LakeTables.CRASHES), CRASH_ADDED);
    downgrade(l.table(LakeTables.FILES), List.of("parser_generation"));
    assertThat(l.columns(LakeTables.CRASHES)).doesNotContainAnyElementsOf(CRASH_ADDED);

    // The next night, by this build: one new file.
    NightlyPipelineTest.write(
        archive.resolve("web-01/10.1.2.3-2026-11-21-03:14:15/vmcore-dmesg.txt"),
        NightlyPipelineTest.CRASH,
        false);
    upgrade = nightly(0);
    oldRowAfterUpgrade = crashOf("web-02");
    reread = nightly(Long.MAX_VALUE);
    rereadSummary = Lake.open(spark, lake).current(LakeTables.FILES).summary();
  }

  private static void downgrade(Table t, List<String> columns) {
    UpdateSchema drop = t.updateSchema();
    columns.forEach(drop::deleteColumn);
    drop.commit();
    t.updateProperties().set("oopslake.schema-version", "1").commit();
    // A snapshot of layout 1's time: reads as of it see no such columns.
    t.newAppend().commit();
  }

  private static NightlyPipeline.Result nightly(long rereadOlder) {
    return NightlyPipeline.run(
        spark,
        NightlyOptions.builder(archive.toString(), dir)
            .maxFileBytes(1 << 20)
            .summaryTop(10)
            .rereadOlder(rereadOlder)
            .location(lake)
            .build());
  }

  @Test
  void theTablesGainTheNewColumnsWhereTheContractPlacesThem() {
    Lake l = Lake.open(spark, lake);
    assertThat(l.columns(LakeTables.CRASHES)).containsExactly(LakeTables.CRASH.fieldNames());
    assertThat(l.columns(LakeTables.FILES)).containsExactly(LakeTables.FILE.fieldNames());
    for (String table : List.of(LakeTables.CRASHES, LakeTables.FILES)) {
      assertThat(l.table(table).properties()).containsEntry("oopslake.schema-version", "2");
    }
  }

  @Test
  void aPlainNightReadsOnlyTheNewFileAndOldRowsReadNull() {
    assertThat(upgrade.listed()).isEqualTo(2);
    assertThat(upgrade.crash()).as("only the new file is read").isEqualTo(1);
    assertThat(oldRowAfterUpgrade.isNullAt(0)).as("fault_address of a layout-1 row").isTrue();
    assertThat(oldRowAfterUpgrade.isNullAt(1)).as("its file's parser_generation").isTrue();
  }

  @Test
  void rereadingOlderFilesBringsTheirRowsUpToDateWithoutDuplicates() {
    assertThat(reread.crash()).as("only the file an older parser read").isEqualTo(1);
    assertThat(rereadSummary).containsEntry("oopslake.read_again", "1");
    assertThat(rereadSummary).containsEntry("oopslake.reread_older", "1");
    Row row = crashOf("web-02");
    assertThat(row.getString(0)).isEqualTo("0000000000000010");
    assertThat(row.getInt(1)).isEqualTo(CrashParser.GENERATION);
    long perFile = crashes().where("file LIKE '%web-01%'").count(); // read once, by this build
    assertThat(crashes().where("file LIKE '%web-02%'").count()).isEqualTo(perFile);
    assertThat(TestLakes.table(spark, lake, LakeTables.FILES).count()).isEqualTo(2);
  }

  @Test
  void theDerivedTablesCountEveryPrimaryCrashOnce() {
    long counted =
        TestLakes.table(spark, lake, LakeTables.SUMMARY_KERNEL_MODULE)
            .selectExpr("sum(crashes)")
            .first()
            .getLong(0);
    assertThat(counted).isEqualTo(2);
  }

  @Test
  void aNightWithNothingOlderReadsNothing() {
    assertThat(nightly(Long.MAX_VALUE).crash()).isZero();
  }

  /** The primary crash row of a host's file: fault_address, and its file's parser_generation. */
  private static Row crashOf(String host) {
    Dataset<Row> files = TestLakes.table(spark, lake, LakeTables.FILES).alias("f");
    return crashes()
        .alias("c")
        .where("c.primary AND c.host = '" + host + "'")
        .join(files, org.apache.spark.sql.functions.expr("c.file = f.path"))
        .selectExpr("c.fault_address", "f.parser_generation")
        .first();
  }

  private static Dataset<Row> crashes() {
    return TestLakes.table(spark, lake, LakeTables.CRASHES);
  }
}
