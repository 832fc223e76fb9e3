package dev.oopslake.bench;

import dev.oopslake.generate.ArchiveGenerator;
import dev.oopslake.generate.CorpusArchiveGenerator;
import dev.oopslake.generate.GenerationResult;
import dev.oopslake.generate.GeneratorOptions;
import dev.oopslake.spark.NightlyOptions;
import dev.oopslake.spark.NightlyPipeline;
import dev.oopslake.spark.Sessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The nightly benchmark (not a test; run by {@code jobs/bench}): builds an archive of N kdump files
 * (about half gzipped) from the generator, or with {@code --corpus DIR} from real console logs
 * after a boot log, then times in the same run (1) the physical floor — the same files read and
 * decompressed by plain {@code cat}/{@code zcat} processes, one per core, through {@code xargs -P};
 * (2) the whole nightly on embedded Spark (start-up, ingest, summaries, signatures, clusters,
 * morning tables), its phases as the pipeline reports them and its Spark jobs as a {@link
 * PhaseListener} sees them; (3) a naive Spark job over the same files ({@code wholeTextFiles}, one
 * regex for the crash line, one table and one count by title written); (4) what a user waits for in
 * a fresh JVM through {@code jobs/oopslake}: the first nightly after a build, the next night with
 * 1% new files and a {@code sql} count; (5) the nightly again in the bench's JVM with nothing new,
 * then on {@code --small-nights} nights with 1% new files each, whose median gives the ratio: one
 * night's time on two shared cores spreads by a second or two (warm: its compiled code and caches
 * help, its heap holds the full run's garbage). The last lines are the ratios: whole nightly and
 * ingest against the floor, naive job against the whole nightly.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Times the whole nightly against cat/zcat and a naive Spark job, in one run.")
public final class NightlyBench implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(new CommandLine(new NightlyBench()).execute(args));
  }

  @Option(names = "--files", required = true, description = "Number of vmcore-dmesg files.")
  int files;

  @Option(
      names = "--dir",
      defaultValue = "target/bench",
      description = "Work folder: archive/ and lake/ go here (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--corpus",
      description =
          "Real console logs (NAME.log files and expected.tsv, e.g. ../shared/corpus/syzkaller) as"
              + " the archive's templates, read where they are.")
  Path corpus;

  @Option(
      names = "--no-naive",
      description = "Skip the naive wholeTextFiles job (it takes about twice the nightly).")
  boolean noNaive;

  @Option(
      names = "--no-fresh-jvm",
      description = "Skip the first-run and query timings through jobs/oopslake.")
  boolean noFreshJvm;

  @Option(names = "--seed", defaultValue = "1", description = "Generator seed.")
  long seed;

  @Option(
      names = "--reuse",
      description = "Keep an archive generated earlier with the same --files and --seed.")
  boolean reuse;

  @Option(
      names = "--small-nights",
      defaultValue = "3",
      description =
          "Nights with 1%% new files in the bench's JVM after the full run; the ratio is their"
              + " median (default: ${DEFAULT-VALUE}).")
  int smallNights;

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
      throw new IllegalArgumentException(
          "Cannot set --files to " + files + ", the value must be positive");
    }
    int procs = cores == null ? Runtime.getRuntime().availableProcessors() : cores;
    if (procs < 1) {
      throw new IllegalArgumentException(
          "Cannot set --cores to " + procs + ", the value must be positive");
    }
    Path archive = dir.toAbsolutePath().resolve("archive");
    Path lake = dir.toAbsolutePath().resolve("lake");
    long uncompressed = prepare(archive);
    double mb = uncompressed / 1e6;
    say(
        String.format(
            Locale.ROOT,
            "archive: %d files, %.1f MB uncompressed, %s (%s)",
            files,
            mb,
            archive,
            corpus == null ? "generated" : "real logs of " + corpus));

    // The nightly reads the files right after the floor, from the page cache the floor filled:
    // a floor timed on a cold cache (a new archive, or one evicted since the last run) would
    // compare disk reads with cached ones. One untimed pass first, so both read the same cache.
    double cold = floor(archive, procs);
    double floor = floor(archive, procs);
    say(
        rates("floor (cat/zcat, xargs -P " + procs + ")", floor, mb)
            + String.format(Locale.ROOT, " (the untimed first pass: %.1f s)", cold));

    FileUtils.deleteDirectory(lake.toFile());
    System.gc();
    say(classDataSharing());
    HeapSampler heap = new HeapSampler(liveHeapEvery);
    heap.start();
    CpuClock cpu = new CpuClock();
    cpu.start();
    long start = System.nanoTime();
    long startCpu = CpuClock.processCpuNanos();
    dev.oopslake.lake.LakeLocation location =
        dev.oopslake.lake.LakeLocation.embedded(lake.toUri().toString().replaceAll("/$", ""));
    SparkSession spark = Sessions.getOrCreate("oopslake-bench", location.sparkConf());
    double startUp = (System.nanoTime() - start) / 1e9;
    double startUpCpu = (CpuClock.processCpuNanos() - startCpu) / 1e9;
    PhaseListener jobs = new PhaseListener();
    spark.sparkContext().addSparkListener(jobs);
    NightlyPipeline.Result result;
    double nightly;
    double naive = Double.NaN;
    NightlyPipeline.Result nothingNew = null;
    List<NightlyPipeline.Result> onePercent = new ArrayList<>();
    List<Long> onePercentStart = new ArrayList<>();
    String incrementalFailure = null;
    NightlyOptions options =
        NightlyOptions.builder(archive.toString(), lake.toString())
            .partitions(partitions)
            .location(location)
            .build();
    Path increment = archive.resolve("increment");
    long runStart;
    try {
      runStart = System.currentTimeMillis();
      result = NightlyPipeline.run(spark, options);
      nightly = (System.nanoTime() - start) / 1e9;
      heap.stopSampling();
      if (!noNaive) {
        naive = NaiveJob.run(spark, archive, dir.toAbsolutePath().resolve("naive"));
      }
      // What a nightly costs once the lake holds the archive: nothing new, then 1% new files of
      // the same kind. A failure here is printed, not thrown: the full run's numbers still count.
      try {
        nothingNew = NightlyPipeline.run(spark, options);
        for (int night = 1; night <= smallNights; night++) {
          generateIncrement(increment.resolve(String.valueOf(night)), night);
          onePercentStart.add(System.currentTimeMillis());
          onePercent.add(NightlyPipeline.run(spark, options));
        }
      } catch (RuntimeException e) {
        incrementalFailure = String.valueOf(e).lines().findFirst().orElse("");
      }
    } finally {
      spark.stop(); // drains the listener bus: every job's end is in
      cpu.finish();
      FileUtils.deleteDirectory(increment.toFile());
    }
    say(result.describe());
    say(
        String.format(
            Locale.ROOT,
            "  %-26s %7.1f s wall %7.1f s CPU",
            "spark start-up",
            startUp,
            startUpCpu));
    phases(result, runStart, jobs, cpu);
    if (result.crash() + result.noCrash() + result.rejected() != files) {
      throw new IllegalStateException(
          "ingest accounted for "
              + (result.crash() + result.noCrash() + result.rejected())
              + " of "
              + files
              + " files");
    }
    // The ingest: start-up, list, read, parse, write files and crashes, commit. The derived tables
    // (summaries, signatures, clusters, morning tables) follow it.
    double ingest = startUp + ingestSeconds(result);
    say(rates("ingest (embedded Spark, start-up to commit)", ingest, mb));
    say(rates("whole nightly (ingest + derived tables)", nightly, mb));
    if (!noNaive) {
      say(rates("naive Spark job (wholeTextFiles + regex, one table and a count)", naive, mb));
    }
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
    if (incrementalFailure != null) {
      say("incremental nightly FAILED: " + incrementalFailure);
    } else {
      say(nothingNew.describe());
      double[] seconds = new double[onePercent.size()];
      for (int i = 0; i < onePercent.size(); i++) {
        say(onePercent.get(i).describe());
        phases(onePercent.get(i), onePercentStart.get(i), jobs, cpu);
        seconds[i] = onePercent.get(i).seconds();
      }
      double[] sorted = seconds.clone();
      java.util.Arrays.sort(sorted);
      double median =
          sorted.length == 0
              ? Double.NaN
              : sorted.length % 2 == 1
                  ? sorted[sorted.length / 2]
                  : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      if (seconds.length == 0) {
        System.out.printf(
            Locale.ROOT,
            "incremental nightly: nothing new %.1f s = %.2f of the full run (%.1f s)%n",
            nothingNew.seconds(),
            nothingNew.seconds() / result.seconds(),
            result.seconds());
      } else {
        System.out.printf(
            Locale.ROOT,
            "incremental nightly: 1%% new files %s s, median %.1f s = %.2f of the full run (%.1f s);"
                + " nothing new %.1f s = %.2f%n",
            java.util.Arrays.stream(seconds)
                .mapToObj(x -> String.format(Locale.ROOT, "%.1f", x))
                .collect(java.util.stream.Collectors.joining(", ")),
            median,
            median / result.seconds(),
            result.seconds(),
            nothingNew.seconds(),
            nothingNew.seconds() / result.seconds());
      }
    }
    if (!noFreshJvm) {
      freshJvm(archive, increment, dir.toAbsolutePath().resolve("lake-cli"), nightly);
    }
    System.out.printf(Locale.ROOT, "ingest/floor throughput ratio: %.2f%n", floor / ingest);
    if (!noNaive) {
      System.out.printf(
          Locale.ROOT, "whole nightly speed-up over the naive job: %.2fx%n", naive / nightly);
    }
    System.out.printf(Locale.ROOT, "whole nightly/floor throughput ratio: %.2f%n", floor / nightly);
    return 0;
  }

  /**
   * Prints a run's phases in order from its start, each with its wall and CPU time and the Spark
   * jobs started in it; the time before the first phase is the run's checks (input, lake). Listener
   * events are delivered late: call it after the session has stopped.
   */
  private static void phases(
      NightlyPipeline.Result result, long runStart, PhaseListener jobs, CpuClock cpu) {
    double phaseSum = result.phases().stream().mapToDouble(NightlyPipeline.Phase::seconds).sum();
    long from = runStart + Math.round((result.seconds() - phaseSum) * 1e3);
    for (NightlyPipeline.Phase p : result.phases()) {
      long to = from + Math.round(p.seconds() * 1e3);
      PhaseListener.Jobs j = jobs.startedBetween(from, to);
      from = to;
      say(
          String.format(
              Locale.ROOT,
              "  %-26s %7.1f s wall %7.1f s CPU   %3d Spark jobs, %5.1f s in them",
              p.name(),
              p.seconds(),
              cpu.cpuSecondsBetween(to - Math.round(p.seconds() * 1e3), to),
              j.count(),
              j.seconds()));
    }
  }

  /**
   * 1% more files of the same kind as the archive, in {@code increment} (emptied first); each
   * {@code night} its own files.
   */
  private void generateIncrement(Path increment, int night) throws IOException {
    FileUtils.deleteDirectory(increment.toFile());
    GeneratorOptions more = GeneratorOptions.of(Math.max(1, files / 100)).withSeed(seed + night);
    if (corpus == null) {
      ArchiveGenerator.generate(increment, more);
    } else {
      CorpusArchiveGenerator.generate(corpus, increment, more);
    }
  }

  /**
   * What a user waits for, each in a JVM of its own through {@code jobs/oopslake} (class-data
   * archive as the build left it), as nightly cron runs it: the nightly into a fresh lake, as the
   * first run after a build; the next night with 1% new files; then a count over the lake.
   */
  private void freshJvm(Path archive, Path increment, Path lake, double inProcess)
      throws IOException, InterruptedException {
    FileUtils.deleteDirectory(lake.toFile());
    double first = cli("nightly", "--input", archive.toString(), "--lake", lake.toString());
    say(
        String.format(
            Locale.ROOT,
            "first nightly after the build (fresh JVM, jobs/oopslake nightly): %.1f s wall = %.2f"
                + " of the in-process whole nightly",
            first,
            first / inProcess));
    double next;
    try {
      generateIncrement(increment, 1);
      next = cli("nightly", "--input", archive.toString(), "--lake", lake.toString());
    } finally {
      FileUtils.deleteDirectory(increment.toFile());
    }
    say(
        String.format(
            Locale.ROOT,
            "next nightly with 1%% new files (fresh JVM, as cron runs it): %.1f s wall = %.2f of"
                + " the first",
            next,
            next / first));
    double query = cli("sql", "--lake", lake.toString(), "SELECT count(*) FROM crashes");
    say(
        String.format(
            Locale.ROOT,
            "query (fresh JVM, jobs/oopslake sql \"SELECT count(*) FROM crashes\"): %.1f s wall",
            query));
    FileUtils.deleteDirectory(lake.toFile());
  }

  /** Seconds of one {@code jobs/oopslake} command; its output is dropped, a failure throws. */
  private static double cli(String... args) throws IOException, InterruptedException {
    Path home = Path.of(System.getProperty("oopslake.home", "."));
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(home.resolve("jobs/oopslake").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    // The user's heap default, not the bench JVM's settings.
    pb.environment().remove("OOPSLAKE_JAVA_OPTS");
    long start = System.nanoTime();
    int rc = pb.start().waitFor();
    double secs = (System.nanoTime() - start) / 1e9;
    if (rc != 0 && rc != 3) {
      throw new IllegalStateException("jobs/oopslake " + String.join(" ", args) + " exited " + rc);
    }
    return secs;
  }

  /**
   * Whether this JVM maps Spark's classes from a class-data archive (jobs/lib.sh), which decides
   * half of the start-up: a first run after a build writes the archive and starts slower.
   */
  private static String classDataSharing() {
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    if (args.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile="))) {
      return "class-data archive: in use";
    }
    if (args.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="))) {
      return "class-data archive: written by this run";
    }
    return "class-data archive: off (target/oopslake.jsa missing or older than the jar, or"
        + " OOPSLAKE_CDS=off; jobs/cds-archive writes it)";
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
          && p.getProperty("seed").equals(String.valueOf(seed))
          && p.getProperty("corpus", "").equals(corpus == null ? "" : corpus.toString())) {
        return Long.parseLong(p.getProperty("uncompressed"));
      }
    }
    FileUtils.deleteDirectory(archive.toFile());
    long start = System.nanoTime();
    GeneratorOptions generator = GeneratorOptions.of(files).withSeed(seed);
    GenerationResult g =
        corpus == null
            ? ArchiveGenerator.generate(archive, generator)
            : CorpusArchiveGenerator.generate(corpus, archive, generator);
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
    p.setProperty("corpus", corpus == null ? "" : corpus.toString());
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

  /**
   * Heap peaks of the run: the highest use sampled every 50 ms (depends on when the collector
   * runs), and the highest use right after any collection (young or full) — the data the JVM really
   * held, which is what must stay flat as the archive grows.
   */
  /**
   * Seconds until the commit made {@code files} and {@code crashes} visible: the ingest proper,
   * before the derived tables are brought up to date.
   */
  static double ingestSeconds(NightlyPipeline.Result result) {
    double sum = 0;
    for (NightlyPipeline.Phase p : result.phases()) {
      sum += p.seconds();
      if (p.name().equals(NightlyPipeline.COMMIT_PHASE)) {
        break;
      }
    }
    return sum;
  }

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
