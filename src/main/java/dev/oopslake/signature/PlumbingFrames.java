package dev.oopslake.signature;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The skip list: functions that appear in call traces because of how the kernel reports, locks,
 * schedules or enters, not because of the bug. They are removed everywhere in the stack before the
 * signature's top frames are taken (Socorro's "irrelevant" list). A pattern is an exact name or a
 * prefix ending in {@code *}. Changing this table changes signatures: bump {@link
 * CrashSignature#VERSION} with it.
 */
public final class PlumbingFrames {

  /** Why a frame is plumbing; kept for review and for the table's documentation. */
  public enum Kind {
    REPORTING,
    LOCKING,
    SCHEDULER,
    ENTRY,
    /** Compiler-inserted hooks (coverage, sanitizers): on any line of any function. */
    INSTRUMENTATION
  }

  /** One skip-list entry: {@code pattern} is a function name or a {@code prefix*}. */
  public record Rule(String pattern, Kind kind, String why) {
    public Rule {
      if (pattern == null || pattern.isBlank()) {
        throw new IllegalArgumentException("skip pattern must not be empty");
      }
      int star = pattern.indexOf('*');
      if (star >= 0 && star != pattern.length() - 1) {
        throw new IllegalArgumentException("'*' only at the end of a skip pattern: " + pattern);
      }
      if (kind == null || why == null || why.isBlank()) {
        throw new IllegalArgumentException("skip rule " + pattern + " needs a kind and a reason");
      }
    }

    boolean isPrefix() {
      return pattern.endsWith("*");
    }
  }

  private static Rule r(String pattern, Kind kind, String why) {
    return new Rule(pattern, kind, why);
  }

  /** The table. Names are matched after suffix and syscall-prefix normalization. */
  public static final List<Rule> RULES =
      List.of(
          // --- reporting: the code that prints the report itself ---
          r("dump_stack", Kind.REPORTING, "every report path calls it to print the trace"),
          r("dump_stack_lvl", Kind.REPORTING, "dump_stack's worker since 5.13"),
          r("__dump_stack", Kind.REPORTING, "inlined helper of dump_stack"),
          r("dump_backtrace", Kind.REPORTING, "arm64/arm unwinder entry printing the trace"),
          r("unwind_backtrace", Kind.REPORTING, "arm unwinder entry printing the trace"),
          r("show_stack", Kind.REPORTING, "arch trace printer called by dump_stack"),
          r("show_trace_log_lvl", Kind.REPORTING, "x86 trace printer"),
          r("show_regs", Kind.REPORTING, "prints registers before the trace"),
          r("__show_regs", Kind.REPORTING, "arch register printer"),
          r("__schedule_bug", Kind.REPORTING, "prints 'scheduling while atomic'"),
          r(
              "__might_sleep",
              Kind.REPORTING,
              "prints 'sleeping function called from invalid context'"),
          r("___might_sleep", Kind.REPORTING, "worker of __might_sleep"),
          r("__might_resched", Kind.REPORTING, "might_sleep's checker since 5.16"),
          r("__might_fault", Kind.REPORTING, "might_sleep check on user access"),
          r("__warn", Kind.REPORTING, "prints WARNING: and the trace"),
          r("warn_slowpath_fmt", Kind.REPORTING, "WARN() slow path"),
          r("warn_slowpath_null", Kind.REPORTING, "WARN_ON() slow path on old kernels"),
          r("warn_slowpath_common", Kind.REPORTING, "WARN slow path on old kernels"),
          r("__warn_printk", Kind.REPORTING, "WARN() message printer"),
          r("report_bug", Kind.REPORTING, "decodes BUG()/WARN() from the trap"),
          r("handle_bug", Kind.REPORTING, "x86 #UD handler for BUG()/WARN()"),
          r("panic", Kind.REPORTING, "prints 'Kernel panic'"),
          r("vpanic", Kind.REPORTING, "panic's worker in newer kernels"),
          r("nmi_panic", Kind.REPORTING, "panic from NMI context"),
          r("die", Kind.REPORTING, "oops printer"),
          r("__die", Kind.REPORTING, "oops printer"),
          r("__die_body", Kind.REPORTING, "oops printer"),
          r("oops_begin", Kind.REPORTING, "oops bookkeeping"),
          r("oops_end", Kind.REPORTING, "oops bookkeeping"),
          r("die_kernel_fault", Kind.REPORTING, "arm64 fault reporter"),
          r("bug_handler", Kind.REPORTING, "arm64 BUG() break handler"),
          r("call_break_hook", Kind.REPORTING, "arm64 BRK dispatch"),
          r("brk_handler", Kind.REPORTING, "arm64 BRK handler"),
          r("do_debug_exception", Kind.REPORTING, "arm64 debug exception entry"),
          r("no_context", Kind.REPORTING, "x86 page fault with no fixup, reports the oops"),
          r("page_fault_oops", Kind.REPORTING, "x86 page fault oops path since 5.15"),
          r("kernelmode_fixup_or_oops", Kind.REPORTING, "x86 page fault oops path"),
          r("__bad_area_nosemaphore", Kind.REPORTING, "x86 bad address fault path"),
          r("bad_area_nosemaphore", Kind.REPORTING, "x86 bad address fault path"),
          r("bad_area", Kind.REPORTING, "x86 bad address fault path"),
          r("__do_page_fault", Kind.REPORTING, "fault entry, not the faulting code"),
          r("do_page_fault", Kind.REPORTING, "fault entry, not the faulting code"),
          r("do_user_addr_fault", Kind.REPORTING, "x86 fault entry"),
          r("do_kern_addr_fault", Kind.REPORTING, "x86 fault entry"),
          r("exc_page_fault", Kind.REPORTING, "x86 fault entry since 5.8"),
          r("asm_exc_page_fault", Kind.REPORTING, "x86 fault entry stub"),
          r("page_fault", Kind.REPORTING, "x86 fault entry stub on old kernels"),
          r("do_async_page_fault", Kind.REPORTING, "KVM guest fault entry"),
          r("async_page_fault", Kind.REPORTING, "KVM guest fault stub"),
          r("do_mem_abort", Kind.REPORTING, "arm64 data abort entry"),
          r("do_translation_fault", Kind.REPORTING, "arm64 abort handler"),
          r("do_bad_area", Kind.REPORTING, "arm64 abort handler"),
          r("__do_kernel_fault", Kind.REPORTING, "arm64 kernel fault reporter"),
          r("el1_da", Kind.REPORTING, "arm64 EL1 data abort vector"),
          r("el1_abort", Kind.REPORTING, "arm64 EL1 abort vector"),
          r("el1_sync", Kind.REPORTING, "arm64 EL1 sync vector"),
          r("el1_sync_handler", Kind.REPORTING, "arm64 EL1 sync vector"),
          r("el1h_64_sync", Kind.REPORTING, "arm64 EL1 sync vector since 5.14"),
          r("el1h_64_sync_handler", Kind.REPORTING, "arm64 EL1 sync vector since 5.14"),
          r("do_error_trap", Kind.REPORTING, "x86 trap dispatch"),
          r("do_trap", Kind.REPORTING, "x86 trap dispatch"),
          r("do_invalid_op", Kind.REPORTING, "x86 #UD for BUG() on old kernels"),
          r("invalid_op", Kind.REPORTING, "x86 #UD stub on old kernels"),
          r("exc_invalid_op", Kind.REPORTING, "x86 #UD entry since 5.8"),
          r("asm_exc_invalid_op", Kind.REPORTING, "x86 #UD stub since 5.8"),
          r("do_general_protection", Kind.REPORTING, "x86 #GP entry"),
          r("exc_general_protection", Kind.REPORTING, "x86 #GP entry since 5.8"),
          r("asm_exc_general_protection", Kind.REPORTING, "x86 #GP stub"),
          r("general_protection", Kind.REPORTING, "x86 #GP stub on old kernels"),
          r("kasan_*", Kind.REPORTING, "KASAN report machinery"),
          r("__kasan_*", Kind.REPORTING, "KASAN report machinery"),
          r("__asan_*", Kind.REPORTING, "KASAN instrumentation stubs"),
          r("check_memory_region", Kind.REPORTING, "KASAN access check"),
          r("print_address_description", Kind.REPORTING, "KASAN report printer"),
          r("print_report", Kind.REPORTING, "KASAN report printer since 5.19"),
          r("ubsan_*", Kind.REPORTING, "UBSAN report machinery"),
          r("__ubsan_*", Kind.REPORTING, "UBSAN handlers"),
          r("print_circular_bug", Kind.REPORTING, "lockdep report printer"),
          r("print_usage_bug", Kind.REPORTING, "lockdep inconsistent-state printer"),
          r("rcu_gp_kthread", Kind.REPORTING, "RCU grace-period kthread, printed when it starves"),
          // Fault injection (lib/fault-inject.c): the injected failure, not the code that failed.
          r("should_fail*", Kind.REPORTING, "fault injection decision (and _alloc_page, _ex)"),
          r("__should_fail*", Kind.REPORTING, "fault injection decision"),
          r("should_failslab", Kind.REPORTING, "slab fault injection"),
          r("__should_failslab", Kind.REPORTING, "slab fault injection"),
          r("fail_dump", Kind.REPORTING, "prints the injected fault's stack"),
          r("debug_check_no_locks_freed", Kind.REPORTING, "lockdep: prints 'held lock freed'"),
          r("debug_print_object", Kind.REPORTING, "ODEBUG report printer"),
          r("debug_check_no_obj_freed", Kind.REPORTING, "ODEBUG check on every free"),
          r("__debug_check_no_obj_freed", Kind.REPORTING, "ODEBUG check worker"),
          r("check_noncircular", Kind.REPORTING, "lockdep checker"),
          r("check_prev_add", Kind.REPORTING, "lockdep checker"),
          r("check_prevs_add", Kind.REPORTING, "lockdep checker"),
          r("validate_chain", Kind.REPORTING, "lockdep checker"),
          r("__lock_acquire", Kind.REPORTING, "lockdep core"),
          r("lock_acquire", Kind.REPORTING, "lockdep hook on every lock"),
          r("watchdog_timer_fn", Kind.REPORTING, "soft lockup detector"),
          r("watchdog_overflow_callback", Kind.REPORTING, "hard lockup detector"),
          r("check_hung_uninterruptible_tasks", Kind.REPORTING, "hung task detector"),
          r("rcu_check_callbacks", Kind.REPORTING, "RCU stall detector tick"),
          r("rcu_sched_clock_irq", Kind.REPORTING, "RCU stall detector tick"),
          r("print_cpu_stall", Kind.REPORTING, "RCU stall printer"),
          r("nmi_cpu_backtrace", Kind.REPORTING, "NMI backtrace of another CPU"),
          // Stall detectors print from the timer tick: every stall report starts with the same
          // detector and tick frames, then the code that was interrupted, which is the bug.
          r("sched_show_task", Kind.REPORTING, "prints a task's stack for stall reports"),
          r("print_other_cpu_stall", Kind.REPORTING, "RCU stall printer for another CPU"),
          r("print_cpu_stall_info", Kind.REPORTING, "RCU stall per-CPU line"),
          r("check_cpu_stall", Kind.REPORTING, "RCU stall check in the tick"),
          r("rcu_pending", Kind.REPORTING, "RCU tick work that runs the stall check"),
          r("rcu_dump_cpu_stacks", Kind.REPORTING, "RCU stall: dumps the stalled CPUs"),
          r("dump_cpu_task", Kind.REPORTING, "RCU stall: dumps one CPU's task"),
          r("arch_trigger_cpumask_backtrace", Kind.REPORTING, "NMI backtrace request"),
          r("trigger_single_cpu_backtrace", Kind.REPORTING, "NMI backtrace request"),
          r("check_hung_task", Kind.REPORTING, "hung task detector"),
          r("watchdog", Kind.REPORTING, "khungtaskd's loop (kernel/hung_task.c)"),
          r("__run_hrtimer", Kind.REPORTING, "runs the watchdog and tick hrtimers"),
          r("__hrtimer_run_queues", Kind.REPORTING, "runs the watchdog and tick hrtimers"),
          r("hrtimer_run_queues", Kind.REPORTING, "low-resolution hrtimer expiry"),
          r("update_process_times", Kind.REPORTING, "the tick that runs the RCU stall check"),
          r("tick_sched_handle*", Kind.REPORTING, "nohz tick handler"),
          r("tick_sched_timer", Kind.REPORTING, "nohz tick hrtimer"),
          r("tick_nohz_handler", Kind.REPORTING, "nohz tick in low-resolution mode"),
          r("tick_nohz_highres_handler", Kind.REPORTING, "nohz tick hrtimer since 6.7"),
          r("tick_periodic", Kind.REPORTING, "periodic tick"),
          r("tick_handle_periodic", Kind.REPORTING, "periodic tick"),
          r("nmi_trigger_cpumask_backtrace", Kind.REPORTING, "NMI backtrace trigger"),
          // --- locking: the lock primitive is not the bug, its caller is ---
          r("_raw_spin_lock*", Kind.LOCKING, "spinlock primitives (_irq, _irqsave, _bh)"),
          r("_raw_spin_unlock*", Kind.LOCKING, "spinlock primitives"),
          r("_raw_read_lock*", Kind.LOCKING, "rwlock primitives"),
          r("_raw_write_lock*", Kind.LOCKING, "rwlock primitives"),
          r("_raw_read_unlock*", Kind.LOCKING, "rwlock primitives"),
          r("_raw_write_unlock*", Kind.LOCKING, "rwlock primitives"),
          r("queued_spin_lock_slowpath", Kind.LOCKING, "qspinlock contention path"),
          r("native_queued_spin_lock_slowpath", Kind.LOCKING, "qspinlock contention path"),
          r("__pv_queued_spin_lock_slowpath", Kind.LOCKING, "paravirt qspinlock contention"),
          r("do_raw_spin_lock", Kind.LOCKING, "debug spinlock path"),
          r("spin_lock", Kind.LOCKING, "inline spinlock wrapper"),
          r("rt_spin_lock*", Kind.LOCKING, "PREEMPT_RT sleeping spinlock (and _slowlock, _locked)"),
          r("rt_spin_unlock*", Kind.LOCKING, "PREEMPT_RT sleeping spinlock"),
          r("rt_mutex_*", Kind.LOCKING, "rtmutex core under RT locks"),
          r("__rt_mutex_*", Kind.LOCKING, "rtmutex core under RT locks"),
          r("rtlock_slowlock*", Kind.LOCKING, "PREEMPT_RT spinlock slow path since 5.15"),
          r("mutex_lock*", Kind.LOCKING, "mutex primitives (_interruptible, _killable, _nested)"),
          r("__mutex_lock*", Kind.LOCKING, "mutex slow paths"),
          r("mutex_unlock", Kind.LOCKING, "mutex primitive"),
          r("__mutex_unlock_slowpath", Kind.LOCKING, "mutex slow path"),
          r("down", Kind.LOCKING, "semaphore primitive"),
          r("__down*", Kind.LOCKING, "semaphore slow paths"),
          r("down_read*", Kind.LOCKING, "rwsem primitives"),
          r("down_write*", Kind.LOCKING, "rwsem primitives"),
          r("rwsem_down_*", Kind.LOCKING, "rwsem slow paths"),
          r("up_read", Kind.LOCKING, "rwsem primitive"),
          r("up_write", Kind.LOCKING, "rwsem primitive"),
          r("lock_timer_base", Kind.LOCKING, "timer base lock helper"),
          // --- scheduler: how a task waits, not why ---
          r("__schedule", Kind.SCHEDULER, "the context switch"),
          r("schedule", Kind.SCHEDULER, "the context switch"),
          r("schedule_timeout*", Kind.SCHEDULER, "timed sleep (and _uninterruptible, ...)"),
          r("schedule_preempt_disabled", Kind.SCHEDULER, "sleep with preemption off"),
          r("schedule_hrtimeout*", Kind.SCHEDULER, "hrtimer sleep"),
          r("io_schedule*", Kind.SCHEDULER, "I/O wait sleep"),
          r("preempt_schedule*", Kind.SCHEDULER, "preemption points"),
          r("_cond_resched", Kind.SCHEDULER, "voluntary preemption point"),
          r("__cond_resched*", Kind.SCHEDULER, "voluntary preemption point"),
          r("wait_for_completion*", Kind.SCHEDULER, "completion wait (the caller is the bug)"),
          r("__wait_for_common", Kind.SCHEDULER, "completion wait worker"),
          r("wait_for_common*", Kind.SCHEDULER, "completion wait worker"),
          r("do_wait_for_common", Kind.SCHEDULER, "completion wait worker"),
          r("msleep*", Kind.SCHEDULER, "timed sleep"),
          r("usleep_range*", Kind.SCHEDULER, "timed sleep"),
          r("try_to_wake_up", Kind.SCHEDULER, "wakeup path"),
          r("wake_up_*", Kind.SCHEDULER, "wakeup helpers"),
          r("__wake_up*", Kind.SCHEDULER, "wakeup helpers"),
          r("check_preempt_curr", Kind.SCHEDULER, "wakeup preemption check"),
          r("ttwu_do_wakeup", Kind.SCHEDULER, "wakeup internals"),
          r("finish_task_switch", Kind.SCHEDULER, "context switch tail"),
          r("context_switch", Kind.SCHEDULER, "the context switch, inlined into __schedule or not"),
          // Linker symbols at a text section's start: an unwinder names an address in the
          // section's first functions by them when it lacks the function's own symbol.
          r("__sched_text_start", Kind.SCHEDULER, "start of the scheduler's text section"),
          r("__softirqentry_text_start", Kind.ENTRY, "start of the softirq entry section"),
          r("__irqentry_text_start", Kind.ENTRY, "start of the irq entry section"),
          r("__irqentry_text_end", Kind.ENTRY, "end of the irq entry section"),
          // --- entry: how the CPU got into the kernel; the same bug arrives many ways ---
          r("entry_SYSCALL_64*", Kind.ENTRY, "x86-64 syscall entry"),
          r("do_syscall_64", Kind.ENTRY, "x86-64 syscall dispatch"),
          r("do_syscall_x64", Kind.ENTRY, "x86-64 syscall dispatch since 5.14"),
          r("system_call_fastpath", Kind.ENTRY, "x86-64 syscall entry on 3.x"),
          r("system_call", Kind.ENTRY, "x86-64 syscall entry on 3.x"),
          r("tracesys", Kind.ENTRY, "x86-64 traced syscall entry on 3.x"),
          r("entry_INT80*", Kind.ENTRY, "ia32 syscall entry"),
          r("do_int80_syscall_32", Kind.ENTRY, "ia32 syscall dispatch"),
          r("el0_svc*", Kind.ENTRY, "arm64 syscall entry"),
          r("el0_sync*", Kind.ENTRY, "arm64 user exception entry"),
          r("el0t_64_sync*", Kind.ENTRY, "arm64 user exception entry since 5.14"),
          r("invoke_syscall", Kind.ENTRY, "arm64 syscall dispatch"),
          r("__invoke_syscall", Kind.ENTRY, "arm64 syscall dispatch"),
          r("do_el0_svc", Kind.ENTRY, "arm64 syscall dispatch"),
          r("ret_from_fork", Kind.ENTRY, "first frame of every kernel thread"),
          r("ret_from_fork_asm", Kind.ENTRY, "x86 kernel thread entry since 6.7"),
          r("kthread", Kind.ENTRY, "kernel thread trampoline"),
          r("irq_exit*", Kind.ENTRY, "interrupt exit"),
          r("__irq_exit_rcu", Kind.ENTRY, "interrupt exit"),
          r("apic_timer_interrupt", Kind.ENTRY, "x86 timer interrupt stub"),
          r("smp_apic_timer_interrupt", Kind.ENTRY, "x86 timer interrupt entry"),
          r("sysvec_apic_timer_interrupt", Kind.ENTRY, "x86 timer interrupt entry since 5.8"),
          r("asm_sysvec_apic_timer_interrupt", Kind.ENTRY, "x86 timer interrupt stub"),
          r("asm_sysvec_*", Kind.ENTRY, "x86 system vector stubs"),
          r("common_interrupt", Kind.ENTRY, "x86 device interrupt entry"),
          r("asm_common_interrupt", Kind.ENTRY, "x86 device interrupt stub"),
          r("el1_irq", Kind.ENTRY, "arm64 EL1 interrupt vector"),
          r("el1h_64_irq*", Kind.ENTRY, "arm64 EL1 interrupt vector since 5.14"),
          r("gic_handle_irq", Kind.ENTRY, "arm GIC interrupt dispatch"),
          r("ret_from_intr", Kind.ENTRY, "x86 interrupt return"),
          r("retint_kernel", Kind.ENTRY, "x86 interrupt return to kernel on 4.x"),
          r("asm_call_on_stack", Kind.ENTRY, "x86 switch to the irq stack (5.8-5.10)"),
          r("asm_call_irq_on_stack", Kind.ENTRY, "x86 switch to the irq stack (5.10)"),
          r("call_on_irq_stack", Kind.ENTRY, "switch to the irq stack (x86 5.12+, arm64)"),
          r("run_on_irqstack_cond", Kind.ENTRY, "x86 irq stack switch helper"),
          r("restore_regs_and_return_to_kernel", Kind.ENTRY, "x86 interrupt return since 4.15"),
          r("hrtimer_interrupt", Kind.ENTRY, "timer interrupt handler"),
          r("local_apic_timer_interrupt", Kind.ENTRY, "x86 timer interrupt handler"),
          r("__sysvec_apic_timer_interrupt", Kind.ENTRY, "x86 timer interrupt handler since 5.8"),
          r("timer_interrupt", Kind.ENTRY, "powerpc timer interrupt"),
          r("arch_timer_handler_*", Kind.ENTRY, "arm64 timer interrupt"),
          r("handle_percpu_devid_irq", Kind.ENTRY, "arm per-CPU interrupt dispatch"),
          // --- instrumentation: hooks the compiler puts in every function ---
          r("__sanitizer_cov_trace_*", Kind.INSTRUMENTATION, "KCOV coverage hooks"),
          r("write_comp_data", Kind.INSTRUMENTATION, "KCOV comparison hook"),
          r("__tsan_*", Kind.INSTRUMENTATION, "KCSAN access hooks"),
          r("__msan_*", Kind.INSTRUMENTATION, "KMSAN hooks"),
          r("kmsan_*", Kind.INSTRUMENTATION, "KMSAN runtime"),
          r("kcsan_*", Kind.INSTRUMENTATION, "KCSAN runtime"),
          r("__kcsan_*", Kind.INSTRUMENTATION, "KCSAN runtime"));

  private static final Set<String> EXACT = new HashSet<>();
  private static final String[] PREFIXES;

  static {
    List<String> prefixes = new ArrayList<>();
    for (Rule rule : RULES) {
      if (rule.isPrefix()) {
        prefixes.add(rule.pattern().substring(0, rule.pattern().length() - 1));
      } else {
        EXACT.add(rule.pattern());
      }
    }
    PREFIXES = prefixes.toArray(String[]::new);
  }

  private PlumbingFrames() {}

  /** Whether a normalized function name is plumbing. */
  public static boolean isPlumbing(String function) {
    if (EXACT.contains(function)) {
      return true;
    }
    for (String prefix : PREFIXES) {
      if (function.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
