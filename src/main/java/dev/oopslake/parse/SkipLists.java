package dev.oopslake.parse;

import dev.oopslake.decode.Memo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Functions that are never the culprit of a crash: the reporting machinery, locking, scheduler and
 * wait plumbing, sanitizer runtimes and generic library helpers that merely touched the bad memory.
 * The guilty frame is the first frame that matches none of these. Each entry is a regex matched at
 * the start of the (suffix-normalised) function name.
 */
final class SkipLists {
  private SkipLists() {}

  /** Plumbing for every crash class. */
  static final List<String> PLUMBING =
      List.of(
          // Stack dumpers: lib/dump_stack.c, arch show_stack/dump_backtrace, unwinders.
          "_{0,2}dump_stack(?:_lvl)?$",
          "show_stack$",
          "dump_backtrace$",
          "show_regs$",
          "__show_regs$",
          "show_trace_log_lvl$",
          "arch_stack_walk$",
          "stack_trace_save",
          "unwind_",
          "walk_stackframe$",
          // kernel/panic.c and the BUG/WARN trap path.
          "panic$",
          "__warn$",
          "warn_slowpath",
          "__warn_printk$",
          "report_bug$",
          "fixup_bug$",
          "handle_bug$",
          "do_error_trap$",
          "do_trap$",
          "do_invalid_op$",
          "exc_invalid_op$",
          "asm_exc_invalid_op$",
          "invalid_op$",
          "do_bug$",
          "bug_handler$",
          "brk_handler$",
          "call_break_hook$",
          "die$",
          "__die$",
          "oops_end$",
          "no_context$",
          "__bad_area_nosemaphore$",
          "bad_area",
          "page_fault_oops$",
          "kernelmode_fixup_or_oops$",
          "do_page_fault$",
          "__do_page_fault$",
          "do_user_addr_fault$",
          "exc_page_fault$",
          "asm_exc_page_fault$",
          "page_fault$",
          "do_general_protection$",
          "exc_general_protection$",
          "asm_exc_general_protection$",
          "general_protection$",
          "do_mem_abort$",
          "el1_abort$",
          "el1h_64_sync",
          "el1_sync",
          "__do_kernel_fault",
          "die_kernel_fault$",
          // kernel/sched/core.c reporting and the scheduler itself.
          "__schedule_bug$",
          "schedule_debug$",
          "__might_sleep$",
          "___might_sleep$",
          "__might_resched$",
          "might_sleep",
          "__might_fault$",
          "__schedule$",
          "schedule$",
          "schedule_timeout",
          "schedule_preempt_disabled$",
          "preempt_schedule",
          "io_schedule",
          "schedule_hrtimeout",
          "__cond_resched",
          "_cond_resched$",
          "context_switch$",
          "finish_task_switch",
          // Waiting primitives (kernel/sched/completion.c, wait.c, kthread.c).
          "wait_for_completion",
          "__wait_for_common$",
          "wait_for_common",
          "do_wait_for_common$",
          "wait_on_bit",
          "out_of_line_wait_on_bit",
          "__wait_on_bit",
          "bit_wait",
          "prepare_to_wait",
          "finish_wait$",
          "kthread_stop$",
          "synchronize_net$",
          "rcu_barrier$",
          "__cancel_work_timer$",
          "cancel_work_sync$",
          "cancel_delayed_work_sync$",
          "del_timer_sync$",
          "__wait_on_buffer$",
          "wait_on_page",
          "__lock_page",
          // drivers/usb/core/message.c: synchronous URB helpers only wait for the device.
          "usb_start_wait_urb$",
          "usb_kill_urb$",
          "flush_work$",
          "__flush_work$",
          "flush_workqueue$",
          "wait_rcu_gp$",
          "__wait_rcu_gp$",
          // Locking: spinlocks, rt sleeping spinlocks, mutexes, rwsems, lockdep internals.
          "_raw_spin_",
          "_raw_read_",
          "_raw_write_",
          "do_raw_spin_",
          "do_raw_read_",
          "do_raw_write_",
          "queued_spin_",
          "native_queued_spin",
          "__pv_queued_spin",
          "pv_queued_spin",
          "rt_spin_lock",
          "rt_spin_unlock",
          "rt_mutex",
          "__rt_mutex",
          "rt_read_lock",
          "rt_write_lock",
          "spin_lock",
          "spin_unlock",
          "spin_bug$",
          "spin_dump$",
          "__spin_lock_debug$",
          "mutex_lock",
          "mutex_unlock",
          "__mutex_lock",
          "__mutex_unlock",
          "mutex_trylock",
          "down_read",
          "down_write",
          "up_read$",
          "up_write$",
          "__down",
          "__up",
          "down$",
          "down_interruptible$",
          "down_killable$",
          "down_timeout$",
          "rwsem_",
          "__rwsem",
          "percpu_down_",
          "percpu_up_",
          "lock_acquire$",
          "lock_release$",
          "lock_acquired$",
          "lock_contended$",
          "__lock_acquire$",
          "lock_is_held",
          ".*lockdep",
          "hlock_class$",
          "perf_trace_",
          "dpm_sysfs_remove$",
          "i2c_del_adapter$",
          "__unregister_client$",
          "i2c_unregister_device$",
          "device_for_each_child$",
          "tty_unregister_device$",
          // dentry and buffer-head reference helpers that WARN on a bad count.
          "dput$",
          "fast_dput$",
          "mark_buffer_dirty$",
          ".*copy_to_user$",
          ".*copy_from_user$",
          "unregister_netdev$",
          "check_panic_on_warn$",
          "folio_unlock$",
          "unlock_page$",
          "usb_submit_urb$",
          "usb_control_msg$",
          "usb_bulk_msg$",
          "cipher_",
          "__queue_work$",
          "queue_work",
          "drain_workqueue$",
          "destroy_workqueue$",
          "complete$",
          "complete_all$",
          ".*write_lock$",
          "_{0,2}kobject_",
          // socket buffer helpers that panic on behalf of their caller (skb_over_panic).
          "skb_put$",
          "skb_push$",
          "skb_over_panic$",
          "skb_under_panic$",
          "kfree_skb$",
          "consume_skb$",
          // library helpers that WARN on misuse: the caller misused them.
          "ida_free$",
          "ida_alloc",
          "idr_",
          "drop_nlink$",
          "clear_nlink$",
          "inc_nlink$",
          "cleanup_srcu_struct$",
          "logic_(?:in|out)",
          // timers: deleting or arming a timer is never the bug itself.
          "__mod_timer$",
          "mod_timer$",
          "(?:__)?(?:try_to_)?del_timer",
          "__timer_delete",
          "timer_delete",
          "__try_to_del_timer_sync$",
          "try_to_grab_pending$",
          "sk_stop_timer",
          // allocator internals.
          "kmem_cache_alloc",
          "krealloc",
          "get_page_from_freelist$",
          "folio_alloc",
          "filemap_alloc_folio",
          "__filemap_get_folio$",
          "pagecache_get_page$",
          "alloc_pages_mpol",
          // copy and crypto helpers that touched the bad data for their caller.
          "_?copy_(?:to|from)_iter",
          "print_hex_dump",
          ".*aes.*_(?:en|de)crypt$",
          "crypto_",
          "xts_(?:en|de)crypt$",
          "do_trap_break$",
          "do_translation_fault$",
          "el1h_64_sync_handler$",
          "__stack_chk_fail",
          "device_remove_file$",
          "device_destroy$",
          "device_release$",
          "device_add$",
          "sysfs_remove_file",
          "__lockdep",
          "debug_check_no_locks",
          "print_usage_bug$",
          "mark_lock",
          "valid_state$",
          "print_bad_irq_dependency$",
          "check_prev_add$",
          "validate_chain$",
          "print_circular_bug$",
          "check_noncircular$",
          "print_unlock_imbalance_bug$",
          "print_freed_lock_bug$",
          "debug_show_held_locks$",
          "rcu_read_lock",
          "rcu_read_unlock",
          "rcu_lock_acquire$",
          "rcu_lock_release$",
          "__rcu_read_lock$",
          "__rcu_read_unlock$",
          "lock_sock",
          "release_sock$",
          "__local_bh_enable",
          "local_bh_enable$",
          "local_bh_disable$",
          "__local_bh_disable",
          "_local_bh_enable$",
          "preempt_count_",
          "trace_hardirqs_",
          // Any function whose name has a lock/unlock/trylock word is a locking helper
          // (console_lock, lock_timer_base, down_trylock, osq_lock, ...).
          ".*(?:^|_)(?:spin|mutex|rwsem|rwlock)(?:_|$)",
          "lock_",
          "unlock_",
          ".*_trylock$",
          "console_unlock$",
          ".*mutex",
          ".*rwsem",
          "osq_",
          "__switch_to",
          "check_preemption_disabled$",
          "debug_smp_processor_id$",
          "__this_cpu_preempt_check$",
          "register_lock_class$",
          // Sanitizer runtimes and the reports they print (mm/kasan, mm/kmsan, kernel/kcsan).
          "kasan_",
          "__kasan_",
          "__asan_",
          "asan_",
          "check_memory_region",
          "check_region_inline$",
          "print_address_description",
          "print_report$",
          "print_trailer$",
          "kmsan_",
          "__msan_",
          "kcsan_",
          "__tsan_",
          "kfence_",
          "__kfence_",
          "__sanitizer_",
          "write_comp_data$",
          "ubsan_",
          "__ubsan_",
          // Fault injection and debug checks that report on behalf of the caller.
          "should_fail",
          "fail_dump$",
          "should_failslab$",
          "debug_object",
          "debug_check_no_obj_freed$",
          "debug_print_object$",
          "__debug_object",
          "check_object$",
          "check_heap_object$",
          "__check_heap_object$",
          "check_object_size$",
          "__check_object_size$",
          "usercopy_abort$",
          "usercopy_warn$",
          "refcount_warn_saturate$",
          "refcount_error_report$",
          "refcount_sub_and_test",
          "refcount_dec_and_test",
          "refcount_inc",
          "refcount_add",
          "refcount_dec",
          "ex_handler_refcount$",
          "kobject_put$",
          "kobject_release$",
          "kref_put$",
          "__list_add_valid",
          "__list_del_entry_valid",
          "__list_del_entry$",
          "list_del$",
          "list_add$",
          "__list_add$",
          "__list_del$",
          // Generic memory/string helpers that merely performed the access.
          // Retpoline thunks (arch/x86/lib/retpoline.S) sit between caller and callee.
          ".*_indirect_thunk_",
          // lib/ helpers: rbtree, klist, crc, string search, bit ops, hex dumps, atomics.
          "rb_",
          "__rb_",
          "klist_",
          "crc",
          "__crc",
          "strstr$",
          "strnstr$",
          "hex_dump",
          "test_and_",
          "__test_and_",
          "atomic",
          "arch_atomic",
          "__read_once",
          "__write_once",
          "read_once",
          ".*_nocheck$",
          "__virt_to_phys",
          "__phys_addr",
          "ref_tracker",
          "__fortify_report$",
          "fortify_panic$",
          "__fortify_panic$",
          "skb_panic$",
          ".*_panic$",
          "__seqprop",
          "rhashtable_lookup",
          "kfree_skb_list$",
          "__wake_up",
          "timer_is_static_object$",
          "work_is_static_object$",
          "warn_alloc",
          "__alloc_pages",
          "__alloc_frozen_pages",
          "alloc_pages",
          "post_alloc_hook$",
          "bad_page$",
          "free_large_kmalloc$",
          "do_tag_check_fault$",
          "do_bad_area$",
          "__hwasan",
          "hwasan_",
          "kobject_del$",
          "__kobject_del$",
          "sysfs_remove",
          "device_del$",
          "device_unregister$",
          "devres_release_all$",
          "hwrng_unregister$",
          "rollback_registered",
          "unregister_netdevice",
          "__raw_read",
          "__raw_write",
          // allocator entry points named after kmalloc (test modules included).
          ".*kmalloc",
          "memcpy",
          "__memcpy",
          "memmove",
          "__memmove",
          "memset",
          "__memset",
          "memcmp$",
          "memchr",
          "strcmp$",
          "strncmp$",
          "strlen$",
          "strnlen$",
          "strcpy$",
          "strncpy$",
          "strscpy",
          "strlcpy$",
          "read_word_at_a_time$",
          "copy_user_",
          "_copy_to_user$",
          "_copy_from_user$",
          "copy_to_user",
          "copy_from_user",
          "__copy_to_user",
          "__copy_from_user",
          "copyin$",
          "copyout$",
          "rep_movs_alternative$",
          "instrument_",
          "kmalloc_slab$",
          "__kmalloc$",
          "__kmalloc_node",
          "kmalloc_order",
          "kmalloc_large",
          "__kmalloc_track_caller$",
          "kfree$",
          "__kfree",
          "kmem_cache_free$",
          "slab_free",
          "__slab_free$",
          "do_slab_free$",
          "cache_free_debugcheck$",
          "free_debug_processing$",
          "___cache_free$",
          "__cache_free$",
          "kvfree$",
          // Printing: printk and friends never cause the crash they print.
          "printk",
          "vprintk",
          "_printk$",
          "dev_printk",
          "__dev_printk$",
          "dev_err$",
          "dev_warn$",
          "_dev_err$",
          "_dev_warn$",
          // Interrupt/syscall entry glue is never more specific than what it called.
          "irq_exit",
          "__irq_exit_rcu$",
          "do_softirq",
          "__do_softirq$",
          "ret_from_fork",
          "kthread$",
          "entry_SYSCALL",
          "do_syscall_",
          "__do_fast_syscall",
          "do_fast_syscall",
          "entry_SYSENTER",
          "syscall_exit_to_user_mode",
          "el0_svc",
          // arm32 syscall return path, the caller of every arm32 syscall.
          "ret_fast_syscall$",
          "el0_sync",
          "ret_fast_syscall$",
          "system_call_fastpath$",
          "tracesys$",
          // x86 NMI/apic backtrace plumbing used by stall reports.
          "__x86_indirect",
          "nmi_cpu_backtrace",
          "nmi_trigger_cpumask_backtrace",
          "arch_trigger_cpumask_backtrace",
          "trigger_all_cpu_backtrace",
          "sched_show_task$",
          "show_stack_log_lvl$");

  /**
   * Stalls loop somewhere random: the guilty frame is the one right before (below, in time order:
   * the caller) the first of these generic dispatchers or entry points.
   */
  static final List<String> STALL_ANCHORS =
      List.of(
          // timers and softirq dispatch (kernel/time, kernel/softirq.c).
          "__run_timers",
          "run_timer_softirq$",
          "call_timer_fn$",
          "expire_timers$",
          "__hrtimer_run_queues$",
          "hrtimer_run_softirq$",
          "hrtimer_interrupt$",
          "__do_softirq$",
          "do_softirq",
          "irq_exit",
          "run_ksoftirqd$",
          "smpboot_thread_fn$",
          "tasklet_action",
          // workqueues and kthreads.
          "process_one_work$",
          "worker_thread$",
          "kthread$",
          "ret_from_fork",
          // networking receive dispatch.
          "__netif_receive_skb",
          "netif_receive_skb",
          "process_backlog$",
          "net_rx_action$",
          "napi_poll$",
          "__napi_poll$",
          // VFS and socket dispatch: the driver/protocol function below is the representative one.
          "__vfs_write$",
          "vfs_write$",
          "__vfs_read$",
          "vfs_read$",
          "new_sync_write$",
          "new_sync_read$",
          "do_iter_write$",
          "do_iter_read$",
          "vfs_iter_write$",
          "vfs_ioctl$",
          "do_vfs_ioctl$",
          "ksys_ioctl$",
          "sock_sendmsg$",
          "__sock_sendmsg$",
          "sock_write_iter$",
          "sock_recvmsg$",
          "sock_ioctl$",
          "compat_sock_ioctl$",
          "kvm_vcpu_compat_ioctl$",
          "kvm_vm_compat_ioctl$",
          "netlink_rcv_skb$",
          "genl_rcv_msg$",
          "nfnetlink_rcv",
          // generic syscalls whose entry says nothing about the culprit.
          "(?:__x64_|__ia32_|__arm64_|__se_|__do_|__ia32_compat_|compat_|__do_compat_)?(?:sys|SyS)_(?:read|write|ioctl|sendmsg|sendto|recvmsg|recvfrom|readv|writev|pread64|pwrite64|setsockopt|getsockopt|compat_ioctl)$",
          "ksys_(?:read|write|ioctl)$",
          // netlink and block ioctl dispatch.
          "rtnetlink_rcv_msg$",
          "netlink_rcv_skb$",
          "genl_family_rcv_msg",
          "nfnetlink_rcv_msg$",
          "blkdev_ioctl$",
          "compat_blkdev_ioctl$",
          // a driver's compat ioctl entry converts arguments and forwards to its native ioctl.
          "\\w+_compat_ioctl$",
          "__sys_setsockopt$",
          "sock_common_setsockopt$",
          // return-to-user work: the task_work/signal item below is the representative one.
          "exit_to_usermode_loop$",
          "exit_to_user_mode_prepare$",
          "task_work_run$",
          // file release, open and mmap dispatch.
          "do_dentry_open$",
          // page-fault dispatch: the filesystem's or driver's ->fault handler above is the one.
          "__do_fault$",
          "__fput$",
          "____fput$",
          "mmap_region$",
          "do_mmap$",
          // rcu callbacks.
          "rcu_do_batch$",
          "rcu_core$",
          "rcu_process_callbacks$",
          // syscall entry: the syscall itself is the representative function.
          "do_syscall_",
          "entry_SYSCALL",
          "__do_fast_syscall",
          "do_fast_syscall",
          "el0_svc",
          // arm32 syscall return path, the caller of every arm32 syscall.
          "ret_fast_syscall$",
          "invoke_syscall$",
          "x64_sys_call$",
          // cross-CPU calls wait for the other CPUs: syzbot names these "smp_call_function".
          "smp_call_function",
          "on_each_cpu");

  /** The stall detector's own frames printed before the stalled code (ends at the irq entry). */
  static final List<String> STALL_IRQ_ENTRY =
      List.of(
          // x86 apic timer interrupt entry, pre and post 5.8 naming.
          "apic_timer_interrupt",
          "sysvec_apic_timer_interrupt$",
          "asm_sysvec_apic_timer_interrupt$",
          "smp_apic_timer_interrupt",
          "(?:smp_|local_)?(?:trace_)?apic_timer_interrupt",
          "__irq_svc$",
          "__irq_usr$",
          // arm64 irq entry.
          "el1_irq$",
          "el1h_64_irq",
          "gic_handle_irq$",
          // NMI-based backtraces.
          "nmi_handle$",
          "default_do_nmi$",
          "exc_nmi$");

  static Compiled compile(List<String> entries) {
    return new Compiled(entries);
  }

  /**
   * A skip list matched at the start of a function name. An alternation of hundreds of entries
   * tries each in turn, so the entries are split by the first character they can start with: a name
   * is matched only against the entries that could match it, with the same answer.
   */
  static final class Compiled {
    private final Pattern all;
    private final Pattern[] byFirst = new Pattern[128];
    private final Pattern nonAscii;

    private Compiled(List<String> entries) {
      all = alternation(entries);
      List<List<String>> perChar = new ArrayList<>();
      List<String> anyStart = new ArrayList<>();
      for (int c = 0; c < 128; c++) {
        perChar.add(new ArrayList<>());
      }
      for (String e : entries) {
        int first = literalFirst(e);
        for (int c = 0; c < 128; c++) {
          if (first < 0 || first == c) {
            perChar.get(c).add(e);
          }
        }
        if (first < 0) {
          anyStart.add(e);
        }
      }
      Map<List<String>, Pattern> shared = new HashMap<>();
      for (int c = 0; c < 128; c++) {
        List<String> list = perChar.get(c);
        byFirst[c] = list.isEmpty() ? null : shared.computeIfAbsent(list, Compiled::alternation);
      }
      nonAscii =
          anyStart.isEmpty() ? null : shared.computeIfAbsent(anyStart, Compiled::alternation);
    }

    private static Pattern alternation(List<String> entries) {
      return Pattern.compile("^(?:" + String.join("|", entries) + ")");
    }

    /**
     * Answers by name: every frame of every report is asked about until the culprit is found, and
     * the names are a kernel's symbols, the same few thousand all night.
     */
    private final Memo<String, Boolean> answers = new Memo<>(16_384);

    /** Whether an entry matches at the start of {@code function}. */
    boolean matchesStart(String function) {
      return answers.get(function, this::matchesStartUncached);
    }

    private boolean matchesStartUncached(String function) {
      if (function.isEmpty()) {
        return all.matcher(function).lookingAt();
      }
      char c = function.charAt(0);
      Pattern p = c < 128 ? byFirst[c] : nonAscii;
      return p != null && p.matcher(function).lookingAt();
    }

    /**
     * The character every match of the entry starts with, or -1 when that is not plain from its
     * text: it starts with a metacharacter, an optional or repeated-from-zero character, or has a
     * top-level alternative.
     */
    static int literalFirst(String entry) {
      if (entry.isEmpty() || hasTopLevelBar(entry)) {
        return -1;
      }
      char c = entry.charAt(0);
      boolean plain =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!plain) {
        return -1;
      }
      if (entry.length() > 1 && "?*{".indexOf(entry.charAt(1)) >= 0) {
        return -1;
      }
      return c;
    }

    private static boolean hasTopLevelBar(String entry) {
      int depth = 0;
      boolean inClass = false;
      for (int i = 0; i < entry.length(); i++) {
        char c = entry.charAt(i);
        if (c == '\\') {
          i++;
        } else if (inClass) {
          inClass = c != ']';
        } else if (c == '[') {
          inClass = true;
        } else if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        } else if (c == '|' && depth == 0) {
          return true;
        }
      }
      return false;
    }
  }
}
