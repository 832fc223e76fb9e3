package dev.oopslake.spark.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.archive.Codec;
import dev.oopslake.archive.Compress;
import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.spark.NightlyOptions;
import dev.oopslake.spark.NightlyPipeline;
import dev.oopslake.spark.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly runs over the same lake: a second run adds nothing, a new file is picked up, a run killed
 * before its commit leaves tables equal to one clean run, and --since/--rebuild re-process on
 * purpose. Every file stays accounted for exactly once in the {@code files} view.
 */
class IncrementalRunTest {
  @TempDir static Path tmp;
  static SparkSession spark;

  static final String CRASH =
      """
      [    0.000000] Linux version 5.14.0-362.8.1.el9_3.x86_64 (mockbuild@x86-vm-07) (gcc 11.4.1) #1 SMP PREEMPT_DYNAMIC
      [ 5021.118811] BUG: kernel NULL pointer dereference, address: 0000000000000010
      [ 5021.118930] Oops: 0000 [#1] PREEMPT SMP NOPTI
      [ 5021.118955] CPU: 3 PID: 2211 Comm: kworker/3:2 Kdump: loaded Tainted: G           OE     -------  ---  5.14.0-362.8.1.el9_3.x86_64 #1
      [ 5021.119011] RIP: 0010:acme_nic_poll+0x4a/0x310 [acme_nic]
      [ 5021.119400] Call Trace:
      [ 5021.119410]  <TASK>
      [ 5021.119433]  acme_nic_poll+0x4a/0x310 [acme_nic]
      [ 5021.119450]  __napi_poll+0x2b/0x160
      [ 5021.119461]  net_rx_action+0x2a1/0x360
      [ 5021.119488]  </TASK>
      [ 5021.119500] Modules linked in: acme_nic(OE) xfs libcrc32c sd_mod
      [ 5021.119620] Kernel panic - not syncing: Fatal exception in interrupt
      """;

  static final String CLEAN =
      """
      [    0.000000] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1
      [    2.100000] EXT4-fs (sda1): mounted filesystem with ordered data mode
      """;

  @BeforeAll
  static void session() {
    spark = SharedSpark.get();
  }

  /** An archive of one file per codec under host folders, plus a broken one. */
  static Path archive(String name) throws IOException {
    Path root = tmp.resolve(name);
    Codec[] codecs = {Codec.PLAIN, Codec.GZIP, Codec.XZ, Codec.ZSTD, Codec.BZIP2, Codec.LZ4};
    String[] ext = {"", ".gz", ".xz", ".zst", ".bz2", ".lz4"};
    for (int i = 0; i < codecs.length; i++) {
      String text = i % 2 == 0 ? CRASH : CLEAN;
      put(
          root,
          String.format(
              "host-%d/10.0.0.%d-2026-11-0%d-01:02:03/vmcore-dmesg.txt%s", i, i, i + 1, ext[i]),
          Compress.with(codecs[i], text.getBytes(StandardCharsets.UTF_8)),
          1_700_000_000_000L);
    }
    put(
        root,
        "host-9/10.0.0.9-2026-11-09-01:02:03/vmcore-dmesg.txt.xz",
        new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4},
        1_700_000_000_000L);
    return root;
  }

  static void put(Path root, String relative, byte[] bytes, long mtime) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    Files.setLastModifiedTime(p, FileTime.fromMillis(mtime));
  }

  static NightlyOptions options(
      Path archive, String lake, String manifest, Instant since, boolean rebuild) {
    return NightlyOptions.builder(archive.toString(), lake)
        .maxFileBytes(1 << 20)
        .summaryTop(10)
        .manifest(manifest, ManifestListing.INVENTORY_CSV_SCHEMA)
        .window(since, null)
        .rebuild(rebuild)
        .location(LAKES.computeIfAbsent(lake, TestLakes::at))
        .build();
  }

  /** One catalog per lake folder, kept across the runs of a test. */
  static final java.util.Map<String, LakeLocation> LAKES =
      new java.util.concurrent.ConcurrentHashMap<>();

  static org.apache.spark.sql.Dataset<Row> table(String lake, String table) {
    return TestLakes.table(spark, LAKES.computeIfAbsent(lake, TestLakes::at), table);
  }

  static NightlyPipeline.Result run(Path archive, String lake) {
    return NightlyPipeline.run(spark, options(archive, lake, null, null, false));
  }

  static String lake(String name) {
    return tmp.resolve(name).toUri().toString().replaceAll("/$", "");
  }

  /** (path, status, codec, reports) of the files view, sorted: what a reader sees. */
  static List<String> filesView(String lake) {
    return table(lake, LakeTables.FILES)
        .selectExpr(
            "concat_ws(' ', path, status, coalesce(codec, '-'), reports, coalesce(reason, '-'))")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()
        .stream()
        .sorted()
        .toList();
  }

  static long crashesView(String lake) {
    return table(lake, LakeTables.CRASHES).count();
  }

  @Test
  void aSecondRunAddsNothingAndANewFileIsPickedUp() throws IOException {
    Path archive = archive("a1");
    String lake = lake("lake1");

    NightlyPipeline.Result first = run(archive, lake);
    List<String> afterFirst = filesView(lake);
    NightlyPipeline.Result second = run(archive, lake);

    assertThat(first.listed()).as("every vmcore-dmesg file listed").isEqualTo(7);
    assertThat(first.crash() + first.noCrash() + first.rejected())
        .as("all read the first time")
        .isEqualTo(7);
    assertThat(afterFirst)
        .as("each codec detected by content")
        .anyMatch(s -> s.contains(" xz "))
        .anyMatch(s -> s.contains(" zstd "))
        .anyMatch(s -> s.contains(" bzip2 "))
        .anyMatch(s -> s.contains(" lz4 "))
        .anyMatch(s -> s.contains(" gzip "))
        .anyMatch(s -> s.contains(" plain "));
    assertThat(afterFirst)
        .as("the broken xz is rejected with its reason")
        .anyMatch(s -> s.contains("rejected xz 0 xz: "));
    assertThat(second.skipped()).as("second run: everything already ingested").isEqualTo(7);
    assertThat(second.crash() + second.noCrash() + second.rejected())
        .as("second run reads nothing")
        .isZero();
    assertThat(filesView(lake)).as("tables unchanged by the second run").isEqualTo(afterFirst);

    put(
        archive,
        "host-7/10.0.0.7-2026-11-20-05:06:07/vmcore-dmesg.txt.gz",
        Compress.with(Codec.GZIP, CRASH.getBytes(StandardCharsets.UTF_8)),
        1_700_000_100_000L);
    NightlyPipeline.Result third = run(archive, lake);

    assertThat(third.crash() + third.noCrash() + third.rejected())
        .as("only the new file is read")
        .isEqualTo(1);
    assertThat(third.crash()).isEqualTo(1);
    assertThat(filesView(lake))
        .as("one row per file, the new one added")
        .hasSize(8)
        .containsAll(afterFirst);
    Lake l = Lake.open(spark, LAKES.get(lake));
    assertThat(l.table(LakeTables.FILES).snapshots())
        .as("two ingest commits: the run with nothing new committed nothing")
        .hasSize(2);
  }

  @Test
  void aRunKilledBetweenItsTwoCommitsIsFinishedByTheNextRun() throws IOException {
    Path archive = archive("a2");
    String clean = lake("clean");
    String lake = lake("killed");
    run(archive, lake);
    put(
        archive,
        "host-7/10.0.0.7-2026-11-20-05:06:07/vmcore-dmesg.txt",
        CRASH.getBytes(StandardCharsets.UTF_8),
        1_700_000_100_000L);
    run(archive, clean);
    NightlyPipeline.Result killed = run(archive, lake);
    // Killed after the files commit, before the crashes commit: crashes one run behind.
    Table crashes = Lake.open(spark, LAKES.get(lake)).table(LakeTables.CRASHES);
    crashes.manageSnapshots().rollbackTo(crashes.currentSnapshot().parentId()).commit();
    // ...and a task's data file of a run killed even earlier, which no snapshot names.
    Path data = Path.of(java.net.URI.create(crashes.location() + "/data"));
    Files.writeString(data.resolve("20200101T000000000Z0000-00000-0-0-00000.zstd.parquet"), "half");
    assertThat(crashesView(lake))
        .as("crashes behind files: the killed run's crash rows are not visible")
        .isLessThan(crashesView(clean));

    NightlyPipeline.Result rerun = run(archive, lake);

    assertThat(killed.crash()).isEqualTo(1);
    assertThat(rerun.skipped()).as("the killed run's files count as ingested").isEqualTo(8);
    assertThat(filesView(lake)).as("same files table as one clean run").isEqualTo(filesView(clean));
    assertThat(crashesView(lake))
        .as("the pending crashes commit made once: same crashes, no duplicates")
        .isEqualTo(crashesView(clean))
        .isPositive();
    assertThat(table(lake, LakeTables.SUMMARY_KERNEL_MODULE).selectExpr("sum(crashes)").first())
        .as("summary counts each primary crash once")
        .isEqualTo(
            table(clean, LakeTables.SUMMARY_KERNEL_MODULE).selectExpr("sum(crashes)").first());
  }

  @Test
  void sinceReprocessesAWindowAndRebuildStartsOver() throws IOException {
    Path archive = archive("a3");
    String lake = lake("lake3");
    run(archive, lake);
    put(
        archive,
        "host-8/10.0.0.8-2026-11-21-01:02:03/vmcore-dmesg.txt",
        CRASH.getBytes(StandardCharsets.UTF_8),
        1_800_000_000_000L);
    List<String> before = filesView(lake);

    NightlyPipeline.Result window =
        NightlyPipeline.run(
            spark, options(archive, lake, null, Instant.ofEpochMilli(1_750_000_000_000L), false));

    assertThat(window.kind()).isEqualTo("window");
    assertThat(window.listed()).as("only the file modified in the window").isEqualTo(1);
    assertThat(filesView(lake)).as("one row per path").hasSize(8).containsAll(before);

    NightlyPipeline.Result again =
        NightlyPipeline.run(
            spark, options(archive, lake, null, Instant.ofEpochMilli(1_750_000_000_000L), false));
    assertThat(again.crash()).as("a window re-reads even what was ingested").isEqualTo(1);
    assertThat(filesView(lake)).as("the newer row supersedes, still one per path").hasSize(8);

    NightlyPipeline.Result rebuild =
        NightlyPipeline.run(spark, options(archive, lake, null, null, true));
    assertThat(rebuild.skipped()).isZero();
    assertThat(rebuild.crash() + rebuild.noCrash() + rebuild.rejected()).isEqualTo(8);
    assertThat(filesView(lake)).hasSize(8);
    assertThat(table(lake, LakeTables.FILES).count())
        .as("after a rebuild only its rows are visible")
        .isEqualTo(8);
    assertThat(
            new TreeSet<>(
                table(lake, LakeTables.CRASHES)
                    .select("run_id")
                    .distinct()
                    .as(org.apache.spark.sql.Encoders.STRING())
                    .collectAsList()))
        .containsExactly(rebuild.runId());
  }

  @Test
  void aManifestReplacesTheListing() throws IOException {
    Path archive = archive("a4");
    String root = archive.toUri().getPath().replaceAll("/$", "");
    // S3 Inventory CSV: no header, fileSchema order, keys URL-encoded (colons as %3A).
    String key1 = (root + "/host-1/10.0.0.1-2026-11-02-01:02:03/vmcore-dmesg.txt.gz").substring(1);
    String key2 = (root + "/host-2/10.0.0.2-2026-11-03-01:02:03/vmcore-dmesg.txt.xz").substring(1);
    String csv =
        String.join(
            "\n",
            "\"\",\""
                + java.net.URLEncoder.encode(key1, StandardCharsets.UTF_8)
                + "\",\""
                + Files.size(
                    archive.resolve("host-1/10.0.0.1-2026-11-02-01:02:03/vmcore-dmesg.txt.gz"))
                + "\",\"2023-11-14T22:13:20.000Z\"",
            "\"\",\"" + java.net.URLEncoder.encode(key2, StandardCharsets.UTF_8) + "\",,",
            "\"\",\""
                + java.net.URLEncoder.encode("elsewhere/vmcore-dmesg.txt", StandardCharsets.UTF_8)
                + "\",1,",
            "");
    Path manifest = tmp.resolve("inventory.csv.gz");
    Files.write(manifest, Compress.with(Codec.GZIP, csv.getBytes(StandardCharsets.UTF_8)));
    String lake = lake("lake4");

    NightlyPipeline.Result r =
        NightlyPipeline.run(spark, options(archive, lake, manifest.toString(), null, false));

    assertThat(r.listed())
        .as("the two keys under the input; the other prefix is not ours")
        .isEqualTo(2);
    assertThat(filesView(lake))
        .as("decoded keys, colons and all, read like listed files")
        .hasSize(2)
        .allMatch(s -> s.contains("-01:02:03/vmcore-dmesg.txt"))
        .anyMatch(s -> s.contains(" gzip "))
        .anyMatch(s -> s.contains(" xz "));

    NightlyPipeline.Result listed = run(archive, lake);
    assertThat(listed.skipped())
        .as("a later listing-based run sees the manifest's files as ingested (same path keys)")
        .isEqualTo(2);
  }

  @Test
  void anEmptyArchiveCommitsEmptyTablesThatReadersCanRead() throws IOException {
    Path archive = tmp.resolve("empty-archive");
    Files.createDirectories(archive.resolve("2026-11-20"));
    String lake = lake("lake-empty");

    NightlyPipeline.Result first = run(archive, lake);
    NightlyPipeline.Result second = run(archive, lake);

    assertThat(first.listed()).isZero();
    assertThat(second.listed()).isZero();
    assertThat(filesView(lake)).as("the tables exist and are empty").isEmpty();
    assertThat(crashesView(lake)).isZero();
  }
}
