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

  @Test
  void anExpeditedStallNamesWhatTheStalledCpuWasRunning() {
    // kernel/rcu/tree_exp.h synchronize_rcu_expedited_wait(), 6.x: the stalled CPUs in braces,
    // no "detected by"; dump_cpu_task() sends each an NMI. Another CPU's backtrace printed first
    // (here the waiter's own) is not the stall.
    Report r =
        primary(
            "[ 3000.100001] rcu: INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 3-...D } 2674 jiffies s: 3785 root: 0x1/.",
            "[ 3000.100002] rcu: blocking rcu_node structures (internal RCU debug):",
            "[ 3000.100003] Sending NMI from CPU 1 to CPUs 3:",
            "[ 3000.100004] NMI backtrace for cpu 1",
            "[ 3000.100005] CPU: 1 PID: 812 Comm: quuxctl Not tainted 6.6.0 #1",
            "[ 3000.100006] Call Trace:",
            "[ 3000.100007]  <TASK>",
            "[ 3000.100008]  quuxctl_reconfigure+0x2b1/0x4c0 [quux]",
            "[ 3000.100009]  quux_ioctl+0x1e5/0x300 [quux]",
            "[ 3000.100010]  __x64_sys_ioctl+0x8e/0xd0",
            "[ 3000.100011]  </TASK>",
            "[ 3000.100012] NMI backtrace for cpu 3",
            "[ 3000.100013] CPU: 3 PID: 8001 Comm: quuxd Not tainted 6.6.0 #1",
            "[ 3000.100014] RIP: 0010:quux_ring_drain+0x2b1/0x14c0 [quux]",
            "[ 3000.100015] Call Trace:",
            "[ 3000.100016]  <NMI>",
            "[ 3000.100017]  ? nmi_cpu_backtrace+0x1a1/0x1c0",
            "[ 3000.100018]  </NMI>",
            "[ 3000.100019]  <TASK>",
            "[ 3000.100020]  quux_ring_drain+0x2b1/0x14c0 [quux]",
            "[ 3000.100021]  quux_poll+0x1e5/0x300 [quux]",
            "[ 3000.100022]  kthread+0x2e8/0x3a0",
            "[ 3000.100023]  ret_from_fork+0x1f/0x30",
            "[ 3000.100024]  </TASK>");
    assertThat(r.crashClass()).isEqualTo("rcu-stall");
    // As for every RCU stall, the code's entry below its dispatcher (here the kthread).
    assertThat(r.title()).isEqualTo("INFO: rcu detected stall in quux_poll");
  }

  @Test
  void anArm64SErrorNamesTheInterruptedCodeAndItsModule() {
    // arch/arm64/kernel/traps.c arm64_serror_panic(): the SError line, __show_regs(), then
    // nmi_panic()'s stack, which runs through the exception entry into the interrupted code.
    Report r =
        primary(
            "[ 4400.100001] SError Interrupt on CPU3, code 0x00000000bf000002 -- SError",
            "[ 4400.100002] CPU: 3 PID: 2211 Comm: quuxd Tainted: G           O       6.1.55 #1",
            "[ 4400.100003] Hardware name: Vendor Board (DT)",
            "[ 4400.100005] pc : quux_read_reg+0x14/0x30 [quux]",
            "[ 4400.100006] lr : quux_irq_handler+0x3c/0x120 [quux]",
            "[ 4400.100008] Kernel panic - not syncing: Asynchronous SError Interrupt",
            "[ 4400.100010] Call trace:",
            "[ 4400.100011]  dump_backtrace+0xd8/0x130",
            "[ 4400.100012]  show_stack+0x20/0x38",
            "[ 4400.100013]  dump_stack_lvl+0x60/0x80",
            "[ 4400.100014]  panic+0x174/0x360",
            "[ 4400.100015]  nmi_panic+0x8c/0x90",
            "[ 4400.100016]  arm64_serror_panic+0x78/0x88",
            "[ 4400.100017]  do_serror+0x3c/0x78",
            "[ 4400.100018]  el1h_64_error_handler+0x38/0x50",
            "[ 4400.100019]  el1h_64_error+0x64/0x68",
            "[ 4400.100020]  quux_read_reg+0x14/0x30 [quux]",
            "[ 4400.100021]  quux_irq_handler+0x3c/0x120 [quux]",
            "[ 4400.100022]  __handle_irq_event_percpu+0x60/0x1e0");
    assertThat(r.crashClass()).isEqualTo("serror");
    assertThat(r.title()).isEqualTo("SError Interrupt");
    assertThat(r.guiltyFrame()).isEqualTo("quux_read_reg");
    assertThat(r.guiltyModule()).isEqualTo("quux");
  }
}
