package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decorations dmesg's own options, /dev/kmsg and pstore put before a message are skipped like
 * the dmesg timestamp: the message is what the kernel printed. Brackets and words that belong to
 * the message stay. Hand-written lines.
 */
class LinePrefixesTest {

  private static String message(String line) {
    byte[] d = line.getBytes(StandardCharsets.UTF_8);
    return LogLines.split(d, 0, d.length).text(0);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "[Mon Dec  7 16:37:20 2026] ", // dmesg -T
        "[Dec 7 16:37] ", // dmesg -H, the first line of a minute
        "[  +0.000012] ", // dmesg -H, the others
        "kern  :warn  : ", // dmesg -x
        "kern  :warn  : [  812.331102] ", // dmesg -x with the timestamp
        "4,1234,5678901,-;", // /dev/kmsg
        "6,339,5140900,-,caller=T1;", // /dev/kmsg with the caller field
        "<4>[  812.331102] ", // pstore/ramoops
        "> [  812.331102] ", // quoted in a mail reply
        ">> > [  812.331102] " // quoted thrice
      })
  void theMessageStartsAfterTheDecoration(String prefix) {
    assertThat(message(prefix + "BUG: unable to handle page fault for address: ffffc90001a3f000"))
        .isEqualTo("BUG: unable to handle page fault for address: ffffc90001a3f000");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[Firmware Bug]: TSC_DEADLINE disabled due to Errata",
        "[Hardware Error]: Machine check events logged",
        "kasan: GPF could be caused by NULL-ptr deref or user memory access",
        "user: error: 42",
        "0000000000000000 ffff88801234abcd 0000000000000001",
        "1,2,3 is not a kmsg record",
        "->#1 (&gizmo->lock){+.+.}-{3:3}:"
      })
  void messageTextThatLooksLikeADecorationStays(String line) {
    assertThat(message(line)).isEqualTo(line);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"[Mon Dec  7 16:37:20 2026] ", "kern  :warn  : ", "4,1234,5678901,-;", "> "})
  void aReportPrintedWithTheDecorationReadsAsThePlainOne(String prefix) {
    String plain = WrappedLinesTest.LOG.replaceAll("(?m)^\\[\\s*\\d+\\.\\d+\\] ", "");
    String decorated =
        plain.lines().map(l -> prefix + l).collect(Collectors.joining("\n", "", "\n"));
    Report a = parse(WrappedLinesTest.LOG);
    Report b = parse(decorated);
    assertThat(b.title()).isEqualTo(a.title());
    assertThat(b.frames()).isEqualTo(a.frames());
    assertThat(b.modules()).isEqualTo(a.modules());
    assertThat(b.kernel().release()).isEqualTo("5.15.0-91-generic");
  }

  private static Report parse(String log) {
    ParsedFile parsed = CrashParser.withDefaults().parse(log.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    return parsed.reports().get(0);
  }
}
