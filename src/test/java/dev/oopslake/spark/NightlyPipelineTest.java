package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nightly pipeline on a tiny hand-made archive with the traps of real ones. */
class NightlyPipelineTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static NightlyPipeline.Result result;
  static LakeLocation lake;

  static final String CRASH =
      """
      [    0.000000] Linux version 5.14.0-362.8.1.el9_3.x86_64 (mockbuild@x86-vm-07) (gcc 11.4.1) #1 SMP PREEMPT_DYNAMIC
      [ 5021.118811] BUG: kernel NULL pointer dereference, address: 0000000000000010
      [ 5021.118902] #PF: supervisor read access in kernel mode
      [ 5021.118930] Oops: 0000 [#1] PREEMPT SMP NOPTI
      [ 5021.118955] CPU: 3 PID: 2211 Comm: kworker/3:2 Kdump: loaded Tainted: G           OE     -------  ---  5.14.0-362.8.1.el9_3.x86_64 #1
      [ 5021.118990] Hardware name: Dell Inc. PowerEdge R640/0W23H8, BIOS 2.17.1 11/15/2022
      [ 5021.119011] RIP: 0010:acme_nic_poll+0x4a/0x310 [acme_nic]
      [ 5021.119400] Call Trace:
      [ 5021.119410]  <TASK>
      [ 5021.119421]  ? __die+0x20/0x70
      [ 5021.119433]  acme_nic_poll+0x4a/0x310 [acme_nic]
      [ 5021.119450]  __napi_poll+0x2b/0x160
      [ 5021.119461]  net_rx_action+0x2a1/0x360
      [ 5021.119473]  __do_softirq+0xc7/0x2ac
      [ 5021.119488]  </TASK>
      [ 5021.119500] Modules linked in: acme_nic(OE) xfs libcrc32c sd_mod
      [ 5021.119620] Kernel panic - not syncing: Fatal exception in interrupt
      """;

  static final String CLEAN =
      """
      [    0.000000] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1
      [    0.412000] PCI: Using configuration type 1 for base access
      [    2.100000] EXT4-fs (sda1): mounted filesystem with ordered data mode
      """;

  @BeforeAll
  static void run() throws IOException {
    Path archive = tmp.resolve("archive");
    // kdump's folder names carry colons, which Hadoop's Path(String) rejects.
    write(archive.resolve("web-01/10.1.2.3-2026-11-20-03:14:15/vmcore-dmesg.txt"), CRASH, false);
    write(archive.resolve("web-02/10.1.2.4-2026-11-20-04:00:01/vmcore-dmesg.txt.gz"), CRASH, true);
    write(archive.resolve("db-01/10.1.9.9-2026-11-19-23:59:59/vmcore-dmesg.txt.gz"), CLEAN, true);
    Path broken = archive.resolve("db-02/10.1.9.8-2026-11-19-22:00:00/vmcore-dmesg.txt.gz");
    Files.createDirectories(broken.getParent());
    Files.write(broken, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2}); // gzip header, then nothing
    write(archive.resolve("db-02/10.1.9.8-2026-11-19-22:00:00/vmcore.flat"), "not a dmesg", false);
    write(archive.resolve("ground_truth.csv"), "file,bug_id\n", false);

    spark = SharedSpark.get();
    String dir = tmp.resolve("lake").toUri().toString().replaceAll("/$", "");
    lake = TestLakes.at(dir);
    result =
        NightlyPipeline.run(
            spark,
            NightlyOptions.builder(archive.toString(), dir)
                .maxFileBytes(1 << 20)
                .summaryTop(10)
                .location(lake)
                .build());
  }

  static void write(Path p, String text, boolean gzip) throws IOException {
    Files.createDirectories(p.getParent());
    try (OutputStream out =
        gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void everyListedFileEndsInExactlyOneStatus() {
    assertThat(result.listed()).as("only vmcore-dmesg files are inputs").isEqualTo(4);
    assertThat(result.crash() + result.noCrash() + result.rejected())
        .as("counts add up")
        .isEqualTo(result.listed());
    assertThat(result.crash()).isEqualTo(2);
    assertThat(result.noCrash()).isEqualTo(1);
    assertThat(result.rejected()).isEqualTo(1);
    List<Row> rows = table("files").select("path").distinct().collectAsList();
    assertThat(rows).as("each file once").hasSize(4);
  }

  @Test
  void rejectedFileCarriesItsReason() {
    Row r = table("files").where("status = 'rejected'").select("path", "reason").first();
    assertThat(r.getString(0))
        .as("full URI, colons intact")
        .contains("10.1.9.8-2026-11-19-22:00:00");
    assertThat(r.getString(1)).as("reason").isNotBlank();
  }

  @Test
  void hostAndCrashTimeComeFromThePath() {
    Row r =
        table("files")
            .where("path LIKE '%web-01%'")
            .selectExpr("host", "ip", "cast(crash_time as string)", "codec")
            .first();
    assertThat(r.getString(0)).isEqualTo("web-01");
    assertThat(r.getString(1)).isEqualTo("10.1.2.3");
    assertThat(r.getString(2)).isEqualTo("2026-11-20 03:14:15");
    assertThat(r.getString(3)).isEqualTo("plain");
  }

  @Test
  void crashesAndSummaryAgree() {
    long primaries = table("crashes").where("primary").count();
    assertThat(primaries).as("one primary report per crash file").isEqualTo(2);
    List<Row> summary = table("summary_kernel_module").orderBy("kernel_release").collectAsList();
    long summed = summary.stream().mapToLong(r -> r.getLong(r.fieldIndex("crashes"))).sum();
    assertThat(summed).as("summary counts every primary crash once").isEqualTo(primaries);
    assertThat(summary.get(0).getInt(summary.get(0).fieldIndex("rank"))).isEqualTo(1);
  }

  @Test
  void theTablesHaveTheLakeSchemas() {
    for (var table : List.of("files", "crashes")) {
      var expected = table.equals("files") ? LakeTables.FILE : LakeTables.CRASH;
      var read = table(table).schema();
      assertThat(read.fieldNames())
          .as("%s: the contract's columns in order", table)
          .containsExactly(expected.fieldNames());
      for (var f : expected.fields()) {
        assertThat(read.apply(f.name()).dataType().typeName())
            .as("%s.%s", table, f.name())
            .isEqualTo(f.dataType().typeName());
      }
    }
  }

  @Test
  void everySnapshotRecordsTheRunAndItsCounts() {
    Lake l = Lake.open(spark, lake);
    for (String table : List.of(LakeTables.FILES, LakeTables.CRASHES)) {
      var summary = l.current(table).summary();
      assertThat(summary.get(Lake.RUN_ID)).as(table).isEqualTo(result.runId());
      assertThat(summary.get("oopslake.listed")).as(table).isEqualTo("4");
      assertThat(summary.get("oopslake.rejected")).as(table).isEqualTo("1");
    }
    long crashesSnapshot = l.current(LakeTables.CRASHES).snapshotId();
    for (String table : LakeTables.DERIVED) {
      assertThat(l.current(table).summary().get(Lake.SOURCE_SNAPSHOT))
          .as("%s says which crashes snapshot it was made from", table)
          .isEqualTo(String.valueOf(crashesSnapshot));
    }
  }

  private static org.apache.spark.sql.Dataset<Row> table(String name) {
    return TestLakes.table(spark, lake, name);
  }
}
