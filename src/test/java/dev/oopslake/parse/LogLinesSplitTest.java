package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The split reads words past a line's start (and past the range it was given) before it knows where
 * the line ends: the lines it finds must not depend on what lies around the range. The same log is
 * split alone in its own array (no bytes after it, so the word-wise paths stop early) and inside a
 * larger array between other bytes; both splits must agree on every line.
 */
class LogLinesSplitTest {

  @Property(tries = 1500)
  void linesDoNotDependOnTheBytesAroundTheRange(
      @ForAll("logs") String log,
      @ForAll("surroundings") String before,
      @ForAll("surroundings") String after) {
    byte[] alone = log.getBytes(StandardCharsets.UTF_8);
    byte[] pre = before.getBytes(StandardCharsets.UTF_8);
    byte[] post = after.getBytes(StandardCharsets.UTF_8);
    byte[] big = new byte[pre.length + alone.length + post.length];
    System.arraycopy(pre, 0, big, 0, pre.length);
    System.arraycopy(alone, 0, big, pre.length, alone.length);
    System.arraycopy(post, 0, big, pre.length + alone.length, post.length);
    int off = pre.length;

    LogLines a = LogLines.split(alone, 0, alone.length);
    LogLines b = LogLines.split(big, off, alone.length);
    assertThat(b.size()).as("line count of %s", log).isEqualTo(a.size());
    assertThat(a.size())
        .as("one line per newline, plus an unterminated tail")
        .isEqualTo(lineCount(alone));
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.end(i) - off).as("end of line %d of %s", i, log).isEqualTo(a.end(i));
      assertThat(b.start(i) - off)
          .as("message start of line %d of %s", i, log)
          .isEqualTo(a.start(i));
      assertThat(b.caller(i)).as("caller of line %d", i).isEqualTo(a.caller(i));
      assertThat(b.text(i)).as("text of line %d", i).isEqualTo(a.text(i));
    }
    assertThat(b.linuxVersionLine()).isEqualTo(a.linuxVersionLine());
    // The sieve may keep more lines on one path than on the other (it is a superset either way);
    // what the locator makes of them must be the same.
    assertThat(spans(ReportLocator.locate(b)))
        .as("reports in %s", log)
        .isEqualTo(spans(ReportLocator.locate(a)));
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.caller(i)).as("caller of line %d after locating", i).isEqualTo(a.caller(i));
    }
  }

  private static int lineCount(byte[] d) {
    int n = 0;
    for (byte x : d) {
      if (x == '\n') {
        n++;
      }
    }
    return d.length > 0 && d[d.length - 1] != '\n' ? n + 1 : n;
  }

  private static String spans(ReportLocator.Located located) {
    StringBuilder sb = new StringBuilder();
    for (ReportLocator.Span sp : located.spans()) {
      sb.append(sp.start())
          .append('-')
          .append(sp.end())
          .append(' ')
          .append(sp.caller())
          .append(' ')
          .append(sp.hit().crashClass().id())
          .append(' ')
          .append(sp.hit().offset())
          .append('\n');
    }
    return sb.toString();
  }

  @Property(tries = 300)
  void aLineEndIsFoundWhereverItFallsInTheFirstWords(
      @ForAll @IntRange(min = 0, max = 60) int messageLength,
      @ForAll @IntRange(min = 0, max = 80) int padding) {
    // A plain-timestamp line of every length, so its '\n' falls in each word the split reads.
    String msg = "x".repeat(messageLength);
    byte[] d =
        ("[    1.000000] " + msg + "\n" + "[    2.000000] next\n" + "y".repeat(padding))
            .getBytes(StandardCharsets.US_ASCII);
    LogLines l = LogLines.split(d, 0, d.length);
    // An empty message's line ends before the timestamp's space: trailing blanks are no text.
    assertThat(l.end(0))
        .as("end of a %d-byte message", messageLength)
        .isEqualTo(messageLength == 0 ? 14 : 15 + messageLength);
    assertThat(l.text(0)).isEqualTo(msg);
    assertThat(l.start(1)).isEqualTo(15 + messageLength + 1 + 15);
    assertThat(Arrays.copyOfRange(d, l.start(1), l.end(1)))
        .isEqualTo("next".getBytes(StandardCharsets.US_ASCII));
  }

  @Provide
  Arbitrary<String> logs() {
    Arbitrary<String> fragment =
        Arbitraries.of(
            "[    1.000000] ",
            "[  12.345678] ",
            "[12345.678901] ",
            "[    1.0000\n0] ",
            "[   1.000000][ T7] ",
            "Nov 21 03:12:44 host kernel: ",
            "usb 1-1: ",
            "BUG: ",
            "rcu: ",
            "Linux version 5.10",
            "a: [sda] ",
            ": ",
            "short",
            "a much longer piece of message text that runs past the first words",
            "\n",
            "\n",
            "\r\n",
            "\0",
            " ",
            "é");
    return fragment.list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> surroundings() {
    return Arbitraries.of(
        "", "\n", "x", "\n\n\n", "[    1.000000] ", "no newline here at all, quite long");
  }
}
