package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The byte sieve {@link LogLines#split} runs on every line may keep too many lines, never too few:
 * the locator only looks at the lines it keeps, so a line it drops must be one on which the locator
 * would find nothing and change nothing.
 */
class LineSieveTest {

  /** Reference for the word-wise pair test: ':' at p+k followed by ' '. */
  private static int scalarPairs(byte[] d, int p) {
    int m = 0;
    for (int k = 0; k < 32; k++) {
      if (d[p + k] == ':' && d[p + k + 1] == ' ') {
        m |= 1 << k;
      }
    }
    return m;
  }

  @Property(tries = 500)
  void colonSpacePairsAgreeWithAByteLoop(@ForAll("colonSpaceBytes") byte[] d) {
    for (int p = 0; p + 33 <= d.length; p++) {
      assertThat(LogLines.colonSpacePairs(d, p))
          .as("pairs at offset %d of %s", p, new String(d, StandardCharsets.ISO_8859_1))
          .isEqualTo(scalarPairs(d, p));
    }
  }

  @Provide
  Arbitrary<byte[]> colonSpaceBytes() {
    // Mostly ':' and ' ' so pairs, runs and word-boundary cases are common; some high bytes.
    return Arbitraries.of((byte) ':', (byte) ' ', (byte) 'a', (byte) 0x3b, (byte) 0xba, (byte) 0)
        .array(byte[].class)
        .ofMinSize(33)
        .ofMaxSize(80);
  }

  /**
   * Runs the locator's per-line tests on every line and checks the sieve kept each that matters.
   */
  private static void checkSieve(byte[] data) {
    LogLines kept = LogLines.split(data, 0, data.length);
    LogLines all = LogLines.split(data, 0, data.length);
    int k = 0;
    for (int i = 0; i < all.size(); i++) {
      boolean isKept = k < kept.candidateCount() && kept.candidate(k) == i;
      if (isKept) {
        k++;
      }
      int callerBefore = all.caller(i);
      // What locate() does with a line: a line that starts like a header is matched or dropped;
      // any other is looked at after its first separator, which may record a caller id.
      boolean matters =
          HeaderPrefilter.mayBeHeader(all, i)
              ? ReportLocator.mayMatch(all, i)
              : HeaderPrefilter.midLineHeader(all, i) >= 0 || all.caller(i) != callerBefore;
      if (matters) {
        assertThat(isKept)
            .as("line %d kept by the sieve: %s", i, all.text(i).replace("\0", "\\0"))
            .isTrue();
      }
    }
    assertThat(k).as("candidates are ascending line numbers").isEqualTo(kept.candidateCount());
    int banner = -1;
    for (int i = 0; i < all.size() && banner < 0; i++) {
      if (all.startsWith(i, "Linux version ".getBytes(StandardCharsets.US_ASCII))) {
        banner = i;
      }
    }
    assertThat(kept.linuxVersionLine()).as("the first boot banner line").isEqualTo(banner);
  }

  @Property(tries = 1000)
  void sieveKeepsEveryLineTheLocatorWouldUse(@ForAll("headerishLogs") String log) {
    checkSieve(log.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 300)
  void sieveKeepsEveryLineOfAnyBytes(@ForAll @Size(max = 3000) byte[] data) {
    checkSieve(data);
  }

  @Provide
  Arbitrary<String> headerishLogs() {
    Arbitrary<String> fragment =
        Arbitraries.of(
            "[  12.345678] ",
            "[   1.000000][ T1234] ",
            "[ 2004.917769][   C14] ",
            "<4>",
            "Nov 21 03:12:44 host kernel: ",
            "syzkaller login: ",
            "usb 5-1: ",
            "pci 0000:00:01.1: ",
            ": ",
            ":",
            "  ",
            " ",
            "[",
            "[ T7]",
            "[  59.8]",
            "[abcd5.efghi9]",
            "[ C3]",
            "[sda] ",
            "[8086:2922] ",
            "[ 14] ",
            "[12345]",
            "** 3 printk messages dropped ** ",
            "BUG: ",
            "BUG: KASAN: use-after-free in f",
            "WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2",
            "INFO: task x:1 blocked",
            "Kernel panic - not syncing: Fatal",
            "general protection fault",
            "Oops",
            "rcu: ",
            "watchdog: ",
            "usercopy: ",
            "Linux version 5.10.0",
            "Booting the kernel",
            "------------[ cut here ]------------ ",
            "x",
            "\r",
            "\0",
            "\n");
    return fragment.list().ofMaxSize(60).map(l -> String.join("", l));
  }

  @Test
  void edgesOfTheWordWiseTestAreKept() {
    String pad = "[  100.000000] filler line long enough to keep the word-wise test in the array\n";
    String[] lines = {
      // A header after a long run of spaces: past the bytes the word-wise test looks at.
      "[    1.000000] xhci 1-1:" + " ".repeat(40) + "BUG: unable to handle page fault",
      // Separators at the far end of the colon window, and a header right after them.
      "[    1.000000] abcdefghijklmnopqrstuvw: BUG: x",
      "[    1.000000] abcdefghijklmnopqrstuvwxyz: BUG: x",
      "[    1.000000] a: [    2.000000] BUG: x",
      "[    1.000000] a: [ T12] WARNING: x",
      // A bracket that passes stripPrefixes' timestamp test without digits where it looks not.
      "[    1.000000] a: [abcd5.efghi9] BUG: x",
      "[    1.000000] a: [12345.678901][ T3] BUG: x",
      // Headers behind sub-prefixes and the two-byte literal "[ ".
      "[    1.000000] rcu: INFO: rcu_sched self-detected stall on CPU",
      "[    1.000000] watchdog: BUG: soft lockup - CPU#0 stuck for 22s!",
      "[    1.000000] [ INFO: possible circular locking dependency detected ]",
      "[    1.000000] a:  Oops: 0000 [#1] SMP",
    };
    StringBuilder log = new StringBuilder();
    for (String l : lines) {
      log.append(l).append('\n').append(pad.repeat(2));
    }
    checkSieve(log.toString().getBytes(StandardCharsets.UTF_8));
    // Each line again as the file's last: the tail path without word reads past the buffer.
    for (String l : lines) {
      checkSieve(l.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void everyTriggerAndSubPrefixPassesTheFourByteTest() {
    java.util.List<String> literals = new java.util.ArrayList<>(CrashClasses.SUB_PREFIXES);
    for (CrashClass c : CrashClasses.ALL) {
      literals.add(c.trigger());
    }
    for (String lit : literals) {
      byte[] padded = (lit + "    ").getBytes(StandardCharsets.US_ASCII);
      assertThat(HeaderPrefilter.literalMayStartAt(padded, 0)).as("literal %s", lit).isTrue();
    }
    byte[] noise = "usb 1-1: input: rcu? [mem".getBytes(StandardCharsets.US_ASCII);
    assertThat(HeaderPrefilter.literalMayStartAt(noise, 0)).as("usb is not usercopy").isFalse();
    assertThat(HeaderPrefilter.literalMayStartAt(noise, 9))
        .as("input is not invalid opcode")
        .isFalse();
  }

  @Test
  void textStartsWithReadsBytesLikeTheDecodedText() {
    byte[] log =
        "[    1.0] CPU:\0 0 PID: 1\nCPU: 1\nCP\u00c9: x\nCP\n".getBytes(StandardCharsets.UTF_8);
    LogLines lines = LogLines.split(log, 0, log.length);
    byte[] cpu = "CPU: ".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.textStartsWith(i, cpu))
          .as("line %d: %s", i, lines.text(i))
          .isEqualTo(lines.text(i).startsWith("CPU: "));
    }
  }

  @Test
  void decorationsAfterASeparatorAreSeenOnSplit() {
    byte[] log =
        ("[  1.0][ T5] ok line\n"
                + "[  1.1][ T5] syzkaller login: [  59.8][ T6792] BUG: unable to handle kernel\n"
                + "[  1.2][ T5] sd 0:0:0:0: [sda] 41943040 512-byte logical blocks\n")
            .getBytes(StandardCharsets.UTF_8);
    LogLines lines = LogLines.split(log, 0, log.length);
    ReportLocator.Located located = ReportLocator.locate(lines);
    assertThat(located.spans()).as("the header after the login prompt is found").hasSize(1);
    assertThat(lines.caller(1))
        .as("the caller id printed after the prompt is the header's caller")
        .isEqualTo(6792 + 1);
  }
}
