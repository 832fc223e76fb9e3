package dev.oopslake.parse;

import static dev.oopslake.parse.TestLogs.primary;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Wordings of recent kernels (6.x) the corpus predates, hand-written with invented drivers. */
class CurrentKernelFormsTest {

  @Test
  void aHardLockupNamesTheCpuThatNoticedItAndTheOneLockedUp() {
    // kernel/watchdog.c watchdog_hardlockup_check(), ~6.11: pr_fmt "watchdog: ", then the CPUs.
    Report r =
        primary(
            "[71234.551000] watchdog: CPU14: Watchdog detected hard LOCKUP on cpu 14",
            "[71234.551010] Modules linked in: gizmo(OE) nvme",
            "[71234.551020] CPU: 14 PID: 40121 Comm: python3 Tainted: G           OE      6.11.0 #1",
            "[71234.551040] RIP: 0010:native_queued_spin_lock_slowpath+0x2c1/0x300",
            "[71234.551100] Call Trace:",
            "[71234.551101]  <NMI>",
            "[71234.551103]  ? watchdog_hardlockup_check+0x129/0x240",
            "[71234.551104]  ? perf_event_nmi_handler+0x2a/0x50",
            "[71234.551106]  ? default_do_nmi+0x40/0x100",
            "[71234.551107]  ? exc_nmi+0x139/0x1c0",
            "[71234.551108]  ? end_repeat_nmi+0xf/0x53",
            "[71234.551109]  </NMI>",
            "[71234.551110]  <TASK>",
            "[71234.551111]  _raw_spin_lock_irqsave+0x5c/0x80",
            "[71234.551112]  gizmo_acquire+0x12/0x30 [gizmo]",
            "[71234.551113]  gizmo_submit+0x10/0x40 [gizmo]",
            "[71234.551114]  </TASK>",
            "[71234.551200] Kernel panic - not syncing: Hard LOCKUP");
    assertThat(r.crashClass()).isEqualTo("hard-lockup");
    assertThat(r.corrupted()).isFalse();
    assertThat(r.title()).isEqualTo("hard LOCKUP in gizmo_acquire");
    assertThat(r.guiltyModule()).isEqualTo("gizmo");
  }
}
