package dev.oopslake.parse;

import static dev.oopslake.parse.TestLogs.parse;
import static dev.oopslake.parse.TestLogs.primary;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Reports run through a symbolizer (syzbot's emails, scripts/decode_stacktrace.sh, a tracker
 * paste): frames gain "file:line" and inlined functions get lines of their own, the header
 * included. Hand-written with invented functions.
 */
class SymbolizedReportsTest {

  @Test
  void aKasanHeaderRepeatedForTheFunctionItWasInlinedIntoIsOneReport() {
    ParsedFile parsed =
        parse(
            "[  210.100001] ==================================================================",
            "[  210.100002] BUG: KASAN: slab-out-of-bounds in quux_ring_peek drivers/quux/ring.h:41 [inline]",
            "[  210.100003] BUG: KASAN: slab-out-of-bounds in quux_ring_pop include/quux.h:77 [inline]",
            "[  210.100004] BUG: KASAN: slab-out-of-bounds in quux_rx_poll+0x15c5/0x1990 drivers/quux/rx.c:212",
            "[  210.100005] Read of size 8 at addr ffff888012345678 by task quuxd/10223",
            "[  210.100006] ",
            "[  210.100007] CPU: 0 PID: 10223 Comm: quuxd Not tainted 6.6.0 #1",
            "[  210.100008] Call Trace:",
            "[  210.100009]  <TASK>",
            "[  210.100010]  __dump_stack lib/dump_stack.c:88 [inline]",
            "[  210.100011]  dump_stack_lvl+0xd9/0x1b0 lib/dump_stack.c:106",
            "[  210.100012]  print_report+0xc4/0x620 mm/kasan/report.c:475",
            "[  210.100013]  kasan_report+0xda/0x110 mm/kasan/report.c:588",
            "[  210.100014]  quux_ring_peek drivers/quux/ring.h:41 [inline]",
            "[  210.100015]  quux_ring_pop include/quux.h:77 [inline]",
            "[  210.100016]  quux_rx_poll+0x15c5/0x1990 drivers/quux/rx.c:212",
            "[  210.100017]  __napi_poll+0xb3/0x6e0 net/core/dev.c:6527",
            "[  210.100018]  </TASK>");
    assertThat(parsed.reports()).hasSize(1);
    Report r = primary(parsed);
    // The title keeps the innermost function and the access the line after the last repeat
    // names, as the unsymbolized report's single header would give them.
    assertThat(r.title()).isEqualTo("KASAN: slab-out-of-bounds Read in quux_ring_peek");
    assertThat(r.guiltyFrame()).isEqualTo("quux_ring_peek");
  }

  @Test
  void aKmsanInfoleakHeaderRepeatedForItsCallerKeepsItsStack() {
    Report r =
        primary(
            "[  400.100001] =====================================================",
            "[  400.100002] BUG: KMSAN: kernel-infoleak in instrument_copy_to_user include/linux/instrumented.h:114 [inline]",
            "[  400.100003] BUG: KMSAN: kernel-infoleak in _copy_to_user+0x129/0x190 lib/usercopy.c:33",
            "[  400.100004]  instrument_copy_to_user include/linux/instrumented.h:114 [inline]",
            "[  400.100005]  _copy_to_user+0x129/0x190 lib/usercopy.c:33",
            "[  400.100006]  copy_to_user include/linux/uaccess.h:169 [inline]",
            "[  400.100007]  quux_read_stats+0x3c9/0x790 drivers/quux/stats.c:160",
            "[  400.100008]  vfs_read+0x2a1/0xd40 fs/read_write.c:468",
            "[  400.100009]  ksys_read+0x20f/0x4c0 fs/read_write.c:613",
            "[  400.100010] ",
            "[  400.100011] CPU: 0 PID: 5017 Comm: quuxstat Not tainted 6.6.0 #1",
            "[  400.100012] =====================================================");
    assertThat(r.corrupted()).isFalse();
    assertThat(r.guiltyFrame()).isEqualTo("quux_read_stats");
  }

  @Test
  void theSameWordingOnTheNextLineWithoutAnInlineMarkIsASecondReport() {
    // Two KASAN reports back to back would each have their own access line; a header only joins
    // the one before when that one says it was inlined.
    ParsedFile parsed =
        parse(
            "[  210.100002] BUG: KASAN: use-after-free in quux_a+0x15/0x90",
            "[  210.100003] BUG: KASAN: use-after-free in quux_b+0x15/0x90",
            "[  210.100004] Read of size 8 at addr ffff888012345678 by task quuxd/10223");
    assertThat(parsed.reports()).hasSize(2);
  }

  @Test
  void aTraceDecodedByDecodeStacktraceIsReadWithItsModules() {
    // scripts/decode_stacktrace.sh replaces "f+0x1/0x2 [mod]" with "f (file.c:12) mod", the RIP
    // line's too: what a bug tracker's paste of a decoded oops looks like.
    Report r =
        primary(
            "[ 5000.100001] BUG: kernel NULL pointer dereference, address: 0000000000000010",
            "[ 5000.100002] #PF: supervisor read access in kernel mode",
            "[ 5000.100005] Oops: 0000 [#1] PREEMPT SMP NOPTI",
            "[ 5000.100006] CPU: 7 PID: 0 Comm: swapper/7 Tainted: G           OE     6.5.0-14-generic #14-Ubuntu",
            "[ 5000.100008] RIP: 0010:hexring_rx_poll (drivers/net/hexring/rx.c:212) hexring",
            "[ 5000.100010] Call Trace:",
            "[ 5000.100011]  <IRQ>",
            "[ 5000.100012] ? __die (arch/x86/kernel/dumpstack.c:421 arch/x86/kernel/dumpstack.c:434)",
            "[ 5000.100014] ? page_fault_oops (arch/x86/mm/fault.c:707)",
            "[ 5000.100016] ? asm_exc_page_fault (arch/x86/include/asm/idtentry.h:570)",
            "[ 5000.100017] ? hexring_rx_poll (drivers/net/hexring/rx.c:212) hexring",
            "[ 5000.100018] __napi_poll (net/core/dev.c:6498)",
            "[ 5000.100019] net_rx_action (net/core/dev.c:6567 net/core/dev.c:6698)",
            "[ 5000.100022] common_interrupt (arch/x86/kernel/irq.c:247 (discriminator 14))",
            "[ 5000.100023]  </IRQ>",
            "[ 5000.100026] Kernel panic - not syncing: Fatal exception in interrupt");
    assertThat(r.title())
        .isEqualTo("BUG: unable to handle kernel NULL pointer dereference in hexring_rx_poll");
    assertThat(r.guiltyModule()).isEqualTo("hexring");
    assertThat(r.frames()).extracting(Frame::function).contains("__napi_poll", "net_rx_action");
  }

  @Test
  void aDecodedLockdepReportNamesTheFunctionTakingTheLock() {
    // The "at:" of the lock being acquired names the culprit; decoded, it loses its offset.
    Report r =
        primary(
            "[   70.000002] WARNING: possible circular locking dependency detected",
            "[   70.000003] 6.6.0 #1 Not tainted",
            "[   70.000005] quuxd/4242 is trying to acquire lock:",
            "[   70.000006] ffff888012345678 (&quux->cfg_mutex){+.+.}-{3:3}, at: quuxdrv_reconfigure"
                + " (drivers/quux/cfg.c:88) quux",
            "[   70.000008] but task is already holding lock:",
            "[   70.000009] ffff888012345600 (&quux->lock){+.+.}-{3:3}, at: quuxdrv_ioctl"
                + " (drivers/quux/main.c:301) quux",
            "[   70.000022] stack backtrace:",
            "[   70.000023] CPU: 0 PID: 4242 Comm: quuxd Not tainted 6.6.0 #1",
            "[   70.000024] Call Trace:",
            "[   70.000025] <TASK>",
            "[   70.000026] dump_stack_lvl (lib/dump_stack.c:107)",
            "[   70.000029] __lock_acquire (kernel/locking/lockdep.c:5136)",
            "[   70.000030] lock_acquire (kernel/locking/lockdep.c:5753)",
            "[   70.000031] __mutex_lock (kernel/locking/mutex.c:608)",
            "[   70.000032] quuxdrv_refresh (drivers/quux/cfg.c:120) quux",
            "[   70.000033] quuxdrv_ioctl (drivers/quux/main.c:301) quux",
            "[   70.000034] </TASK>");
    assertThat(r.title()).isEqualTo("possible deadlock in quuxdrv_reconfigure");
    assertThat(r.guiltyModule()).isEqualTo("quux");
  }
}
