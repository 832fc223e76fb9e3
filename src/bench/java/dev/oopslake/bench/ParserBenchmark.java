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
// The line scan is one small method, compiled at once; the parser is hundreds of methods, and on a
// loaded machine the JIT threads take many seconds to finish them: warm up long enough for that.
// ParserBenchmarkRunner repeats short paired rounds rather than one long run.
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 5, time = 1)
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
    lineEnds = new int[input.length + 1];
    ParsedFile check = parser.parse(input);
    if (check.reports().isEmpty()) {
      throw new IllegalStateException("benchmark input must contain crash reports");
    }
  }

  @Benchmark
  public ParsedFile parser() {
    return parser.parse(input);
  }

  /** Line end positions of the last line scan (reused, so the scan allocates nothing). */
  int[] lineEnds;

  /**
   * The floor: one plain pass over the bytes that finds every line end and records where it is,
   * which is the least any line-oriented reader has to do. Nothing else.
   */
  @Benchmark
  public int lineScan() {
    return findLineEnds(input, lineEnds);
  }

  static int findLineEnds(byte[] data, int[] ends) {
    int lines = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n') {
        ends[lines++] = i;
      }
    }
    return lines;
  }
}
