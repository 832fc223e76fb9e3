package dev.oopslake.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a sample kdump archive: {@code <host>/<ip>-<YYYY-MM-DD-HH:MM:SS>/vmcore-dmesg.txt[.gz]}
 * files, each a boot log followed by crash reports drawn from the {@link Catalog}, and {@code
 * ground_truth.csv} naming the bug of each file's primary crash. The bytes depend only on the seed
 * and the file count, never on the thread count.
 */
public final class ArchiveGenerator {
  /** Name of the truth file beside the hosts' folders. */
  public static final String GROUND_TRUTH = "ground_truth.csv";

  private final Catalog catalog;

  public ArchiveGenerator(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Generates with the catalog shipped in the jar. */
  public static GenerationResult generate(Path out, GeneratorOptions options) {
    return new ArchiveGenerator(Catalog.load()).write(out, options);
  }

  /** Writes the archive under {@code out} (created if missing). */
  public GenerationResult write(Path out, GeneratorOptions options) {
    List<FilePlan> plans = new ArchivePlanner(catalog, options).plan();
    long[] raw = new long[plans.size()];
    long[] written = new long[plans.size()];
    ForkJoinPool pool = new ForkJoinPool(options.threads());
    try {
      pool.submit(
              () ->
                  IntStream.range(0, plans.size())
                      .parallel()
                      .forEach(
                          i -> {
                            FilePlan plan = plans.get(i);
                            byte[] bytes = render(plan, options.seed());
                            raw[i] = bytes.length;
                            written[i] = store(out.resolve(plan.path()), bytes, plan.gzip());
                          }))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("generation interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
    Path truth = out.resolve(GROUND_TRUTH);
    StringBuilder csv = new StringBuilder("file,bug_id\n");
    int crashFiles = 0;
    int gzipFiles = 0;
    long rawTotal = 0;
    long writtenTotal = 0;
    for (FilePlan plan : plans) {
      csv.append(plan.path()).append(',');
      if (plan.template() != null) {
        csv.append(plan.template().id());
        crashFiles++;
      }
      csv.append('\n');
      gzipFiles += plan.gzip() ? 1 : 0;
      rawTotal += raw[plan.index()];
      writtenTotal += written[plan.index()];
    }
    try {
      Files.createDirectories(out);
      Files.writeString(truth, csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + truth, e);
    }
    return new GenerationResult(plans.size(), crashFiles, gzipFiles, rawTotal, writtenTotal, truth);
  }

  /**
   * One file showing this template, as the archive would hold it (traps drawn as usual), for tests
   * and for looking at a template's output.
   */
  public byte[] sample(String templateId, long seed, int index) {
    // Each index draws its own build, host and entry, as files of an archive do.
    GeneratorOptions options = new GeneratorOptions(index + 1, Stable.mix(seed * 31 + index), 0, 1);
    FilePlan plan =
        new ArchivePlanner(catalog, options).planFor(index, catalog.template(templateId));
    return render(plan.withoutTraps(), seed);
  }

  /** The text of one file; a pure function of the plan and the archive seed. */
  byte[] render(FilePlan plan, long seed) {
    SplittableRandom random = Stable.fileRandom(seed, plan.index());
    CrashTemplate primary = plan.template();
    CrashTemplate followup = null;
    if (primary != null && !catalog.isFatal(primary)) {
      followup = template(plan, random, true);
    }
    CrashTemplate survived = survivedAtBoot(plan, seed);
    List<String> modules = new ArrayList<>();
    for (CrashTemplate t : java.util.Arrays.asList(primary, followup, survived)) {
      if (t != null) {
        modules.addAll(t.modules());
      }
    }
    ConsoleBuffer console =
        new ConsoleBuffer(random, plan.crlf(), plan.family().cpuPrefix(), plan.callerIds());
    GeneratedFile ctx =
        new GeneratedFile(
            catalog,
            plan.family(),
            plan.build(),
            plan.machine(),
            plan.host(),
            random,
            console,
            modules);
    ReportRenderer renderer = new ReportRenderer(ctx);
    new BootLog(ctx)
        .write(
            plan.targetBytes(),
            plan.crashMicros(),
            plan.garbled(),
            survived == null ? null : () -> renderer.render(survived));
    if (primary == null) {
      return console.toBytes();
    }
    int reportStart = console.length();
    console.jumpTo(plan.crashMicros());
    if (primary.isLiteral()) {
      renderer.renderLiteral(primary);
    } else {
      int repeats = between(random, primary.repeat().get(0), primary.repeat().get(1));
      for (int r = 0; r < repeats; r++) {
        if (r > 0) {
          console.tick(1_000_000, 120_000_000); // the same bug again, seconds to minutes later
        }
        renderer.render(primary);
      }
    }
    if (followup != null) {
      // The first report did not stop the machine; something worse did, seconds to minutes later
      // (the cascade the file's crash is: parse.PrimaryReport reads a report ten minutes older
      // as one the kernel survived).
      console.tick(500_000, 300_000_000L);
      renderer.render(followup);
    }
    if (plan.truncated()) {
      int from = reportStart;
      if (primary.crashClass().equals("out-of-memory-panic")) {
        // An oom-killer dump alone is no crash; the file is one from its panic line on.
        from = Math.max(from, indexOf(console.toBytes(), PANIC, reportStart));
      }
      int span = console.length() - from;
      console.truncate(from + (int) (span * (0.3 + 0.6 * random.nextDouble())));
    }
    return console.toBytes();
  }

  private static final byte[] PANIC =
      "Kernel panic - not syncing".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return from;
  }

  private static int between(SplittableRandom random, int min, int max) {
    return min + (max > min ? random.nextInt(max - min + 1) : 0);
  }

  /** Share of crash files whose boot log holds a report the kernel survived. */
  static final double SURVIVED_AT_BOOT_RATE = 0.04;

  /** Uptime a crash needs for a report at boot to lie well before its cascade. */
  private static final long SURVIVED_MIN_UPTIME_MICROS = 1_800_000_000L;

  /**
   * A report the kernel printed while booting and survived (a driver's WARNING as udev loads it),
   * in some crash files: kdump keeps the whole ring buffer, so it sits hours ahead of the crash,
   * which stays the file's truth. Drawn from a random of its own, so files without one render as
   * before.
   */
  private CrashTemplate survivedAtBoot(FilePlan plan, long seed) {
    if (plan.template() == null
        || plan.template().isLiteral()
        || plan.crashMicros() < SURVIVED_MIN_UPTIME_MICROS) {
      return null;
    }
    SplittableRandom random = Stable.fileRandom(seed ^ 0x5eed_b007L, plan.index());
    return random.nextDouble() < SURVIVED_AT_BOOT_RATE ? template(plan, random, false) : null;
  }

  /**
   * A non-literal bug of the file's kernel and hardware, by weight: a fatal one to end a file whose
   * first report was not, or one the kernel survives.
   */
  private CrashTemplate template(FilePlan plan, SplittableRandom random, boolean fatal) {
    List<CrashTemplate> candidates = new ArrayList<>();
    long total = 0;
    for (CrashTemplate t : catalog.templates()) {
      if (!t.isLiteral()
          && catalog.isFatal(t) == fatal
          && t.families().contains(plan.family().id())
          && (t.releases().isEmpty() || t.releases().contains(plan.build().release()))
          && (t.machine() == null || t.machine().equals(plan.machine().id()))) {
        candidates.add(t);
        total += t.weight();
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    long r = random.nextLong(total);
    for (CrashTemplate t : candidates) {
      r -= t.weight();
      if (r < 0) {
        return t;
      }
    }
    return candidates.get(candidates.size() - 1);
  }

  /**
   * gzip at level 1: far less CPU than the default level for text like this, so generating a large
   * sample archive is not the slow part of a benchmark; readers decompress either at the same
   * speed.
   */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  static long store(Path file, byte[] bytes, boolean gzip) {
    try {
      Files.createDirectories(file.getParent());
      if (!gzip) {
        Files.write(file, bytes);
        return bytes.length;
      }
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
          GZIPOutputStream gz = new FastGzip(os)) {
        gz.write(bytes);
      }
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
