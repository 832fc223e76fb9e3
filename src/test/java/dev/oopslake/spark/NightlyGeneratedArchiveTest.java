package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.generate.ArchiveGenerator;
import dev.oopslake.generate.GeneratorOptions;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.lake.TestLakes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nightly job on a generated archive, checked against the generator's ground truth. */
class NightlyGeneratedArchiveTest {
  static final String SEED_000 = "seed000-rmmod-testmod-sched-atomic";
  static final String SEED_002 = "seed002-ktimersoftd-rt-timerfd-sched-atomic";

  @TempDir static Path tmp;
  static SparkSession spark;
  static NightlyPipeline.Result result;
  static LakeLocation lake;
  static Map<String, String> truth = new HashMap<>();

  @BeforeAll
  static void run() throws IOException {
    Path archive = tmp.resolve("archive");
    ArchiveGenerator.generate(archive, new GeneratorOptions(400, 11L, 0.5, 2));
    for (String line :
        Files.readAllLines(archive.resolve(ArchiveGenerator.GROUND_TRUTH)).subList(1, 401)) {
      int comma = line.lastIndexOf(',');
      truth.put(line.substring(0, comma), line.substring(comma + 1));
    }
    spark = SharedSpark.get();
    String dir = tmp.resolve("lake").toUri().toString().replaceAll("/$", "");
    lake = TestLakes.at(dir);
    result =
        NightlyPipeline.run(
            spark,
            NightlyOptions.builder(archive.toString(), dir)
                .maxFileBytes(64 << 20)
                .summaryTop(10)
                .location(lake)
                .build());
  }

  /** The archive-relative path of a file URI (ground truth's key). */
  static String relative(String uri) {
    int i = uri.indexOf("/archive/");
    return uri.substring(i + "/archive/".length());
  }

  @Test
  void everyFileOnceAndCountsAddUp() {
    assertThat(result.listed()).as("all generated files listed").isEqualTo(truth.size());
    assertThat(result.crash() + result.noCrash() + result.rejected()).isEqualTo(result.listed());
    List<Row> files =
        TestLakes.table(spark, lake, "files").select("path", "status").collectAsList();
    assertThat(files).hasSize(truth.size());
    assertThat(files.stream().map(r -> relative(r.getString(0))).distinct().count())
        .as("each file exactly once, by the path ground truth uses")
        .isEqualTo(truth.size());
  }

  @Test
  void crashFilesAreTheOnesWithABug() {
    List<Row> files =
        TestLakes.table(spark, lake, "files").select("path", "status").collectAsList();
    long agree =
        files.stream()
            .filter(
                r ->
                    truth.get(relative(r.getString(0))).isEmpty()
                        == !"crash".equals(r.getString(1)))
            .count();
    assertThat(agree)
        .as("crash / no crash agrees with the generator's truth")
        .isEqualTo(truth.size());
  }

  @Test
  void crashRowsMatchFileRows() {
    long reports = TestLakes.table(spark, lake, "crashes").count();
    assertThat(reports).as("one crash row per report counted in files").isEqualTo(result.reports());
    long primaries = TestLakes.table(spark, lake, "crashes").where("primary").count();
    assertThat(primaries).as("one primary per crash file").isEqualTo(result.crash());
  }

  @Test
  void seedCasesRankWhereTheyShould() {
    long seed000 = truth.values().stream().filter(SEED_000::equals).count();
    long seed002 = truth.values().stream().filter(SEED_002::equals).count();
    assertThat(seed000).as("archive holds seed 000 crashes").isPositive();
    assertThat(seed002).as("archive holds seed 002 crashes").isPositive();

    Row s000 = summaryRow("3.10.0-514.21.1.el7.x86_64", "testmod");
    assertThat(s000.getLong(s000.fieldIndex("crashes")))
        .as("every seed-000 crash counted under RHEL 7 / testmod")
        .isEqualTo(seed000);
    assertThat(s000.getString(s000.fieldIndex("top_title")))
        .isEqualTo("BUG: scheduling while atomic in TestMode_ServerExit");
    assertRankConsistent("3.10.0-514.21.1.el7.x86_64", s000);

    Row s002 = summaryRow("4.19.90-25.2.rt.2101.gfb01.ky10.aarch64", "vmlinux");
    assertThat(s002.getLong(s002.fieldIndex("crashes")))
        .as("seed-002 crashes counted under the RT Kylin release, core kernel")
        .isGreaterThanOrEqualTo(seed002);
    assertRankConsistent("4.19.90-25.2.rt.2101.gfb01.ky10.aarch64", s002);
  }

  private static Row summaryRow(String release, String module) {
    List<Row> rows =
        TestLakes.table(spark, lake, "summary_kernel_module")
            .where("kernel_release = '" + release + "' AND module = '" + module + "'")
            .collectAsList();
    assertThat(rows).as("summary row for %s / %s", release, module).hasSize(1);
    return rows.get(0);
  }

  /** rank = 1 + the number of modules of the same release with strictly more crashes. */
  private static void assertRankConsistent(String release, Row row) {
    long more =
        TestLakes.table(spark, lake, "summary_kernel_module")
            .where(
                "kernel_release = '"
                    + release
                    + "' AND crashes > "
                    + row.getLong(row.fieldIndex("crashes")))
            .count();
    assertThat(row.getInt(row.fieldIndex("rank")))
        .as("rank within %s", release)
        .isEqualTo(1 + more);
  }
}
