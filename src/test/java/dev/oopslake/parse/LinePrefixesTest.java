package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
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
        ">> > [  812.331102] ", // quoted thrice
        "<4>1 2026-12-07T16:37:20.123456+00:00 host42 kernel - - - ", // RFC 5424
        "<4>1 2026-12-07T16:37:20Z host42 kernel - - [meta sequenceId=\"7\"] ", // with data
        "Dec  7 16:37:20 10.1.2.3 [  812.331102] ", // netconsole stored by a syslog server
        "Dec  7 16:37:20 10.1.2.3 ", // the same from a kernel with printk.time off
        "2026-12-07T16:37:20.123+00:00 10.1.2.3 [  812.331102] ", // an ISO-dated server
        "2026-12-07 16:37:20,123 | INFO | [  812.331102] ", // a log shipper's own columns
        "kernel: [  812.331102] " // a syslog line with its date cut off
      })
  void theMessageStartsAfterTheDecoration(String prefix) {
    assertThat(message(prefix + "BUG: unable to handle page fault for address: ffffc90001a3f000"))
        .isEqualTo("BUG: unable to handle page fault for address: ffffc90001a3f000");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "Dec  7 16:37:20 host42 kernel: ",
        "Dec 07 16:37:20 host42 kernel: ",
        "kern  :warn  : ",
        "<4>1 2026-12-07T16:37:20Z host42 kernel - - - ",
        "> "
      })
  void anEmptyMessageIsEmptyThoughTheBlankBeforeItIsTrimmed(String prefix) {
    // The kernel prints empty lines inside reports; the cut-line repair must not take one for
    // the piece of a cut line.
    byte[] d = (prefix + "\n").getBytes(StandardCharsets.UTF_8);
    LogLines lines = LogLines.split(d, 0, d.length);
    assertThat(lines.text(0)).isEmpty();
    assertThat(lines.start(0)).isGreaterThan(lines.rawStart(0));
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
        "->#1 (&gizmo->lock){+.+.}-{3:3}:",
        "1 2026-12-07T16:37:20Z host42 sshd - - - not the kernel's"
      })
  void messageTextThatLooksLikeADecorationStays(String line) {
    assertThat(message(line)).isEqualTo(line);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "[Mon Dec  7 16:37:20 2026] ",
        "kern  :warn  : ",
        "4,1234,5678901,-;",
        "> ",
        "[  812.331102] web-01.example.com kernel: "
      })
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

  @Test
  void blanksAfterALinesTextAreNoPartOfIt() {
    // A terminal capture pads lines: "Preemption disabled at:" must still end with its colon, so
    // the frame after it (where preemption was disabled) stays out of the call trace.
    String log =
        String.join(
            "\n",
            "[  566.230190] BUG: sleeping function called from invalid context at"
                + " include/linux/sched/mm.h:201",
            "[  566.293770] in_atomic(): 0, irqs_disabled(): 0, non_block: 0, pid: 22160, name: gizmod",
            "[  566.479571] Preemption disabled at:",
            "[  566.479589] [<ffffffff8709e980>] gizmo_xmit+0x1f0/0x2e30 [gizmo]",
            "[  566.480001] CPU: 1 PID: 22160 Comm: gizmod Tainted: G           OE     5.15.0-91-generic"
                + " #101-Ubuntu",
            "[  566.480010] Call Trace:",
            "[  566.480020]  <TASK>",
            "[  566.480030]  dump_stack_lvl+0x8b/0xb3",
            "[  566.480040]  __might_resched+0x1f1/0x237",
            "[  566.480050]  kmem_cache_alloc_node+0x33d/0x3e0",
            "[  566.480060]  __alloc_skb+0x20b/0x340",
            "[  566.480070]  gizmo_reply+0x1ed/0xaa0 [gizmo]",
            "[  566.480080]  gizmo_rcv+0x33d/0x420 [gizmo]",
            "[  566.480090]  </TASK>",
            "");
    String padded = log.lines().map(l -> l + "   \t").collect(Collectors.joining("\n", "", "\n"));
    Report plain = parse(log);
    Report b = parse(padded);
    assertThat(plain.frames()).noneMatch(f -> f.function().equals("gizmo_xmit"));
    assertThat(b.frames()).isEqualTo(plain.frames());
    assertThat(b.title()).isEqualTo(plain.title());
    assertThat(b.modules()).isEqualTo(plain.modules());
  }

  private static Report parse(String log) {
    ParsedFile parsed = CrashParser.withDefaults().parse(log.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    return parsed.reports().get(0);
  }

  @Test
  void aKernelTagInsideTheMessageIsNoSyslogTag() {
    // Rust's panic handler prints "rust_kernel: panicked at ...": the "kernel: " in it is text.
    assertThat(
            message("Dec  7 16:37:20 10.1.2.3 [   23.717039] rust_kernel: panicked at a.rs:1:2:"))
        .isEqualTo("rust_kernel: panicked at a.rs:1:2:");
    assertThat(message("Dec  7 16:37:20 host42 kernel: rust_kernel: panicked at a.rs:1:2:"))
        .isEqualTo("rust_kernel: panicked at a.rs:1:2:");
  }

  @Test
  void aProgramsSyslogLineKeepsItsTagInTheMessage() {
    assertThat(message("Dec  7 16:37:20 host42 sshd[812]: Accepted publickey for root"))
        .isEqualTo("sshd[812]: Accepted publickey for root");
  }
}
