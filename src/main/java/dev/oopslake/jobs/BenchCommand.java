package dev.oopslake.jobs;

import dev.oopslake.generate.ArchiveGenerator;
import dev.oopslake.generate.GenerationResult;
import dev.oopslake.generate.GeneratorOptions;
import dev.oopslake.spark.NightlyOptions;
import dev.oopslake.spark.NightlyPipeline;
import dev.oopslake.spark.Sessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code oopslake bench --files N}: generates an archive of N kdump files (about half gzipped),
 * then times in the same run (1) the physical floor — the same files read and decompressed by plain
 * {@code cat}/{@code zcat} processes, one per core, through {@code xargs -P} — and (2) the nightly
 * ingest of the archive on embedded Spark, session start-up included. Prints files/s, MB/s, peak
 * heap, and last the ingest/floor throughput ratio.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Times the nightly ingest against cat/zcat on a generated archive.")
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--files", required = true, description = "Number of vmcore-dmesg files.")
  int files;

  @Option(
      names = "--dir",
      defaultValue = "target/bench",
      description = "Work folder: archive/ and lake/ go here (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--seed", defaultValue = "1", description = "Generator seed.")
  long seed;

  @Option(
      names = "--reuse",
      description = "Keep an archive generated earlier with the same --files and --seed.")
  boolean reuse;

  @Option(names = "--cores", description = "Floor processes (default: the machine's cores).")
  Integer cores;

  @Option(names = "--partitions", description = "Read tasks for the ingest (0 = automatic).")
  int partitions;

  @Option(
      names = "--live-heap-every",
      defaultValue = "0",
      description =
          "Seconds between extra full collections that measure the live heap during phases too (0 ="
              + " only at phase ends; each costs a pause).")
  int liveHeapEvery;

  private static final String MARKER = "bench-archive.properties";

  @Override
  public Integer call() throws Exception {
    if (files < 1) {
      throw new UserError("--files must be positive, was " + files);
    }
    int procs = cores == null ? Runtime.getRuntime().availableProcessors() : cores;
    if (procs < 1) {
      throw new UserError("--cores must be positive, was " + procs);
    }
    Path archive = dir.toAbsolutePath().resolve("archive");
    Path lake = dir.toAbsolutePath().resolve("lake");
    long uncompressed = prepare(archive);
    double mb = uncompressed / 1e6;
    say(
        String.format(
            Locale.ROOT, "archive: %d files, %.1f MB uncompressed, %s", files, mb, archive));

    double floor = floor(archive, procs);
    say(rates("floor (cat/zcat, xargs -P " + procs + ")", floor, mb));

    deleteTree(lake);
    System.gc();
    say(classDataSharing());
    HeapSampler heap = new HeapSampler(liveHeapEvery);
    heap.start();
    long start = System.nanoTime();
    long startCpu = NightlyPipeline.processCpuNanos();
    dev.oopslake.lake.LakeLocation location =
        dev.oopslake.lake.LakeLocation.embedded(lake.toUri().toString().replaceAll("/$", ""));
    SparkSession spark = Sessions.getOrCreate("oopslake-bench", location.sparkConf());
    double startUp = (System.nanoTime() - start) / 1e9;
    double startUpCpu = (NightlyPipeline.processCpuNanos() - startCpu) / 1e9;
    NightlyPipeline.Result result;
    java.util.Map<String, Long> liveAtEnd = new java.util.LinkedHashMap<>();
    long[] measuring = {0};
    double nightly;
    NightlyPipeline.Result nothingNew;
    NightlyPipeline.Result onePercent;
    NightlyOptions options =
        NightlyOptions.builder(archive.toString(), lake.toString())
            .partitions(partitions)
            .location(location)
            .build();
    Path increment = archive.resolve("increment");
    try {
      result =
          NightlyPipeline.run(
              spark,
              options,
              phase -> {
                long t = System.nanoTime();
                liveAtEnd.put(phase.name(), HeapSampler.liveAfterFullGc());
                measuring[0] += System.nanoTime() - t;
              });
      // Without the heap measurement's own pauses (full GCs and a settle), which no phase includes.
      nightly = (System.nanoTime() - start - measuring[0]) / 1e9;
      heap.stopSampling();
      // What a nightly costs once the lake holds the archive: nothing new, then 1% new files.
      nothingNew = NightlyPipeline.run(spark, options);
      deleteTree(increment);
      ArchiveGenerator.generate(
          increment, GeneratorOptions.of(Math.max(1, files / 100)).withSeed(seed + 1));
      onePercent = NightlyPipeline.run(spark, options);
    } finally {
      spark.stop();
      deleteTree(increment);
    }
    say(result.describe());
    say(
        String.format(
            Locale.ROOT,
            "  %-26s %7.1f s wall %7.1f s CPU",
            "spark start-up",
            startUp,
            startUpCpu));
    for (NightlyPipeline.Phase p : result.phases()) {
      say(
          String.format(
              Locale.ROOT,
              "  %-26s %7.1f s wall %7.1f s CPU   live heap at its end %4d MB",
              p.name(),
              p.seconds(),
              p.cpuSeconds(),
              liveAtEnd.getOrDefault(p.name(), 0L) >> 20));
    }
    long driverLive = liveAtEnd.values().stream().mapToLong(Long::longValue).max().orElse(0);
    // The ingest: start-up, list, read, parse, write files and crashes, commit. The derived tables
    // (summaries, signatures, clusters) are rebuilt after it and timed apart.
    double ingest = startUp + result.ingestSeconds();
    say(rates("ingest (embedded Spark, start-up to commit)", ingest, mb));
    say(rates("whole nightly (ingest + summaries, signatures, clusters)", nightly, mb));
    say(
        String.format(
            Locale.ROOT,
            "peak heap (driver and executors share one JVM in local mode, -Xmx %d MB): %d MB used,"
                + " %d MB after any GC%s",
            Runtime.getRuntime().maxMemory() >> 20,
            heap.peakUsed >> 20,
            heap.peakAfterGc >> 20,
            liveHeapEvery > 0
                ? String.format(
                    Locale.ROOT,
                    ", %d MB live (full GC every %d s)",
                    heap.peakLive >> 20,
                    liveHeapEvery)
                : ""));
    say(
        String.format(
            Locale.ROOT,
            "driver retained heap: %d MB (the most live heap after a full GC at any phase end, when"
                + " no task holds data)",
            driverLive >> 20));
    if (result.crash() + result.noCrash() + result.rejected() != files) {
      throw new IllegalStateException(
          "ingest accounted for "
              + (result.crash() + result.noCrash() + result.rejected())
              + " of "
              + files
              + " files");
    }
    say(nothingNew.describe());
    say(onePercent.describe());
    System.out.printf(
        Locale.ROOT,
        "incremental nightly: 1%% new files %.1f s = %.2f of the full run (%.1f s); nothing new %.1f"
            + " s = %.2f%n",
        onePercent.seconds(),
        onePercent.seconds() / result.seconds(),
        result.seconds(),
        nothingNew.seconds(),
        nothingNew.seconds() / result.seconds());
    System.out.printf(Locale.ROOT, "whole nightly/floor throughput ratio: %.2f%n", floor / nightly);
    System.out.printf(Locale.ROOT, "ingest/floor throughput ratio: %.2f%n", floor / ingest);
    return 0;
  }

  /**
   * Whether this JVM maps Spark's classes from a class-data archive (jobs/lib.sh), which decides
   * half of the start-up: a first run after a build writes the archive and starts slower.
   */
  private static String classDataSharing() {
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    if (args.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile="))) {
      return "class-data archive: in use (start-up as in every nightly run after the first)";
    }
    if (args.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="))) {
      return "class-data archive: written by this run (a first run's start-up; run again to see"
          + " the nightly's)";
    }
    return "class-data archive: off";
  }

  /** Generates the archive (or reuses it) and returns its uncompressed size. */
  private long prepare(Path archive) throws IOException {
    Path marker = archive.resolve(MARKER);
    if (reuse && Files.isRegularFile(marker)) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(marker)) {
        p.load(in);
      }
      if (p.getProperty("files").equals(String.valueOf(files))
          && p.getProperty("seed").equals(String.valueOf(seed))) {
        return Long.parseLong(p.getProperty("uncompressed"));
      }
    }
    deleteTree(archive);
    long start = System.nanoTime();
    GenerationResult g =
        ArchiveGenerator.generate(archive, GeneratorOptions.of(files).withSeed(seed));
    say(
        String.format(
            Locale.ROOT,
            "generated %d files (%d gzipped, %.1f MB on disk) in %.1f s",
            g.files(),
            g.gzipFiles(),
            g.writtenBytes() / 1e6,
            (System.nanoTime() - start) / 1e9));
    Properties p = new Properties();
    p.setProperty("files", String.valueOf(files));
    p.setProperty("seed", String.valueOf(seed));
    p.setProperty("uncompressed", String.valueOf(g.uncompressedBytes()));
    try (OutputStream out = Files.newOutputStream(marker)) {
      p.store(out, "oopslake bench archive");
    }
    return g.uncompressedBytes();
  }

  /** Seconds for plain processes to read and decompress every file, one process per core. */
  private static double floor(Path archive, int procs) throws IOException, InterruptedException {
    String script =
        "find . -type f -name 'vmcore-dmesg*.gz' -print0 | xargs -0 -P "
            + procs
            + " -n 256 zcat > /dev/null && "
            + "find . -type f -name 'vmcore-dmesg*' ! -name '*.gz' -print0 | xargs -0 -P "
            + procs
            + " -n 256 cat > /dev/null";
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder("bash", "-c", script)
            .directory(archive.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("floor command failed: " + script);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private String rates(String what, double seconds, double mb) {
    return String.format(
        Locale.ROOT,
        "%s: %.1f s, %.0f files/s, %.1f MB/s",
        what,
        seconds,
        files / seconds,
        mb / seconds);
  }

  private static void say(String line) {
    System.out.println(line);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Heap peaks of the run: the highest use sampled every 50 ms (depends on when the collector
   * runs), and the highest use right after any collection (young or full) — the data the JVM really
   * held, which is what must stay flat as the archive grows.
   */
  static final class HeapSampler extends Thread {
    private static final List<MemoryPoolMXBean> POOLS =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    private final List<javax.management.NotificationEmitter> emitters = new java.util.ArrayList<>();
    private final javax.management.NotificationListener afterGc = this::onGc;
    private volatile boolean running = true;
    private final long liveEveryNanos;
    volatile long peakUsed;
    volatile long peakAfterGc;
    volatile long peakLive;

    HeapSampler(int liveEverySeconds) {
      super("bench-heap-sampler");
      this.liveEveryNanos = liveEverySeconds * 1_000_000_000L;
      setDaemon(true);
      for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof javax.management.NotificationEmitter emitter) {
          emitter.addNotificationListener(afterGc, null, null);
          emitters.add(emitter);
        }
      }
    }

    private void onGc(javax.management.Notification n, Object handback) {
      if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
          .equals(n.getType())) {
        return;
      }
      var info =
          com.sun.management.GarbageCollectionNotificationInfo.from(
              (javax.management.openmbean.CompositeData) n.getUserData());
      long live = 0;
      for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        if (POOLS.stream().anyMatch(p -> p.getName().equals(e.getKey()))) {
          live += e.getValue().getUsed();
        }
      }
      peakAfterGc = Math.max(peakAfterGc, live);
    }

    @Override
    public void run() {
      long nextLive = System.nanoTime() + liveEveryNanos;
      while (running) {
        peakUsed = Math.max(peakUsed, used());
        if (liveEveryNanos > 0 && System.nanoTime() >= nextLive) {
          // A full collection leaves only what is reachable: the run's real footprint.
          System.gc();
          peakLive = Math.max(peakLive, used());
          nextLive = System.nanoTime() + liveEveryNanos;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /**
     * Heap in use right after a full collection: what is still reachable. Spark frees broadcast and
     * shuffle blocks of finished queries from its cleaner thread once a collection has found them
     * unreachable, so a second collection after a short pause measures what is really retained.
     */
    static long liveAfterFullGc() {
      System.gc();
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.gc();
      return used();
    }

    private static long used() {
      long used = 0;
      for (MemoryPoolMXBean pool : POOLS) {
        used += pool.getUsage().getUsed();
      }
      return used;
    }

    void stopSampling() {
      running = false;
      interrupt();
      for (var emitter : emitters) {
        try {
          emitter.removeNotificationListener(afterGc);
        } catch (javax.management.ListenerNotFoundException e) {
          // already gone
        }
      }
    }
  }
}
