package dev.oopslake.bench;

import dev.oopslake.parse.CrashParser;
import dev.oopslake.parse.ParsedFile;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parser against a bare pass that only finds line ends over the same bytes: the parser must
 * keep at least half of that throughput (issue 3). Input: {@link ParserBenchInput}, ~1 MB of boot
 * noise with a crash report every 4000 lines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParserBenchmark {

  /** Size of the input, so ops/s converts to MB/s. */
  public static final int INPUT_BYTES = 1024 * 1024;

  byte[] input;
  CrashParser parser;

  @Setup
  public void setup() {
    input = ParserBenchInput.generate(INPUT_BYTES, 4000, 42);
    parser = CrashParser.withDefaults();
    ParsedFile check = parser.parse(input);
    if (check.reports().isEmpty()) {
      throw new IllegalStateException("benchmark input must contain crash reports");
    }
  }

  @Benchmark
  public ParsedFile parser() {
    return parser.parse(input);
  }

  /** The floor: one pass finding line ends, nothing else. */
  @Benchmark
  public int lineScan() {
    return countLines(input);
  }

  static int countLines(byte[] data) {
    int lines = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
