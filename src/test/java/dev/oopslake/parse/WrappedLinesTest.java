package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A log cut at a terminal's or a mail's width reads as the log it was: the release, the taint, the
 * module list and the frames come out as from the uncut log. Logs that were not cut are left alone.
 * A hand-written log, cut here as {@code fold -w N} cuts it.
 */
class WrappedLinesTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  static final String LOG =
      String.join(
          "\n",
          "[    0.000000] Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) (gcc (Ubuntu"
              + " 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #101-Ubuntu"
              + " SMP Tue Nov 14 13:30:08 UTC 2023",
          "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz-5.15.0-91-generic"
              + " root=UUID=0b3c1d2e-aaaa-bbbb-cccc-1234567890ab ro console=ttyS0,115200n8"
              + " crashkernel=512M-:192M",
          "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable",
          "[  812.331102] BUG: unable to handle page fault for address: ffffc90001a3f000",
          "[  812.331110] #PF: supervisor write access in kernel mode",
          "[  812.331119] Oops: 0002 [#1] SMP PTI",
          "[  812.331120] Modules linked in: gizmo(OE) xt_conntrack nf_conntrack nf_defrag_ipv6"
              + " nf_defrag_ipv4 bridge stp llc overlay xfs libcrc32c",
          "[  812.331122] CPU: 5 PID: 2331 Comm: gizmo-ctl Kdump: loaded Tainted: G           OE"
              + "     5.15.0-91-generic #101-Ubuntu",
          "[  812.331128] RIP: 0010:gizmo_ring_copy+0x8e/0x150 [gizmo]",
          "[  812.331140] Call Trace:",
          "[  812.331142]  <TASK>",
          "[  812.331145]  gizmo_ioctl_submit_request_with_a_rather_long_name+0x1b3/0x3a0 [gizmo]",
          "[  812.331152]  gizmo_ioctl+0x8c/0x110 [gizmo]",
          "[  812.331158]  __x64_sys_ioctl+0x95/0xd0",
          "[  812.331163]  do_syscall_64+0x5c/0xc0",
          "[  812.331175]  </TASK>",
          "");

  /** What {@code fold -w width} does to each line. */
  static String fold(String log, int width) {
    StringBuilder sb = new StringBuilder();
    for (String line : log.split("\n", -1)) {
      int p = 0;
      while (line.length() - p > width) {
        sb.append(line, p, p + width).append('\n');
        p += width;
      }
      sb.append(line, p, line.length()).append('\n');
    }
    return sb.substring(0, sb.length() - 1);
  }

  private static Report parse(String log) {
    ParsedFile parsed = PARSER.parse(log.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    return parsed.reports().get(0);
  }

  @ParameterizedTest(name = "cut at {0} columns")
  @ValueSource(ints = {72, 80, 100})
  void aCutLogReadsAsTheUncutOne(int width) {
    String cut = fold(LOG, width);
    assertThat(cut).as("the test cuts lines").isNotEqualTo(LOG);
    Report whole = parse(LOG);
    Report wrapped = parse(cut);
    assertThat(wrapped.kernel().release()).isEqualTo("5.15.0-91-generic");
    assertThat(wrapped.taint().letters()).isEqualTo(whole.taint().letters()).isEqualTo("OE");
    assertThat(wrapped.comm()).isEqualTo("gizmo-ctl");
    assertThat(wrapped.modules()).isEqualTo(whole.modules()).hasSize(11);
    assertThat(wrapped.frames()).isEqualTo(whole.frames());
    assertThat(wrapped.title()).isEqualTo(whole.title());
  }

  @Test
  void aLogThatWasNotCutIsLeftAlone() {
    byte[] d = LOG.getBytes(StandardCharsets.UTF_8);
    assertThat(WrappedLines.unwrapped(LogLines.split(d, 0, d.length))).isNull();
    String lockdep =
        String.join(
            "\n",
            "[   77.000013] the existing dependency chain (in reverse order) is:",
            "-> #1 (&gizmo->lock){+.+...}:",
            "[   77.000015]        lock_acquire+0xb2/0x1f0",
            "-> #0 (&sb->s_type->i_mutex_key#14){+.+.+.}:",
            "[   77.000016]        mutex_lock_nested+0x7c/0x3d0",
            "-> #2 (&other->lock){+.+...}:",
            "[   77.000017]        mutex_lock_nested+0x7c/0x3d0",
            "");
    byte[] l = lockdep.getBytes(StandardCharsets.UTF_8);
    assertThat(WrappedLines.unwrapped(LogLines.split(l, 0, l.length)))
        .as("untimestamped lines of their own, not cut ones")
        .isNull();
  }

  /** Register dump lines of a 4.x x86 oops: 80 columns each with their timestamp, uncut. */
  static final String REGISTERS =
      String.join(
          "\n",
          "[  812.331130] RAX: 0000000000000000 RBX: ffff8801c8baa000 RCX: ffffc90004763000",
          "[  812.331131] RDX: 0000000000000052 RSI: ffffffff810de507 RDI: ffff8801c6358f60",
          "[  812.331132] RBP: ffff8801c5e37a80 R08: 0000000000000001 R09: 0000000000000001",
          "[  812.331133] R10: 0000000000000000 R11: 0000000000000000 R12: 0000000000000000",
          "[  812.331134] R13: ffff8801c52be780 R14: ffff8801c65be600 R15: ffff8801c6358d40");

  @Test
  void linesThatAreTheWidthWithoutBeingCutDoNotHideTheCut() {
    // The kernel's registers before the trace and the user-space ones after it: ten lines.
    String log =
        LOG.replace("[  812.331140] Call Trace:", REGISTERS + "\n[  812.331140] Call Trace:")
            .replace("[  812.331175]  </TASK>", "[  812.331175]  </TASK>\n" + REGISTERS);
    assertThat(REGISTERS.lines()).allMatch(l -> l.length() == 80);
    byte[] cut = fold(log, 80).getBytes(StandardCharsets.UTF_8);
    byte[] unwrapped = WrappedLines.unwrapped(LogLines.split(cut, 0, cut.length));
    assertThat(unwrapped).as("taken for a cut log").isNotNull();
    assertThat(new String(unwrapped, StandardCharsets.UTF_8)).isEqualTo(log);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"Dec  7 16:37:20 host42 kernel: ", "2026-12-07T16:37:20+00:00 host42 kernel: "})
  void aSyslogOrJournalLogCutAtEightyColumnsReadsAsTheUncutOne(String prefix) {
    String log = LOG.lines().map(l -> prefix + l).collect(Collectors.joining("\n", "", "\n"));
    Report whole = parse(log);
    Report wrapped = parse(fold(log, 80));
    assertThat(wrapped.kernel().release()).isEqualTo("5.15.0-91-generic");
    assertThat(wrapped.modules()).isEqualTo(whole.modules()).hasSize(11);
    assertThat(wrapped.frames()).isEqualTo(whole.frames());
    assertThat(wrapped.title()).isEqualTo(whole.title());
  }

  @Test
  void aCutLineHoldingMultiByteCharactersIsAsWideAsTheOthers() {
    // A module parameter echoed with non-ASCII text: a terminal counts columns, not bytes.
    String log =
        LOG.replace(
            "[  812.331102] BUG:",
            "[  812.330001] gizmo: loading firmware «gizmo-fw-ünïcödé-release-candidate» from"
                + " /lib/firmware/gizmo/ after the «retry» timer fired\n[  812.331102] BUG:");
    Report wrapped = parse(fold(log, 80));
    assertThat(wrapped.kernel().release()).isEqualTo("5.15.0-91-generic");
    assertThat(wrapped.frames()).isEqualTo(parse(log).frames());
  }

  @Test
  void aLogWithOneLongLineCutAtATerminalWidthIsJoined() {
    // A boot's worth of short lines show that lines rarely go on untimestamped in this log.
    StringBuilder boot = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      boot.append(
          String.format("[    1.%06d] pci 0000:00:%02x.0: reg 0x10: [mem 0xfe000000]%n", i, i));
    }
    String narrow =
        LOG.lines()
            .filter(l -> l.length() < 120)
            .collect(Collectors.joining("\n", boot.toString(), "\n"));
    String log =
        narrow.replace(
            "[  812.331145]  gizmo_ioctl_submit_request_with_a_rather_long_name+0x1b3/0x3a0 [gizmo]",
            "[  812.331145] "
                + " gizmo_ioctl_submit_request_with_a_rather_long_name_that_goes_on_past_the_width"
                + "_of_a_wide_terminal+0x1b3/0x3a0 [gizmo]");
    String cut = fold(log, 120);
    assertThat(cut.lines().filter(l -> l.length() == 120)).hasSize(1);
    assertThat(parse(cut).frames()).isEqualTo(parse(log).frames());
  }

  @Test
  void theLongestLineBeforeAnUntimestampedOneIsNoCutWhenOthersOfItsWidthEndedThere() {
    // Four journald lines of one length, each a whole record, then a message printed without a
    // timestamp after the last of them: nothing was cut.
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append(String.format("[%7d.000001] eth0: link up, 25Gbps, full duplex%n", 1000 + i));
    }
    for (int i = 0; i < 4; i++) {
      sb.append(
          String.format(
              "[%7d.537724] systemd-journald[913]: Data hash table of /var/log/journal/"
                  + "6cd00f64ad87a5b601d3a71ab6c0cb0%d/system.journal has a fill level at 75.0%n",
              2000 + i, i));
    }
    sb.append("VFS: Close: file count is 0\n");
    byte[] d = sb.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(WrappedLines.unwrapped(LogLines.split(d, 0, d.length))).isNull();
  }
}
