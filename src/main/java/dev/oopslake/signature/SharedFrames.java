package dev.oopslake.signature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames that stay in a signature (they tell code paths apart) but that many unrelated bugs share,
 * so they weigh little when two stacks are compared: a frame's similarity weight is multiplied by
 * its family's weight, and a stack's culprit is its first frame outside every family. Frames the
 * kernel's reporting, locking and entry code put on every stack are dropped before this, by {@link
 * PlumbingFrames}. A pattern is an exact name or a prefix ending in {@code *}, matched on the
 * normalized function (no module).
 */
public final class SharedFrames {

  /** A family of shared frames and how much one of its frames counts against a culprit's 1. */
  public enum Family {
    /** Allocators and their object-cache layer: the caller that asked for memory is the bug. */
    ALLOCATOR(0.2),
    /** String, copy and format helpers: a bad access in memcpy is its caller's bug. */
    STRING(0.2),
    /** Lock debugging and irq-flag tracing: on every path that takes a lock. */
    LOCK_DEBUG(0.15),
    /** Reference counts and object lifetime: the put is generic, the release callback is not. */
    LIFETIME(0.3),
    /** Generic syscall, VFS and socket dispatch: thousands of bugs below the same few frames. */
    SYSCALL_LAYER(0.3),
    /** Softirq, timer and RCU callback dispatch: how deferred work runs, not which. */
    DEFERRED_WORK(0.25),
    /** Workqueue and kthread dispatch. */
    WORKQUEUE(0.25),
    /** Exit and signal paths every task takes when it dies. */
    TASK_EXIT(0.3),
    /** Console output: a CPU caught printing is stalled by the console, not by its caller. */
    PRINTK(0.2),
    /** The unwinder and stack depots: sanitizers and lockdep save a stack on every event. */
    STACK_WALK(0.15),
    /**
     * Waiting on other CPUs or a grace period: a hang or lockup caught here is the waiter's wait
     * for someone else, so the caller that waited (and what it waited for) tells bugs apart, not
     * the primitive every such hang sits in.
     */
    WAIT(0.3);

    private final double weight;

    Family(double weight) {
      this.weight = weight;
    }

    public double weight() {
      return weight;
    }
  }

  /** One entry: {@code pattern} is a function name or a {@code prefix*}. */
  public record Rule(String pattern, Family family, String why) {
    public Rule {
      if (pattern == null
          || pattern.isBlank()
          || pattern.indexOf('*') >= 0 && !pattern.endsWith("*")) {
        throw new IllegalArgumentException(
            "shared-frame pattern must be a name or prefix*: " + pattern);
      }
      if (family == null || why == null || why.isBlank()) {
        throw new IllegalArgumentException(
            "shared-frame rule " + pattern + " needs a family and a reason");
      }
      if (pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1) {
        throw new IllegalArgumentException("'*' only at the end of a pattern: " + pattern);
      }
    }
  }

  private static Rule r(String pattern, Family family, String why) {
    return new Rule(pattern, family, why);
  }

  /** The table. */
  public static final List<Rule> RULES =
      List.of(
          // --- allocators and the object-cache layer (mm/slab*.c, mm/page_alloc.c, mm/vmalloc.c)
          // ---
          r("kmalloc*", Family.ALLOCATOR, "kmalloc and its _node/_trace/_array variants"),
          r("__kmalloc*", Family.ALLOCATOR, "kmalloc's workers"),
          r("kzalloc*", Family.ALLOCATOR, "zeroing kmalloc"),
          r("kcalloc*", Family.ALLOCATOR, "array kmalloc"),
          r("krealloc*", Family.ALLOCATOR, "resizing kmalloc"),
          r("kvmalloc*", Family.ALLOCATOR, "kmalloc falling back to vmalloc"),
          r("kvzalloc*", Family.ALLOCATOR, "zeroing kvmalloc"),
          r("kmemdup*", Family.ALLOCATOR, "allocate and copy"),
          r("kstrdup*", Family.ALLOCATOR, "allocate and copy a string"),
          r("kmem_cache_alloc*", Family.ALLOCATOR, "object-cache allocation"),
          r("kmem_cache_free*", Family.ALLOCATOR, "object-cache free"),
          r("kmem_cache_zalloc", Family.ALLOCATOR, "zeroing object-cache allocation"),
          r("slab_alloc*", Family.ALLOCATOR, "SLUB fast path"),
          r("___slab_alloc", Family.ALLOCATOR, "SLUB slow path"),
          r("__slab_alloc*", Family.ALLOCATOR, "SLUB slow path"),
          r("slab_free*", Family.ALLOCATOR, "SLUB free path"),
          r("__slab_free", Family.ALLOCATOR, "SLUB free slow path"),
          r("slab_post_alloc_hook", Family.ALLOCATOR, "SLUB hook run on every allocation"),
          r("slab_pre_alloc_hook", Family.ALLOCATOR, "SLUB hook run on every allocation"),
          r("kfree*", Family.ALLOCATOR, "kfree, kfree_skb, kfree_rcu and kin"),
          r("kvfree*", Family.ALLOCATOR, "kvmalloc's free"),
          r("__alloc_pages*", Family.ALLOCATOR, "page allocator"),
          r("alloc_pages*", Family.ALLOCATOR, "page allocator entry"),
          r("__get_free_pages", Family.ALLOCATOR, "page allocator entry"),
          r("__free_pages*", Family.ALLOCATOR, "page allocator free"),
          r("free_pages*", Family.ALLOCATOR, "page allocator free"),
          r("get_page_from_freelist", Family.ALLOCATOR, "page allocator fast path"),
          r("vmalloc*", Family.ALLOCATOR, "vmalloc entry points"),
          r("__vmalloc*", Family.ALLOCATOR, "vmalloc workers"),
          r("vfree", Family.ALLOCATOR, "vmalloc free"),
          r("__alloc_skb", Family.ALLOCATOR, "socket buffer allocation"),
          r("alloc_skb*", Family.ALLOCATOR, "socket buffer allocation"),
          r("kmalloc_reserve", Family.ALLOCATOR, "skb data allocation"),
          // --- string, copy and format helpers (lib/string.c, lib/vsprintf.c, usercopy) ---
          r("memcpy*", Family.STRING, "memcpy and memcpy_erms/orig: the caller chose the bounds"),
          r("memmove", Family.STRING, "the caller chose the bounds"),
          r("memset*", Family.STRING, "the caller chose the bounds"),
          r("memcmp", Family.STRING, "the caller chose the bounds"),
          r("strlen", Family.STRING, "the caller passed the string"),
          r("strnlen", Family.STRING, "the caller passed the string"),
          r("strcpy", Family.STRING, "the caller chose the bounds"),
          r("strncpy", Family.STRING, "the caller chose the bounds"),
          r("strscpy*", Family.STRING, "the caller chose the bounds"),
          r("strlcpy", Family.STRING, "the caller chose the bounds"),
          r("strcat", Family.STRING, "the caller chose the bounds"),
          r("strlcat", Family.STRING, "the caller chose the bounds"),
          r("strcmp", Family.STRING, "the caller passed the strings"),
          r("strncmp", Family.STRING, "the caller passed the strings"),
          r("strchr", Family.STRING, "the caller passed the string"),
          r("strrchr", Family.STRING, "the caller passed the string"),
          r("strstr", Family.STRING, "the caller passed the strings"),
          r("strsep", Family.STRING, "the caller passed the string"),
          r("vsnprintf", Family.STRING, "printf core"),
          r("snprintf", Family.STRING, "printf wrapper"),
          r("sprintf", Family.STRING, "printf wrapper"),
          r("scnprintf", Family.STRING, "printf wrapper"),
          r("vscnprintf", Family.STRING, "printf wrapper"),
          r("kvasprintf*", Family.STRING, "allocating printf"),
          r("kasprintf", Family.STRING, "allocating printf"),
          r("format_decode", Family.STRING, "printf format parser"),
          r("pointer", Family.STRING, "printf %p handler"),
          r("string", Family.STRING, "printf %s handler"),
          r("_copy_to_user", Family.STRING, "usercopy core"),
          r("_copy_from_user", Family.STRING, "usercopy core"),
          r("copy_user_*", Family.STRING, "x86 usercopy loops"),
          r("copyin", Family.STRING, "iov_iter usercopy"),
          r("copyout", Family.STRING, "iov_iter usercopy"),
          r("copy_page_to_iter*", Family.STRING, "iov_iter copy"),
          r("copy_page_from_iter*", Family.STRING, "iov_iter copy"),
          r("_copy_to_iter", Family.STRING, "iov_iter copy"),
          r("_copy_from_iter*", Family.STRING, "iov_iter copy"),
          // --- lock debugging and irq-flag tracing (kernel/locking/lockdep.c, trace_irqflags) ---
          r("lock_release", Family.LOCK_DEBUG, "lockdep hook on every unlock"),
          r("__lock_release", Family.LOCK_DEBUG, "lockdep unlock worker"),
          r("lock_is_held*", Family.LOCK_DEBUG, "lockdep assertion"),
          r("__lock_is_held", Family.LOCK_DEBUG, "lockdep assertion worker"),
          r("lock_acquired", Family.LOCK_DEBUG, "lock statistics hook"),
          r("lock_contended", Family.LOCK_DEBUG, "lock statistics hook"),
          r("mark_lock*", Family.LOCK_DEBUG, "lockdep usage tracking"),
          r("mark_held_locks", Family.LOCK_DEBUG, "lockdep usage tracking"),
          r("mark_usage", Family.LOCK_DEBUG, "lockdep usage tracking"),
          r("find_held_lock", Family.LOCK_DEBUG, "lockdep held-lock lookup on every release"),
          r("lockdep_*", Family.LOCK_DEBUG, "lockdep hooks and irq tracking"),
          r("trace_hardirqs_*", Family.LOCK_DEBUG, "irq-flag tracing on every irq enable/disable"),
          r("debug_check_no_locks_freed", Family.LOCK_DEBUG, "lockdep check on every free"),
          r("debug_lockdep_rcu_enabled", Family.LOCK_DEBUG, "RCU lockdep check"),
          r("rcu_read_lock_held*", Family.LOCK_DEBUG, "RCU lockdep assertion"),
          r("rcu_lock_acquire", Family.LOCK_DEBUG, "RCU's lockdep hook"),
          r("rcu_lock_release", Family.LOCK_DEBUG, "RCU's lockdep hook"),
          r("__rcu_read_lock", Family.LOCK_DEBUG, "RCU read-side entry"),
          r("__rcu_read_unlock", Family.LOCK_DEBUG, "RCU read-side exit"),
          r("rcu_read_lock*", Family.LOCK_DEBUG, "RCU read-side entry"),
          r("rcu_read_unlock*", Family.LOCK_DEBUG, "RCU read-side exit"),
          // --- reference counts and object lifetime (lib/refcount.c, lib/kobject.c, drivers/base)
          r("refcount_*", Family.LIFETIME, "generic refcount helpers"),
          r("kref_put*", Family.LIFETIME, "generic put: the release callback is the code"),
          r("kref_get*", Family.LIFETIME, "generic get"),
          r("kobject_put", Family.LIFETIME, "generic kobject put"),
          r("kobject_release", Family.LIFETIME, "generic kobject release"),
          r("kobject_cleanup", Family.LIFETIME, "generic kobject teardown"),
          r("kobject_del", Family.LIFETIME, "generic kobject removal"),
          r("put_device", Family.LIFETIME, "driver-core put"),
          r("device_release", Family.LIFETIME, "driver-core release dispatch"),
          r("device_del", Family.LIFETIME, "driver-core removal"),
          r("device_unregister", Family.LIFETIME, "driver-core removal"),
          r("atomic_dec_and_*", Family.LIFETIME, "dec-and-lock/test helpers"),
          r("_atomic_dec_and_lock*", Family.LIFETIME, "dec-and-lock helper"),
          r("dput", Family.LIFETIME, "dentry put"),
          r("iput", Family.LIFETIME, "inode put"),
          r("fput*", Family.LIFETIME, "file put"),
          r("__fput*", Family.LIFETIME, "file release dispatch"),
          r("____fput", Family.LIFETIME, "file release dispatch"),
          r("sock_put", Family.LIFETIME, "socket put"),
          r("sk_free", Family.LIFETIME, "socket free"),
          r("sk_destruct", Family.LIFETIME, "socket destructor dispatch"),
          r("__sk_destruct", Family.LIFETIME, "socket destructor dispatch"),
          r("__sk_free", Family.LIFETIME, "socket free"),
          r("skb_release_*", Family.LIFETIME, "socket buffer release"),
          r("consume_skb", Family.LIFETIME, "socket buffer release"),
          r("call_rcu*", Family.LIFETIME, "deferred free"),
          // --- generic syscall, VFS and socket dispatch (fs/*.c, net/socket.c) ---
          r("sys_*", Family.SYSCALL_LAYER, "the syscall itself: every bug of that syscall has it"),
          r("ksys_*", Family.SYSCALL_LAYER, "syscall bodies shared by wrappers"),
          r("do_vfs_ioctl", Family.SYSCALL_LAYER, "ioctl dispatch to every driver"),
          r("vfs_ioctl", Family.SYSCALL_LAYER, "ioctl dispatch to every driver"),
          r("vfs_read", Family.SYSCALL_LAYER, "read dispatch"),
          r("vfs_write", Family.SYSCALL_LAYER, "write dispatch"),
          r("__vfs_read", Family.SYSCALL_LAYER, "read dispatch"),
          r("__vfs_write", Family.SYSCALL_LAYER, "write dispatch"),
          r("vfs_readv", Family.SYSCALL_LAYER, "read dispatch"),
          r("vfs_writev", Family.SYSCALL_LAYER, "write dispatch"),
          r("new_sync_read", Family.SYSCALL_LAYER, "read_iter adapter"),
          r("new_sync_write", Family.SYSCALL_LAYER, "write_iter adapter"),
          r("do_iter_*", Family.SYSCALL_LAYER, "readv/writev dispatch"),
          r("do_sys_open*", Family.SYSCALL_LAYER, "open dispatch"),
          r("do_filp_open", Family.SYSCALL_LAYER, "open dispatch"),
          r("path_openat", Family.SYSCALL_LAYER, "open dispatch"),
          r("do_dentry_open", Family.SYSCALL_LAYER, "open dispatch to every driver"),
          r("vfs_open", Family.SYSCALL_LAYER, "open dispatch"),
          r("__sys_*", Family.SYSCALL_LAYER, "socket syscall bodies"),
          r("___sys_*", Family.SYSCALL_LAYER, "socket syscall bodies"),
          r("sock_sendmsg*", Family.SYSCALL_LAYER, "sendmsg dispatch to every protocol"),
          r("sock_recvmsg*", Family.SYSCALL_LAYER, "recvmsg dispatch to every protocol"),
          r("sock_write_iter", Family.SYSCALL_LAYER, "write on a socket"),
          r("sock_read_iter", Family.SYSCALL_LAYER, "read on a socket"),
          r("sock_ioctl", Family.SYSCALL_LAYER, "ioctl on a socket"),
          r("sock_do_ioctl", Family.SYSCALL_LAYER, "ioctl on a socket"),
          r("sock_close", Family.SYSCALL_LAYER, "close of a socket"),
          r("sock_release", Family.SYSCALL_LAYER, "close of a socket"),
          r("__sock_release", Family.SYSCALL_LAYER, "close of a socket"),
          r("sock_setsockopt", Family.SYSCALL_LAYER, "generic socket options"),
          r("sock_common_setsockopt", Family.SYSCALL_LAYER, "setsockopt dispatch"),
          r("sock_common_recvmsg", Family.SYSCALL_LAYER, "recvmsg dispatch"),
          r("do_syscall_*", Family.SYSCALL_LAYER, "syscall dispatch not in the skip list"),
          r("syscall_exit_to_user_mode*", Family.SYSCALL_LAYER, "return to user space"),
          r("exit_to_user_mode*", Family.SYSCALL_LAYER, "return to user space"),
          r("exit_to_usermode_loop", Family.SYSCALL_LAYER, "return to user space on 4.x"),
          r("prepare_exit_to_usermode", Family.SYSCALL_LAYER, "return to user space on 4.x"),
          r("syscall_return_slowpath", Family.SYSCALL_LAYER, "return to user space on 4.x"),
          r("task_work_run", Family.SYSCALL_LAYER, "deferred work on return to user space"),
          // --- softirq, timer and RCU callback dispatch (kernel/softirq.c, kernel/rcu, net/core)
          // ---
          r("__do_softirq", Family.DEFERRED_WORK, "softirq dispatch"),
          r("do_softirq*", Family.DEFERRED_WORK, "softirq dispatch"),
          r("invoke_softirq", Family.DEFERRED_WORK, "softirq dispatch on irq exit"),
          r("run_ksoftirqd", Family.DEFERRED_WORK, "softirq thread"),
          r("smpboot_thread_fn", Family.DEFERRED_WORK, "per-CPU kthread loop"),
          r("__local_bh_enable_ip", Family.DEFERRED_WORK, "runs pending softirqs"),
          r("local_bh_enable", Family.DEFERRED_WORK, "runs pending softirqs"),
          r("net_rx_action", Family.DEFERRED_WORK, "NET_RX softirq"),
          r("net_tx_action", Family.DEFERRED_WORK, "NET_TX softirq"),
          r("process_backlog", Family.DEFERRED_WORK, "backlog NAPI poll"),
          r("__napi_poll", Family.DEFERRED_WORK, "NAPI poll dispatch"),
          r("napi_poll", Family.DEFERRED_WORK, "NAPI poll dispatch"),
          r("__netif_receive_skb*", Family.DEFERRED_WORK, "receive dispatch to every protocol"),
          r("netif_receive_skb*", Family.DEFERRED_WORK, "receive dispatch to every protocol"),
          r("tasklet_action*", Family.DEFERRED_WORK, "tasklet softirq"),
          r("run_timer_softirq", Family.DEFERRED_WORK, "timer softirq"),
          r("__run_timers", Family.DEFERRED_WORK, "timer softirq"),
          r("expire_timers", Family.DEFERRED_WORK, "timer softirq"),
          r("call_timer_fn", Family.DEFERRED_WORK, "timer callback dispatch"),
          r("rcu_core*", Family.DEFERRED_WORK, "RCU softirq"),
          r("rcu_do_batch", Family.DEFERRED_WORK, "RCU callback dispatch"),
          r("rcu_process_callbacks", Family.DEFERRED_WORK, "RCU softirq on 4.x"),
          r("__rcu_process_callbacks", Family.DEFERRED_WORK, "RCU softirq on 4.x"),
          r("__rcu_reclaim", Family.DEFERRED_WORK, "RCU callback dispatch on 4.x"),
          // --- workqueues and kthreads (kernel/workqueue.c) ---
          r("process_one_work", Family.WORKQUEUE, "runs every work item"),
          r("process_scheduled_works", Family.WORKQUEUE, "work loop since 6.x"),
          r("worker_thread", Family.WORKQUEUE, "workqueue kthread loop"),
          r("rescuer_thread", Family.WORKQUEUE, "workqueue rescuer loop"),
          // --- task exit and signals (kernel/exit.c, kernel/signal.c) ---
          r("do_exit", Family.TASK_EXIT, "every dying task"),
          r("do_group_exit", Family.TASK_EXIT, "every dying process"),
          r("get_signal", Family.TASK_EXIT, "signal delivery"),
          r("do_signal", Family.TASK_EXIT, "signal delivery"),
          r("arch_do_signal*", Family.TASK_EXIT, "signal delivery"),
          r("exit_mmap", Family.TASK_EXIT, "address-space teardown"),
          r("mmput", Family.TASK_EXIT, "address-space teardown"),
          r("exit_files", Family.TASK_EXIT, "file-table teardown"),
          r("put_files_struct", Family.TASK_EXIT, "file-table teardown"),
          r("close_files", Family.TASK_EXIT, "file-table teardown"),
          // --- console output (kernel/printk, drivers/tty/serial) ---
          r("printk", Family.PRINTK, "every message"),
          r("_printk", Family.PRINTK, "printk since 5.15"),
          r("vprintk*", Family.PRINTK, "printk's workers (_emit, _default, _func, _store)"),
          r("console_unlock", Family.PRINTK, "flushes the log to the consoles"),
          r("console_flush_all", Family.PRINTK, "flushes the log to the consoles since 6.1"),
          r("console_emit_next_record", Family.PRINTK, "writes one record to a console"),
          r("call_console_drivers", Family.PRINTK, "writes to each console"),
          r("msg_print_text", Family.PRINTK, "formats a log record"),
          r("record_print_text", Family.PRINTK, "formats a log record since 5.10"),
          r("univ8250_console_write", Family.PRINTK, "8250 serial console"),
          r("serial8250_console_write*", Family.PRINTK, "8250 serial console"),
          r("serial8250_console_putchar", Family.PRINTK, "8250 serial console"),
          r("wait_for_xmitr", Family.PRINTK, "8250 busy-wait for the UART"),
          r("uart_console_write", Family.PRINTK, "serial console core"),
          // --- the unwinder and stack depots (arch/x86/kernel/unwind_*.c, lib/stackdepot.c) ---
          r("unwind_*", Family.STACK_WALK, "unwinder steps (next_frame, get_return_address)"),
          r("__unwind_start", Family.STACK_WALK, "unwinder start"),
          r("save_stack_trace*", Family.STACK_WALK, "stack capture before 5.2"),
          r("__save_stack_trace*", Family.STACK_WALK, "stack capture before 5.2"),
          r("arch_stack_walk", Family.STACK_WALK, "stack capture since 5.2"),
          r("stack_trace_save*", Family.STACK_WALK, "stack capture since 5.2"),
          r("kernel_text_address", Family.STACK_WALK, "unwinder address check"),
          r("__kernel_text_address", Family.STACK_WALK, "unwinder address check"),
          r("is_bpf_text_address", Family.STACK_WALK, "unwinder address check"),
          r("is_module_text_address", Family.STACK_WALK, "unwinder address check"),
          r("__module_address", Family.STACK_WALK, "unwinder address check"),
          r("stack_depot_save*", Family.STACK_WALK, "stack depot"),
          r("depot_save_stack", Family.STACK_WALK, "stack depot before 5.7"),
          r("save_stack", Family.STACK_WALK, "KASAN's stack capture before 5.x"),
          r("set_track", Family.STACK_WALK, "SLUB debug alloc/free track"),
          // --- waiting on other CPUs and on grace periods (kernel/smp.c, kernel/rcu, net/core) ---
          r("smp_call_function*", Family.WAIT, "IPI to other CPUs and wait for them"),
          r("smp_cfm_core", Family.WAIT, "smp_call_function_many's worker on some backports"),
          r("on_each_cpu*", Family.WAIT, "run on every CPU and wait"),
          r("synchronize_rcu*", Family.WAIT, "wait for an RCU grace period (and _expedited)"),
          r("synchronize_srcu*", Family.WAIT, "wait for an SRCU grace period"),
          r("synchronize_sched*", Family.WAIT, "wait for an RCU-sched grace period before 5.0"),
          r("synchronize_net", Family.WAIT, "networking's grace-period wait"),
          r("__wait_rcu_gp", Family.WAIT, "grace-period wait worker"),
          r("wait_rcu_gp", Family.WAIT, "grace-period wait"),
          r("rcu_barrier*", Family.WAIT, "wait for every queued RCU callback"),
          r("flush_work", Family.WAIT, "wait for a work item"),
          r("__flush_work", Family.WAIT, "wait for a work item"),
          r("flush_workqueue", Family.WAIT, "wait for a workqueue"),
          r("__flush_workqueue", Family.WAIT, "wait for a workqueue since 6.x"),
          r("drain_workqueue", Family.WAIT, "wait for a workqueue to empty"),
          r("rtnl_lock*", Family.WAIT, "the networking config lock every netlink path waits on"),
          r("stop_machine*", Family.WAIT, "stop every CPU and wait"),
          r("stop_one_cpu*", Family.WAIT, "stop a CPU and wait"));

  private static final Map<String, Family> EXACT = new HashMap<>();
  private static final String[] PREFIXES;
  private static final Family[] PREFIX_FAMILIES;

  static {
    List<String> prefixes = new ArrayList<>();
    List<Family> families = new ArrayList<>();
    for (Rule rule : RULES) {
      if (rule.pattern().endsWith("*")) {
        prefixes.add(rule.pattern().substring(0, rule.pattern().length() - 1));
        families.add(rule.family());
      } else if (EXACT.putIfAbsent(rule.pattern(), rule.family()) != null) {
        throw new IllegalStateException("shared-frame pattern listed twice: " + rule.pattern());
      }
    }
    PREFIXES = prefixes.toArray(String[]::new);
    PREFIX_FAMILIES = families.toArray(Family[]::new);
  }

  private SharedFrames() {}

  /** The family of a normalized frame ({@code func} or {@code func [mod]}), or null. */
  public static Family family(String frame) {
    int space = frame.indexOf(' ');
    String function = space < 0 ? frame : frame.substring(0, space);
    Family f = EXACT.get(function);
    if (f != null) {
      return f;
    }
    for (int i = 0; i < PREFIXES.length; i++) {
      if (function.startsWith(PREFIXES[i])) {
        return PREFIX_FAMILIES[i];
      }
    }
    return null;
  }

  /** The weight of a normalized frame: its family's, or 1 for a frame that may be the culprit. */
  public static double weight(String frame) {
    Family f = family(frame);
    return f == null ? 1.0 : f.weight();
  }
}
