package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks the kernel's own crash headers ({@code ../shared/kernel/crash-headers.tsv}, a reference
 * kept outside the project: format string, source, versions, per row) and checks that a minimal
 * report built on each one is detected as a crash of the row's class, in the three forms a log
 * reaches us: dmesg, syslog and the {@code crash} utility's {@code log -m}. The table is learnt
 * from the kernel source, not from any corpus, so this is the test of formats no log of ours had.
 *
 * <p>Rows that are not a report's opening line (a continuation printed inside a report another row
 * opens, or a notice that is no crash) are listed in {@link #NOT_A_HEADER} with the reason. When
 * the table is absent the tests are skipped with a message saying where it was looked for.
 */
class KernelHeadersTest {

  private static final Path TABLE = Path.of("..", "shared", "kernel", "crash-headers.tsv");

  private static final CrashParser PARSER = CrashParser.withDefaults();

  /** One row of the table. */
  record Row(int line, String kernelClass, String format, String source) {}

  /**
   * Rows that open no report of their own, keyed by the format string, with the reason: lines
   * printed inside a report another row opens, or notices that are no crash.
   */
  static final Map<String, String> NOT_A_HEADER =
      Map.ofEntries(
          // x86 page fault continuation lines: the "BUG: ..." line before them opens the report.
          Map.entry("#PF: %s %s in %s mode", "continuation of the x86 page-fault header"),
          Map.entry("#PF: error_code(0x%04lx) - %s", "continuation of the x86 page-fault header"),
          Map.entry("#PF error: %s", "continuation of the 5.0-5.1 x86 page-fault header"),
          Map.entry(
              "kernel tried to execute NX-protected page - exploit attempt? (uid: %d)",
              "hint printed before the page-fault header that opens the report"),
          Map.entry(
              "unable to execute userspace code (SMEP?) (uid: %d)",
              "hint printed before the page-fault header that opens the report"),
          Map.entry(
              "Thread overran stack, or stack corrupted",
              "hint printed between the fault header and the Oops: line"),
          Map.entry("CR2: %016lx", "register summary at the end of a page-fault oops"),
          Map.entry("RIP: %04x:%pS", "register dump line inside a report"),
          Map.entry("RIP: %pS RSP: %016lx", "executive summary after the Call Trace"),
          Map.entry("Code:", "opcode bytes inside a report"),
          Map.entry("Modules linked in:", "module list inside a report"),
          Map.entry("CPU: %d PID: %d Comm: %.20s %s %s %.*s", "dump_stack_print_info line"),
          Map.entry("%sCPU: %d PID: %d Comm: %.20s %s%s %s %.*s", "dump_stack_print_info line"),
          Map.entry(
              "%sCPU: %d PID: %d Comm: %.20s %s%s %s %.*s\" BUILD_ID_FMT \"",
              "dump_stack_print_info line"),
          Map.entry(
              "%sCPU: %d UID: %u PID: %d Comm: %.20s %s%s %s %.*s\" BUILD_ID_FMT \"",
              "dump_stack_print_info line"),
          Map.entry(
              "%sCPU: %d UID: %u PID: %d Comm: %.20s %s%s %s %.*s %s \" BUILD_ID_FMT \"",
              "dump_stack_print_info line"),
          Map.entry("---[ end trace %016llx ]---", "end marker of a report"),
          Map.entry(
              "Kernel Offset: 0x%lx from 0x%lx (relocation range: 0x%lx-0x%lx)",
              "panic notifier output after the panic line"),
          Map.entry(
              "------------[ cut here ]------------",
              "cut line before the BUG/WARNING header that opens the report"),
          // hung task continuation lines.
          Map.entry("%s %s %.*s", "second line of the hung-task report (taint, release)"),
          Map.entry(
              "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.",
              "third line of the hung-task report"),
          Map.entry("Blocked by coredump.", "line inside the hung-task report"),
          Map.entry(
              "INFO: task %s:%d is blocked on a mutex likely owned by task %s:%d.",
              "blocker line after the hung-task header; the report is the blocked task's"),
          Map.entry(
              "INFO: task %s:%d blocked on a semaphore likely last held by task %s:%d",
              "blocker line after the hung-task header; the report is the blocked task's"),
          Map.entry(
              "INFO: task %s:%d <%s> blocked on an rw-semaphore likely owned by task %s:%d <%s>",
              "blocker line after the hung-task header; the report is the blocked task's"),
          Map.entry(
              "CPU#%d Utilization every %llus during lockup:",
              "statistics after the soft-lockup header"),
          // NMI backtraces are printed by stall detectors and sysrq-l: context, not a report.
          Map.entry(
              "NMI backtrace for cpu %d", "per-CPU backtrace printed inside a stall or lockup"),
          Map.entry(
              "Sending NMI from CPU %d to CPUs %*pbl:",
              "announces the NMI backtraces of a stall or lockup"),
          Map.entry(
              "NMI backtrace for cpu %d skipped: idling at %pS",
              "per-CPU backtrace printed inside a stall or lockup"),
          Map.entry("sending NMI to all CPUs:", "announces the NMI backtraces of a hard lockup"),
          // RCU stall detail lines.
          Map.entry(
              "(detected by %d, t=%ld jiffies, g=%lu, c=%lu, q=%lu)",
              "detail line of an RCU stall report"),
          Map.entry(
              "\\t(detected by %d, t=%ld jiffies, g=%ld, q=%lu ncpus=%d)",
              "detail line of an RCU stall report"),
          Map.entry(
              "%s kthread starved for %ld jiffies! g%ld f%#x %s(%d) ->state=%#x ->cpu=%d",
              "detail line of an RCU stall report"),
          Map.entry(
              "%s kthread timer wakeup didn't happen for %ld jiffies! g%ld f%#x %s(%d) ->state=%#x",
              "detail line of an RCU stall report"),
          Map.entry(
              "All QSes seen, last %s kthread activity %ld (%ld-%ld), jiffies_till_next_fqs=%ld,"
                  + " root ->qsmask %#lx",
              "detail line of an RCU stall report"),
          Map.entry(
              "INFO: Stall ended before state dump start",
              "the stall ended before it could be reported: no report follows"),
          Map.entry(
              "\\t%d-%c%c%c%c: (%lu %s) idle=%04x/%ld/%#lx softirq=%u/%u fqs=%ld%s%s",
              "per-CPU line of an RCU stall report"),
          // KASAN/sanitizer context lines.
          Map.entry("Free of addr %px by task %s/%d", "line inside an old KASAN double-free"),
          Map.entry(
              "KASAN: null-ptr-deref in range [0x%016lx-0x%016lx]",
              "printed by die_addr() after the general protection fault header that opens the"
                  + " report"),
          Map.entry(
              "kasan: GPF could be caused by NULL-ptr deref or user memory access",
              "hint printed before the general protection fault that opens the report"),
          Map.entry(
              "%d new suspected memory leaks (see /sys/kernel/debug/kmemleak)",
              "summary line; the leaks are read from /sys/kernel/debug/kmemleak, not the console"),
          // lockdep notices.
          Map.entry(
              "INFO: lockdep is turned off.",
              "lockdep switched itself off after an earlier report"),
          Map.entry(
              "turning off the locking correctness validator.",
              "lockdep switched itself off after an earlier report"),
          Map.entry(
              "DEBUG_LOCKS_WARN_ON(%s)",
              "printed before the WARNING from kernel/locking that opens the report"),
          // x86 traps against user space and per-process notices.
          Map.entry(
              "traps: %s[%d] general protection fault ip:%lx sp:%lx error:%lx",
              "a user-space process faulted: a signal, not a kernel crash"),
          Map.entry(
              "%s%s[%d]: segfault at %lx ip %px sp %px error %lx",
              "a user-space process faulted: a signal, not a kernel crash"),
          Map.entry("Split lock detected", "split-lock notice, the process gets SIGBUS"),
          Map.entry(
              "---[ end Kernel panic - not syncing: %s ]---",
              "end marker after the panic line that opens the report"),
          Map.entry("Rebooting in %d seconds..", "printed after the panic line"),
          Map.entry(
              "note: %s[%d] exited with preempt_count %d", "printed after an oops killed a task"),
          Map.entry("page dumped because: %s", "detail line of the bad-page report that opens it"),
          Map.entry(
              "%s: %pV, mode:%#x(%pGg), nodemask=%*pbl",
              "warn_alloc detail line after the page allocation failure header"),
          Map.entry(
              "%s: page allocation failure: order:%d, mode:0x%x",
              "warn_alloc: an allocation that may fail failed; the caller copes, no crash"),
          Map.entry(
              "%s: page allocation stalls for %ums, order:%u",
              "warn_alloc: an allocation is slow; no crash"),
          Map.entry(
              "Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB",
              "4.x: printed after the Out of memory: Kill process line that is read as the report"),
          Map.entry(
              "%s invoked oom-killer: gfp_mask=0x%x, order=%d, oom_score_adj=%hd",
              "opens the OOM report, which is read from its Out of memory: Kill(ed) process line:"
                  + " the task name before the verb gives the byte sieve no fixed start"),
          Map.entry(
              "%s invoked oom-killer: gfp_mask=%#x(%pGg), order=%d, oom_score_adj=%hd",
              "opens the OOM report, which is read from its Out of memory: Kill(ed) process line:"
                  + " the task name before the verb gives the byte sieve no fixed start"),
          Map.entry(
              "oom-kill:constraint=%s,nodemask=%*pbl",
              "line of the OOM report opened by the invoked oom-killer header"),
          Map.entry(
              "Fake kernel panic: %s",
              "mce fake_panic debugfs knob for testing: no crash, no panic follows"),
          Map.entry(
              "Uhhuh. NMI received for unknown reason %02x on CPU %d.",
              "the kernel continues (\"Dazed and confused, but trying to continue\"); with"
                  + " unknown_nmi_panic the panic line \"NMI: Not continuing\" is the report"),
          Map.entry(
              "NMI: PCI system error (SERR) for reason %02x on CPU %d.",
              "the kernel continues unless panic_on_unrecovered_nmi; then the panic line is the"
                  + " report"),
          Map.entry(
              "Kernel attempted to %s user page (%lx) - exploit attempt? (uid: %d)",
              "hint printed before the powerpc fault header that opens the report"),
          Map.entry(
              "Machine check events logged", "corrected errors were logged: a notice, no crash"),
          Map.entry(
              "INFO: 0x%p-0x%p @offset=%tu. First byte 0x%x instead of 0x%x",
              "detail line of the SLUB report opened by its BUG line"),
          Map.entry(
              "%s in %pS age=%lu cpu=%u pid=%d", "allocation/free track inside a SLUB report"),
          Map.entry("Faulting instruction address: 0x%08lx", "detail line of a powerpc oops"),
          Map.entry("Krnl PSW : %px %px", "register line of an s390 report"),
          Map.entry(
              "User process fault: interruption code %04x ilc:%d",
              "a user-space process faulted on s390: a signal, not a kernel crash"),
          Map.entry("Oops - BUG", "the %s of arm64's \"Internal error: %s\" line, not a line"),
          Map.entry("invalid opcode", "the %s of x86's die line after a BUG(), not a line"),
          Map.entry(
              "Disabling lock debugging due to kernel taint",
              "printed when the first taint is added, after any report"),
          Map.entry(
              "{%u}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: %d",
              "APEI notice: a corrected or recoverable error unless a panic follows"));

  /**
   * Rendered examples for rows whose {@code %s} must be one of a few words for the line to read as
   * the kernel prints it; the rest are rendered from their format with {@link #render}.
   */
  static final Map<String, String> EXAMPLES =
      Map.ofEntries(
          Map.entry(
              "%s: Kill process %d (%s) score %u or sacrifice child",
              "Out of memory: Kill process 4242 (syz-executor) score 900 or sacrifice child"),
          Map.entry(
              "%s: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB,"
                  + " shmem-rss:%lukB, UID:%u pgtables:%lukB oom_score_adj:%hd",
              "Out of memory: Killed process 4242 (syz-executor) total-vm:1024kB, anon-rss:512kB,"
                  + " file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:64kB oom_score_adj:1000"),
          // HW_ERR "[Hardware Error]: " and pr_fmt "mce: " lead every machine-check line.
          Map.entry(
              "CPU %d: Machine Check%s: %Lx Bank %d: %016Lx",
              "mce: [Hardware Error]: CPU 1: Machine Check Exception: 5 Bank 4: b200000000070f0f"),
          Map.entry(
              "Machine check: %s",
              "mce: [Hardware Error]: Machine check: Processor context corrupt"),
          // slab_err() prints the %pV of this row after "BUG <cache> (<taint>): ".
          Map.entry(
              "Objects remaining in %s on __kmem_cache_shutdown()",
              "BUG kmalloc-64 (Tainted: G    B  ): Objects remaining in kmalloc-64 on"
                  + " __kmem_cache_shutdown()"),
          Map.entry(
              "BUG: unable to handle kernel %s at %px",
              "BUG: unable to handle kernel paging request at ffffc90001234567"),
          Map.entry("%s: %04lx [#%d]", "general protection fault: 0000 [#1] SMP "),
          Map.entry("%s: %04lx [#%d]%s%s%s%s%s", "invalid opcode: 0000 [#1] PREEMPT SMP KASAN PTI"),
          Map.entry(
              "Oops: %s: %04lx [#%d]%s%s%s%s%s", "Oops: invalid opcode: 0000 [#1] PREEMPT SMP PTI"),
          Map.entry(
              "Oops: %s: %04lx [#%d]%s%s%s%s", "Oops: general protection fault: 0000 [#1] SMP"),
          Map.entry(
              "BUG: KASan: %s in %pS at addr %p",
              "BUG: KASan: out of bounds access in culprit_write+0x1d/0x40 at addr ffff880012345678"),
          Map.entry(
              "BUG: KASAN: %s in %pS at addr %p",
              "BUG: KASAN: slab-out-of-bounds in culprit_write+0x1d/0x40 at addr ffff880012345678"),
          Map.entry(
              "BUG: KASAN: %s in %pS", "BUG: KASAN: use-after-free in culprit_write+0x1d/0x40"),
          Map.entry(
              "BUG: KMSAN: %s in %pSb", "BUG: KMSAN: uninit-value in culprit_write+0x1d/0x40"),
          Map.entry(
              "BUG: KCSAN: %s in %ps / %ps",
              "BUG: KCSAN: data-race in culprit_write / culprit_read"),
          Map.entry("BUG: KCSAN: %s in %pS", "BUG: KCSAN: assert: race in culprit_write+0x1d/0x40"),
          Map.entry(
              "BUG: KFENCE: out-of-bounds %s in %pS",
              "BUG: KFENCE: out-of-bounds read in culprit_write+0x1d/0x40"),
          Map.entry(
              "BUG: KFENCE: use-after-free %s in %pS",
              "BUG: KFENCE: use-after-free write in culprit_write+0x1d/0x40"),
          Map.entry(
              "BUG: KFENCE: invalid %s in %pS",
              "BUG: KFENCE: invalid read in culprit_write+0x1d/0x40"),
          Map.entry(
              "UBSAN: %s in %s:%d:%d", "UBSAN: shift-out-of-bounds in drivers/foo/culprit.c:120:9"),
          Map.entry("UBSAN: %s", "UBSAN: array-index-out-of-bounds in drivers/foo/culprit.c:120:9"),
          Map.entry(
              "[ INFO: %s-safe -> %s-unsafe lock order detected ]",
              "[ INFO: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected ]"),
          Map.entry(
              "WARNING: %s-safe -> %s-unsafe lock order detected",
              "WARNING: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected"),
          Map.entry(
              "INFO: %s detected stalls on CPUs/tasks:",
              "INFO: rcu_sched detected stalls on CPUs/tasks:"),
          Map.entry(
              "INFO: %s self-detected stall on CPU",
              "INFO: rcu_preempt self-detected stall on CPU"),
          Map.entry(
              "INFO: %s detected expedited stalls on CPUs/tasks: {",
              "INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 1-... } 2650 jiffies s: 1521 root: 0x1/."),
          Map.entry(
              "INFO: %s detected stalls on tasks:", "INFO: rcu_tasks detected stalls on tasks:"),
          Map.entry(
              "INFO: %s detected stall on CPU %d (t=%lu jiffies)",
              "INFO: rcu_sched detected stall on CPU 1 (t=2100 jiffies)"),
          Map.entry(
              "BUG: using %s%s() in preemptible [%08x] code: %s/%d",
              "BUG: using __this_cpu_read() in preemptible [00000000] code: syz-executor/4242"),
          Map.entry(
              "ODEBUG: %s %s (active state %u) object type: %s hint: %pS",
              "ODEBUG: free active (active state 0) object type: timer_list hint: culprit_timer+0x0/0x40"),
          Map.entry(
              "ODEBUG: %s %s (active state %u) object: %p object type: %s hint: %pS",
              "ODEBUG: free active (active state 0) object: ffff888012345678 object type: timer_list hint: culprit_timer+0x0/0x40"),
          Map.entry("BUG %s (%s): %pV", "BUG kmalloc-64 (Not tainted): Poison overwritten"),
          Map.entry(
              "INFO: %s in %pS age=%lu cpu=%u pid=%d",
              "INFO: Allocated in culprit_alloc+0x1d/0x40 age=22 cpu=1 pid=4242"),
          Map.entry(
              "Slab corruption (%s): %s start=%px, len=%d",
              "Slab corruption (Not tainted): kmalloc-64 start=ffff888012345678, len=64"),
          Map.entry(
              "BUG: Bad rss-counter state mm:%p type:%s val:%ld",
              "BUG: Bad rss-counter state mm:ffff888012345678 type:MM_ANONPAGES val:1"),
          Map.entry(
              "BUG: spinlock %s on CPU#%d, %s/%d",
              "BUG: spinlock lockup suspected on CPU#1, syz-executor/4242"),
          Map.entry(
              "BUG: rwlock %s on CPU#%d, %s/%d",
              "BUG: rwlock wrong owner on CPU#1, syz-executor/4242"),
          Map.entry(
              "usercopy: kernel memory %s attempt detected %s %p (%s) (%lu bytes)",
              "usercopy: kernel memory exposure attempt detected from ffff888012345678 (kmalloc-64) (128 bytes)"),
          Map.entry(
              "usercopy: Kernel memory %s attempt detected %s %s%s%s%s (offset %lu, size %lu)!",
              "usercopy: Kernel memory overwrite attempt detected to SLUB object 'kmalloc-64' (offset 0, size 128)!"),
          Map.entry(
              "Bad or missing usercopy whitelist? Kernel memory %s attempt detected %s %s%s%s%s (offset %lu, size %lu)!",
              "Bad or missing usercopy whitelist? Kernel memory exposure attempt detected from SLUB object 'sock_inode_cache' (offset 0, size 128)!"),
          Map.entry(
              "Unable to handle kernel %s at virtual address %016lx",
              "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008"),
          Map.entry(
              "Unable to handle kernel %s at virtual address %08lx",
              "Unable to handle kernel paging request at virtual address e1234567"),
          Map.entry(
              "Unable to handle kernel %s at virtual address \" REG_FMT \"",
              "Unable to handle kernel paging request at virtual address ffffffff12345678"),
          Map.entry(
              "Internal error: %s: %x [#%d]\" S_PREEMPT S_SMP \"",
              "Internal error: Oops: 96000005 [#1] PREEMPT SMP"),
          Map.entry(
              "Internal error: %s: %016lx [#%d]\" S_PREEMPT S_SMP \"",
              "Internal error: Oops: 0000000096000005 [#1] PREEMPT SMP"),
          Map.entry(
              "Internal error: %s: %016lx [#%d] \" S_SMP \"",
              "Internal error: Oops: 0000000096000005 [#1]  SMP"),
          Map.entry(
              "Internal error: %s: %x [#%d]\" S_PREEMPT S_SMP S_ISA \"",
              "Internal error: Oops: 817 [#1] SMP ARM"),
          Map.entry("Oops: %s, sig: %ld [#%d]", "Oops: Kernel access of bad area, sig: 11 [#1]"),
          Map.entry("BUG: %s at 0x%08lx", "BUG: Kernel NULL pointer dereference at 0x00000010"),
          Map.entry(
              "BUG: %s on %s at 0x%08lx",
              "BUG: Kernel NULL pointer dereference on read at 0x00000010"),
          Map.entry(
              "BUG: Unable to handle kernel instruction fetch%s",
              "BUG: Unable to handle kernel instruction fetch (NULL pointer?)"),
          Map.entry(
              "Kernel attempted to %s user page (%lx) - exploit attempt? (uid: %d)",
              "Kernel attempted to read user page (10) - exploit attempt? (uid: 0)"),
          Map.entry("%s: %04x ilc:%d [#%d]", "Oops: 0004 ilc:3 [#1] SMP"),
          Map.entry("%s [#%d]", "Oops [#1]"),
          Map.entry(
              "SError Interrupt on CPU%d, code 0x%08x -- %s",
              "SError Interrupt on CPU1, code 0xbf000002 -- SError"),
          Map.entry(
              "SError Interrupt on CPU%d, code 0x%016lx -- %s",
              "SError Interrupt on CPU1, code 0x00000000bf000002 -- SError"),
          Map.entry(
              "Bad mode in %s handler detected on CPU%d, code 0x%08x -- %s",
              "Bad mode in Synchronous Abort handler detected on CPU1, code 0x02000000 -- Unknown"),
          Map.entry(
              "Unhandled %s exception on CPU%d, ESR 0x%08x -- %s",
              "Unhandled 64-bit el1h sync exception on CPU1, ESR 0x02000000 -- Unknown/Uncategorized"),
          Map.entry(
              "Unhandled %s exception on CPU%d, ESR 0x%016lx -- %s",
              "Unhandled 64-bit el1h sync exception on CPU1, ESR 0x0000000002000000 -- Unknown/Uncategorized"),
          Map.entry(
              "BUG: %s stack guard page was hit at %p (stack is %p..%p)",
              "BUG: IRQ stack guard page was hit at 00000000deadbeef (stack is 00000000cafe0000..00000000cafe3fff)"),
          Map.entry(
              "refcount_t %s at %pB in %s[%d], uid/euid: %u/%u",
              "refcount_t overflow at culprit_get+0x1d/0x40 in syz-executor[4242], uid/euid: 0/0"));

  /** Which of our class ids may answer for each of the table's classes. */
  static final Map<String, Set<String>> OURS =
      Map.ofEntries(
          Map.entry(
              "oops",
              Set.of(
                  "null-pointer-dereference",
                  "page-fault",
                  "oops",
                  "general-protection-fault",
                  "invalid-opcode",
                  "stack-corrupted",
                  "bad-pagetable")),
          Map.entry("bug", Set.of("kernel-bug", "invalid-opcode")),
          Map.entry("warning", Set.of("warning")),
          Map.entry("gpf", Set.of("general-protection-fault")),
          // A panic that names its cause is read as that cause ("Hard LOCKUP": the hard lockup).
          Map.entry(
              "panic",
              Set.of(
                  "panic",
                  "killing-interrupt-handler",
                  "init-killed",
                  "out-of-memory-panic",
                  "machine-check",
                  "hard-lockup")),
          Map.entry("hung_task", Set.of("hung-task", "task-cant-die")),
          Map.entry("soft_lockup", Set.of("soft-lockup")),
          Map.entry("hard_lockup", Set.of("hard-lockup")),
          Map.entry("rcu_stall", Set.of("rcu-stall")),
          Map.entry(
              "kasan",
              Set.of(
                  "kasan-use-after-free",
                  "kasan-out-of-bounds",
                  "kasan-invalid-free",
                  "kasan-null-ptr-deref",
                  "kasan-bad-access")),
          Map.entry("kmsan", Set.of("kmsan")),
          Map.entry("kcsan", Set.of("kcsan-data-race", "kcsan-assert")),
          Map.entry("kfence", Set.of("kfence")),
          Map.entry("ubsan", Set.of("ubsan")),
          Map.entry("kmemleak", Set.of("memory-leak")),
          Map.entry(
              "lockdep",
              Set.of(
                  "lockdep-bug",
                  "lockdep-deadlock",
                  "lockdep-inconsistent",
                  "lockdep-non-static-key",
                  "lockdep-overflow",
                  "lockdep-wait-context",
                  "lockdep-warning",
                  "suspicious-rcu-usage")),
          Map.entry("bad_unlock", Set.of("lockdep-bug")),
          Map.entry(
              "atomic_sleep",
              Set.of(
                  "scheduling-while-atomic",
                  "sleeping-in-atomic",
                  "preemptible-percpu-access",
                  "blocking-while-not-running",
                  "atomic-context-assertion",
                  "scheduling-from-idle")),
          Map.entry("list_corruption", Set.of("list-corruption")),
          Map.entry("refcount", Set.of("refcount")),
          Map.entry("odebug", Set.of("odebug")),
          Map.entry("slab", Set.of("slab-error", "slab-free-track", "slab-corruption")),
          Map.entry("page_state", Set.of("bad-page", "bad-page-map", "bad-rss-counter")),
          Map.entry("oom", Set.of("out-of-memory")),
          Map.entry("mce", Set.of("machine-check")),
          Map.entry("workqueue", Set.of("workqueue-lockup")),
          Map.entry("spinlock", Set.of("spinlock-bug")),
          Map.entry("usercopy", Set.of("bad-usercopy", "bad-usercopy-warning")),
          Map.entry("irq", Set.of("irq-nobody-cared")),
          Map.entry(
              "stack_overflow",
              Set.of(
                  "stack-guard-page", "stack-end-corrupted", "stack-protector", "stack-overflow")),
          Map.entry("double_fault", Set.of("double-fault")),
          Map.entry(
              "arm64_fault",
              Set.of(
                  "null-pointer-dereference",
                  "page-fault",
                  "internal-error",
                  "serror",
                  "bad-mode",
                  "stack-overflow")),
          Map.entry(
              "ppc_fault",
              Set.of("null-pointer-dereference", "page-fault", "oops", "stack-overflow")),
          Map.entry("s390_fault", Set.of("null-pointer-dereference", "page-fault", "oops")),
          Map.entry(
              "arm32_fault", Set.of("null-pointer-dereference", "page-fault", "internal-error")),
          Map.entry("riscv_fault", Set.of("null-pointer-dereference", "page-fault", "oops")));

  static List<Row> rows() throws IOException {
    Assumptions.assumeTrue(
        Files.isRegularFile(TABLE),
        () -> {
          String why =
              "SKIPPED: the kernel header table is not at "
                  + TABLE.toAbsolutePath().normalize()
                  + " (it stays outside the project; see ../shared/kernel/README.md)";
          System.err.println(why);
          return why;
        });
    List<String> lines = Files.readAllLines(TABLE, StandardCharsets.UTF_8);
    List<Row> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] c = lines.get(i).split("\t", -1);
      if (c.length >= 3 && !c[1].isEmpty()) {
        out.add(new Row(i + 1, c[0], c[1], c[2]));
      }
    }
    return out;
  }

  private static final Pattern CONVERSION =
      Pattern.compile(
          "%(?<flags>[-#0 +]*)(?<width>\\*|\\d+)?(?:\\.(?:\\*|\\d+))?(?:hh|h|ll|l|L|z|t)?"
              + "(?<conv>p[A-Za-z]*|[a-zA-Z%])");

  /** A plausible rendering of a printk format: numbers, a task name, a function, addresses. */
  static String render(String format) {
    String f =
        format
            .replace("\" S_PREEMPT S_SMP S_ISA \"", " SMP ARM")
            .replace("\" S_PREEMPT S_SMP \"", " SMP")
            .replace("\" S_SMP \"", " SMP")
            .replace("\" BUILD_ID_FMT \"", "")
            .replace("\" REG_FMT \"", "ffffffff12345678")
            .replace("\\t", "\t")
            .replace("\\\"", "\"");
    Matcher m = CONVERSION.matcher(f);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String conv = m.group("conv");
      String value =
          switch (conv) {
            case "%" -> "%";
            case "s" -> "syz-executor";
            case "c" -> ".";
            case "d", "i", "u" -> "1";
            case "x", "X" -> m.group("flags").contains("0") ? "0000" : "10";
            case "pS", "pB", "pSb" -> "culprit_write+0x1d/0x40";
            case "ps" -> "culprit_write";
            case "pV" -> "Object already free";
            case "pbl" -> "0-1";
            case "pGg" -> "GFP_KERNEL";
            default -> conv.startsWith("p") ? "ffff888012345678" : "1";
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Rows of other classes whose text the kernel passes to panic(). */
  static final Set<String> PANIC_REASONS =
      Set.of(
          // kernel/sched/core.c schedule_debug().
          "corrupted stack end detected inside scheduler",
          // kernel/panic.c __stack_chk_fail().
          "stack-protector: Kernel stack is corrupted in: %p",
          "stack-protector: Kernel stack is corrupted in: %pB",
          // arch/arm64/kernel/traps.c panic_bad_stack(), arm64_serror_panic().
          "kernel stack overflow",
          "Asynchronous SError Interrupt");

  /** The header as the kernel prints it: panic() reasons come after the panic line's prefix. */
  static String headerLine(Row r) {
    String line = EXAMPLES.containsKey(r.format()) ? EXAMPLES.get(r.format()) : render(r.format());
    boolean panicReason = r.kernelClass().equals("panic") || PANIC_REASONS.contains(r.format());
    if (panicReason && !line.startsWith("Kernel panic")) {
      return "Kernel panic - not syncing: " + line;
    }
    return line;
  }

  /** An RCU stall's stack: the stall detector in the timer interrupt over the stalled code. */
  static final List<String> STALL_IRQ =
      List.of(
          " <IRQ>",
          " rcu_sched_clock_irq+0x1a2/0x1c60",
          " update_process_times+0x8f/0xc0",
          " tick_sched_timer+0x91/0xb0",
          " __hrtimer_run_queues+0x1b4/0x3d0",
          " hrtimer_interrupt+0x107/0x240",
          " __sysvec_apic_timer_interrupt+0x5c/0x110",
          " sysvec_apic_timer_interrupt+0x8e/0xc0",
          " </IRQ>");

  /** A minimal report: the header, the task line and a trace under the section the class uses. */
  static List<String> report(Row r) {
    String traceHeader = r.kernelClass().equals("kmemleak") ? "  backtrace:" : "Call Trace:";
    List<String> out = new ArrayList<>();
    out.addAll(
        List.of(
            headerLine(r),
            "CPU: 1 PID: 4242 Comm: syz-executor Not tainted 6.1.0 #1",
            "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.0 04/01/2014",
            traceHeader));
    List<String> archTrace = ARCH_TRACES.get(r.kernelClass());
    if (archTrace != null) {
      out.remove(traceHeader);
      out.addAll(archTrace);
      return out;
    }
    if (r.kernelClass().equals("rcu_stall")) {
      out.addAll(STALL_IRQ);
    }
    out.add(TASK_TRACE.get(0));
    out.addAll(MACHINERY.getOrDefault(r.kernelClass(), List.of()));
    out.addAll(TASK_TRACE.subList(1, TASK_TRACE.size()));
    return out;
  }

  /**
   * The frames the kernel's reporting, locking, allocation and checking code puts above the culprit
   * in each class's trace, as the kernel source names them (not taken from any log): the parser
   * must look past them.
   */
  static final Map<String, List<String>> MACHINERY =
      Map.ofEntries(
          // kernel/panic.c __warn() under panic_on_warn, reached from the ud2 trap.
          Map.entry(
              "warning",
              List.of(
                  " dump_stack_lvl+0x7d/0xa0",
                  " panic+0x2c5/0x630",
                  " check_panic_on_warn+0x4b/0x50",
                  " __warn+0xf1/0x1c0",
                  " report_bug+0x1b4/0x2e0",
                  " handle_bug+0x3d/0x70",
                  " exc_invalid_op+0x17/0x40",
                  " asm_exc_invalid_op+0x1a/0x20")),
          // mm/kasan/report.c kasan_report() from an instrumented access.
          Map.entry(
              "kasan",
              List.of(
                  " dump_stack_lvl+0x7d/0xa0",
                  " print_address_description.constprop.0+0x2c/0x3d0",
                  " print_report+0xb5/0x270",
                  " kasan_report+0xac/0xe0",
                  " __asan_report_load8_noabort+0x14/0x20")),
          // mm/kmsan/report.c kmsan_report() from an instrumented use.
          Map.entry("kmsan", List.of(" kmsan_report+0x1a2/0x2f0", " __msan_warning+0x93/0x110")),
          // lib/ubsan.c handlers.
          Map.entry(
              "ubsan",
              List.of(
                  " dump_stack_lvl+0x7d/0xa0",
                  " ubsan_epilogue+0xa/0x40",
                  " __ubsan_handle_out_of_bounds+0x98/0xd0")),
          // kernel/locking/lockdep.c: the new lock's acquisition that closed the cycle.
          Map.entry(
              "lockdep",
              List.of(
                  " dump_stack_lvl+0x7d/0xa0",
                  " print_circular_bug+0x2da/0x3f0",
                  " check_noncircular+0x2f9/0x3e0",
                  " check_prev_add+0x1f6/0x2390",
                  " validate_chain+0x9b0/0x1550",
                  " __lock_acquire+0xc5b/0x1cb0",
                  " lock_acquire+0x1c7/0x560",
                  " _raw_spin_lock+0x2e/0x40")),
          // kernel/sched/core.c __might_resched() from a sleeping lock; __schedule_bug().
          Map.entry(
              "atomic_sleep",
              List.of(
                  " dump_stack_lvl+0x7d/0xa0",
                  " __might_resched+0x3c1/0x5e0",
                  " __mutex_lock+0x10c/0x1250",
                  " mutex_lock_nested+0x1f/0x30")),
          // lib/refcount.c refcount_warn_saturate() from an inline dec-and-test.
          Map.entry("refcount", List.of(" refcount_warn_saturate+0x1f5/0x210")),
          // lib/list_debug.c.
          Map.entry("list_corruption", List.of(" __list_del_entry_valid_or_report+0x11a/0x160")),
          // mm/kmemleak.c: the allocation the leak was recorded at, through the slab allocator.
          Map.entry(
              "kmemleak",
              List.of(
                  " kmemleak_alloc+0x4b/0x80",
                  " slab_post_alloc_hook+0x2c9/0x3a0",
                  " __kmem_cache_alloc_node+0x14a/0x2e0",
                  " kmalloc_trace+0x26/0x90")),
          // kernel/hung_task.c prints the blocked task's stack: the scheduler and a wait.
          Map.entry(
              "hung_task",
              List.of(
                  " __schedule+0xc9a/0x4940",
                  " schedule+0xde/0x1a0",
                  " schedule_timeout+0x1f6/0x260",
                  " wait_for_completion+0x174/0x2c0")),
          // lib/debugobjects.c from a free that found the object still active.
          Map.entry(
              "odebug",
              List.of(
                  " debug_print_object+0x1a2/0x2b0",
                  " __debug_check_no_obj_freed+0x2f5/0x420",
                  " slab_free_freelist_hook+0xcd/0x190",
                  " kmem_cache_free+0xe6/0x3a0",
                  " kfree+0x10b/0x1e0")),
          // mm/usercopy.c from a copy_to_user of a slab object.
          Map.entry(
              "usercopy",
              List.of(
                  " usercopy_abort+0xbd/0xbf",
                  " __check_heap_object+0xd9/0x110",
                  " __check_object_size+0x36a/0x4e0")),
          // kernel/locking/lockdep.c print_unlock_imbalance_bug() from the unlock.
          Map.entry(
              "bad_unlock",
              List.of(
                  " dump_stack_lvl+0x7d/0xa0",
                  " print_unlock_imbalance_bug+0x26c/0x290",
                  " lock_release+0x5a0/0x6f0",
                  " _raw_spin_unlock+0x16/0x40")),
          // mm/page_alloc.c warn_alloc() from a failed large kmalloc.
          Map.entry(
              "page_alloc",
              List.of(
                  " dump_stack_lvl+0x7d/0xa0",
                  " warn_alloc+0x1a4/0x330",
                  " __alloc_pages_slowpath.constprop.0+0x1b6d/0x2200",
                  " __alloc_pages+0x4ed/0x550",
                  " __kmalloc_large_node+0x7f/0x1a0",
                  " __kmalloc+0x390/0x4e0")),
          // mm/oom_kill.c dump_header() from the allocation that ran out.
          Map.entry(
              "oom",
              List.of(
                  " dump_stack_lvl+0x7d/0xa0",
                  " dump_header+0x8a/0x520",
                  " oom_kill_process+0x105/0x460",
                  " out_of_memory+0x1a1/0x6a0",
                  " __alloc_pages_slowpath.constprop.0+0x1b6d/0x2200",
                  " __alloc_pages+0x4ed/0x550",
                  " alloc_pages_mpol+0x145/0x3a0",
                  " folio_alloc+0x1a/0x50")),
          // kernel/locking/spinlock_debug.c spin_bug() from the lock.
          Map.entry(
              "spinlock",
              List.of(
                  " dump_stack_lvl+0x7d/0xa0",
                  " spin_dump+0x7c/0xc0",
                  " do_raw_spin_lock+0x1f9/0x2a0",
                  " _raw_spin_lock+0x2e/0x40")));

  /** The trace each non-x86 architecture prints after its fault header. */
  static final Map<String, List<String>> ARCH_TRACES =
      Map.of(
          // arch/arm64/kernel/process.c __show_regs and stacktrace.c dump_backtrace.
          "arm64_fault",
          List.of(
              "pc : culprit_write+0x1d/0x40",
              "lr : vfs_write+0x1ce/0x460",
              "sp : ffff80000812bd40",
              "Call trace:",
              " culprit_write+0x1d/0x40",
              " vfs_write+0x1ce/0x460",
              " ksys_write+0x6e/0xe0",
              " __arm64_sys_write+0x20/0x30",
              " invoke_syscall+0x48/0x114",
              " el0_svc_common.constprop.0+0x44/0xf4",
              " do_el0_svc+0x3c/0xa0",
              " el0_svc+0x2c/0x84"),
          // arch/powerpc/kernel/process.c show_regs and show_stack.
          "ppc_fault",
          List.of(
              "NIP [c000000000123456] culprit_write+0x1d/0x40",
              "LR [c000000000234567] vfs_write+0x1ce/0x460",
              "Call Trace:",
              "[c00000000a2efc30] [c000000000234567] vfs_write+0x1ce/0x460 (unreliable)",
              "[c00000000a2efcd0] [c000000000123456] culprit_write+0x1d/0x40",
              "[c00000000a2efd60] [c000000000345678] ksys_write+0x6e/0xe0",
              "[c00000000a2efdb0] [c000000000456789] system_call_exception+0x17c/0x2c0"),
          // arch/s390/kernel/dumpstack.c show_stack.
          "s390_fault",
          List.of(
              "Krnl PSW : 0704c00180000000 0000000000123456 (culprit_write+0x1d/0x40)",
              "Call Trace:",
              " [<0000000000123456>] culprit_write+0x1d/0x40",
              " [<0000000000234567>] vfs_write+0x1ce/0x460",
              " [<0000000000345678>] ksys_write+0x6e/0xe0",
              " [<0000000000456789>] __do_syscall+0x1d2/0x200"),
          // arch/arm/kernel/traps.c dump_backtrace ("Backtrace:" then "(f) from (g)" lines).
          "arm32_fault",
          List.of(
              "PC is at culprit_write+0x1d/0x40",
              "LR is at vfs_write+0x1ce/0x460",
              "Backtrace:",
              "[<c0123456>] (culprit_write) from [<c0234567>] (vfs_write+0x1ce/0x460)",
              "[<c0234567>] (vfs_write) from [<c0345678>] (ksys_write+0x6e/0xe0)",
              "[<c0345678>] (ksys_write) from [<c0100060>] (ret_fast_syscall+0x0/0x54)"),
          // arch/riscv/kernel/stacktrace.c: frames without a trace header.
          "riscv_fault",
          List.of(
              "epc : culprit_write+0x1d/0x40",
              " ra : vfs_write+0x1ce/0x460",
              "[<ffffffff80123456>] culprit_write+0x1d/0x40",
              "[<ffffffff80234567>] vfs_write+0x1ce/0x460",
              "[<ffffffff80345678>] ksys_write+0x6e/0xe0",
              "[<ffffffff80456789>] do_trap_ecall_u+0xd8/0xdc"));

  /** The task part of every minimal report: the culprit under its syscall. */
  static final List<String> TASK_TRACE =
      List.of(
          " <TASK>",
          " culprit_write+0x1d/0x40",
          " vfs_write+0x1ce/0x460",
          " ksys_write+0x6e/0xe0",
          " do_syscall_64+0x3b/0x90",
          " entry_SYSCALL_64_after_hwframe+0x63/0xcd",
          " </TASK>");

  /** The three ways a console line reaches us. */
  enum Prefix {
    DMESG {
      @Override
      String log(List<String> lines) {
        return stamped(lines, "");
      }
    },
    SYSLOG {
      @Override
      String log(List<String> lines) {
        return stamped(lines, "Dec  2 17:10:20 node7 kernel: ");
      }
    },
    CRASH_LOG {
      @Override
      String log(List<String> lines) {
        // crash(8) "log -m": the message level before the timestamp, after its prompt.
        return "crash> log -m\n" + stamped(lines, "<4>");
      }
    };

    abstract String log(List<String> lines);

    static String stamped(List<String> lines, String before) {
      StringBuilder sb = new StringBuilder();
      sb.append(before).append("[  100.000000] Linux version 6.1.0 (gcc 12.2.0) #1 SMP\n");
      int i = 1;
      for (String l : lines) {
        sb.append(before).append(String.format("[  123.%06d] ", i++)).append(l).append('\n');
      }
      return sb.toString();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyHeaderOpensAReportOfItsClass() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Row r : rows()) {
      if (NOT_A_HEADER.containsKey(r.format())) {
        continue;
      }
      for (Prefix p : Prefix.values()) {
        String name = "line " + r.line() + " " + p + ": " + headerLine(r);
        tests.add(DynamicTest.dynamicTest(name, () -> check(r, p)));
      }
    }
    return tests.stream();
  }

  private static void check(Row r, Prefix p) {
    String log = p.log(report(r));
    ParsedFile parsed = PARSER.parse(log.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status())
        .as("%s: %s (%s, %s) is a crash", p, r.format(), r.kernelClass(), r.source())
        .isEqualTo(FileOutcome.CRASH);
    Report primary = parsed.reports().stream().filter(Report::primary).findFirst().orElseThrow();
    assertThat(OURS.get(r.kernelClass()))
        .as(
            "%s: %s (%s) read as class %s, titled '%s'",
            p, r.format(), r.kernelClass(), primary.crashClass(), primary.title())
        .isNotNull()
        .contains(primary.crashClass());
    assertThat(primary.title())
        .as("%s: %s (%s): the trace names the culprit", p, r.format(), r.kernelClass())
        .doesNotEndWith(" in " + TitleBuilder.CORRUPTED);
    namesTheCulprit(primary, report(r), p + ": " + r.format() + " (" + r.kernelClass() + ")");
  }

  /** The title names no function of the trace but the planted culprit. */
  private static void namesTheCulprit(Report primary, List<String> lines, String what) {
    for (String plumbing : plumbing(lines)) {
      assertThat(primary.title())
          .as("%s: the culprit, not the code around it", what)
          .doesNotContainPattern("\\b" + Pattern.quote(plumbing) + "\\b");
    }
  }

  private static final Pattern FRAME = Pattern.compile("([A-Za-z_][\\w.]*)\\+0x");

  /** The functions of a minimal report's trace other than the planted culprits. */
  static Set<String> plumbing(List<String> report) {
    Set<String> names = new LinkedHashSet<>();
    for (String line : report) {
      Matcher m = FRAME.matcher(line);
      while (m.find()) {
        if (!m.group(1).startsWith("culprit_")) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  /** x86's trap frames under a WARN or BUG and arm64's for the same: a brk instruction. */
  static final List<String> X86_TRAP =
      List.of(
          " handle_bug+0x3d/0x70", " exc_invalid_op+0x17/0x40", " asm_exc_invalid_op+0x1a/0x20");

  static final List<String> ARM64_TRAP =
      List.of(
          " bug_brk_handler+0x34/0x48",
          " call_el1_break_hook+0x5c/0x98",
          " brk_handler+0x28/0x6c",
          " do_debug_exception+0x9c/0x184",
          " el1_dbg+0x64/0x80",
          " el1h_64_sync_handler+0x74/0xa8",
          " el1h_64_sync+0x64/0x68");

  /** How another architecture prints the same report: its trap path and its trace lines. */
  enum Arch {
    ARM64(
        "linux,dummy-virt (DT)",
        "Call trace:",
        List.of("dump_backtrace", "show_stack"),
        ARM64_TRAP_NAMES,
        List.of(
            "vfs_write",
            "ksys_write",
            "__arm64_sys_write",
            "invoke_syscall",
            "el0_svc_common.constprop.0",
            "do_el0_svc",
            "el0_svc",
            "el0t_64_sync_handler",
            "el0t_64_sync")) {
      @Override
      List<String> lines(List<String> frames) {
        return frames.stream().map(f -> " " + f + "+0x1c/0x40").toList();
      }
    },
    /** arch/arm/kernel/traps.c: each frame with its caller; a BUG is an undefined instruction. */
    ARM32(
        "ARM-Versatile Express",
        "Backtrace:",
        List.of("dump_backtrace", "show_stack"),
        List.of("do_undefinstr", "__und_svc_fault", "__und_svc"),
        List.of("vfs_write", "ksys_write", "ret_fast_syscall")) {
      @Override
      List<String> lines(List<String> frames) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < frames.size(); i++) {
          out.add(
              String.format(
                  "[<%08x>] (%s) from [<%08x>] (%s+0x1c/0x40)",
                  0x80100000 + i * 64, frames.get(i), 0x80100000 + i * 64 + 32, frames.get(i + 1)));
        }
        return out;
      }
    },
    /** arch/powerpc/kernel/traps.c: a trap instruction through the program check interrupt. */
    PPC64(
        "IBM pSeries (emulated by qemu) POWER9 (raw) 0x4e1202 0xf000005 of:SLOF,HEAD pSeries",
        "Call Trace:",
        List.of("dump_stack_lvl"),
        List.of("program_check_exception", "program_check_common_virt"),
        List.of(
            "vfs_write", "ksys_write", "system_call_exception", "system_call_vectored_common")) {
      @Override
      List<String> lines(List<String> frames) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
          out.add(
              String.format(
                  "[c00000000a2e%04x] [c000000000%06x] %s+0x1c/0x40",
                  0xf000 + i * 0x90, 0x100000 + i * 64, frames.get(i)));
        }
        return out;
      }
    },
    /** arch/s390/kernel/traps.c: a monitor call or program check. */
    S390X(
        "IBM 8561 LT1 400 (KVM/Linux)",
        "Call Trace:",
        List.of("dump_stack_lvl"),
        List.of("monitor_event_exception", "__do_pgm_check", "pgm_check_handler"),
        List.of("vfs_write", "ksys_write", "__do_syscall", "system_call")) {
      @Override
      List<String> lines(List<String> frames) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
          out.add(
              String.format(" [<00000000%08x>] %s+0x1c/0x40", 0x100000 + i * 64, frames.get(i)));
        }
        return out;
      }
    },
    /** arch/riscv/kernel/traps.c: ebreak through the exception entry. */
    RISCV(
        "riscv-virtio,qemu (DT)",
        "Call Trace:",
        List.of("dump_backtrace", "show_stack"),
        List.of("handle_break", "do_trap_break", "handle_exception"),
        List.of(
            "vfs_write",
            "ksys_write",
            "__riscv_sys_write",
            "do_trap_ecall_u",
            "handle_exception")) {
      @Override
      List<String> lines(List<String> frames) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
          out.add(
              String.format("[<ffffffff%08x>] %s+0x1c/0x40", 0x80100000 + i * 64, frames.get(i)));
        }
        return out;
      }
    };

    final String hardware;
    final String traceHeader;
    final List<String> unwinder;
    final List<String> trap;
    final List<String> syscall;

    Arch(
        String hardware,
        String traceHeader,
        List<String> unwinder,
        List<String> trap,
        List<String> syscall) {
      this.hardware = hardware;
      this.traceHeader = traceHeader;
      this.unwinder = unwinder;
      this.trap = trap;
      this.syscall = syscall;
    }

    /** The trace lines of these functions, innermost first, in this architecture's format. */
    abstract List<String> lines(List<String> frames);

    /**
     * The report: header, task line, and the trace: unwinder, the class's machinery (x86's trap
     * frames swapped for this architecture's), the culprit, the syscall path.
     */
    List<String> report(Row r) {
      List<String> frames = new ArrayList<>(unwinder);
      for (String f : MACHINERY.getOrDefault(r.kernelClass(), List.of())) {
        String name = f.trim().replaceAll("\\+0x.*", "");
        if (name.equals("handle_bug")) {
          frames.addAll(trap);
        } else if (!X86_TRAP.contains(f)) {
          frames.add(name);
        }
      }
      frames.add("culprit_write");
      frames.addAll(syscall);
      List<String> out = new ArrayList<>();
      out.add(headerLine(r));
      out.add("CPU: 1 PID: 4242 Comm: syz-executor Not tainted 6.1.0 #1");
      out.add("Hardware name: " + hardware);
      out.add(traceHeader);
      out.addAll(lines(frames));
      return out;
    }
  }

  static final List<String> ARM64_TRAP_NAMES =
      ARM64_TRAP.stream().map(f -> f.trim().replaceAll("\\+0x.*", "")).toList();

  @TestFactory
  Stream<DynamicTest> onOtherArchitecturesTooTheTitleNamesTheCulprit() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Row r : rows()) {
      if (NOT_A_HEADER.containsKey(r.format()) || !MACHINERY.containsKey(r.kernelClass())) {
        continue;
      }
      for (Arch arch : Arch.values()) {
        tests.add(
            DynamicTest.dynamicTest(
                arch + " line " + r.line() + ": " + headerLine(r),
                () -> {
                  List<String> lines = arch.report(r);
                  ParsedFile parsed =
                      PARSER.parse(Prefix.DMESG.log(lines).getBytes(StandardCharsets.UTF_8));
                  assertThat(parsed.status()).as(r.format()).isEqualTo(FileOutcome.CRASH);
                  Report primary =
                      parsed.reports().stream().filter(Report::primary).findFirst().orElseThrow();
                  namesTheCulprit(
                      primary, lines, arch + ": " + r.format() + " (" + r.kernelClass() + ")");
                }));
      }
    }
    return tests.stream();
  }

  @Test
  void thePlumbingCheckedAgainstIsTheTraceAroundTheCulprit() {
    Row warning = new Row(0, "warning", "WARNING: CPU: %d PID: %d at %pS", "kernel/panic.c __warn");
    assertThat(plumbing(report(warning)))
        .contains("vfs_write", "ksys_write", "do_syscall_64")
        .doesNotContain("culprit_write");
    Row stall = new Row(0, "rcu_stall", "rcu: INFO: %s detected stalls on CPUs/tasks:", "x");
    assertThat(plumbing(report(stall))).contains("rcu_sched_clock_irq", "hrtimer_interrupt");
  }

  @Test
  void everyListedReasonNamesARowOfTheTable() throws IOException {
    Set<String> formats = new LinkedHashSet<>();
    for (Row r : rows()) {
      formats.add(r.format());
    }
    assertThat(formats).as("rows not treated as headers").containsAll(NOT_A_HEADER.keySet());
    assertThat(formats).as("rows with a hand-rendered example").containsAll(EXAMPLES.keySet());
    assertThat(formats).as("rows passed to panic()").containsAll(PANIC_REASONS);
  }
}
