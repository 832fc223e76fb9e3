package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Hand-written logs, one string per line, as the parser's tests hand them to it. */
final class TestLogs {
  private static final CrashParser PARSER = CrashParser.withDefaults();

  private TestLogs() {}

  /** The lines, each ended by a newline, parsed. */
  static ParsedFile parse(List<String> lines) {
    return PARSER.parse((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  static ParsedFile parse(String... lines) {
    return parse(List.of(lines));
  }

  /** The file's primary report, checking that the parser found a crash. */
  static Report primary(String... lines) {
    return primary(parse(lines));
  }

  static Report primary(ParsedFile parsed) {
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    return parsed.reports().stream().filter(Report::primary).findFirst().orElseThrow();
  }
}
