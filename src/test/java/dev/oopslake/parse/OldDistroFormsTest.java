package dev.oopslake.parse;

import static dev.oopslake.parse.TestLogs.primary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/**
 * What kernels before 3.10 print, as RHEL 5 and 6 fleets still keep them: the "Pid: N, comm:" line
 * that names the task and release, SLUB's "BUG cache: reason" header without the taint, and call
 * traces whose every frame the unwinder marked "?". Also 3.10's (RHEL 7) stack sections, whose
 * marker shares a line with the section's first frame. Hand-written logs in the forms the 2.6, 3.2
 * and 3.10 sources print.
 */
class OldDistroFormsTest {

  @Test
  void aRhel6WarningWithEveryFrameMarkedUnreliableNamesTheDriverAndItsRelease() {
    Report r =
        primary(
            "[  234.567890] ------------[ cut here ]------------",
            "[  234.567891] WARNING: at drivers/scsi/myhba/myhba_io.c:812 myhba_complete_io+0x1a5/0x2c0"
                + " [myhba]()",
            "[  234.567892] Modules linked in: myhba(U) sd_mod",
            "[  234.567893] Pid: 2211, comm: kworker/u16:3 Tainted: G        W  ---------------   "
                + " 2.6.32-754.el6.x86_64 #1 Dell Inc. PowerEdge R720/0X3D66",
            "[  234.567894] Call Trace:",
            "[  234.567895]  [<ffffffff8107c6e7>] ? warn_slowpath_common+0x87/0xc0",
            "[  234.567896]  [<ffffffff8107c73a>] ? warn_slowpath_null+0x1a/0x20",
            "[  234.567897]  [<ffffffffa01234a5>] ? myhba_complete_io+0x1a5/0x2c0 [myhba]",
            "[  234.567898]  [<ffffffffa0123812>] ? myhba_isr+0x92/0x110 [myhba]",
            "[  234.567899]  [<ffffffff810e0a4d>] ? handle_IRQ_event+0x3d/0x170",
            "");
    assertThat(r.title()).isEqualTo("WARNING in myhba_complete_io");
    assertThat(r.corrupted()).isFalse();
    assertThat(r.guiltyModule()).isEqualTo("myhba");
    assertThat(r.kernel().release()).isEqualTo("2.6.32-754.el6.x86_64");
    assertThat(r.comm()).isEqualTo("kworker/u16:3");
    assertThat(r.pid()).isEqualTo(2211);
    assertThat(r.hardware()).isEqualTo("Dell Inc. PowerEdge R720/0X3D66");
    assertThat(r.taint().letters()).contains("W");
  }

  @Test
  void aModernStackOfNothingButLeftoversStaysCorrupted() {
    Report r =
        primary(
            "[  202.693500][ T9969] BUG: kernel NULL pointer dereference, address: 0000000000000000",
            "[  202.693510][ T9969] Oops: 0000 [#1] PREEMPT SMP KASAN",
            "[  202.693520][ T9969] CPU: 1 PID: 9969 Comm: probe Not tainted 6.1.0 #1",
            "[  202.693530][ T9969] RIP: 0010:0x0",
            "[  202.693540][ T9969] Call Trace:",
            "[  202.693582][ T9969]  ? gizmo_poll+0x154/0x280",
            "[  202.693597][ T9969]  ? gizmo_poll+0x132/0x280",
            "[  202.693606][ T9969]  ? gizmo_wait+0x8/0x8",
            "");
    assertThat(r.corrupted())
        .as("ORC and frame-pointer kernels mark only leftovers: a chain of them is lost")
        .isTrue();
  }

  @Test
  void oldSlubHeadersAreSlabErrorsNamingTheCachesUser() {
    Report poison =
        primary(
            "[  333.000000] =============================================================================",
            "[  333.000001] BUG kmalloc-128: Poison overwritten",
            "[  333.000002] -----------------------------------------------------------------------------",
            "[  333.000003] ",
            "[  333.000004] INFO: 0xffff88003a4b5c10-0xffff88003a4b5c13. First byte 0x0 instead of 0x6b",
            "[  333.000005] INFO: Allocated in gizmo_alloc_req+0x2a/0x90 [gizmo] age=1021 cpu=1 pid=2001",
            "[  333.000015] INFO: Slab 0xffffea0000e92d00 objects=32 used=30 fp=0xffff88003a4b5d80",
            "[  333.000017] Pid: 2001, comm: gizmod Tainted: G    B      O 3.2.0-4-amd64 #1 Debian"
                + " 3.2.102-1",
            "[  333.000018] Call Trace:",
            "[  333.000019]  [<ffffffff810f2d61>] ? check_bytes_and_report+0xae/0xf0",
            "[  333.000020]  [<ffffffff810f2e4a>] ? check_object+0xa5/0x1c8",
            "[  333.000021]  [<ffffffff810f3a2f>] ? alloc_debug_processing+0x5d/0xf2",
            "[  333.000022]  [<ffffffff810f4a8e>] ? __slab_alloc+0x3f1/0x450",
            "[  333.000023]  [<ffffffffa0222b3a>] ? gizmo_alloc_req+0x2a/0x90 [gizmo]",
            "");
    assertThat(poison.crashClass()).isEqualTo("slab-error");
    assertThat(poison.title()).isEqualTo("BUG: Poison overwritten");
    assertThat(poison.guiltyFrame()).isEqualTo("gizmo_alloc_req");
    assertThat(poison.guiltyModule()).isEqualTo("gizmo");
    assertThat(poison.kernel().release()).isEqualTo("3.2.0-4-amd64");

    Report remaining =
        primary(
            "[  900.100000] =============================================================================",
            "[  900.100001] BUG gizmo_cache (Tainted: G           O   ): Objects remaining in gizmo_cache"
                + " on __kmem_cache_shutdown()",
            "[  900.100002] -----------------------------------------------------------------------------",
            "[  900.100005] CPU: 0 PID: 5120 Comm: rmmod Tainted: G    B      O 4.18.0-305.el8.x86_64 #1",
            "[  900.100006] Call Trace:",
            "[  900.100007]  dump_stack+0x5c/0x80",
            "[  900.100008]  slab_err+0xa6/0xd0",
            "[  900.100009]  __kmem_cache_shutdown+0x1b1/0x2c0",
            "[  900.100010]  shutdown_cache+0x13/0x1b0",
            "[  900.100011]  kmem_cache_destroy+0x44/0xf0",
            "[  900.100012]  gizmo_exit+0x26/0x40 [gizmo]",
            "[  900.100013]  __x64_sys_delete_module+0x16b/0x2e0",
            "");
    assertThat(remaining.title())
        .isEqualTo("BUG: Objects remaining in gizmo_cache on __kmem_cache_shutdown()");
    assertThat(remaining.guiltyFrame())
        .as("the module exit that destroyed a cache with objects left, past the allocator")
        .isEqualTo("gizmo_exit");
  }

  @Test
  void aBareBugLineWithoutASlubReasonIsNoCrash() {
    ParsedFile parsed =
        TestLogs.parse(
            "[   10.000000] BUG tracker: ticket 4711 closed", "[   11.000000] eth0: link up");
    assertThat(parsed.status()).isEqualTo(FileOutcome.NO_CRASH);
  }

  @Test
  void aRhel7HardLockupNamesTheCodeTheNmiInterruptedNotTheWatchdog() {
    // hardlockup_panic set: the detector panics from its NMI, and 3.10 prints the NMI stack first,
    // then "<<EOE>>" and the interrupted code on the same line.
    Report r =
        primary(
            "[ 3456.789012] NMI watchdog: Watchdog detected hard LOCKUP on cpu 5",
            "[ 3456.789020] Modules linked in: gizmo(OE) nfsv3",
            "[ 3456.789030] CPU: 5 PID: 0 Comm: swapper/5 Kdump: loaded Tainted: G           OE "
                + " ------------   3.10.0-1062.el7.x86_64 #1",
            "[ 3456.789050] Call Trace:",
            "[ 3456.789060]  <NMI>  [<ffffffff8a779262>] dump_stack+0x19/0x1b",
            "[ 3456.789070]  [<ffffffff8a77257b>] panic+0xe8/0x21f",
            "[ 3456.789080]  [<ffffffff8a09a6ef>] nmi_panic+0x3f/0x40",
            "[ 3456.789090]  [<ffffffff8a14a8d1>] watchdog_overflow_callback+0x121/0x140",
            "[ 3456.789100]  [<ffffffff8a1a2627>] __perf_event_overflow+0x57/0x100",
            "[ 3456.789120]  [<ffffffff8a00a7a0>] intel_pmu_handle_irq+0x220/0x510",
            "[ 3456.789130]  [<ffffffff8a77b031>] perf_event_nmi_handler+0x31/0x50",
            "[ 3456.789140]  [<ffffffff8a77c92c>] nmi_handle.isra.0+0x8c/0x150",
            "[ 3456.789150]  [<ffffffff8a77cc08>] do_nmi+0x218/0x460",
            "[ 3456.789160]  [<ffffffff8a77bd9c>] end_repeat_nmi+0x1e/0x81",
            "[ 3456.789170]  [<ffffffff8a116a42>] ? native_queued_spin_lock_slowpath+0x122/0x200",
            "[ 3456.789180]  <<EOE>>  [<ffffffff8a76b0b4>] queued_spin_lock_slowpath+0xb/0xf",
            "[ 3456.789190]  [<ffffffff8a779a97>] _raw_spin_lock_irqsave+0x37/0x40",
            "[ 3456.789200]  [<ffffffffc0a1b2c3>] gizmo_eq_int+0x53/0x4a0 [gizmo]",
            "[ 3456.789210]  [<ffffffff8a13f7a4>] __handle_irq_event_percpu+0x44/0x1c0",
            "[ 3456.789220] Kernel panic - not syncing: Hard LOCKUP",
            "");
    assertThat(r.crashClass()).isEqualTo("hard-lockup");
    assertThat(r.title()).isEqualTo("hard LOCKUP in gizmo_eq_int");
    assertThat(r.guiltyModule()).isEqualTo("gizmo");
    assertThat(r.frames())
        .extracting(Frame::function, Frame::section)
        .as("the frame on the marker's line is read, in the section the marker opens")
        .startsWith(tuple("dump_stack", "nmi"))
        .contains(tuple("queued_spin_lock_slowpath", "task"));
  }

  @Test
  void aRhel7HardLockupPanicWithoutItsOwnHeaderIsAHardLockup() {
    // 3.10 with hardlockup_panic: the detector panics at once, its panic line is the only header.
    Report r =
        primary(
            "[ 3456.789012] Kernel panic - not syncing: Watchdog detected hard LOCKUP on cpu 5",
            "[ 3456.789030] CPU: 5 PID: 0 Comm: swapper/5 Tainted: G           OE "
                + " ------------   3.10.0-693.el7.x86_64 #1",
            "[ 3456.789050] Call Trace:",
            "[ 3456.789060]  <NMI>  [<ffffffff8a779262>] dump_stack+0x19/0x1b",
            "[ 3456.789070]  [<ffffffff8a77257b>] panic+0xe8/0x21f",
            "[ 3456.789080]  [<ffffffff8a14a8d1>] watchdog_overflow_callback+0x151/0x160",
            "[ 3456.789140]  [<ffffffff8a77c92c>] nmi_handle.isra.0+0x8c/0x150",
            "[ 3456.789150]  [<ffffffff8a77cc08>] do_nmi+0x218/0x460",
            "[ 3456.789160]  [<ffffffff8a77bd9c>] end_repeat_nmi+0x1e/0x81",
            "[ 3456.789180]  <<EOE>>  [<ffffffff8a76b0b4>] queued_spin_lock_slowpath+0xb/0xf",
            "[ 3456.789190]  [<ffffffff8a779a97>] _raw_spin_lock_irqsave+0x37/0x40",
            "[ 3456.789200]  [<ffffffffc0a1b2c3>] gizmo_eq_int+0x53/0x4a0 [gizmo]",
            "");
    assertThat(r.crashClass()).isEqualTo("hard-lockup");
    assertThat(r.title()).isEqualTo("hard LOCKUP in gizmo_eq_int");
  }

  @Test
  void aRhel5OopsNamesTheFaultingFunctionAndTheModuleItsAddressPrintsFirst() {
    // 2.6.18's x86-64 printk_address: " [<addr>] :module:function+off/len"; its call trace starts
    // at the caller, so the faulting function is only on the RIP lines.
    String[] head = {
      "Unable to handle kernel NULL pointer dereference at 0000000000000018 RIP: ",
      " [<ffffffff8854d36e>] :gizmofs:gizmofs_update_inode+0x27e/0x6e0",
      "PGD 10a38e067 PUD 10bd27067 PMD 0 ",
    };
    String[] rest = {
      "Oops: 0000 [1] SMP ",
      "last sysfs file: /devices/pci0000:00/0000:00:1e.0/0000:04:00.0/irq",
      "CPU 3 ",
      "Modules linked in: gizmofs sunrpc bonding ipv6 dm_mirror dm_mod",
      "Pid: 4567, comm: ls Tainted: G      2.6.18-308.el5 #1",
      "RIP: 0010:[<ffffffff8854d36e>]  [<ffffffff8854d36e>] :gizmofs:gizmofs_update_inode+0x27e/0x6e0",
      "RSP: 0018:ffff81012a3b5c88  EFLAGS: 00010246",
      "Process ls (pid: 4567, threadinfo ffff81012a3b4000, task ffff81012d3a2080)",
      "Call Trace:",
      " [<ffffffff8854e4c0>] :gizmofs:gizmofs_refresh_inode+0x4a/0x5d",
      " [<ffffffff88545b9c>] :gizmofs:gizmofs_lookup_revalidate+0x2b8/0x3b0",
      " [<ffffffff8000d2a6>] do_lookup+0x65/0x1e6",
      " [<ffffffff8005d28d>] tracesys+0xd5/0xe0",
      "",
      "Code: 48 8b 40 18 48 85 c0 74 0b 48 8b 40 20 48 85 c0 ",
      "RIP  [<ffffffff8854d36e>] :gizmofs:gizmofs_update_inode+0x27e/0x6e0",
      " RSP <ffff81012a3b5c88>",
      " <0>Kernel panic - not syncing: Fatal exception",
      "",
    };
    Report full = primary(concat(head, rest));
    assertThat(full.title())
        .isEqualTo("BUG: unable to handle kernel NULL pointer dereference in gizmofs_update_inode");
    assertThat(full.guiltyModule()).isEqualTo("gizmofs");
    assertThat(full.kernel().release()).isEqualTo("2.6.18-308.el5");
    Report dieLineOnly = primary(rest);
    assertThat(dieLineOnly.crashClass())
        .as("2.6.18 prints the die counter without '#'")
        .isEqualTo("oops");
    assertThat(dieLineOnly.guiltyFrame()).isEqualTo("gizmofs_update_inode");
  }

  @Test
  void aRhel5SoftLockupInALockSectionNamesTheLocksUser() {
    Report r =
        primary(
            "BUG: soft lockup - CPU#2 stuck for 10s! [gizmod:3456]",
            "CPU 2:",
            "Modules linked in: gizmo(U) nfs lockd",
            "Pid: 3456, comm: gizmod Tainted: G      2.6.18-194.el5 #1",
            "RIP: 0010:[<ffffffff80064bfc>]  [<ffffffff80064bfc>] .text.lock.spinlock+0x2/0x30",
            "RSP: 0018:ffff81011f4b7d50  EFLAGS: 00000286",
            "Call Trace:",
            " [<ffffffff88412345>] :gizmo:gizmo_flush+0x45/0x120",
            " [<ffffffff80032bd7>] kthread+0xfe/0x132",
            " [<ffffffff8005dfb1>] child_rip+0xa/0x11",
            "");
    assertThat(r.title()).isEqualTo("BUG: soft lockup in gizmo_flush");
    assertThat(r.guiltyModule()).isEqualTo("gizmo");
  }

  private static final String[] STALLED_CPU_3 = {
    "[ 6000.000003] NMI backtrace for cpu 3",
    "[ 6000.000004] CPU: 3 PID: 27 Comm: ksoftirqd/3 Tainted: G           OE  ------------  "
        + " 3.10.0-1160.el7.x86_64 #1",
    "[ 6000.000006] RIP: 0010:[<ffffffffc0b1c2d3>]  [<ffffffffc0b1c2d3>] gizmo_poll+0x1a3/0x2c0"
        + " [gizmo]",
    "[ 6000.000008] Call Trace:",
    "[ 6000.000009]  [<ffffffff8a65a1b2>] net_rx_action+0x272/0x3a0",
    "[ 6000.000010]  [<ffffffff8a0a2d3e>] __do_softirq+0xfe/0x2a0",
    "[ 6000.000011]  [<ffffffff8a0a3f4a>] run_ksoftirqd+0x2a/0x50",
  };

  private static final String[] DETECTOR_CPU_5 = {
    "[ 6000.000014] NMI backtrace for cpu 5",
    "[ 6000.000015] CPU: 5 PID: 0 Comm: swapper/5 Tainted: G           OE  ------------  "
        + " 3.10.0-1160.el7.x86_64 #1",
    "[ 6000.000016] RIP: 0010:[<ffffffff8a38a1b2>]  [<ffffffff8a38a1b2>] __const_udelay+0x12/0x30",
    "[ 6000.000017] Call Trace:",
    "[ 6000.000018]  <IRQ>  [<ffffffff8a05a2c3>] arch_trigger_all_cpu_backtrace+0xe3/0x100",
    "[ 6000.000019]  [<ffffffff8a13e4f5>] rcu_check_callbacks+0x6a5/0x7a0",
    "[ 6000.000020]  [<ffffffff8a0a8a46>] update_process_times+0x46/0x80",
    "[ 6000.000026]  [<ffffffff8a799a3f>] smp_apic_timer_interrupt+0x3f/0x60",
    "[ 6000.000027]  [<ffffffff8a795efa>] apic_timer_interrupt+0x16a/0x170",
    "[ 6000.000028]  <EOI>  [<ffffffff8a5c6e9f>] ? cpuidle_enter_state+0x5f/0x200",
    "[ 6000.000029]  [<ffffffff8a0ff7e0>] cpu_startup_entry+0x14a/0x1e0",
  };

  @Test
  void aRhel7StallAnotherCpuDetectedNamesTheStalledCpusCodeInEitherOrder() {
    // 3.10 NMIs every CPU, the detector included, and their stacks come in no set order.
    String header =
        "[ 6000.000001] INFO: rcu_sched detected stalls on CPUs/tasks: { 3} (detected by 5,"
            + " t=60002 jiffies, g=1234567, c=1234566, q=8342)";
    String[] head = {header, "[ 6000.000002] sending NMI to all CPUs:"};
    Report stalledFirst = primary(concat(concat(head, STALLED_CPU_3), DETECTOR_CPU_5));
    Report detectorFirst = primary(concat(concat(head, DETECTOR_CPU_5), STALLED_CPU_3));
    assertThat(stalledFirst.title()).isEqualTo("INFO: rcu detected stall in gizmo_poll");
    assertThat(detectorFirst.title())
        .as("the detector's idle loop is not the stalled code")
        .isEqualTo("INFO: rcu detected stall in gizmo_poll");
    assertThat(detectorFirst.guiltyModule()).isEqualTo("gizmo");
  }

  @Test
  void aStallWithoutNmisNamesTheStalledCpusTaskDump() {
    // No NMI backtrace (arches without it): rcu_dump_cpu_stacks() prints the stalled CPU's task,
    // every frame marked "?" since it is not the current task's stack.
    Report r =
        primary(
            "[ 6000.000001] INFO: rcu_sched detected stalls on CPUs/tasks: { 3} (detected by 5,"
                + " t=60002 jiffies, g=1234567, c=1234566, q=8342)",
            "[ 6000.000002] Task dump for CPU 3:",
            "[ 6000.000003] ksoftirqd/3     R  running task        0    27      2 0x00000008",
            "[ 6000.000005] Call Trace:",
            "[ 6000.000006]  [<ffffffffc0b1c2d3>] ? gizmo_poll+0x1a3/0x2c0 [gizmo]",
            "[ 6000.000007]  [<ffffffff8a65a1b2>] ? net_rx_action+0x272/0x3a0",
            "[ 6000.000008]  [<ffffffff8a0a2d3e>] ? __do_softirq+0xfe/0x2a0",
            "[ 6000.000009]  [<ffffffff8a0a3f4a>] ? run_ksoftirqd+0x2a/0x50",
            "");
    assertThat(r.title()).isEqualTo("INFO: rcu detected stall in gizmo_poll");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void anArm64BadModeNamesTheInterruptedCode() {
    // arch/arm64/kernel/traps.c bad_mode() (4.x): an SError taken without an SError handler.
    Report r =
        primary(
            "[  900.100001] Bad mode in Error handler detected on CPU1, code 0xbf000002 -- SError",
            "[  900.100002] CPU: 1 PID: 0 Comm: swapper/1 Tainted: G           O    4.14.98 #1",
            "[  900.100005] PC is at quux_poll_status+0x20/0x48 [quux]",
            "[  900.100006] LR is at quux_tasklet+0x5c/0x110 [quux]",
            "[  900.100009] Internal error: Oops - bad mode: 0 [#1] PREEMPT SMP",
            "[  900.100010] Modules linked in: quux(O)",
            "[  900.100012] Call trace:",
            "[  900.100013] [<ffffff8000b2e020>] quux_poll_status+0x20/0x48 [quux]",
            "[  900.100014] [<ffffff8000b2e35c>] quux_tasklet+0x5c/0x110 [quux]",
            "[  900.100015] [<ffffff80080b9a3c>] tasklet_action+0x7c/0x120",
            "[  900.100017] Kernel panic - not syncing: bad mode");
    assertThat(r.title()).isEqualTo("Bad mode in Error handler");
    assertThat(r.guiltyFrame()).isEqualTo("quux_poll_status");
    assertThat(r.guiltyModule()).isEqualTo("quux");
  }
}
