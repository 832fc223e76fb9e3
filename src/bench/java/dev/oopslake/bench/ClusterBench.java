package dev.oopslake.bench;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.hll_sketch_agg;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;

import dev.oopslake.signature.BCubed;
import dev.oopslake.spark.signatures.CrashRowFixtures;
import dev.oopslake.spark.signatures.SignatureStage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.io.FileUtils;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Plain-timed benchmark of the signature stage (not a unit test; run by {@code
 * jobs/bench-clusters}): synthesizes {@code crashes} rows directly — families of similar stacks,
 * one family per bug, ~10 signatures per bug (entry paths × an inlined frame), some bugs sharing
 * {@code kfree} on top — then times, in the same JVM and session, (1) the baseline: the
 * exact-signature groupBy alone, read to write, and (2) {@link SignatureStage#run} on a fresh lake
 * (every signature new: the worst night). Prints time and peak heap per size, a ratio line, and the
 * B-cubed F1 of clusters vs exact signatures against the synthetic bug ids.
 */
public final class ClusterBench {

  /** The crashes columns plus the synthetic bug id the score is computed against. */
  static final StructType SCHEMA =
      CrashRowFixtures.SCHEMA.add("bench_bug_id", DataTypes.StringType);

  private static final String[] CLASSES = {
    "null-ptr-deref", "paging-request", "general-protection", "warning", "bug-on", "list-corruption"
  };
  private static final int ENTRY_CHAINS = 30;
  private static final String[] ENTRY_VERBS = {
    "write", "read", "ioctl", "openat", "close", "mmap", "sendmsg", "recvmsg", "poll", "fsync"
  };

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (String a : args.length == 0 ? new String[] {"100000", "1000000"} : args) {
      sizes.add(Integer.parseInt(a.replace("_", "")));
    }
    Path root = Path.of("target", "bench-clusters").toAbsolutePath();
    SparkSession spark =
        SparkSession.builder()
            .master("local[*]")
            .appName("bench-clusters")
            .config("spark.ui.enabled", "false")
            // 2 cores: a few big partitions beat 200 tiny ones.
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    // The stage logs each step's time at INFO.
    org.apache.logging.log4j.core.config.Configurator.setLevel(
        "dev.oopslake", org.apache.logging.log4j.Level.INFO);
    List<String> summary = new ArrayList<>();
    try {
      // A nightly run's JVM is warm from ingest; warm this one the same way, untimed.
      Path warm = root.resolve("lake-warmup");
      FileUtils.deleteDirectory(warm.toFile());
      Files.createDirectories(warm);
      synthesize(spark, 20_000, warm.resolve("crashes").toUri().toString());
      baseline(spark, warm);
      SignatureStage.run(
          icebergLake(spark, warm),
          spark.read().parquet(warm.resolve("crashes").toString()),
          java.util.Map.of(),
          Instant.parse("2026-11-20T00:00:00Z"),
          dev.oopslake.signature.ClusteringParams.DEFAULTS);
      System.out.println("warm-up done (20,000 rows, untimed)");
      for (int rows : sizes) {
        Path lake = root.resolve("lake-" + rows);
        FileUtils.deleteDirectory(lake.toFile());
        Files.createDirectories(lake);
        long g0 = System.nanoTime();
        synthesize(spark, rows, lake.resolve("crashes").toUri().toString());
        long distinct =
            spark
                .read()
                .parquet(lake.resolve("crashes").toString())
                .select("signature_id")
                .distinct()
                .count();
        System.out.printf(
            Locale.ROOT,
            "rows %,d: synthesized %,d distinct signatures in %.1f s (not timed below)%n",
            rows,
            distinct,
            (System.nanoTime() - g0) / 1e9);

        System.gc();
        resetPeaks();
        long b0 = System.nanoTime();
        baseline(spark, lake);
        double baseline = (System.nanoTime() - b0) / 1e9;
        long baselinePeak = peakHeap();

        System.gc();
        resetPeaks();
        long c0 = System.nanoTime();
        SignatureStage.Result r =
            SignatureStage.run(
                icebergLake(spark, lake),
                spark.read().parquet(lake.resolve("crashes").toString()),
                java.util.Map.of(),
                Instant.parse("2026-11-21T00:00:00Z"),
                dev.oopslake.signature.ClusteringParams.DEFAULTS);
        double clustering = (System.nanoTime() - c0) / 1e9;
        long clusteringPeak = peakHeap();

        System.gc();
        resetPeaks();
        long i0 = System.nanoTime();
        SignatureStage.Result again =
            SignatureStage.run(
                icebergLake(spark, lake),
                spark.read().parquet(lake.resolve("crashes").toString()),
                java.util.Map.of(),
                Instant.parse("2026-11-22T00:00:00Z"),
                dev.oopslake.signature.ClusteringParams.DEFAULTS);
        double incremental = (System.nanoTime() - i0) / 1e9;

        BCubed.Score[] scores = score(spark, lake);
        String line =
            String.format(
                Locale.ROOT,
                "rows %,9d | signatures %,7d | clusters %,6d | baseline groupBy %6.1f s, peak heap %,5d MB"
                    + " | clustering (first night) %6.1f s, peak heap %,5d MB | rerun (no new) %5.1f s"
                    + " | ratio clustering/baseline %.2f | B-cubed F1 cluster %.4f vs signature %.4f"
                    + " | load avg %s",
                rows,
                r.signatures(),
                r.clusters(),
                baseline,
                baselinePeak >> 20,
                clustering,
                clusteringPeak >> 20,
                incremental,
                clustering / baseline,
                scores[0].f1(),
                scores[1].f1(),
                loadAverage());
        System.out.println(line);
        if (again.newSignatures() != 0) {
          throw new IllegalStateException("rerun found new signatures: " + again);
        }
        summary.add(line);
      }
    } finally {
      spark.stop();
    }
    System.out.println(
        "---- summary ("
            + Runtime.getRuntime().availableProcessors()
            + " cores, -Xmx "
            + (Runtime.getRuntime().maxMemory() >> 20)
            + " MB)");
    summary.forEach(System.out::println);
  }

  /**
   * The exact-signature groupBy alone, read to write: the signatures table without clustering (the
   * same per-signature aggregates the stage computes), so the ratio is what clustering adds.
   */
  private static void baseline(SparkSession spark, Path lake) {
    spark
        .read()
        .parquet(lake.resolve("crashes").toString())
        .groupBy("signature_id")
        .agg(
            first("class").as("class"),
            first("signature_frames").as("frames"),
            min_by(col("title"), col("file")).as("title"),
            count(lit(1)).as("crashes"),
            hll_sketch_estimate(hll_sketch_agg(col("host"), 12)).as("hosts"),
            min("crash_time").as("first_seen"),
            max("crash_time").as("last_seen"),
            array_sort(collect_set("kernel_release")).as("kernel_releases"),
            collect_set("guilty_module").as("modules"),
            min("file").as("example_file"))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(lake.resolve("baseline_groupby").toString());
  }

  /** B-cubed of cluster_id and signature_id against the synthetic bug ids, per crash. */
  private static BCubed.Score[] score(SparkSession spark, Path lake) {
    BCubed byCluster = new BCubed();
    BCubed bySignature = new BCubed();
    for (Row r :
        spark
            .read()
            .parquet(lake.resolve("crashes").toString())
            .groupBy("signature_id", "bench_bug_id")
            .count()
            .join(
                spark
                    .read()
                    .parquet(lake.resolve("signatures").toString())
                    .select("signature_id", "cluster_id"),
                "signature_id")
            .collectAsList()) {
      byCluster.add(r.getAs("cluster_id"), r.getAs("bench_bug_id"), r.<Long>getAs("count"));
      bySignature.add(r.getAs("signature_id"), r.getAs("bench_bug_id"), r.<Long>getAs("count"));
    }
    return new BCubed.Score[] {byCluster.score(), bySignature.score()};
  }

  private static void synthesize(SparkSession spark, int rows, String out) {
    int bugs = Math.max(10, rows / 80);
    spark
        .range(0, rows, 1, 8)
        .mapPartitions(
            (MapPartitionsFunction<Long, Row>) ids -> new Synth(ids, bugs), Encoders.row(SCHEMA))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(out);
  }

  /** Row i of the synthetic fleet. Deterministic in i. */
  static final class Synth implements Iterator<Row> {
    private final Iterator<Long> ids;
    private final int bugs;

    Synth(Iterator<Long> ids, int bugs) {
      this.ids = ids;
      this.bugs = bugs;
    }

    @Override
    public boolean hasNext() {
      return ids.hasNext();
    }

    @Override
    public Row next() {
      long i = ids.next();
      long h = mix(i);
      double u = (h >>> 11) * 0x1.0p-53;
      int bug = (int) Math.min(bugs - 1, Math.floor(bugs * u * u)); // skewed: a few bugs dominate
      int variant = (int) ((mix(h) >>> 1) % 10);
      List<String> stack = new ArrayList<>(8);
      String mod = "mod" + (bug % 700);
      if (bug % 7 == 0) {
        stack.add("kfree"); // distinct bugs that all reach kfree
      }
      stack.add("bug" + bug + "_fault [" + mod + "]");
      if (variant >= 5) {
        stack.add("bug" + bug + "_inlined [" + mod + "]"); // an inlining difference
      }
      stack.add("bug" + bug + "_caller [" + mod + "]");
      stack.add("bug" + bug + "_op [" + mod + "]");
      int chain = (bug * 3 + variant % 5) % ENTRY_CHAINS; // five entry paths per bug
      String verb = ENTRY_VERBS[chain % ENTRY_VERBS.length];
      stack.add("vfs_" + verb + (chain / ENTRY_VERBS.length == 0 ? "" : "_" + chain));
      stack.add("ksys_" + verb);
      stack.add("sys_" + verb);
      String crashClass = CLASSES[bug % CLASSES.length];
      Row base =
          CrashRowFixtures.crash(
              "s3a://fleet/host" + (h >>> 40) % 20000 + "/10.1.2.3-" + i + "/vmcore-dmesg.txt",
              "host" + (h >>> 40) % 20000,
              Instant.ofEpochSecond(1_767_225_600L + i * 3),
              crashClass,
              stack,
              "5.10.0-" + (h >>> 20) % 20);
      Object[] values = new Object[SCHEMA.size()];
      for (int k = 0; k < base.size(); k++) {
        Object v = base.get(k);
        // The row encoder of mapPartitions wants Scala sequences for array columns.
        values[k] =
            v instanceof List<?> list
                ? scala.jdk.javaapi.CollectionConverters.asScala(list).toSeq()
                : v;
      }
      values[base.size()] = "bug" + bug;
      return RowFactory.create(values);
    }
  }

  /** The machine is shared: the 1-minute load average puts the times in context. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "n/a";
    }
  }

  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Highest used heap seen by a 10 ms sampler since the last reset (driver = executor here). */
  private static final java.util.concurrent.atomic.AtomicLong PEAK =
      new java.util.concurrent.atomic.AtomicLong();

  static {
    Thread sampler =
        new Thread(
            () -> {
              var heap = ManagementFactory.getMemoryMXBean();
              while (true) {
                PEAK.accumulateAndGet(heap.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private static void resetPeaks() {
    PEAK.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
  }

  private static long peakHeap() {
    return PEAK.get();
  }

  /** The Iceberg lake the stage writes into, beside the bench's plain crashes folder. */
  private static dev.oopslake.lake.Lake icebergLake(SparkSession spark, Path dir) {
    return dev.oopslake.lake.Lake.open(
        spark,
        dev.oopslake.lake.LakeLocation.embedded(
                dir.resolve("iceberg").toUri().toString().replaceAll("/$", ""))
            .named("bench_" + dir.getFileName().toString().replace('-', '_')));
  }
}
