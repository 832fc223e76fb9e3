package dev.oopslake.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ParserBenchmark} and prints both throughputs in MB/s and their ratio as the last line
 * ({@code jobs/bench-parser}).
 *
 * <p>The machine is shared and its load swings within a minute, so one long run of each benchmark
 * one after the other compares two different machines. Instead the pair is measured in {@link
 * #ROUNDS} short back-to-back rounds (each benchmark in its own fork, warmed up in it), each round
 * gives a ratio, and the gate takes the median round.
 */
public final class ParserBenchmarkRunner {
  private ParserBenchmarkRunner() {}

  /** Issue 3: the parser keeps at least half the throughput of a bare line-end pass. */
  static final double GATE = 0.50;

  /** Paired rounds by default; odd, so the median is one round's ratio. */
  static final int ROUNDS = 3;

  /**
   * Arguments: {@code --rounds=N} sets the number of paired rounds; anything else is passed to the
   * forked benchmark JVMs.
   */
  public static void main(String[] argv) throws RunnerException {
    int roundCount = ROUNDS;
    List<String> jvmArgs = new ArrayList<>();
    for (String a : argv) {
      if (a.startsWith("--rounds=")) {
        roundCount = Integer.parseInt(a.substring("--rounds=".length()));
      } else {
        jvmArgs.add(a);
      }
    }
    String[] args = jvmArgs.toArray(new String[0]);
    List<double[]> rounds = new ArrayList<>();
    for (int round = 1; round <= roundCount; round++) {
      // Alternate the order so neither benchmark always runs first in a round.
      String first = round % 2 == 1 ? "lineScan" : "parser";
      String second = round % 2 == 1 ? "parser" : "lineScan";
      double[] mbs = new double[2];
      for (String which : new String[] {first, second}) {
        Options opts =
            new OptionsBuilder()
                .include(ParserBenchmark.class.getName() + "\\." + which + "$")
                .jvmArgsAppend(args)
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        for (RunResult r : results) {
          double v =
              r.getPrimaryResult().getScore() * ParserBenchmark.INPUT_BYTES / (1024.0 * 1024.0);
          mbs[which.equals("parser") ? 0 : 1] = v;
        }
      }
      double ratio = mbs[1] == 0 ? 0 : mbs[0] / mbs[1];
      rounds.add(new double[] {mbs[0], mbs[1], ratio});
      System.out.printf(
          "round %d: parser %.1f MB/s, line-scan %.1f MB/s, ratio %.2f (load average %.2f)%n",
          round, mbs[0], mbs[1], ratio, loadAverage());
    }
    double[] ratios = rounds.stream().mapToDouble(r -> r[2]).sorted().toArray();
    double median = ratios[ratios.length / 2];
    double[] mid = rounds.stream().filter(r -> r[2] == median).findFirst().orElse(new double[3]);
    boolean failed = rounds.stream().anyMatch(r -> r[0] == 0 || r[1] == 0);
    System.out.println("round ratios: " + Arrays.toString(ratios));
    System.out.printf("parser: %.1f MB/s%n", mid[0]);
    System.out.printf("line-scan: %.1f MB/s%n", mid[1]);
    System.out.printf("parser/line-scan throughput ratio: %.2f%n", median);
    if (failed) {
      System.err.println("bench-parser: a benchmark failed, see above");
      System.exit(1);
    }
    if (median < GATE) {
      System.err.printf(
          "bench-parser: below the gate (parser must reach %.2f of line-scan)%n", GATE);
      System.exit(1);
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
