package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks {@code src/test/resources/parse/*.log}: each fixture is header lines ({@code KEY: value}),
 * a blank line, then the raw log. The parser's answer must produce exactly the headers (the
 * decoders' answers on the same logs live in {@code
 * src/test/resources/decode/parser-fixtures.tsv}). Run with {@code -Doopslake.updateFixtures=true}
 * to rewrite the headers from the parser's answer, then review the diff.
 */
class ParserFixtureTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();
  private static final boolean UPDATE = Boolean.getBoolean("oopslake.updateFixtures");

  static Stream<Path> fixtures() throws IOException {
    Path dir = fixtureDir();
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
      assertThat(list).as("fixtures exist in %s", dir).isNotEmpty();
      return list.stream();
    }
  }

  private static Path fixtureDir() {
    String home = System.getProperty("oopslake.home", ".");
    return Paths.get(home, "src", "test", "resources", "parse");
  }

  /** A fixture file split into its headers and the raw log bytes. */
  record Fixture(Map<String, String> headers, byte[] log) {
    static Fixture read(Path p) throws IOException {
      byte[] all = Files.readAllBytes(p);
      int split = -1;
      for (int i = 0; i + 1 < all.length; i++) {
        if (all[i] == '\n' && all[i + 1] == '\n') {
          split = i;
          break;
        }
      }
      if (split < 0) {
        throw new IllegalStateException(p + ": headers must end with a blank line");
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line : new String(all, 0, split, StandardCharsets.UTF_8).split("\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
      }
      byte[] log = java.util.Arrays.copyOfRange(all, split + 2, all.length);
      return new Fixture(headers, log);
    }
  }

  /**
   * The headers the parser's answer implies, in a fixed order: what the parser found (the release
   * and taint text, the preempt_count value as printed), never what a decoder made of it. The
   * decoders' answers on the same fixtures are {@code ParserFixtureDecodingsTest}'s, so a decoder
   * table change leaves these headers alone.
   */
  static Map<String, String> describe(ParsedFile parsed) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("STATUS", parsed.status().id());
    if (parsed.reason() != null) {
      h.put("REASON", parsed.reason());
    }
    h.put("REPORTS", String.valueOf(parsed.reports().size()));
    if (parsed.reports().isEmpty()) {
      return h;
    }
    Report r = parsed.reports().stream().filter(Report::primary).findFirst().orElseThrow();
    h.put("TITLE", r.title());
    h.put("ALT", String.join(" | ", r.altTitles()));
    h.put("CLASS", r.crashClass());
    h.put("TYPE", r.type());
    h.put("CORRUPTED", r.corrupted() ? "true (" + r.corruptedReason() + ")" : "false");
    h.put("GUILTY", nullToEmpty(r.guiltyFrame()));
    h.put("MODULE", nullToEmpty(r.guiltyModule()));
    h.put("COMM", nullToEmpty(r.comm()));
    h.put("PID", r.pid() == null ? "" : r.pid().toString());
    h.put("CPU", r.cpu() == null ? "" : r.cpu().toString());
    h.put("KERNEL", r.kernel() == null ? "" : r.kernel().release());
    h.put("TAINT", r.taint().raw());
    h.put(
        "PREEMPT",
        r.preemptCount() == null ? "" : "0x" + Long.toHexString(r.preemptCount().value()));
    h.put("HARDWARE", nullToEmpty(r.hardware()));
    h.put("PANIC", nullToEmpty(r.panicReason()));
    h.put(
        "FRAMES",
        r.frames().stream()
            .limit(6)
            .map(f -> (f.reliable() ? "" : "? ") + f.display() + "@" + f.section())
            .collect(Collectors.joining(", ")));
    h.put(
        "ALL_TITLES",
        parsed.reports().stream().map(Report::title).collect(Collectors.joining(" | ")));
    return h;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixtureHeadersMatchParser(Path path) throws IOException {
    Fixture fx = Fixture.read(path);
    ParsedFile parsed = PARSER.parse(fx.log());
    Map<String, String> actual = new LinkedHashMap<>();
    describe(parsed).forEach((k, v) -> actual.put(k, v.trim()));
    if (UPDATE) {
      StringBuilder sb = new StringBuilder();
      actual.forEach((k, v) -> sb.append(k).append(": ").append(v.trim()).append('\n'));
      sb.append('\n');
      byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
      byte[] out = new byte[head.length + fx.log().length];
      System.arraycopy(head, 0, out, 0, head.length);
      System.arraycopy(fx.log(), 0, out, head.length, fx.log().length);
      Files.write(path, out);
      return;
    }
    assertThat(actual)
        .as("parser answer for %s (rerun with -Doopslake.updateFixtures=true to review)", path)
        .isEqualTo(fx.headers());
  }

  /** Re-parsing from a report's first line must find the same report title (no hidden context). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void reparsingFromReportStartKeepsTitle(Path path) throws IOException {
    Fixture fx = Fixture.read(path);
    ParsedFile parsed = PARSER.parse(fx.log());
    List<Integer> lineStarts = lineStarts(fx.log());
    for (Report r : parsed.reports()) {
      int offset = lineStarts.get(r.startLine());
      ParsedFile again = PARSER.parse(fx.log(), offset, fx.log().length - offset);
      assertThat(again.reports())
          .as("%s: reparse from line %d finds a report", path, r.startLine())
          .isNotEmpty();
      assertThat(again.reports().get(0).title())
          .as("%s: reparse from line %d keeps the title", path, r.startLine())
          .isEqualTo(r.title());
    }
  }

  static List<Integer> lineStarts(byte[] data) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n' && i + 1 < data.length) {
        starts.add(i + 1);
      }
    }
    return starts;
  }
}
