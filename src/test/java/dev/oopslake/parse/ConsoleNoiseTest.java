package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A console log is parsed whatever else reached the console (control bytes, a user-space program's
 * garbage, multi-byte characters cut by the ring buffer); only input that is not text is rejected,
 * and the reason says what was measured. The logs are generated here, not copied from anywhere.
 */
class ConsoleNoiseTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  private static final String CRASH =
      String.join(
          "\n",
          "[   42.000001] general protection fault, probably for non-canonical address"
              + " 0xdffffc0000000003: 0000 [#1] PREEMPT SMP KASAN",
          "[   42.000002] CPU: 1 PID: 4242 Comm: noisy-prog Not tainted 6.1.0 #1",
          "[   42.000003] RIP: 0010:tty_port_block_til_ready+0x1d/0x40",
          "[   42.000004] Call Trace:",
          "[   42.000005]  <TASK>",
          "[   42.000006]  tty_port_block_til_ready+0x1d/0x40",
          "[   42.000007]  tty_open+0x3a1/0x8d0",
          "[   42.000008]  chrdev_open+0x52/0xc0",
          "[   42.000009]  do_syscall_64+0x3b/0x90",
          "[   42.000010]  </TASK>",
          "");

  /** Kernel lines between bursts of what a crashing program wrote to /dev/console. */
  private static byte[] noisyLog(long seed) {
    Random rnd = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 120; i++) {
      write(
          out,
          String.format("[   %2d.%06d] usb 1-1: new device found, idVendor=%04x%n", i / 4, i, i));
      if (i % 2 == 0) {
        // ANSI colours, a BEL, backspaces and a NUL from a program's progress output.
        write(out, "\u001b[1;31mprogress\u0007 \b\b\b42%\u0000 done\u001b[0m\r\n");
      }
      if (i % 2 == 1) {
        // Raw bytes: control characters and high bytes that are no UTF-8.
        byte[] junk = new byte[64];
        for (int k = 0; k < junk.length; k++) {
          junk[k] = (byte) (rnd.nextBoolean() ? rnd.nextInt(0x20) : 0x80 + rnd.nextInt(0x40));
        }
        out.write(junk, 0, junk.length);
        out.write('\n');
      }
      if (i % 7 == 0) {
        // A multi-byte character cut after its first byte ("€" is E2 82 AC) inside a kernel line.
        byte[] line =
            String.format("[   %2d.%06d] input: Gerät ", i / 4, i).getBytes(StandardCharsets.UTF_8);
        out.write(line, 0, line.length);
        out.write(0xe2);
        write(out, " keyboard\n");
      }
    }
    write(out, CRASH);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
  }

  private static double controlShare(byte[] data) {
    int control = 0;
    for (byte x : data) {
      int b = x & 0xff;
      if (b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b) || b == 0x7f) {
        control++;
      }
    }
    return (double) control / data.length;
  }

  @Test
  void aConsoleWithControlBytesGarbageAndCutCharactersIsParsed() {
    byte[] log = noisyLog(13);
    assertThat(controlShare(log))
        .as("more control bytes than the old 10% cut-off rejected")
        .isGreaterThan(0.10);
    ParsedFile parsed = PARSER.parse(log);
    assertThat(parsed.status()).as("reason: %s", parsed.reason()).isEqualTo(FileOutcome.CRASH);
    Report primary = parsed.reports().stream().filter(Report::primary).findFirst().orElseThrow();
    assertThat(primary.title()).isEqualTo("general protection fault in tty_port_block_til_ready");
  }

  @Test
  void randomBytesAreRejectedWithTheMeasuredShare() {
    byte[] data = new byte[64 * 1024];
    new Random(7).nextBytes(data);
    ParsedFile parsed = PARSER.parse(data);
    assertThat(parsed.status()).isEqualTo(FileOutcome.REJECTED);
    assertThat(parsed.reason())
        .matches("binary data: \\d+ of 12288 sampled bytes lie in lines that read as text .*");
  }

  @Test
  void aCompressedLogIsRejected() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
      for (int i = 0; i < 200; i++) {
        gz.write(noisyLog(i));
      }
    }
    ParsedFile parsed = PARSER.parse(buf.toByteArray());
    assertThat(parsed.status()).isEqualTo(FileOutcome.REJECTED);
    assertThat(parsed.reason()).startsWith("binary data: ");
  }

  @Test
  void anExecutableWithNulSeparatedStringsIsRejected() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, "\u007fELF\u0002\u0001\u0001");
    Random rnd = new Random(3);
    while (out.size() < 32 * 1024) {
      // Header fields and code: mostly NULs and small numbers, with NUL-separated strings.
      for (int k = 0; k < 48; k++) {
        out.write(rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 0);
      }
      write(out, "usage: %s [options]\u0000error: %m\u0000");
    }
    ParsedFile parsed = PARSER.parse(out.toByteArray());
    assertThat(parsed.status()).isEqualTo(FileOutcome.REJECTED);
    assertThat(parsed.reason()).startsWith("binary data: ");
  }

  @Test
  void aLogWithATornWriteOfNulsInTheMiddleIsStillALog() {
    byte[] head = noisyLog(1);
    byte[] data = new byte[head.length * 3];
    System.arraycopy(head, 0, data, 0, head.length);
    System.arraycopy(head, 0, data, 2 * head.length, head.length);
    ParsedFile parsed = PARSER.parse(data);
    assertThat(parsed.status()).as("reason: %s", parsed.reason()).isEqualTo(FileOutcome.CRASH);
  }

  /**
   * What a program wrote to the console before the kernel's record on the same line: colour
   * escapes, a carriage-return progress line, NULs, a BEL, a cut multi-byte character, an erase.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u001b[0m\u001b[1;31m",
        "\r",
        "\u0000\u0000",
        "progress 42%\r",
        "\u0007",
        "\u00e2\u0082 ",
        "abc\u001b[K"
      })
  void noiseBeforeTheTimestampOnTheHeaderLine(String noise) {
    String log =
        "[    1.000000] Linux version 6.1.0\n"
            + noise
            + "[   42.000001] BUG: unable to handle page fault for address: ffffc90001234567\n"
            + "[   42.000002] CPU: 1 PID: 1 Comm: quuxd Not tainted 6.1.0 #1\n"
            + "[   42.000003] Call Trace:\n"
            + noise
            + "[   42.000004]  quuxdrv_submit+0x52/0xc0\n"
            + "[   42.000005]  do_syscall_64+0x3b/0x90\n";
    // ISO-8859-1 keeps each char one byte: "\u00e2\u0082" is a UTF-8 lead byte without its end.
    ParsedFile parsed = PARSER.parse(log.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    assertThat(parsed.reports().get(0).title())
        .isEqualTo("BUG: unable to handle kernel paging request in quuxdrv_submit");
  }

  @Test
  void plainTextMentioningATimestampKeepsItsPlace() {
    String log =
        "[    1.000000] Linux version 6.1.0\n"
            + "replayed [   42.000001] BUG: unable to handle page fault for address: 0\n";
    assertThat(PARSER.parse(log.getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(FileOutcome.NO_CRASH);
  }
}
