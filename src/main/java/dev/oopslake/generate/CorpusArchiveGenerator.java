package dev.oopslake.generate;

import dev.oopslake.generate.CorpusLogs.TemplateLog;
import java.io.IOException;
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

/**
 * Writes a fleet archive from real console logs: every file is a boot log this generator makes
 * (never a real one) followed by one template log varied by {@link LogVariation}, in the layout and
 * with the {@code ground_truth.csv} of {@link ArchiveGenerator}.
 *
 * <p>Ground truth: <b>one bug per crash, not per file</b> ({@code syz-<name>}, the name of the
 * group's first template). The corpus holds some crashes several times (the same report with other
 * output interleaved or cut short); {@link TemplateBugs} joins templates with the same expected
 * title whose named culprit is reached from the same callers, and keeps everything else apart: a
 * title match alone (another stack, or a title that only names the detector, such as "INFO: rcu
 * detected stall in corrupted") would credit a clusterer for matching titles, not crashes. A log
 * without a crash becomes a file with no bug, as a clean boot log is in {@link ArchiveGenerator}.
 *
 * <p>Popularity: templates are ranked in a seeded order and drawn with Zipf weights {@code 1 / (1 +
 * rank)^}{@value #ZIPF_EXPONENT}, so a few bugs crash often and most a handful of times, as in a
 * fleet. Each template is seen on 1 to {@value #MAX_BUILDS} kernel builds.
 */
public final class CorpusArchiveGenerator {

  /** Skew of bug popularity: 0 is uniform, 1 is classic Zipf. */
  static final double ZIPF_EXPONENT = 0.7;

  /** Kernel builds one bug is seen on at most (the template's own, then rebuilt ones). */
  static final int MAX_BUILDS = 3;

  /** Ground-truth bug id prefix, so a bug id never looks like a synthetic template id. */
  static final String BUG_PREFIX = "syz-";

  private final Catalog catalog;
  private final List<TemplateLog> templates;

  public CorpusArchiveGenerator(Catalog catalog, List<TemplateLog> templates) {
    if (templates.isEmpty()) {
      throw new IllegalArgumentException("a corpus archive needs at least one template log");
    }
    this.catalog = catalog;
    this.templates = List.copyOf(templates);
  }

  /** Generates from the logs under {@code corpus} with the boot-log data shipped in the jar. */
  public static GenerationResult generate(Path corpus, Path out, GeneratorOptions options) {
    return new CorpusArchiveGenerator(Catalog.load(), CorpusLogs.load(corpus)).write(out, options);
  }

  /** One file: its host, folder and boot (from the planner), the template and the build. */
  record Plan(FilePlan boot, TemplateLog template, int build) {}

  /** Decides every file from the seed, sequentially. */
  List<Plan> plan(GeneratorOptions options) {
    SplittableRandom random = new SplittableRandom(Stable.mix(options.seed() ^ 0x636f72707573L));
    // Rank order from the seed, not the corpus's names: which bugs are common is drawn too.
    List<TemplateLog> ranked = new ArrayList<>(templates);
    ranked.sort(
        (a, b) ->
            Long.compare(
                Stable.hash(Long.toString(options.seed()), a.name()),
                Stable.hash(Long.toString(options.seed()), b.name())));
    double[] cumulative = new double[ranked.size()];
    double sum = 0;
    for (int i = 0; i < cumulative.length; i++) {
      sum += 1.0 / Math.pow(1 + i, ZIPF_EXPONENT);
      cumulative[i] = sum;
    }
    ArchivePlanner planner = new ArchivePlanner(catalog, options);
    List<Plan> plans = new ArrayList<>(options.files());
    for (int i = 0; i < options.files(); i++) {
      double r = random.nextDouble() * sum;
      int t = 0;
      while (t < cumulative.length - 1 && cumulative[t] <= r) {
        t++;
      }
      TemplateLog template = ranked.get(t);
      int builds = 1 + Stable.pick(Stable.hash(Long.toString(options.seed()), template.name()), 3);
      plans.add(
          new Plan(
              planner.planBoot(i, arch(template)).withoutTraps(),
              template,
              random.nextInt(Math.min(builds, MAX_BUILDS))));
    }
    return plans;
  }

  /** Writes the archive under {@code out} (created if missing). */
  public GenerationResult write(Path out, GeneratorOptions options) {
    List<Plan> plans = plan(options);
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
                            Plan plan = plans.get(i);
                            byte[] bytes = render(plan, options.seed());
                            raw[i] = bytes.length;
                            written[i] =
                                ArchiveGenerator.store(
                                    out.resolve(plan.boot().path()), bytes, plan.boot().gzip());
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
    java.util.Map<String, String> bugOf = TemplateBugs.bugOf(templates);
    StringBuilder csv = new StringBuilder("file,bug_id\n");
    int crashFiles = 0;
    int gzipFiles = 0;
    long rawTotal = 0;
    long writtenTotal = 0;
    for (int i = 0; i < plans.size(); i++) {
      Plan plan = plans.get(i);
      csv.append(plan.boot().path()).append(',');
      if (plan.template().hasCrash()) {
        csv.append(BUG_PREFIX).append(bugOf.get(plan.template().name()));
        crashFiles++;
      }
      csv.append('\n');
      gzipFiles += plan.boot().gzip() ? 1 : 0;
      rawTotal += raw[i];
      writtenTotal += written[i];
    }
    Path truth = out.resolve(ArchiveGenerator.GROUND_TRUTH);
    try {
      Files.createDirectories(out);
      Files.writeString(truth, csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + truth, e);
    }
    return new GenerationResult(plans.size(), crashFiles, gzipFiles, rawTotal, writtenTotal, truth);
  }

  /** The bytes of one file; a pure function of the plan and the archive seed. */
  byte[] render(Plan plan, long seed) {
    FilePlan boot = plan.boot();
    SplittableRandom random = Stable.fileRandom(seed, boot.index());
    List<String> lines = plan.template().lines();
    LogVariation.Build build = build(plan.template(), plan.build());
    long first = LogVariation.firstMicros(lines);
    // The boot log ends where the template's clock, moved to this machine's uptime, begins.
    long bootEnd = Math.max(boot.crashMicros(), Math.max(0, first));
    String release = LogVariation.release(lines);
    KernelBuild kernel =
        release == null
            ? boot.build()
            : new KernelBuild(
                withSuffix(release, build.suffix()),
                boot.build().version().replaceFirst("^#\\S+", "#" + build.number()),
                "#" + build.number());
    ConsoleBuffer console =
        new ConsoleBuffer(random, false, false, lines.stream().anyMatch(l -> l.contains("][ T")));
    GeneratedFile ctx =
        new GeneratedFile(
            catalog,
            boot.family(),
            kernel,
            boot.machine(),
            boot.host(),
            random,
            console,
            List.of());
    new BootLog(ctx).write(boot.targetBytes(), bootEnd, false, null);
    LogVariation.Draw draw =
        LogVariation.draw(
            random, build, first < 0 ? 0 : bootEnd - first, LogVariation.maxCpu(lines), ctx.cpus);
    StringBuilder text = new StringBuilder(lines.size() * 100);
    for (String line : LogVariation.vary(lines, draw, random, titleWords(plan.template()))) {
      text.append(line).append('\n');
    }
    byte[] head = console.toBytes();
    byte[] tail = text.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[head.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return out;
  }

  /** The words of the title: the function it names is never inlined away. */
  private static java.util.Set<String> titleWords(TemplateLog template) {
    return new java.util.HashSet<>(java.util.Arrays.asList(template.title().split("[\\s/]+")));
  }

  /** Build {@code index} of a template: index 0 is the template's own build, as printed. */
  static LogVariation.Build build(TemplateLog template, int index) {
    long h = Stable.hash("build", template.name(), Integer.toString(index));
    if (index == 0) {
      return new LogVariation.Build("", 1 + Stable.pick(h, 40), 0);
    }
    return new LogVariation.Build(
        "-g" + Long.toHexString(h >>> 36), 1 + Stable.pick(h >>> 8, 40), h | 1);
  }

  private static String withSuffix(String release, String suffix) {
    return release.endsWith("+")
        ? release.substring(0, release.length() - 1) + suffix + "+"
        : release + suffix;
  }

  /** The architecture a template's registers say it ran on; the boot log is of the same. */
  static String arch(TemplateLog template) {
    for (String line : template.lines()) {
      if (line.contains("pstate: ") || line.contains(" el1h_64_") || line.contains(" el1_")) {
        return "aarch64";
      }
    }
    return "x86_64";
  }
}
