package dev.oopslake.generate;

/**
 * What archive to generate.
 *
 * @param files how many vmcore-dmesg files
 * @param seed the archive is a function of the seed and the file count, nothing else
 * @param gzipRatio share of files written gzipped, in [0, 1]
 * @param threads worker threads; does not change a single byte of the output
 * @param timeline crash days as a fleet's recent weeks, with stories; null: uniform over 2022 to
 *     mid 2025
 */
public record GeneratorOptions(
    int files, long seed, double gzipRatio, int threads, Timeline timeline) {

  public GeneratorOptions(int files, long seed, double gzipRatio, int threads) {
    this(files, seed, gzipRatio, threads, null);
  }

  public GeneratorOptions {
    if (files < 1) {
      throw new IllegalArgumentException(
          "Cannot set files to " + files + ", the value must be positive");
    }
    if (!(gzipRatio >= 0 && gzipRatio <= 1)) {
      throw new IllegalArgumentException(
          "Cannot set gzip-ratio to " + gzipRatio + ", the value must be in [0, 1]");
    }
    if (threads < 1) {
      throw new IllegalArgumentException(
          "Cannot set threads to " + threads + ", the value must be positive");
    }
  }

  /** The defaults: seed 1, half the files gzipped, one thread per core. */
  public static GeneratorOptions of(int files) {
    return new GeneratorOptions(files, 1L, 0.5, Runtime.getRuntime().availableProcessors());
  }

  public GeneratorOptions withSeed(long newSeed) {
    return new GeneratorOptions(files, newSeed, gzipRatio, threads, timeline);
  }

  public GeneratorOptions withThreads(int newThreads) {
    return new GeneratorOptions(files, seed, gzipRatio, newThreads, timeline);
  }

  public GeneratorOptions withGzipRatio(double newRatio) {
    return new GeneratorOptions(files, seed, newRatio, threads, timeline);
  }

  public GeneratorOptions withTimeline(Timeline newTimeline) {
    return new GeneratorOptions(files, seed, gzipRatio, threads, newTimeline);
  }
}
