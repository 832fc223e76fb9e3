package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Any bytes in, an answer out: the parser never throws, never gives up on a text log because of a
 * parser bug, and every report it finds has a title and a class.
 */
class ParserFuzzTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  private static void checkAnswer(byte[] data) {
    ParsedFile f = PARSER.parse(data);
    assertThat(f).as("an answer for every input").isNotNull();
    if (f.status() == FileOutcome.REJECTED) {
      assertThat(f.reason())
          .as("rejected for a reason, not a parser error")
          .doesNotStartWith("parser error");
    }
    for (Report r : f.reports()) {
      assertThat(r.title()).as("every report has a title").isNotBlank();
      assertThat(r.crashClass()).isNotBlank();
    }
    assertThat(f.reports().stream().filter(Report::primary).count())
        .as("exactly one primary when there are reports")
        .isEqualTo(f.reports().isEmpty() ? 0 : 1);
  }

  @Property(tries = 300)
  void anyBytes(@ForAll @Size(max = 4000) byte[] data) {
    checkAnswer(data);
  }

  @Property(tries = 300)
  void linesMadeOfLogFragments(@ForAll("fragmentLogs") String log) {
    checkAnswer(log.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> fragmentLogs() {
    Arbitrary<String> fragment =
        Arbitraries.of(
            "[  12.345678] ",
            "[ 2004.917769][ 14]",
            "[   1.000000][ T1234] ",
            "<4>",
            "Nov 21 03:12:44 host kernel: ",
            "BUG: ",
            "KASAN: ",
            "BUG: KASAN: use-after-free in ",
            "WARNING: CPU: 0 PID: 1 at a.c:1 ",
            "INFO: task ",
            "Kernel panic - not syncing: ",
            "general protection fault",
            "Unable to handle kernel ",
            "scheduling while atomic: ",
            "a/1/0x",
            "/",
            "Call Trace:",
            " <IRQ>",
            " ? ",
            "func+0x1/0x2",
            " [mod]",
            " + 0x1/0x2",
            "[<ffffffff81000000>] ",
            "RIP: 0010:",
            "pc : ",
            "PC is at ",
            "(x) from (y)",
            "Modules linked in:",
            " foo(OE-)",
            "CPU: 1 PID: 2 Comm: x Tainted: G W 5.10.0 #1",
            "\n",
            "\r\n",
            "\0",
            "\uFFFD",
            "** 5 printk messages dropped ** ",
            "syzkaller login: ",
            ": ",
            "]",
            "[",
            "#0 [ffff] f at ffff");
    return fragment.list().ofMaxSize(80).map(l -> String.join("", l));
  }

  /**
   * The locator skips lines that start with a sub-prefix but no trigger without decoding them: that
   * byte test must never skip a line the table would match.
   */
  @Property(tries = 300)
  void byteSkipNeverHidesAHeader(@ForAll("prefixedLines") String log) {
    byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
    LogLines lines = LogLines.split(bytes, 0, bytes.length);
    for (int i = 0; i < lines.size(); i++) {
      if (CrashClasses.match(lines.text(i)) != null) {
        assertThat(ReportLocator.mayMatch(lines, i))
            .as(
                "line %d (%s) matches the table, so the byte test must let it through",
                i, lines.text(i))
            .isTrue();
      }
    }
  }

  @Provide
  Arbitrary<String> prefixedLines() {
    Arbitrary<String> fragment =
        Arbitraries.of(
            "[  12.345678] ",
            "rcu: ",
            "NMI watchdog: ",
            "Oops: ",
            "[ ",
            "------------[ cut here ]------------ ",
            "INFO: ",
            "BUG: ",
            "WARNING: ",
            "kernel BUG at ",
            "general protection fault",
            "rcu_sched detected stalls",
            "INFO: rcu_preempt detected stalls on CPUs/tasks:",
            "Hierarchical RCU implementation.",
            "\0",
            "\uFFFD",
            " ",
            "\n");
    return fragment.list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Property(tries = 200)
  void mutatedFixtures(
      @ForAll("fixtureIndex") int which, @ForAll("mutations") List<int[]> mutations)
      throws IOException {
    byte[] data = fixtures().get(which % fixtures().size()).clone();
    for (int[] m : mutations) {
      data = mutate(data, m[0], m[1], m[2]);
    }
    checkAnswer(data);
  }

  @Provide
  Arbitrary<Integer> fixtureIndex() {
    return Arbitraries.integers().between(0, 1000);
  }

  @Provide
  Arbitrary<List<int[]>> mutations() {
    Arbitrary<int[]> one =
        Arbitraries.integers()
            .between(0, 4)
            .flatMap(
                kind ->
                    Arbitraries.integers()
                        .between(0, 1 << 20)
                        .flatMap(
                            pos ->
                                Arbitraries.integers()
                                    .between(0, 255)
                                    .map(v -> new int[] {kind, pos, v})));
    return one.list().ofMaxSize(8);
  }

  /** truncate / flip a byte / insert NUL / insert CRLF / drop a newline. */
  static byte[] mutate(byte[] data, int kind, int pos, int value) {
    if (data.length == 0) {
      return data;
    }
    int at = pos % data.length;
    switch (kind) {
      case 0:
        return java.util.Arrays.copyOf(data, at);
      case 1:
        data[at] = (byte) value;
        return data;
      case 2:
        return insert(data, at, new byte[] {0});
      case 3:
        return insert(data, at, new byte[] {'\r', '\n'});
      default:
        if (data[at] == '\n') {
          data[at] = ' ';
        }
        return data;
    }
  }

  private static byte[] insert(byte[] data, int at, byte[] what) {
    byte[] out = new byte[data.length + what.length];
    System.arraycopy(data, 0, out, 0, at);
    System.arraycopy(what, 0, out, at, what.length);
    System.arraycopy(data, at, out, at + what.length, data.length - at);
    return out;
  }

  private static List<byte[]> cached;

  static synchronized List<byte[]> fixtures() throws IOException {
    if (cached == null) {
      Path dir = Paths.get(System.getProperty("oopslake.home", "."), "src/test/resources/parse");
      List<byte[]> out = new ArrayList<>();
      try (var files = Files.list(dir)) {
        for (Path p : files.filter(x -> x.toString().endsWith(".log")).sorted().toList()) {
          out.add(ParserFixtureTest.Fixture.read(p).log());
        }
      }
      cached = List.copyOf(out);
    }
    return cached;
  }
}
