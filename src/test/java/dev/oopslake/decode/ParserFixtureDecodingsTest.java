package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.parse.CrashParser;
import dev.oopslake.parse.ParsedFile;
import dev.oopslake.parse.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The decoders' answers on the facts the parser finds in its fixtures ({@code
 * src/test/resources/parse/*.log}), kept apart from the parser's answers in the fixture headers: a
 * change to a decoder table (taint letters, arch names, module flags) rewrites {@code
 * src/test/resources/decode/parser-fixtures.tsv}, never a parser fixture. One line per fixture with
 * a primary report: the fixture's name, then {@code ARCH}, {@code RT}, {@code DISTRO}, {@code
 * TAINT} (decoded letters), {@code MODULES} (count, then the modules with flags). Run with {@code
 * -Doopslake.updateFixtures=true} to rewrite the file from the decoders' answers, then review the
 * diff.
 */
class ParserFixtureDecodingsTest {

  private static final boolean UPDATE = Boolean.getBoolean("oopslake.updateFixtures");
  private static final CrashParser PARSER = CrashParser.withDefaults();
  private static final List<String> COLUMNS = List.of("ARCH", "RT", "DISTRO", "TAINT", "MODULES");

  private static Path home() {
    return Path.of(System.getProperty("oopslake.home", "."));
  }

  private static Path expectedFile() {
    return home().resolve("src/test/resources/decode/parser-fixtures.tsv");
  }

  /** The log part of a fixture: everything after the headers' blank line. */
  private static byte[] log(Path fixture) throws IOException {
    byte[] all = Files.readAllBytes(fixture);
    for (int i = 0; i + 1 < all.length; i++) {
      if (all[i] == '\n' && all[i + 1] == '\n') {
        return Arrays.copyOfRange(all, i + 2, all.length);
      }
    }
    throw new IllegalStateException(fixture + ": headers must end with a blank line");
  }

  /** The decoders' answers for the fixture's primary report, as one tab-separated line. */
  static String decodings(String name, Report r) {
    KernelRelease k = r.kernel();
    List<String> values = new ArrayList<>();
    values.add(name);
    values.add(k == null || k.arch() == null ? "" : k.arch());
    values.add(k == null ? "" : String.valueOf(k.rt()));
    values.add(k == null || k.distro() == null ? "" : k.distro());
    values.add(r.taint().letters());
    values.add(
        (r.modules().size()
                + " "
                + r.modules().stream()
                    .filter(m -> !m.flags().isEmpty())
                    .map(m -> m.name() + "(" + m.flags() + ")")
                    .collect(Collectors.joining(" ")))
            .trim());
    return String.join("\t", values);
  }

  private static Map<String, String> actual() throws IOException {
    Map<String, String> lines = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(home().resolve("src/test/resources/parse"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        ParsedFile parsed = PARSER.parse(log(p));
        String name = p.getFileName().toString();
        parsed.reports().stream()
            .filter(Report::primary)
            .findFirst()
            .ifPresent(r -> lines.put(name, decodings(name, r)));
      }
    }
    return lines;
  }

  @Test
  void decodersAnswerOnTheParserFixturesAsRecorded() throws IOException {
    Map<String, String> actual = actual();
    assertThat(actual).as("fixtures with a primary report").isNotEmpty();
    String header = "#FIXTURE\t" + String.join("\t", COLUMNS);
    if (UPDATE) {
      Files.writeString(
          expectedFile(),
          header + "\n" + String.join("\n", actual.values()) + "\n",
          StandardCharsets.UTF_8);
      return;
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : Files.readAllLines(expectedFile(), StandardCharsets.UTF_8)) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        expected.put(line.substring(0, line.indexOf('\t')), line);
      }
    }
    assertThat(actual)
        .as("decoder answers (rerun with -Doopslake.updateFixtures=true to review)")
        .isEqualTo(expected);
  }
}
