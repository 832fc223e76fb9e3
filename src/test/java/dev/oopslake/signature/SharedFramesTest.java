package dev.oopslake.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.parse.Frame;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The culprit and the frames near it weigh more than shared plumbing. Frames are made up (not from
 * any corpus): what matters is the family a name falls in.
 */
class SharedFramesTest {

  private final StackSimilarity sim =
      new StackSimilarity(ClusteringParams.DEFAULTS, Map.of(), 1000);

  @Test
  void everyRuleHasAFamilyAndAReasonAndEachFamilyWeighsLessThanACulprit() {
    assertThat(SharedFrames.RULES).allSatisfy(r -> assertThat(r.why()).isNotBlank());
    for (SharedFrames.Family f : SharedFrames.Family.values()) {
      assertThat(f.weight()).as(f.name()).isBetween(0.05, 0.5);
      assertThat(SharedFrames.RULES).as("%s has rules", f).anyMatch(r -> r.family() == f);
    }
  }

  @Test
  void familiesNameKindsOfFrames() {
    assertThat(SharedFrames.family("kmalloc_node_track_caller"))
        .isEqualTo(SharedFrames.Family.ALLOCATOR);
    assertThat(SharedFrames.family("kmem_cache_alloc_lru"))
        .isEqualTo(SharedFrames.Family.ALLOCATOR);
    assertThat(SharedFrames.family("memcpy_erms")).isEqualTo(SharedFrames.Family.STRING);
    assertThat(SharedFrames.family("lockdep_hardirqs_on_prepare"))
        .isEqualTo(SharedFrames.Family.LOCK_DEBUG);
    assertThat(SharedFrames.family("kref_put_mutex")).isEqualTo(SharedFrames.Family.LIFETIME);
    assertThat(SharedFrames.family("sys_frobnicate")).isEqualTo(SharedFrames.Family.SYSCALL_LAYER);
    assertThat(SharedFrames.family("net_rx_action")).isEqualTo(SharedFrames.Family.DEFERRED_WORK);
    assertThat(SharedFrames.family("process_one_work")).isEqualTo(SharedFrames.Family.WORKQUEUE);
    assertThat(SharedFrames.family("vprintk_emit")).isEqualTo(SharedFrames.Family.PRINTK);
    assertThat(SharedFrames.family("unwind_next_frame")).isEqualTo(SharedFrames.Family.STACK_WALK);
    assertThat(SharedFrames.family("stream_open_widget [w]")).as("no accidental prefix").isNull();
    assertThat(SharedFrames.family("gizmo_alloc_ring [gizmo]")).isNull();
  }

  @Test
  void theCulpritIsTheFirstFrameOutsideTheFamilies() {
    assertThat(
            StackSimilarity.culprit(
                List.of("memcpy", "__kmalloc", "gizmo_copy_cfg [gizmo]", "sys_ioctl")))
        .isEqualTo(2);
    assertThat(StackSimilarity.culprit(List.of("kfree", "sys_close")))
        .as("all shared: the top")
        .isZero();
  }

  @Test
  void twoBugsSharingOnlyPlumbingAreApartAndOneBugThroughOtherPlumbingIsTogether() {
    // A KASAN access in memcpy from two different callers: the allocator and dispatch frames they
    // share must not make them one bug.
    List<String> bugA =
        List.of(
            "memcpy", "gizmo_copy_cfg [gizmo]", "gizmo_ioctl [gizmo]", "do_vfs_ioctl", "sys_ioctl");
    List<String> bugB =
        List.of(
            "memcpy", "widget_fill [widget]", "widget_ioctl [widget]", "do_vfs_ioctl", "sys_ioctl");
    assertThat(sim.similarity(bugA, bugB))
        .as("shared memcpy and ioctl dispatch only")
        .isLessThan(ClusteringParams.DEFAULTS.threshold() / 2);
    List<String> bugAViaCompat =
        List.of(
            "gizmo_copy_cfg [gizmo]",
            "gizmo_ioctl [gizmo]",
            "sys_compat_ioctl",
            "do_fast_syscall_32");
    assertThat(sim.similarity(bugA, bugAViaCompat))
        .as("same culprit and caller, another copy helper and entry")
        .isGreaterThanOrEqualTo(ClusteringParams.DEFAULTS.threshold());
  }

  @Test
  void twoHangsInOneWaitingPrimitiveFromOtherCallersAreTwoBugs() {
    // A soft lockup waiting for an IPI, and a task hung on a grace period: the waiter decides.
    List<String> patching =
        List.of(
            "smp_call_function_single",
            "smp_call_function_many_cond",
            "on_each_cpu_cond_mask",
            "gizmo_patch_text [gizmo]",
            "gizmo_patch_finish [gizmo]");
    List<String> clock =
        List.of(
            "smp_call_function_single",
            "smp_call_function_many_cond",
            "on_each_cpu_cond_mask",
            "widget_clock_set [widget]",
            "widget_settime [widget]");
    assertThat(SharedFrames.family("on_each_cpu_cond_mask")).isEqualTo(SharedFrames.Family.WAIT);
    assertThat(StackSimilarity.culprit(patching)).as("the first frame that waited").isEqualTo(3);
    assertThat(sim.similarity(patching, clock))
        .as("the same IPI wait from two callers")
        .isLessThan(ClusteringParams.DEFAULTS.threshold());
    List<String> bindHang =
        List.of("synchronize_rcu_expedited", "gizmo_unhook [gizmo]", "gizmo_bind [gizmo]");
    List<String> netdevHang =
        List.of("synchronize_rcu_expedited", "synchronize_net", "widget_unregister [widget]");
    assertThat(sim.similarity(bindHang, netdevHang))
        .as("one grace-period wait from two callers")
        .isLessThan(ClusteringParams.DEFAULTS.threshold());
    List<String> patchingAgain =
        List.of(
            "smp_call_function_many_cond",
            "on_each_cpu_cond_mask",
            "gizmo_patch_text [gizmo]",
            "gizmo_patch_finish [gizmo]");
    assertThat(sim.similarity(patching, patchingAgain))
        .as("the same waiter with a frame inlined away")
        .isGreaterThanOrEqualTo(ClusteringParams.DEFAULTS.threshold());
  }

  @Test
  void withoutSharedWeightsTheSameTwoStacksWouldLookCloser() {
    List<String> a =
        List.of("kmem_cache_alloc", "kmalloc_trace", "gizmo_new [gizmo]", "gizmo_probe [gizmo]");
    List<String> b =
        List.of(
            "kmem_cache_alloc", "kmalloc_trace", "widget_new [widget]", "widget_probe [widget]");
    assertThat(sim.similarity(a, b)).as("allocation paths alone").isLessThan(0.25);
  }

  @Test
  void stallDetectorAndTickFramesLeaveTheSignatureToTheInterruptedCode() {
    List<Frame> stall =
        List.of(
            f("sched_show_task"),
            f("print_other_cpu_stall"),
            f("check_cpu_stall"),
            f("rcu_pending"),
            f("update_process_times"),
            f("tick_sched_handle"),
            f("tick_sched_timer"),
            f("__hrtimer_run_queues"),
            f("hrtimer_interrupt"),
            f("__sysvec_apic_timer_interrupt"),
            f("__sanitizer_cov_trace_const_cmp4"),
            f("gizmo_poll_loop"),
            f("gizmo_wait_ready"),
            f("gizmo_reset"));
    assertThat(CrashSignature.of("rcu-stall", stall).frames())
        .containsExactly("gizmo_poll_loop", "gizmo_wait_ready", "gizmo_reset");
  }

  @Test
  void sharedFramesAboveTheCulpritDoNotUseUpTheSignaturesFrames() {
    List<String> stack =
        List.of(
            "slab_free_freelist_hook",
            "kfree",
            "kvfree",
            "gizmo_free_table [gizmo]",
            "gizmo_release [gizmo]",
            "gizmo_close [gizmo]",
            "__fput",
            "task_work_run",
            "gizmo_exit [gizmo]",
            "gizmo_deep [gizmo]",
            "never_reached");
    assertThat(CrashSignature.ofNormalized("odebug", stack).frames())
        .as("five culprit-side frames, the shared ones between them kept")
        .containsExactlyElementsOf(stack.subList(0, 10));
  }

  @Test
  void aTraceOfUnreliableFramesOnlyIsSignedByThem() {
    List<Frame> onlyUnreliable =
        List.of(
            new Frame("gizmo_poll", "0x10/0x80", null, false, null),
            new Frame("gizmo_thread", "0x10/0x80", null, false, null));
    assertThat(CrashSignature.of("kasan-out-of-bounds", onlyUnreliable).frames())
        .containsExactly("gizmo_poll", "gizmo_thread");
    assertThat(
            CrashSignature.of(
                    "kasan-out-of-bounds", onlyUnreliable, "KASAN: wild Read in gizmo_poll")
                .frames())
        .as("a title is steadier than stale return addresses")
        .containsExactly("<KASAN: wild Read in gizmo_poll>");
    List<Frame> mixed =
        List.of(new Frame("stale_fn", "0x10/0x80", null, false, null), f("gizmo_poll"));
    assertThat(CrashSignature.of("kasan-out-of-bounds", mixed).frames())
        .as("with a reliable frame, unreliable ones stay out")
        .containsExactly("gizmo_poll");
  }

  @Test
  void aStacklessCrashIsSignedByItsTitleWhenOneIsGiven() {
    CrashSignature a = CrashSignature.of("warning", List.of(), "WARNING: gizmo lost 12 events");
    CrashSignature b = CrashSignature.of("warning", List.of(), "WARNING: gizmo lost 97 events");
    CrashSignature c = CrashSignature.of("warning", List.of(), "WARNING: widget lost events");
    assertThat(a.id()).as("numbers masked").isEqualTo(b.id());
    assertThat(a.id()).isNotEqualTo(c.id());
    assertThat(a.frames()).containsExactly("<WARNING: gizmo lost N events>");
    assertThat(CrashSignature.of("warning", List.of(), null).id())
        .as("no title: the class-only signature as before")
        .isEqualTo(CrashSignature.ofNormalized("warning", List.of()).id());
    assertThat(
            CrashSignature.of("warning", List.of(f("gizmo_poll")), "WARNING in gizmo_poll")
                .frames())
        .as("frames win over the title")
        .containsExactly("gizmo_poll");
  }

  @Test
  void aCulpritModuleNoFrameCarriesLeadsByTheTitleThatNamesIt() {
    List<Frame> timer = List.of(f("dev_watchdog"), f("call_timer_fn"), f("run_timer_softirq"));
    CrashSignature ixgbe =
        CrashSignature.of(
            "netdev-tx-timeout",
            timer,
            "NETDEV WATCHDOG: ixgbe: transmit queue timed out",
            null,
            "ixgbe");
    CrashSignature ena =
        CrashSignature.of(
            "netdev-tx-timeout",
            timer,
            "NETDEV WATCHDOG: ena: transmit queue timed out",
            null,
            "ena");
    assertThat(ixgbe.id()).as("one timer stack, two drivers").isNotEqualTo(ena.id());
    assertThat(ixgbe.frames()).startsWith("<NETDEV WATCHDOG: ixgbe: transmit queue timed out>");
    List<Frame> inModule =
        List.of(new Frame("gizmo_poll", "0x1/0x2", "gizmo", true, "task"), f("worker_thread"));
    assertThat(CrashSignature.of("warning", inModule, "WARNING in gizmo_poll", null, "gizmo"))
        .as("a culprit module the stack shows changes nothing")
        .isEqualTo(CrashSignature.of("warning", inModule, "WARNING in gizmo_poll", null));
  }

  @Test
  void aStacklessCrashThatPrintedALocationIsSignedByIt() {
    // Three WARNINGs whose stacks were lost: all titled "WARNING in corrupted", each printed
    // "WARNING: CPU: n PID: n at <file>:<line> <func>+0x../0x..".
    CrashSignature gizmo =
        CrashSignature.of("warning", List.of(), "WARNING in corrupted", "gizmo_poll");
    CrashSignature gizmoAgain =
        CrashSignature.of("warning", List.of(), "WARNING in corrupted", "gizmo_poll.isra.3");
    CrashSignature widget =
        CrashSignature.of("warning", List.of(), "WARNING in corrupted", "widget_reset");
    assertThat(gizmo.frames()).containsExactly("<WARNING in corrupted @ gizmo_poll>");
    assertThat(gizmo.id())
        .as("the same function from another build (clone suffix) is the same signature")
        .isEqualTo(gizmoAgain.id());
    assertThat(gizmo.id()).as("another printed function is another bug").isNotEqualTo(widget.id());
    assertThat(CrashSignature.of("warning", List.of(), "WARNING in corrupted", null).frames())
        .as("nothing printed: the title alone, as before")
        .containsExactly("<WARNING in corrupted>");
    assertThat(
            CrashSignature.of("warning", List.of(), "WARNING in corrupted", "ffffffff81234567")
                .frames())
        .as("a bare address is no location")
        .containsExactly("<WARNING in corrupted>");
    assertThat(
            CrashSignature.of("warning", List.of(f("gizmo_poll")), "WARNING in gizmo_poll", "x")
                .frames())
        .as("frames win over title and location")
        .containsExactly("gizmo_poll");
  }

  private static Frame f(String function) {
    return new Frame(function, "0x10/0x80", null, true, null);
  }
}
