package dev.oopslake.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.archive.Codec;
import dev.oopslake.archive.Compress;
import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.spark.NightlyOptions;
import dev.oopslake.spark.NightlyPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.io.FileUtils;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An archive on a real S3 server read by the nightly pipeline through Hadoop's s3a: keys with
 * spaces, {@code %}, unicode and kdump's colons; an object deleted, and one rewritten, between the
 * listing and the read; and read tasks whose first attempt fails part-way (Spark's task retry,
 * {@code local[2,3]}). Every object ends as exactly one of crash / no_crash / rejected with a
 * reason, the counts add up, and retried tasks count nothing twice.
 */
class ObjectStoreArchiveIT {
  private static final Path WORK = ChildProcess.projectHome().resolve("target/it/archive-s3");
  private static final String BUCKET = "hostile";
  private static final String CHANGING = "changing";

  private static S3Server s3;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    // The lakes are local: left from a previous run, they would make this one incremental.
    FileUtils.deleteDirectory(WORK.toFile());
    s3 = S3Server.start(WORK.resolve("s3"));
    s3.createBucket(BUCKET);
    SparkSession.Builder b =
        SparkSession.builder()
            .appName("oopslake-it-archive")
            // Two threads, and a task may fail twice before the job does: Spark retries it.
            .master("local[2,3]")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config(
                "spark.hadoop.fs.s3a.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
            .config("spark.hadoop.fs.s3a.access.key", s3.accessKey())
            .config("spark.hadoop.fs.s3a.secret.key", s3.secretKey())
            .config("spark.hadoop.fs.s3a.impl", FaultyS3AFileSystem.class.getName());
    CatalogLakes.s3a(s3).forEach((k, v) -> b.config("spark.hadoop." + k, v));
    // The bucket CHANGING is read as a columnar reader reads: ranged GETs of 64 KiB, a new GET per
    // range, so a change between two of them reaches the reader.
    b.config("spark.hadoop.fs.s3a.bucket." + CHANGING + ".experimental.input.fadvise", "random")
        .config("spark.hadoop.fs.s3a.bucket." + CHANGING + ".readahead.range", "65536");
    spark = b.getOrCreate();
  }

  @AfterAll
  static void stop() {
    FaultyS3AFileSystem.beforeOpen(null);
    if (spark != null) {
      spark.stop();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @AfterEach
  void noHook() {
    FaultyS3AFileSystem.beforeOpen(null);
    FaultyS3AFileSystem.afterFirstRead(null);
  }

  private static NightlyPipeline.Result run(String input, String name) {
    String dir = WORK.resolve("lakes/" + name).toUri().toString().replaceAll("/$", "");
    return NightlyPipeline.run(
        spark,
        NightlyOptions.builder(input, dir)
            .maxFileBytes(1 << 20)
            .summaryTop(5)
            .partitions(3)
            .location(lake(name))
            .build());
  }

  private static final Map<String, LakeLocation> LAKES = new ConcurrentHashMap<>();

  private static LakeLocation lake(String name) {
    return LAKES.computeIfAbsent(
        name, n -> TestLakes.at(WORK.resolve("lakes/" + n).toUri().toString()));
  }

  /** A real-looking crash (a parser fixture's log), distinct per {@code seed}. */
  private static String crash(int seed) {
    try {
      String all =
          Files.readString(
              ChildProcess.projectHome()
                  .resolve("src/test/resources/parse/sleeping-in-atomic-allocator.log"));
      return all.substring(all.indexOf("\n\n") + 2).replace("pid: 812", "pid: " + (800 + seed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void hostileKeysAndObjectsChangedAfterListingAreEachAccountedFor() throws IOException {
    String t = "-2026-11-20-01:02:0";
    Map<String, byte[]> objects = new TreeMap<>();
    objects.put("keys/web 01/10.0.0.1" + t + "1/vmcore-dmesg.txt", crash(1).getBytes());
    objects.put("keys/web%/10.0.0.2" + t + "2/vmcore-dmesg.txt", crash(2).getBytes());
    objects.put("keys/web%2503/10.0.0.3" + t + "3/vmcore-dmesg.txt", crash(3).getBytes());
    objects.put(
        "keys/wéb-ü-日本/10.0.0.4" + t + "4/vmcore-dmesg.txt.gz",
        Compress.with(Codec.GZIP, crash(4).getBytes()));
    objects.put(
        "keys/quiet host/10.0.0.5" + t + "5/vmcore-dmesg.txt",
        "[    0.000000] Linux version 6.1.0 (gcc) #1 SMP\n[    1.000000] all quiet\n".getBytes());
    objects.put("keys/gone/10.0.0.6" + t + "6/vmcore-dmesg.txt", crash(6).getBytes());
    objects.put("keys/grown/10.0.0.7" + t + "7/vmcore-dmesg.txt", crash(7).getBytes());
    byte[] regrown = (crash(7) + crash(8)).getBytes();
    objects.forEach((k, v) -> s3.put(BUCKET, k, v));
    FaultyS3AFileSystem.beforeOpen(
        (path, attempt) -> {
          String key = URI.create(path.toUri().toString()).getPath().substring(1);
          if (key.startsWith("keys/gone/")) {
            s3.client().deleteObject(b -> b.bucket(BUCKET).key(key));
          } else if (key.startsWith("keys/grown/")) {
            s3.put(BUCKET, key, regrown);
          }
        });

    NightlyPipeline.Result result = run("s3a://" + BUCKET + "/keys", "keys");

    assertThat(result.listed()).as("every key listed once").isEqualTo(objects.size());
    assertThat(result.accounted()).as("counts add up: %s", result.describe()).isTrue();
    Map<String, String> byKey = new TreeMap<>();
    Map<String, String> hostByKey = new TreeMap<>();
    for (Row r :
        Lake.open(spark, lake("keys"))
            .read(LakeTables.FILES)
            .select("path", "status", "reason", "host")
            .collectAsList()) {
      URI uri = URI.create(r.getString(0));
      assertThat(uri.getScheme() + "://" + uri.getAuthority()).isEqualTo("s3a://" + BUCKET);
      String key = uri.getPath().substring(1);
      byKey.put(key, r.getString(1) + (r.isNullAt(2) ? "" : ": " + r.getString(2)));
      hostByKey.put(key, r.getString(3));
    }
    String k = "keys/";
    assertThat(byKey)
        .as("each key verbatim (URI-decoded) with its outcome")
        .containsOnlyKeys(objects.keySet())
        .containsEntry(k + "web 01/10.0.0.1" + t + "1/vmcore-dmesg.txt", "crash")
        .containsEntry(k + "web%/10.0.0.2" + t + "2/vmcore-dmesg.txt", "crash")
        .containsEntry(k + "web%2503/10.0.0.3" + t + "3/vmcore-dmesg.txt", "crash")
        .containsEntry(k + "wéb-ü-日本/10.0.0.4" + t + "4/vmcore-dmesg.txt.gz", "crash")
        .containsEntry(k + "quiet host/10.0.0.5" + t + "5/vmcore-dmesg.txt", "no_crash")
        .containsEntry(
            k + "gone/10.0.0.6" + t + "6/vmcore-dmesg.txt",
            "rejected: not found: deleted after it was listed");
    assertThat(byKey.get(k + "grown/10.0.0.7" + t + "7/vmcore-dmesg.txt"))
        .as(
            "rewritten between listing and reading: rejected under the listed size, read again next run")
        .isEqualTo(
            "rejected: changed while being read: listed "
                + crash(7).getBytes().length
                + " bytes, read "
                + regrown.length);
    assertThat(hostByKey)
        .as("host from the key, verbatim")
        .containsEntry(k + "web 01/10.0.0.1" + t + "1/vmcore-dmesg.txt", "web 01")
        .containsEntry(k + "web%/10.0.0.2" + t + "2/vmcore-dmesg.txt", "web%")
        .containsEntry(k + "web%2503/10.0.0.3" + t + "3/vmcore-dmesg.txt", "web%2503")
        .containsEntry(k + "wéb-ü-日本/10.0.0.4" + t + "4/vmcore-dmesg.txt.gz", "wéb-ü-日本");
    assertThat(result.crash()).isEqualTo(4);
    assertThat(result.noCrash()).isEqualTo(1);
    assertThat(result.rejected()).isEqualTo(2);
    assertThat(result.rejectedByReason())
        .containsOnly(Map.entry("changed while being read", 1L), Map.entry("not found", 1L));
  }

  /**
   * An object rewritten while a read task holds it open, between two of its ranged GETs: the reader
   * gets no mix of the two versions. s3a's change detection (the ETag of the first GET, sent as
   * If-Match) fails the read; the task fails and Spark runs it again, which reads the new version
   * whole and rejects it under the listed size: the next nightly reads it again.
   */
  @Test
  void anObjectRewrittenWhileBeingReadIsRejectedNotReadAsAMix() throws IOException {
    s3.createBucket(CHANGING);
    String key = "keys/web/10.0.0.9-2026-11-20-01:02:09/vmcore-dmesg.txt";
    byte[] listed = (bootNoise(7000, "a") + crash(9)).getBytes();
    byte[] replaced = (bootNoise(8000, "b") + crash(10)).getBytes();
    assertThat(listed.length).as("several ranged GETs").isGreaterThan(4 * 65536);
    s3.put(CHANGING, key, listed);
    java.util.concurrent.atomic.AtomicBoolean rewritten =
        new java.util.concurrent.atomic.AtomicBoolean();
    FaultyS3AFileSystem.afterFirstRead(
        (path, attempt) -> {
          if (rewritten.compareAndSet(false, true)) {
            s3.put(CHANGING, key, replaced);
          }
        });

    NightlyPipeline.Result result = run("s3a://" + CHANGING + "/keys", "changing");

    assertThat(rewritten).as("the object changed while it was open").isTrue();
    assertThat(result.accounted()).as("counts add up: %s", result.describe()).isTrue();
    Row file =
        Lake.open(spark, lake("changing"))
            .read(LakeTables.FILES)
            .select("status", "reason")
            .first();
    assertThat(file.getString(0) + ": " + file.getString(1))
        .isEqualTo(
            "rejected: changed while being read: listed "
                + listed.length
                + " bytes, read "
                + replaced.length);
    assertThat(result.crash()).as("nothing parsed from a mix of two versions").isZero();
  }

  /** {@code lines} lines of boot log, marked {@code mark}, before a crash. */
  private static String bootNoise(int lines, String mark) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      b.append(
          String.format(
              "[%5d.%06d] %s: usb 1-%d: new high-speed USB device%n", i / 100, i, mark, i));
    }
    return b.toString();
  }

  @Test
  void readTasksThatFailAndAreRetriedCountNothingTwice() {
    CatalogLakes.uploadGenerated(s3, BUCKET, "retry", WORK.resolve("generated"), 40);
    String input = "s3a://" + BUCKET + "/retry";
    NightlyPipeline.Result clean = run(input, "retry-clean");

    // Each read task's first attempt fails at its third file, after two files were read, parsed
    // and written to its (uncommitted) data files; Spark runs the task again.
    AtomicInteger injected = new AtomicInteger();
    Map<Integer, AtomicInteger> opensPerPartition = new ConcurrentHashMap<>();
    FaultyS3AFileSystem.beforeOpen(
        (path, attempt) -> {
          if (attempt != 0 || !path.getName().startsWith("vmcore-dmesg")) {
            return;
          }
          int partition = TaskContext.getPartitionId();
          if (opensPerPartition
                  .computeIfAbsent(partition, p -> new AtomicInteger())
                  .incrementAndGet()
              == 3) {
            injected.incrementAndGet();
            throw new IOException("injected: first attempt of read task " + partition + " fails");
          }
        });
    NightlyPipeline.Result retried = run(input, "retry-faulted");
    FaultyS3AFileSystem.beforeOpen(null);

    assertThat(injected.get())
        .as("every read task failed once and was retried")
        .isGreaterThanOrEqualTo(2)
        .isEqualTo(opensPerPartition.size());
    assertThat(retried.accounted()).isTrue();
    assertThat(
            List.of(
                retried.listed(),
                retried.crash(),
                retried.noCrash(),
                retried.rejected(),
                retried.reports()))
        .as("the run's counts = a clean run's")
        .isEqualTo(
            List.of(
                clean.listed(), clean.crash(), clean.noCrash(), clean.rejected(), clean.reports()));
    for (String table :
        List.of(
            LakeTables.FILES,
            LakeTables.CRASHES,
            LakeTables.SUMMARY_KERNEL_MODULE,
            LakeTables.SIGNATURES,
            LakeTables.CLUSTERS)) {
      assertThat(rows(lake("retry-faulted"), table))
          .as("%s: retried tasks = a clean run", table)
          .isEqualTo(rows(lake("retry-clean"), table));
    }
    assertThat(rows(lake("retry-faulted"), LakeTables.FILES)).hasSize(40);
    for (String table : List.of(LakeTables.FILES, LakeTables.CRASHES)) {
      assertThat(dataFileNames("retry-faulted", table))
          .as(
              "%s: the failed first attempts deleted what they wrote (names end -stage-attempt)",
              table)
          .isNotEmpty()
          .allMatch(n -> n.matches(".*-\\d{5}-0-1-\\d+\\..*"), "written by a second attempt");
    }
  }

  /** The names of the files in {@code table}'s data folder of the local lake {@code name}. */
  private static List<String> dataFileNames(String name, String table) {
    try (var files = Files.list(WORK.resolve("lakes/" + name + "/oopslake/" + table + "/data"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".parquet"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> rows(LakeLocation lake, String table) {
    return CatalogLakes.rows(spark, lake.catalog(), lake.namespace(), table);
  }
}
