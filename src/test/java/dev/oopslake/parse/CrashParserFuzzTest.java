package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the parser (Jazzer). In a plain build each method runs once per seed
 * in {@code src/test/resources/dev/oopslake/parse/CrashParserFuzzTestInputs/<method>/} (the
 * fixtures' logs plus every input a long run found failing); {@code JAZZER_FUZZ=1 mvn test
 * -Dtest=CrashParserFuzzTest#parse -Djunit.jupiter.execution.timeout.mode=disabled} fuzzes for
 * {@code maxDuration} (docs/fuzzing.md). The {@link Timeout} bounds each input in both modes: JUnit
 * applies it to each seed, Jazzer hands it to libFuzzer as {@code -timeout} (JUnit's own timeouts
 * are switched off for a long run, where the whole run is one invocation).
 */
@Tag("fuzz")
class CrashParserFuzzTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();
  private static final Set<String> CLASS_IDS =
      CrashClasses.ALL.stream().map(CrashClass::id).collect(Collectors.toSet());

  /**
   * Any bytes: an answer, never a parser error; every report has a class and a title, one of them
   * primary; the same bytes give the same answer, also when they sit at the start of a larger
   * buffer (the reader's reused one, whose tail holds the previous file).
   */
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "15m")
  void parse(byte[] data) {
    ParsedFile first = PARSER.parse(data);
    checkAnswer(first);
    byte[] padded = Arrays.copyOf(data, data.length + TRAILER.length);
    System.arraycopy(TRAILER, 0, padded, data.length, TRAILER.length);
    assertThat(PARSER.parse(padded, 0, data.length))
        .as("the same bytes parse the same way, whatever follows them in the buffer")
        .isEqualTo(first);
  }

  /** What may follow a file in the reader's reused buffer: the previous file's crash. */
  private static final byte[] TRAILER =
      "\nBUG: unable to handle page fault for address: 0000000000000000\n"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  static void checkAnswer(ParsedFile f) {
    assertThat(f).as("an answer for every input").isNotNull();
    assertThat(f.status()).isNotNull();
    if (f.status() == FileOutcome.REJECTED) {
      assertThat(f.reason())
          .as("rejected for a reason of the input, not a parser error")
          .isNotBlank()
          .doesNotStartWith("parser error");
    }
    for (Report r : f.reports()) {
      assertThat(r.title()).as("every report has a title").isNotBlank();
      assertThat(r.crashClass()).as("every report has a class").isNotBlank();
      assertThat(CLASS_IDS).as("the class is one of the table's").contains(r.crashClass());
      assertThat(r.startLine())
          .as("a report starts where it ends or before")
          .isLessThan(r.endLine());
    }
    assertThat(f.reports().stream().filter(Report::primary).count())
        .as("exactly one primary when there are reports")
        .isEqualTo(f.reports().isEmpty() ? 0 : 1);
  }
}
