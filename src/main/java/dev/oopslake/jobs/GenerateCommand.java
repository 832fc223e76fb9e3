package dev.oopslake.jobs;

import dev.oopslake.generate.ArchiveGenerator;
import dev.oopslake.generate.CorpusArchiveGenerator;
import dev.oopslake.generate.CorpusLogs;
import dev.oopslake.generate.GenerationResult;
import dev.oopslake.generate.GeneratorOptions;
import dev.oopslake.generate.Timeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate}: writes a sample kdump archive ({@code <host>/<ip>-<time>/vmcore-dmesg.txt},
 * some gzipped) with {@code ground_truth.csv}, from the crash template catalog, or with {@code
 * --corpus DIR} from real console logs varied as a fleet varies them. No Spark.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Writes a sample kdump vmcore-dmesg archive with ground_truth.csv.")
public final class GenerateCommand implements Callable<Integer> {

  @Option(names = "--files", required = true, description = "Number of vmcore-dmesg files.")
  int files;

  @Option(names = "--out", required = true, description = "Archive root (must be empty or absent).")
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--gzip-ratio",
      defaultValue = "0.5",
      description = "Share of files gzipped, 0..1 (default: ${DEFAULT-VALUE}).")
  double gzipRatio;

  @Option(names = "--threads", description = "Worker threads (default: one per core).")
  Integer threads;

  @Option(
      names = "--corpus",
      description =
          "Directory of real console logs (NAME.log) with expected.tsv: each file is one of them,"
              + " varied as a fleet varies a bug, after a generated boot log; one bug per log."
              + " The logs are read, never copied.")
  Path corpus;

  @Option(
      names = "--days",
      description =
          "Crash days over the last N days up to --end, with stories for the morning report (new,"
              + " spiking, gone kinds); default: uniform over 2022 to mid 2025.")
  Integer days;

  @Option(
      names = "--end",
      description = "Last crash day with --days (2026-03-31; default: today, UTC).")
  String end;

  @Override
  public Integer call() {
    GeneratorOptions options = options();
    checkOut();
    long start = System.nanoTime();
    GenerationResult result;
    if (corpus == null) {
      result = ArchiveGenerator.generate(out, options);
    } else {
      if (!Files.isRegularFile(corpus.resolve(CorpusLogs.EXPECTED))) {
        throw new UserError(
            "--corpus "
                + corpus
                + " has no "
                + CorpusLogs.EXPECTED
                + "; give the directory of NAME.log files and their expected.tsv");
      }
      result = CorpusArchiveGenerator.generate(corpus, out, options);
    }
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "generated %d files (%d with a crash, %d gzipped), %.1f MB of text, %.1f MB on disk, in %.1f s%n",
        result.files(),
        result.crashFiles(),
        result.gzipFiles(),
        result.uncompressedBytes() / 1e6,
        result.writtenBytes() / 1e6,
        secs);
    System.out.println("archive: " + out.toAbsolutePath());
    System.out.println("truth:   " + result.groundTruth().toAbsolutePath());
    return 0;
  }

  private GeneratorOptions options() {
    if (files < 1) {
      throw new UserError("--files must be positive, was " + files);
    }
    if (!(gzipRatio >= 0 && gzipRatio <= 1)) {
      throw new UserError("--gzip-ratio must be between 0 and 1, was " + gzipRatio);
    }
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1) {
      throw new UserError("--threads must be positive, was " + t);
    }
    return new GeneratorOptions(files, seed, gzipRatio, t, timeline());
  }

  private Timeline timeline() {
    if (days == null) {
      if (end != null) {
        throw new UserError("--end needs --days");
      }
      return null;
    }
    if (days < 2 * Timeline.GONE_DAYS) {
      throw new UserError("--days must be at least " + 2 * Timeline.GONE_DAYS + ", was " + days);
    }
    LocalDate last;
    try {
      last = end == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(end);
    } catch (DateTimeParseException e) {
      throw new UserError("--end '" + end + "' is not a date like 2026-03-31");
    }
    return new Timeline(last, days);
  }

  /** Refuses to mix a new archive into old files: the truth would no longer match the tree. */
  private void checkOut() {
    if (!Files.exists(out)) {
      return;
    }
    if (!Files.isDirectory(out)) {
      throw new UserError("--out " + out + " is a file, not a directory");
    }
    try (Stream<Path> entries = Files.list(out)) {
      if (entries.findAny().isPresent()) {
        throw new UserError(
            "--out " + out + " is not empty; remove it or choose another directory");
      }
    } catch (IOException e) {
      throw new UserError("--out " + out + " cannot be read: " + e.getMessage());
    }
  }
}
