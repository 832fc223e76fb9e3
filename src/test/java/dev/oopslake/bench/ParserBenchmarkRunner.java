package dev.oopslake.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ParserBenchmark} and prints both throughputs in MB/s and their ratio as the last line
 * ({@code jobs/bench-parser}).
 */
public final class ParserBenchmarkRunner {
  private ParserBenchmarkRunner() {}

  /** Issue 3: the parser keeps at least half the throughput of a bare line-end pass. */
  static final double GATE = 0.50;

  public static void main(String[] args) throws RunnerException {
    Options opts =
        new OptionsBuilder()
            .include(ParserBenchmark.class.getName() + "\\.")
            .jvmArgsAppend(args)
            .build();
    Collection<RunResult> results = new Runner(opts).run();
    double parser = 0;
    double scan = 0;
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      double mbs =
          r.getPrimaryResult().getScore() * ParserBenchmark.INPUT_BYTES / (1024.0 * 1024.0);
      if (name.endsWith(".parser")) {
        parser = mbs;
      } else if (name.endsWith(".lineScan")) {
        scan = mbs;
      }
    }
    System.out.printf("parser: %.1f MB/s%n", parser);
    System.out.printf("line-scan: %.1f MB/s%n", scan);
    double ratio = scan == 0 ? 0 : parser / scan;
    System.out.printf("parser/line-scan throughput ratio: %.2f%n", ratio);
    if (parser == 0 || scan == 0) {
      System.err.println("bench-parser: a benchmark failed, see above");
      System.exit(1);
    }
    if (ratio < GATE) {
      System.err.printf(
          "bench-parser: below the gate (parser must reach %.2f of line-scan)%n", GATE);
      System.exit(1);
    }
  }
}
