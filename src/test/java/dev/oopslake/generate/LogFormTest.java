package dev.oopslake.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each form rewrites a hand-written log's lines as its collector or terminal would. */
class LogFormTest {

  private static final String LOG =
      "[   10.000001] WARNING: CPU: 1 PID: 7 at drivers/foo/foo.c:12 foo_poll+0x10/0x20 [foo]\n"
          + "\n"
          + "user space said «héllo»\n"
          + "[ 1234.500000]  foo_work+0x30/0x40 [foo]";

  private static String as(LogForm form, String log) {
    return new String(form.apply(log.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  @Test
  void dmesgIsTheLogAsItIs() {
    byte[] log = LOG.getBytes(StandardCharsets.UTF_8);
    assertThat(LogForm.DMESG.apply(log)).isSameAs(log);
  }

  @Test
  void syslogPutsItsTimeHostAndTagBeforeEveryLineButEmptyOnes() {
    assertThat(as(LogForm.SYSLOG, LOG).lines())
        .containsExactly(
            "Dec  7 16:37:20 host42 kernel: [   10.000001] WARNING: CPU: 1 PID: 7 at"
                + " drivers/foo/foo.c:12 foo_poll+0x10/0x20 [foo]",
            "",
            "Dec  7 16:37:20 host42 kernel: user space said «héllo»",
            "Dec  7 16:37:20 host42 kernel: [ 1234.500000]  foo_work+0x30/0x40 [foo]");
  }

  @Test
  void netconsoleIsTheRecordAsSentAfterTheServersTimeAndTheSendersAddress() {
    assertThat(as(LogForm.NETCONSOLE, LOG).lines())
        .containsExactly(
            "Dec  7 16:37:20 10.1.2.3 [   10.000001] WARNING: CPU: 1 PID: 7 at"
                + " drivers/foo/foo.c:12 foo_poll+0x10/0x20 [foo]",
            "",
            "Dec  7 16:37:20 10.1.2.3 user space said «héllo»",
            "Dec  7 16:37:20 10.1.2.3 [ 1234.500000]  foo_work+0x30/0x40 [foo]");
  }

  @Test
  void theJournalAndDmesgDashTDropTheKernelsTimestampOnly() {
    assertThat(as(LogForm.JOURNAL, LOG).lines())
        .containsExactly(
            "Dec 07 16:37:20 host42 kernel: WARNING: CPU: 1 PID: 7 at drivers/foo/foo.c:12"
                + " foo_poll+0x10/0x20 [foo]",
            "",
            "Dec 07 16:37:20 host42 kernel: user space said «héllo»",
            "Dec 07 16:37:20 host42 kernel:  foo_work+0x30/0x40 [foo]");
    assertThat(as(LogForm.NO_TIMESTAMPS, "[   10.000001] BUG: x\n[<ffffffff81000000>] f\n"))
        .as("a frame address in brackets is no timestamp")
        .isEqualTo("BUG: x\n[<ffffffff81000000>] f\n");
  }

  @Test
  void crlfEndsEveryLineWithACarriageReturn() {
    assertThat(as(LogForm.CRLF, "a\nb\n")).isEqualTo("a\r\nb\r\n");
    assertThat(as(LogForm.CR, "a\nb\n")).isEqualTo("a\rb\r");
  }

  @Test
  void cut80CutsByColumnsAndNeverInsideACharacter() {
    String wide = "«" + "x".repeat(78) + "é" + "yz";
    assertThat(as(LogForm.CUT80, wide + "\n").lines())
        .containsExactly("«" + "x".repeat(78) + "é", "yz");
    assertThat(as(LogForm.SYSLOG_CUT80, LOG).lines())
        .allMatch(l -> l.codePointCount(0, l.length()) <= 80)
        .hasSize(5);
  }

  @Test
  void formsAreNamedForTheCommandLine() {
    assertThat(LogForm.byId("syslog-cut80")).isEqualTo(LogForm.SYSLOG_CUT80);
    assertThat(LogForm.byId("serial")).isNull();
    assertThat(LogForm.ids()).startsWith("dmesg").hasSize(LogForm.values().length);
  }

  @Test
  void dmesgsOwnOptionsAndRawRecordsReplaceOrPrefixTheTimestamp() {
    String line = "[   10.000001] BUG: x\nno stamp\n";
    assertThat(as(LogForm.DMESG_T, line))
        .isEqualTo("[Mon Dec  7 16:37:20 2026] BUG: x\nno stamp\n");
    assertThat(as(LogForm.DMESG_H, line)).isEqualTo("[  +0.000012] BUG: x\nno stamp\n");
    assertThat(as(LogForm.DMESG_X, line))
        .isEqualTo("kern  :warn  : [   10.000001] BUG: x\nkern  :warn  : no stamp\n");
    assertThat(as(LogForm.KMSG, line)).isEqualTo("4,1234,5678901,-;BUG: x\nno stamp\n");
    assertThat(as(LogForm.PSTORE, line)).isEqualTo("<4>[   10.000001] BUG: x\nno stamp\n");
    assertThat(as(LogForm.JOURNAL_MONOTONIC, line))
        .isEqualTo("[   10.000001] host42 kernel: BUG: x\nno stamp\n");
    assertThat(as(LogForm.RFC5424, "BUG: x\n"))
        .isEqualTo("<4>1 2026-12-07T16:37:20.123456+00:00 host42 kernel - - - BUG: x\n");
  }

  @Test
  void utf16IsWindowsUnicodeTextWithItsByteOrderMark() {
    byte[] out = LogForm.UTF16.apply("[   10.000001] BUG: «x»\n".getBytes(StandardCharsets.UTF_8));
    assertThat(out[0]).isEqualTo((byte) 0xFF);
    assertThat(out[1]).isEqualTo((byte) 0xFE);
    assertThat(new String(out, 2, out.length - 2, StandardCharsets.UTF_16LE))
        .isEqualTo("[   10.000001] BUG: «x»\n");
  }

  @Test
  void decodedReplacesTheLastSymbolOfALineAsDecodeStacktraceDoes() {
    String log =
        "[   10.000001] RIP: 0010:foo_poll+0x10/0x20 [foo]\n"
            + "[   10.000002]  [<ffffffff81000000>] ? bar_work+0x30/0x40\n"
            + "[   10.000003] RIP: 0010:[<ffffffff81000000>]  [<ffffffff81000000>] baz+0x1/0x2\n"
            + "[   10.000004] [<c01035d8>] (dump_backtrace+0x0/0x10c) from [<c01038b4>] (show_stack+0x20/0x24)\n"
            + "[   10.000005] Code: 48 8b 45 c8 <48> 85 c0\n";
    assertThat(as(LogForm.DECODED, log).lines())
        .containsExactly(
            "[   10.000001] RIP: 0010:foo_poll (kernel/foo_poll.c:"
                + (Math.floorMod("foo_poll".hashCode(), 2000) + 1)
                + ") foo",
            "[   10.000002] ? bar_work (kernel/bar_work.c:"
                + (Math.floorMod("bar_work".hashCode(), 2000) + 1)
                + ")",
            "[   10.000003] RIP: baz (kernel/baz.c:"
                + (Math.floorMod("baz".hashCode(), 2000) + 1)
                + ")",
            "[   10.000004] (dump_backtrace+0x0/0x10c) from show_stack (kernel/show_stack.c:"
                + (Math.floorMod("show_stack".hashCode(), 2000) + 1)
                + ")",
            "[   10.000005] Code: 48 8b 45 c8 <48> 85 c0");
  }

  @Test
  void symbolizedAddsASourcePositionAfterEveryOffset() {
    String pos = "kernel/foo_poll.c:" + (Math.floorMod("foo_poll".hashCode(), 2000) + 1);
    assertThat(
            as(LogForm.SYMBOLIZED, "[   10.000001] RIP: 0010:foo_poll+0x10/0x20 [foo]\nno frame\n"))
        .isEqualTo("[   10.000001] RIP: 0010:foo_poll+0x10/0x20 " + pos + " [foo]\nno frame\n");
    assertThat(as(LogForm.SYMBOLIZED, "(foo_poll+0x10/0x20) from\n"))
        .isEqualTo("(foo_poll+0x10/0x20 " + pos + ") from\n");
  }
}
