package dev.oopslake.parse;

import dev.oopslake.parse.CrashClass.CulpritStack;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The crash class table: every way a kernel announces a crash that we recognise, in match order
 * (specific before generic). Adding a class is adding a row here with a comment naming the kernel
 * path that prints it.
 */
final class CrashClasses {
  private CrashClasses() {}

  /** A function name as printed in a header; not a bare hex address. */
  private static final String FUNC = "(?<hfunc>(?![0-9a-f]{8,16}\\b)[A-Za-z_.$][\\w.$]*)";

  private static final Pattern KASAN_ACCESS =
      Pattern.compile("^(?<access>Read|Write) (?:of size \\d+ )?(?:at addr|by task)");

  /** Reference-count helpers that warn on behalf of the caller that got the count wrong. */
  private static final String[] REFCOUNT_HELPERS = {
    "refcount_", "kobject_get", "kref_get", "kref_put", "get_device"
  };

  /** Object-lifetime helpers that debugobjects checks on behalf of their caller. */
  private static final String[] ODEBUG_HELPERS = {
    "debug_object",
    "__debug_object",
    "debug_check_no_obj_freed",
    "debug_print_object",
    "init_timer_key",
    "__init_timer",
    "timer_",
    "del_timer",
    "hrtimer_",
    "__init_work",
    "destroy_",
    "__free_pages",
    "free_pages",
    "free_unref_page",
    "__vunmap",
    "vunmap",
    "vfree",
    "kfree",
    "kmem_cache_free",
    "slab_free",
    "free_netdev"
  };

  /** The reasons mm/slub.c's consistency checks print after a cache's name. */
  private static final String SLUB_REASONS =
      "(?:Left )?Redzone overwritten|Poison overwritten|Object padding overwritten"
          + "|Padding overwritten|Freepointer corrupt|Object already free|Invalid object pointer"
          + "|Wrong object count|Freechain corrupt|Wrong number of objects|Attempt to free object"
          + "|Objects remaining|Freelist Pointer check fails|Object at 0x|Invalid object";

  /**
   * A leak's stack is where the object was allocated: the allocator's entry points and kmemleak's
   * own hooks sit on top of the function that asked for the memory, which is the culprit.
   */
  private static final String[] LEAK_ALLOCATOR = {
    "^kmemleak_",
    "^create_object",
    ".*alloc_skb",
    "^__kmalloc_track_caller",
    "^__kmalloc_reserve",
    "^slab_post_alloc_hook",
    "^kmalloc",
    "^__kmalloc",
    "^kzalloc",
    "^kmem_cache_alloc",
    "^kmalloc_node",
    "^__kmalloc_node",
    "^kmemdup",
    "^kstrdup",
    "^alloc_",
    "^__alloc_",
    "^kcalloc",
    "^krealloc",
    "^kvmalloc",
    "^kvzalloc",
    "^vmalloc",
    "^__vmalloc",
    "^slab_alloc",
    "^__do_kmalloc"
  };

  /** The table. Order matters: the first row whose trigger and header match wins. */
  /**
   * The words of a free-text message: words and decimal numbers up to the first punctuation, hex
   * address or other token, so "ring 3 stuck at 0xffff..." reads "ring 3 stuck".
   */
  private static final String MESSAGE_WORDS =
      "(?![0-9a-f]{8,}\\b)[A-Za-z_][\\w@.\\-/']*"
          + "(?: (?:\\d+(?![\\w@.\\-/'])|(?![0-9a-f]{8,}\\b)(?!at )[A-Za-z_][\\w@.\\-/']*))*";

  static final List<CrashClass> ALL =
      List.of(
          // mm/kasan/report.c: "BUG: KASAN: use-after-free in func+0x1/0x2" + "Read of size 8 at
          // addr".
          CrashClass.builder("kasan-use-after-free")
              .type("KASAN-USE-AFTER-FREE-{ACCESS}")
              .trigger("BUG: KASAN: ")
              .header("^BUG: KASAN: (?<kind>(?:slab-)?use-after-free) (?:in|on) " + FUNC)
              .title("KASAN: {kind} {access} in {func}")
              .guilty(Guilty.HEADER)
              .culprit(CulpritStack.ACCESS)
              .context(KASAN_ACCESS)
              .build(),
          // mm/kasan/report.c: out-of-bounds on slab, stack, globals, vmalloc areas.
          CrashClass.builder("kasan-out-of-bounds")
              .type("KASAN-{ACCESS}")
              .trigger("BUG: KASAN: ")
              .header("^BUG: KASAN: (?<kind>[a-z]+-out-of-bounds|out-of-bounds) (?:in|on) " + FUNC)
              .title("KASAN: {kind} {access} in {func}")
              .guilty(Guilty.HEADER)
              .culprit(CulpritStack.ACCESS)
              .context(KASAN_ACCESS)
              .build(),
          // mm/kasan/report.c kasan_report_invalid_free(): kfree() of a pointer that was never
          // allocated or already freed.
          CrashClass.builder("kasan-invalid-free")
              .type("KASAN-INVALID-FREE")
              .trigger("BUG: KASAN: ")
              .header(
                  "^BUG: KASAN: (?:double-free or invalid-free|invalid-free|double-free) in "
                      + FUNC)
              .title("KASAN: invalid-free in {func}")
              .guilty(Guilty.HEADER)
              .culprit(CulpritStack.ACCESS)
              .build(),
          // mm/kasan/report.c: accesses near NULL (generic KASAN) before the fault handler sees
          // them.
          CrashClass.builder("kasan-null-ptr-deref")
              .type("KASAN-NULL-POINTER-DEREFERENCE-{ACCESS}")
              .trigger("BUG: KASAN: ")
              .header("^BUG: KASAN: null-ptr-deref (?:in " + FUNC + "|on address)")
              .title("KASAN: null-ptr-deref {access} in {func}")
              .guilty(Guilty.HEADER)
              .culprit(CulpritStack.ACCESS)
              .context(KASAN_ACCESS)
              .build(),
          // mm/kasan/report.c: wild, user-memory and (tag-based) invalid accesses.
          CrashClass.builder("kasan-bad-access")
              .type("KASAN-{ACCESS}")
              .trigger("BUG: KASAN: ")
              .header("^BUG: KASAN: (?<kind>[a-z\\-]+) (?:in|on) " + FUNC)
              .title("KASAN: {kind} {access} in {func}")
              .guilty(Guilty.HEADER)
              .culprit(CulpritStack.ACCESS)
              .context(KASAN_ACCESS)
              .build(),
          // mm/kasan/kasan.c (4.0-4.3) kasan_report_error: "BUG: KASan: out of bounds access in
          // func+0x1/0x2 at addr ..." (bug kinds in words).
          CrashClass.builder("kasan-bad-access")
              .type("KASAN")
              .trigger("BUG: KASan: ")
              .header("^BUG: KASan: (?<kind>[a-z][a-z\\- ]*?) in " + FUNC)
              .title("KASAN: {kind} in {func}")
              .guilty(Guilty.HEADER)
              .culprit(CulpritStack.ACCESS)
              .build(),
          // mm/kmsan/report.c: "BUG: KMSAN: uninit-value in func".
          CrashClass.builder("kmsan")
              .type("KMSAN-{KIND}")
              .trigger("BUG: KMSAN: ")
              .header("^BUG: KMSAN: (?<kind>[a-z\\-]+) in " + FUNC)
              .title("KMSAN: {kind} in {func}")
              .guilty(Guilty.HEADER)
              .culprit(CulpritStack.ACCESS)
              .build(),
          // kernel/kcsan/report.c: "BUG: KCSAN: data-race in f1 / f2".
          CrashClass.builder("kcsan-data-race")
              .type("KCSAN-DATARACE")
              .trigger("BUG: KCSAN: ")
              .header(
                  "^BUG: KCSAN: data-race in (?<hfunc>[\\w.$]+)(?:\\+\\S+)?(?<other> / [\\w.$]+)?")
              .title("KCSAN: data-race in {func}{other}")
              .guilty(Guilty.HEADER_FIRST)
              .build(),
          // kernel/kcsan/report.c: ASSERT_EXCLUSIVE_* violations.
          CrashClass.builder("kcsan-assert")
              .type("KCSAN-ASSERT")
              .trigger("BUG: KCSAN: ")
              .header("^BUG: KCSAN: assert: race in " + FUNC)
              .title("KCSAN: assert: race in {func}")
              .guilty(Guilty.HEADER_FIRST)
              .build(),
          // mm/kfence/report.c: "BUG: KFENCE: use-after-free read in func".
          CrashClass.builder("kfence")
              .type("KFENCE-{KIND}")
              .trigger("BUG: KFENCE: ")
              .header(
                  "^BUG: KFENCE: (?<kind>[a-z\\-]+(?: (?:read|write|free))?|memory corruption) in "
                      + FUNC)
              .title("KFENCE: {kind} in {func}")
              .guilty(Guilty.HEADER)
              .culprit(CulpritStack.ACCESS)
              .build(),
          // arch/x86/mm/fault.c show_fault_oops(): NULL dereference ("unable to handle kernel NULL
          // pointer dereference" <= 5.1, "kernel NULL pointer dereference, address:" >= 5.2).
          CrashClass.builder("null-pointer-dereference")
              .type("NULL-POINTER-DEREFERENCE")
              .trigger("BUG: ")
              .header(
                  "^BUG: (?:unable to handle kernel NULL pointer dereference|[Kk]ernel NULL pointer dereference)")
              .title("BUG: unable to handle kernel NULL pointer dereference in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/mm/fault.c show_fault_oops(): paging request / page fault for a bad address;
          // arch/powerpc/mm/fault.c __bad_page_fault() (>= 5.1) prints the "BUG: Unable to handle
          // kernel" forms.
          CrashClass.builder("page-fault")
              .type("MEMORY_SAFETY_BUG")
              .trigger("BUG: ")
              .header(
                  "^BUG: (?:[Uu]nable to handle kernel (?:paging request|data access|instruction fetch|unaligned access)|unable to handle page fault for address"
                      + "|unable to handle kernel paging request at)")
              .title("BUG: unable to handle kernel paging request in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/mm/fault.c show_fault_oops() (<= 5.1): NX/SMEP violations and other
          // unclassified faults.
          CrashClass.builder("page-fault")
              .type("MEMORY_SAFETY_BUG")
              .trigger("BUG: ")
              .header("^BUG: unable to handle kernel")
              .title("BUG: unable to handle kernel")
              .guilty(Guilty.NONE)
              .build(),
          // kernel/sched/core.c __schedule_bug(): schedule() with preempt_count elevated.
          CrashClass.builder("scheduling-while-atomic")
              .type("ATOMIC_SLEEP")
              .trigger("BUG: ")
              .header("^BUG: scheduling while atomic(?::|\\s*$)")
              .title("BUG: scheduling while atomic in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // kernel/sched/core.c __might_sleep(): a sleeping call in atomic context.
          // The allocator's might_sleep check fires inside a GFP_KERNEL allocation: the caller that
          // allocated in atomic context is the culprit, not the allocator's entry points.
          CrashClass.builder("sleeping-in-atomic")
              .type("ATOMIC_SLEEP")
              .trigger("BUG: ")
              .header("^BUG: sleeping function called from invalid context")
              .title("BUG: sleeping function called from invalid context in {func}")
              .guilty(Guilty.STACK)
              .skip(
                  "^might_alloc",
                  "^slab_pre_alloc_hook",
                  "^__kmem_cache_alloc",
                  "^kmem_cache_alloc",
                  "^__kmalloc",
                  "^kmalloc",
                  "^kzalloc",
                  "^kcalloc",
                  "^kvmalloc",
                  "^__alloc_pages",
                  "^alloc_pages")
              .build(),
          // kernel/sched/core.c __cant_sleep()/__cant_migrate(): cant_sleep()/cant_migrate() found
          // the task preemptible or migratable.
          CrashClass.builder("atomic-context-assertion")
              .type("ATOMIC_SLEEP")
              .trigger("BUG: ")
              .header("^BUG: assuming (?<what>atomic|non migratable) context at ")
              .title("BUG: assuming {what} context in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // kernel/sched/idle.c dequeue_task_idle(): the idle task tried to sleep.
          CrashClass.builder("scheduling-from-idle")
              .type("ATOMIC_SLEEP")
              .trigger("bad: ")
              .header("^bad: scheduling from the idle thread!")
              .title("bad: scheduling from the idle thread in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // kernel/sched/core.c __might_sleep(): WARN_ONCE text before (x86, arm64) or after the
          // WARNING line it belongs to.
          CrashClass.builder("blocking-while-not-running")
              .type("ATOMIC_SLEEP")
              .trigger("do not call blocking ops ")
              .header("^do not call blocking ops when !TASK_RUNNING")
              .title("WARNING in {func}")
              .guilty(Guilty.STACK)
              .joinsPrevious()
              .build(),
          // kernel/watchdog.c watchdog_timer_fn(): a CPU spinning in kernel mode without
          // scheduling.
          CrashClass.builder("soft-lockup")
              .type("HANG")
              .trigger("BUG: ")
              .header("^BUG: soft lockup")
              .title("BUG: soft lockup in {func}")
              .guilty(Guilty.STALL)
              .build(),
          // kernel/locking/spinlock_debug.c spin_dump()/rwlock_bug().
          CrashClass.builder("spinlock-bug")
              .type("LOCKDEP")
              .trigger("BUG: ")
              .header(
                  "^BUG: (?<what>spinlock|rwlock) (?<kind>lockup suspected|already unlocked|bad magic"
                      + "|recursion|wrong owner|wrong CPU|cpu recursion)")
              .title("BUG: {what} {kind} in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // mm/page_alloc.c bad_page(): a page freed or allocated in an impossible state.
          CrashClass.builder("bad-page")
              .type("MEMORY_SAFETY_BUG")
              .trigger("BUG: ")
              .header("^BUG: Bad page state")
              .title("BUG: Bad page state in {func}")
              .guilty(Guilty.STACK)
              .skip(
                  "free_page_is_bad",
                  "free_unref_page",
                  "__free_pages",
                  "free_pages",
                  "__folio_put",
                  "bad_page",
                  "check_new_page",
                  "prep_new_page")
              .build(),
          // mm/memory.c print_bad_pte().
          CrashClass.builder("bad-page-map")
              .type("MEMORY_SAFETY_BUG")
              .trigger("BUG: ")
              .header("^BUG: Bad page map")
              .title("BUG: Bad page map")
              .guilty(Guilty.NONE)
              .build(),
          // kernel/fork.c check_mm(): rss counters out of sync at mm teardown.
          CrashClass.builder("bad-rss-counter")
              .type("MEMORY_SAFETY_BUG")
              .trigger("BUG: ")
              .header("^BUG: Bad rss-counter state")
              .title("BUG: Bad rss-counter state")
              .guilty(Guilty.NONE)
              .build(),
          // arch/x86/kernel/traps.c handle_stack_overflow() (CONFIG_VMAP_STACK); >= ~5.16 names the
          // stack ("BUG: TASK stack guard page was hit").
          CrashClass.builder("stack-guard-page")
              .type("MEMORY_SAFETY_BUG")
              .trigger("BUG: ")
              .header("^BUG: (?:TASK |IRQ )?stack guard page was hit")
              .title("BUG: stack guard page was hit in {func}")
              // Runaway recursion: the top frame is anywhere in the cycle, so name it like a stall
              // by the function that entered the recursion from a dispatcher.
              .guilty(Guilty.STALL)
              .build(),
          // lib/smp_processor_id.c check_preemption_disabled().
          CrashClass.builder("preemptible-percpu-access")
              .type("LOCKDEP")
              .trigger("BUG: ")
              .header("^BUG: using (?<op>\\S+) in preemptible")
              .title("BUG: using {op} in preemptible code in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // kernel/workqueue.c wq_watchdog_timer_fn(): "BUG: workqueue lockup - pool" after a pool
          // stalled, then show_workqueue_state().
          CrashClass.builder("workqueue-lockup")
              .type("HANG")
              .trigger("BUG: ")
              .header("^BUG: workqueue lockup")
              .title("BUG: workqueue lockup")
              .guilty(Guilty.IN_FLIGHT_WORK)
              .build(),
          // kernel/workqueue.c process_one_work(): work item returned holding a lock or atomic.
          CrashClass.builder("workqueue-leaked-lock")
              .type("LOCKDEP")
              .trigger("BUG: ")
              .header("^BUG: workqueue leaked lock or atomic")
              .title("BUG: workqueue leaked lock or atomic in {func}")
              .guilty(Guilty.HEADER_FIRST)
              .context(Pattern.compile("last function: " + FUNC))
              .build(),
          // kernel/locking/lockdep.c print_freed_lock_bug(), print_unlock_imbalance_bug(), ... in
          // the <= 4.10 "[ BUG: ... ]" wording (the "WARNING:" wording is below).
          CrashClass.builder("lockdep-bug")
              .type("LOCKDEP")
              .trigger("BUG: ")
              .header(
                  "^BUG: (?:\\S+/-?\\d+ )?(?<what>held lock freed|bad unlock balance|bad contention"
                      + " detected|lock held when returning to user space|still has locks held|[Nn]ested"
                      + " lock was not taken)")
              .title("BUG: {what} in {func}")
              .guilty(Guilty.LOCKDEP)
              .culprit(CulpritStack.HELD_LOCKS)
              .build(),
          // kernel/locking/lockdep.c lockdep_init_map_type(): a lock initialised with a key never
          // registered (a dynamic key freed or not yet lockdep_register_key()ed).
          CrashClass.builder("lockdep-bug")
              .type("LOCKDEP")
              .trigger("BUG: ")
              .header("^BUG: key [0-9a-fx]+ has not been registered!")
              .title("BUG: key not registered in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // kernel/locking/lockdep.c alloc_list_entry() and the other table allocators: a lockdep
          // table exhausted.
          CrashClass.builder("lockdep-overflow")
              .type("LOCKDEP")
              .trigger("BUG: ")
              .header("^BUG: MAX_(?<what>[A-Z_]+) too low!")
              .title("BUG: MAX_{what} too low!")
              .guilty(Guilty.NONE)
              .build(),
          // fs/dcache.c umount_check().
          CrashClass.builder("dentry-in-use")
              .type("BUG")
              .trigger("BUG: ")
              .header("^BUG: Dentry .* still in use(?: \\(-?\\d+\\))? \\[(?<hfunc>unmount) of")
              .title("BUG: Dentry still in use in {func}")
              .guilty(Guilty.HEADER_FIRST)
              .build(),
          // not the kernel: syzkaller's leak check prints "BUG: memory leak" before the
          // mm/kmemleak.c print_unreferenced() report it read from /sys/kernel/debug/kmemleak.
          CrashClass.builder("memory-leak")
              .type("LEAK")
              .trigger("BUG: ")
              .header("^BUG: memory leak")
              .title("memory leak in {func}")
              .guilty(Guilty.STACK)
              .skip(LEAK_ALLOCATOR)
              .culprit(CulpritStack.ALLOCATION)
              .build(),
          // mm/kmemleak.c print_unreferenced(), pr_fmt "kmemleak: " on the console: the object's
          // allocation stack follows "backtrace:" (">= 6.5: "backtrace (crc %x):"). After a
          // "BUG: memory leak" line it is that report's body.
          CrashClass.builder("memory-leak")
              .type("LEAK")
              .trigger("unreferenced object ")
              .header("^unreferenced object 0x[0-9a-f]+ \\(size \\d+\\):")
              .title("memory leak in {func}")
              .guilty(Guilty.STACK)
              .skip(LEAK_ALLOCATOR)
              .culprit(CulpritStack.ALLOCATION)
              .joinsPrevious()
              .build(),
          // mm/slub.c slab_err()/object_err() via slab_bug(): "BUG kmalloc-64 (Not tainted):
          // Object already free". The stack is the allocator path that found it: its first frame
          // outside the allocator is the cache's user (the allocating function, or the module exit
          // that destroys a cache with objects left).
          CrashClass.builder("slab-error")
              .type("DoS")
              .trigger("BUG ")
              .header("^BUG [\\w\\-:()]+ \\([^)]*\\): (?<what>[A-Za-z][^:]*?)\\s*$")
              .title("BUG: {what}")
              .guilty(Guilty.STACK)
              .build(),
          // mm/slub.c slab_bug() before 3.0: "BUG %s: %s", no taint. A bare "BUG x: y" may be
          // anyone's text, so only with the reasons slub.c prints.
          CrashClass.builder("slab-error")
              .type("DoS")
              .trigger("BUG ")
              .header("^BUG [\\w\\-.]+: (?<what>(?:" + SLUB_REASONS + ")[^:]*?)\\s*$")
              .title("BUG: {what}")
              .guilty(Guilty.STACK)
              .build(),
          // mm/slab.c (SLAB allocator, <= 6.7) check_poison_obj(): a freed object was written to.
          CrashClass.builder("slab-error")
              .type("MEMORY_SAFETY_BUG")
              .trigger("Slab corruption ")
              .header("^Slab corruption \\([^)]*\\): (?<cache>\\S+) start=")
              .title("BUG: slab corruption in {cache}")
              .guilty(Guilty.NONE)
              .build(),
          // mm/slab.c (<= 6.7) ___cache_free(): then BUG(), whose splat joins this report.
          CrashClass.builder("slab-error")
              .type("MEMORY_SAFETY_BUG")
              .trigger("slab: double free detected")
              .header("^slab: double free detected in cache ")
              .title("BUG: slab double free in {func}")
              .guilty(Guilty.STACK)
              .skip("^kfree", "^kmem_cache_free", "^___?cache_free", "^cache_free_pfmemalloc")
              .build(),
          // lib/list_debug.c __list_add_valid()/__list_del_entry_valid(): 4.x+ prints this before
          // the BUG/WARNING it triggers, 3.10's WARN(1, ...) right after its "WARNING: at" line
          // (ReportLocator joins a splat's own text).
          CrashClass.builder("list-corruption")
              .type("MEMORY_SAFETY_BUG")
              .trigger("list_")
              .header("^list_(?:add|del)(?:_rcu)? (?:corruption|double add)")
              .title("BUG: corrupted list in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // mm/usercopy.c usercopy_abort() (report_usercopy() 4.8-4.15): hardened usercopy refused
          // a copy.
          CrashClass.builder("bad-usercopy")
              .type("BUG")
              .trigger("usercopy: ")
              .header("^usercopy: [Kk]ernel memory (?:exposure|overwrite) attempt detected")
              .title("BUG: bad usercopy in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // kernel/panic.c __warn() for lib/debugobjects.c.
          CrashClass.builder("odebug")
              .type("WARNING")
              .trigger("WARNING: ")
              .header("^WARNING: .*lib/debugobjects\\.c")
              .title("WARNING: ODEBUG bug in {func}")
              .guilty(Guilty.STACK)
              .skip(ODEBUG_HELPERS)
              .build(),
          // lib/debugobjects.c debug_print_object(): the WARN text, before (x86, arm64) or after
          // the WARNING line from lib/debugobjects.c it belongs to.
          CrashClass.builder("odebug")
              .type("WARNING")
              .trigger("ODEBUG: ")
              .header("^ODEBUG: (?:\\S+ \\S+ \\(active state \\d+\\)|object \\S+ is on stack)")
              .title("WARNING: ODEBUG bug in {func}")
              .guilty(Guilty.STACK)
              .skip(ODEBUG_HELPERS)
              .joinsPrevious()
              .build(),
          // kernel/panic.c __warn() for lib/refcount.c.
          CrashClass.builder("refcount")
              .type("REFCOUNT_WARNING")
              .trigger("WARNING: ")
              .header("^WARNING: .*lib/refcount\\.c")
              .title("WARNING: refcount bug in {func}")
              .guilty(Guilty.STACK)
              .skip(REFCOUNT_HELPERS)
              .build(),
          // lib/refcount.c refcount_warn_saturate(): the WARN text of the WARNING above.
          CrashClass.builder("refcount")
              .type("REFCOUNT_WARNING")
              .trigger("refcount_t")
              .header(
                  "^refcount_t: (?:saturated|addition on 0|underflow|decrement hit 0|increment on"
                      + " 0)")
              .title("WARNING: refcount bug in {func}")
              .guilty(Guilty.STACK)
              .skip(REFCOUNT_HELPERS)
              .joinsPrevious()
              .build(),
          // kernel/panic.c refcount_error_report() (x86 fast refcount, 4.14-5.4).
          CrashClass.builder("refcount")
              .type("REFCOUNT_WARNING")
              .trigger("refcount_t")
              .header("^refcount_t \\S+ at " + FUNC)
              .title("WARNING: refcount bug in {func}")
              .guilty(Guilty.HEADER)
              .skip(REFCOUNT_HELPERS)
              .build(),
          // kernel/panic.c __warn() inside lockdep itself (kernel/locking/lockdep.c WARN_ON).
          CrashClass.builder("lockdep-warning")
              .type("LOCKDEP")
              .trigger("WARNING: ")
              .header("^WARNING: .*kernel/locking/lockdep\\.c")
              .title("WARNING: locking bug in {func}")
              .guilty(Guilty.STACK)
              .skip(
                  "reacquire_held_locks",
                  "__lock_release",
                  "lock_release",
                  "release_sock",
                  "check_flags",
                  "lock_is_held",
                  "__lock_is_held")
              .build(),
          // kernel/panic.c __warn() for oversized kmalloc / page allocations.
          CrashClass.builder("kmalloc-bug")
              .type("WARNING")
              .trigger("WARNING: ")
              .header(
                  "^WARNING: .*(?:mm/slab_common\\.c|mm/util\\.c|mm/slab\\.c|mm/slub\\.c)"
                      + ".* (?:kmalloc|__alloc_pages|kvmalloc|krealloc|kmalloc_slab|__kmalloc)")
              .title("WARNING: kmalloc bug in {func}")
              .guilty(Guilty.STACK)
              .skip(
                  ".*kmalloc",
                  "krealloc",
                  "kvmalloc",
                  "kvzalloc",
                  "__vmalloc",
                  "vmalloc",
                  "__alloc_pages",
                  "alloc_pages",
                  "warn_alloc",
                  "kmalloc_order",
                  "kmemdup",
                  "memdup_user",
                  "vzalloc")
              .build(),
          // kernel/panic.c __warn() for lib/kobject.c.
          CrashClass.builder("kobject")
              .type("WARNING")
              .trigger("WARNING: ")
              .header("^WARNING: .*lib/kobject\\.c")
              .title("WARNING: kobject bug in {func}")
              .guilty(Guilty.STACK)
              .skip("kobject_", "kset_", "device_add", "device_register", "sysfs_create")
              .build(),
          // kernel/panic.c __warn() for fs/proc/generic.c proc_register.
          CrashClass.builder("proc-registration")
              .type("WARNING")
              .trigger("WARNING: ")
              .header("^WARNING: .*fs/proc/generic\\.c")
              .title("WARNING: proc registration bug in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // kernel/panic.c __warn() for mm/usercopy.c.
          CrashClass.builder("bad-usercopy-warning")
              .type("WARNING")
              .trigger("WARNING: ")
              .header("^WARNING: .*mm/usercopy\\.c")
              .title("WARNING: bad usercopy in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // net/sched/sch_generic.c dev_watchdog(): WARN_ONCE text of a transmit queue that stopped
          // (2.6 - 6.1; 6.2 prints it through netdev_crit, device first, and the WARNING line
          // stays "in dev_watchdog"). The stack is the timer's, the same for every driver: the
          // driver it names is the culprit, and one bucket per driver is what a fleet ranks. The
          // driver is in the title's kind, not after an " in ": clusters never join two drivers.
          CrashClass.builder("netdev-tx-timeout")
              .type("WARNING")
              .trigger("NETDEV WATCHDOG: ")
              .header(
                  "^NETDEV WATCHDOG: \\S+ \\((?<hmodule>[^)]+)\\): transmit queue \\d+ timed out")
              .title("NETDEV WATCHDOG: {hmodule}: transmit queue timed out")
              .guilty(Guilty.NONE)
              .joinsPrevious()
              .build(),
          // mm/usercopy.c usercopy_warn(): WARN_ONCE text of a copy outside the cache's whitelist.
          CrashClass.builder("bad-usercopy-warning")
              .type("WARNING")
              .trigger("Bad or missing usercopy whitelist? ")
              .header("^Bad or missing usercopy whitelist\\? Kernel memory (?:exposure|overwrite)")
              .title("WARNING: bad usercopy in {func}")
              .guilty(Guilty.STACK)
              .joinsPrevious()
              .build(),
          // mm/slab_common.c kmem_cache_destroy(): a cache destroyed with live objects (a leak in
          // the cache's owner); the WARN text before or after its WARNING line.
          CrashClass.builder("slab-error")
              .type("LEAK")
              .trigger("kmem_cache_destroy ")
              .header("^kmem_cache_destroy (?<cache>\\S+): Slab cache still has objects")
              .title("kmem_cache_destroy: slab cache still has objects in {func}")
              .guilty(Guilty.STACK)
              .skip("^kmem_cache_destroy")
              .joinsPrevious()
              .build(),
          // kernel/panic.c __warn() for zero-size vmalloc (mm/vmalloc.c).
          CrashClass.builder("zero-size-vmalloc")
              .type("WARNING")
              .trigger("WARNING: ")
              .header("^WARNING: .*mm/vmalloc\\.c")
              .title("WARNING: zero-size vmalloc in {func}")
              .guilty(Guilty.STACK)
              .skip("vmalloc", "__vmalloc", "vzalloc", "kvmalloc")
              .build(),
          // kernel/panic.c __warn() for lib/list_debug.c.
          CrashClass.builder("list-corruption")
              .type("MEMORY_SAFETY_BUG")
              .trigger("WARNING: ")
              .header("^WARNING: .*lib/list_debug\\.c")
              .title("BUG: corrupted list in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // drivers/usb/core/urb.c usb_submit_urb() sanity WARNs: syzbot names the submitter too.
          CrashClass.builder("warning")
              .type("WARNING")
              .trigger("WARNING: ")
              .header(
                  "^WARNING: (?:CPU: \\d+ PID: -?\\d+ )?at drivers/usb/core/urb\\.c:\\d+ usb_submit_urb")
              .title("WARNING in {func}/usb_submit_urb")
              .guilty(Guilty.STACK)
              .build(),
          // kernel/panic.c __warn() >= 6.19 without file:line: "WARNING: at func+0x1/0x2, CPU#0:
          // comm/pid".
          CrashClass.builder("warning")
              .type("WARNING")
              .trigger("WARNING: ")
              .header("^WARNING: at " + FUNC + "\\+0x[0-9a-f]+/0x[0-9a-f]+, CPU#")
              .title("WARNING in {func}")
              .guilty(Guilty.HEADER_WITH_STACK)
              .build(),
          // kernel/panic.c __warn() 4.6-6.18 without file:line (DEBUG_BUGVERBOSE=n).
          CrashClass.builder("warning")
              .type("WARNING")
              .trigger("WARNING: ")
              .header("^WARNING: CPU: \\d+ PID: -?\\d+ at " + FUNC + "\\+0x")
              .title("WARNING in {func}")
              .guilty(Guilty.HEADER_WITH_STACK)
              .build(),
          // kernel/panic.c __warn(): WARN_ON() with file:line and function.
          CrashClass.builder("warning")
              .type("WARNING")
              .trigger("WARNING: ")
              .header("^WARNING: (?:CPU: \\d+ PID: -?\\d+ )?at \\S+\\s+" + FUNC)
              .title("WARNING in {func}")
              .guilty(Guilty.HEADER_WITH_STACK)
              .build(),
          // kernel/panic.c __warn() since 6.x: "WARNING: fs/ext4/xattr.c:1058 at func+0x1/0x2,
          // CPU#0: comm/pid".
          CrashClass.builder("warning")
              .type("WARNING")
              .trigger("WARNING: ")
              .header("^WARNING: \\S+:\\d+ at (?:" + FUNC + "\\+0x)?")
              .title("WARNING in {func}")
              .guilty(Guilty.HEADER_WITH_STACK)
              .build(),
          // lib/bug.c report_bug() on trap-based WARN archs (3.x-4.5 powerpc, s390, parisc, sh):
          // "WARNING: at file:line" names no function; the stack does.
          CrashClass.builder("warning")
              .type("WARNING")
              .trigger("WARNING: ")
              .header(
                  "^WARNING: at (?:\\S+:\\d+|[0-9a-fx]+ \\[verbose debug info unavailable\\])\\s*$")
              .title("WARNING in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // kernel/locking/lockdep.c check_wait_context(): a sleeping lock under a spinning one.
          CrashClass.builder("lockdep-wait-context")
              .type("LOCKDEP")
              .trigger("BUG: ")
              .header("^BUG: Invalid wait context")
              .title("WARNING: locking bug in {func}")
              .guilty(Guilty.STACK)
              .culprit(CulpritStack.HELD_LOCKS)
              .build(),
          // mm/slub.c print_track() (<= 5.13 "INFO:" prefix): where a corrupted object was
          // allocated or freed (a symbolizer may put the source position before "age=").
          CrashClass.builder("slab-free-track")
              .type("DoS")
              .trigger("INFO: ")
              .header(
                  "^INFO: (?<track>Allocated|Freed) in "
                      + FUNC
                      + "\\+\\S+(?: [\\w./\\-]+:\\d+)? age=")
              .title("INFO: {track} in {func} age=NUM cpu=NUM pid=NUM")
              .guilty(Guilty.HEADER_FIRST)
              .build(),
          // kernel/locking/lockdep.c: lock inversion reports (5.x "WARNING:", 4.x "INFO:").
          // kernel/locking/lockdep.c check_irq_usage(): an irq-safe lock taken under an irq-unsafe
          // one;
          // the culprit is where the lock became irq-safe.
          CrashClass.builder("lockdep-deadlock")
              .type("LOCKDEP")
              .trigger("WARNING: ")
              .header(
                  "^WARNING: (?:\\S+-safe -> \\S+-unsafe lock order detected|possible irq lock"
                      + " inversion dependency detected)")
              .title("possible deadlock in {func}")
              .guilty(Guilty.STACK)
              .stackStart("^\\.\\.\\. which became \\S+-irq-safe at:")
              .build(),
          // kernel/locking/lockdep.c print_circular_bug_header(), print_deadlock_bug(),
          // print_irq_inversion_bug(), print_bad_irq_dependency() (>= 4.11 "WARNING:" wording)
          CrashClass.builder("lockdep-deadlock")
              .type("LOCKDEP")
              .trigger("WARNING: ")
              .header(
                  "^WARNING: (?:possible circular locking dependency detected|possible recursive"
                      + " locking detected|possible irq lock inversion dependency detected|\\S+-safe ->"
                      + " \\S+-unsafe lock order detected)")
              .title("possible deadlock in {func}")
              .guilty(Guilty.LOCKDEP)
              .culprit(CulpritStack.HELD_LOCKS)
              .build(),
          // kernel/locking/lockdep.c (kernel/lockdep.c in 3.x) print_circular_bug_header(),
          // print_deadlock_bug(), print_irq_inversion_bug(), print_bad_irq_dependency() (<= 4.10 "[
          // INFO: ... ]" wording; "[ " is a SUB_PREFIX)
          CrashClass.builder("lockdep-deadlock")
              .type("LOCKDEP")
              .trigger("INFO: ")
              .header(
                  "^INFO: (?:possible circular locking dependency detected|possible recursive locking"
                      + " detected|possible irq lock inversion dependency detected|\\S+-safe ->"
                      + " \\S+-unsafe lock order detected)")
              .title("possible deadlock in {func}")
              .guilty(Guilty.LOCKDEP)
              .culprit(CulpritStack.HELD_LOCKS)
              .build(),
          // kernel/locking/lockdep.c print_usage_bug() (>= 4.11 "WARNING:" wording)
          CrashClass.builder("lockdep-inconsistent")
              .type("LOCKDEP")
              .trigger("WARNING: ")
              .header("^WARNING: inconsistent lock state")
              .title("inconsistent lock state in {func}")
              .guilty(Guilty.STACK)
              .culprit(CulpritStack.HELD_LOCKS)
              .build(),
          // kernel/locking/lockdep.c (kernel/lockdep.c in 3.x) print_usage_bug() (<= 4.10 "[ INFO:
          // ... ]" wording)
          CrashClass.builder("lockdep-inconsistent")
              .type("LOCKDEP")
              .trigger("INFO: ")
              .header("^INFO: inconsistent lock state")
              .title("inconsistent lock state in {func}")
              .guilty(Guilty.STACK)
              .culprit(CulpritStack.HELD_LOCKS)
              .build(),
          // kernel/locking/lockdep.c print_freed_lock_bug(), print_unlock_imbalance_bug(),
          // print_lock_contention_bug(), print_held_locks_bug(), lockdep_sys_exit(),
          // print_lock_nested_lock_not_held() (>= 4.11 "WARNING:" wording)
          CrashClass.builder("lockdep-bug")
              .type("LOCKDEP")
              .trigger("WARNING: ")
              .header(
                  "^WARNING: (?:\\S+/-?\\d+ )?(?<lockbug>[Hh]eld lock freed|[Bb]ad unlock balance|[Bb]ad contention detected|[Ll]ock held when returning to"
                      + " user space|[Ss]till has locks held|[Nn]ested lock was not taken)")
              .title("WARNING: {lockbug} in {func}")
              .guilty(Guilty.LOCKDEP)
              .culprit(CulpritStack.HELD_LOCKS)
              .build(),
          // kernel/locking/lockdep.c lockdep_rcu_suspicious() (>= 4.11 "WARNING:" wording).
          CrashClass.builder("suspicious-rcu-usage")
              .type("LOCKDEP")
              .trigger("WARNING: ")
              .header("^WARNING: suspicious RCU usage")
              .title("WARNING: suspicious RCU usage in {func}")
              .guilty(Guilty.STACK)
              .culprit(CulpritStack.HELD_LOCKS)
              .build(),
          // kernel/locking/lockdep.c (kernel/lockdep.c in 3.x) lockdep_rcu_suspicious() (<= 4.10 "[
          // INFO: ... ]" wording)
          CrashClass.builder("suspicious-rcu-usage")
              .type("LOCKDEP")
              .trigger("INFO: ")
              .header("^INFO: suspicious RCU usage")
              .title("INFO: suspicious RCU usage in {func}")
              .guilty(Guilty.STACK)
              .culprit(CulpritStack.HELD_LOCKS)
              .build(),
          // arch/x86/kernel/unwind_frame.c: the unwinder found garbage.
          CrashClass.builder("bad-stack-regs")
              .type("WARNING")
              .trigger("WARNING: ")
              .header("^WARNING: kernel stack (?:regs|frame pointer)")
              .title("WARNING: kernel stack regs has bad value")
              .guilty(Guilty.NONE)
              .build(),
          // kernel/locking/lockdep.c register_lock_class()/assign_lock_key() on a non-static key.
          CrashClass.builder("lockdep-non-static-key")
              .type("LOCKDEP")
              .trigger("INFO: ")
              .header("^INFO: trying to register non-static key")
              .title("INFO: trying to register non-static key in {func}")
              .guilty(Guilty.STACK)
              .culprit(CulpritStack.HELD_LOCKS)
              .build(),
          // kernel/rcu/tree_stall.h (kernel/rcu/tree.c before 5.2) print_cpu_stall() and
          // print_other_cpu_stall(), kernel/rcu/tree_exp.h for expedited stalls: RCU grace period
          // stalled.
          CrashClass.builder("rcu-stall")
              .type("HANG")
              .trigger("INFO: ")
              // The flavour is rcu_sched, rcu_preempt, rcu_bh (3.x-4.x), rcu_tasks,
              // rcu_tasks_trace, rcu_tasks_rude (kernel/rcu/tasks.h check_holdout_task).
              .header("^INFO: rcu(?:_\\w+)? (?:self-)?detected (?:expedited )?stalls?\\b")
              .title("INFO: rcu detected stall in {func}")
              .guilty(Guilty.STALL)
              .build(),
          // kernel/hung_task.c check_hung_task(): a task in D state for longer than
          // hung_task_timeout_secs.
          CrashClass.builder("hung-task")
              .type("HANG")
              .trigger("INFO: ")
              .header("^INFO: task .*blocked for more than \\d+ seconds")
              .title("INFO: task hung in {func}")
              .guilty(Guilty.STACK)
              .skip( // A task blocked on the console lock: the caller that wanted the console is
                  // the
                  // story.
                  "console_lock$")
              .build(),
          // kernel/hung_task.c check_hung_task() variant for killed tasks that never exit.
          CrashClass.builder("task-cant-die")
              .type("HANG")
              .trigger("INFO: ")
              .header("^INFO: task .*can't die for more than")
              .title("INFO: task can't die in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/kernel/traps.c exc_general_protection() (do_general_protection() before 5.8):
          // general protection fault in kernel mode ("ip:" is user space).
          CrashClass.builder("general-protection-fault")
              .type("DoS")
              .trigger("general protection fault")
              .header("^general protection fault(?!\\s+ip:)(?:,|:| \\[| for )")
              .title("general protection fault in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/kernel/traps.c exc_general_protection() (5.5-6.9; 6.10+ behind "Oops: "): #GP
          // caused by a segment selector.
          CrashClass.builder("general-protection-fault")
              .type("DoS")
              .trigger("segment-related general protection fault")
              .header("^segment-related general protection fault: ")
              .title("general protection fault in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/kernel/traps.c exc_stack_segment(): do_error_trap(X86_TRAP_SS, "stack
          // segment").
          CrashClass.builder("stack-segment-fault")
              .type("DoS")
              .trigger("stack segment: ")
              .header("^stack segment: ")
              .title("stack segment fault in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/kernel/traps.c exc_divide_error(): do_error_trap(X86_TRAP_DE, "divide error"),
          // #DE in kernel mode.
          CrashClass.builder("divide-error")
              .type("DoS")
              .trigger("divide")
              .header("^divide[ _]error: ")
              .title("divide error in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/kernel/traps.c do_trap()/do_int3(): die() lines of the other kernel traps;
          // without them the panic line after the oops ("Fatal exception") was the only report.
          CrashClass.builder("trap")
              .type("DoS")
              .trigger("int3: ")
              .header("^int3: [0-9a-f]{4} \\[#")
              .title("int3 in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/kernel/traps.c exc_overflow (do_overflow before 5.8):
          // do_error_trap(X86_TRAP_OF, "overflow")
          CrashClass.builder("trap")
              .type("DoS")
              .trigger("overflow: ")
              .header("^overflow: [0-9a-f]{4} \\[#")
              .title("overflow in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/kernel/traps.c exc_bounds (do_bounds before 5.8): do_trap(X86_TRAP_BR,
          // "bounds")
          CrashClass.builder("trap")
              .type("DoS")
              .trigger("bounds: ")
              .header("^bounds: [0-9a-f]{4} \\[#")
              .title("bounds in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/kernel/traps.c exc_alignment_check: do_trap(X86_TRAP_AC, "alignment check")
          CrashClass.builder("trap")
              .type("DoS")
              .trigger("alignment check: ")
              .header("^alignment check: [0-9a-f]{4} \\[#")
              .title("alignment check in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/kernel/traps.c exc_segment_not_present: do_error_trap(X86_TRAP_NP, "segment
          // not present")
          CrashClass.builder("trap")
              .type("DoS")
              .trigger("segment not present: ")
              .header("^segment not present: [0-9a-f]{4} \\[#")
              .title("segment not present in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/kernel/traps.c exc_invalid_tss: do_error_trap(X86_TRAP_TS, "invalid TSS")
          CrashClass.builder("trap")
              .type("DoS")
              .trigger("invalid TSS: ")
              .header("^invalid TSS: [0-9a-f]{4} \\[#")
              .title("invalid TSS in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/kernel/traps.c handle_stack_overflow(): die() after "BUG: stack guard page was
          // hit", which opened the report.
          CrashClass.builder("stack-guard-page")
              .type("MEMORY_SAFETY_BUG")
              .trigger("kernel stack overflow ")
              .header("^kernel stack overflow \\((?:double-fault|page fault)\\): [0-9a-f]{4} \\[#")
              .title("BUG: stack guard page was hit in {func}")
              .guilty(Guilty.STALL)
              .joinsPrevious()
              .build(),
          // arch/x86/kernel/traps.c exc_double_fault() (do_double_fault() before 5.8): #DF.
          CrashClass.builder("double-fault")
              .type("DoS")
              .trigger("PANIC: double fault")
              .header("^PANIC: double fault")
              .title("PANIC: double fault in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/kernel/traps.c do_double_fault() -> die("double fault"): "double fault: 0000
          // [#1]" (old kernels also "[1]"), the 6.10+ "Oops: " form via the prefix. Since ~4.x it
          // follows the handler's own "PANIC: double fault, error_code: 0x0", which it joins; 3.10
          // printed it alone.
          CrashClass.builder("double-fault")
              .type("DoS")
              .trigger("double fault: ")
              .header("^double fault: [0-9a-f]{4} \\[#?\\d+\\]")
              .title("PANIC: double fault in {func}")
              .guilty(Guilty.STACK)
              .joinsPrevious()
              .build(),
          // arch/x86/kernel/traps.c handle_stack_overflow() >= ~5.16: die("stack guard page") after
          // "BUG: TASK stack guard page was hit", which it joins ("Oops: " prefix since 6.10).
          CrashClass.builder("stack-guard-page")
              .type("MEMORY_SAFETY_BUG")
              .trigger("stack guard page: ")
              .header("^stack guard page: [0-9a-f]{4} \\[#")
              .title("BUG: stack guard page was hit in {func}")
              .guilty(Guilty.STALL)
              .joinsPrevious()
              .build(),
          // arch/x86/mm/fault.c pgtable_bad() -> die("Bad pagetable"), after its own header.
          CrashClass.builder("bad-pagetable")
              .type("MEMORY_SAFETY_BUG")
              .trigger("Bad pagetable: ")
              .header("^Bad pagetable: [0-9a-f]{4} \\[#")
              .title("Bad pagetable in {func}")
              .guilty(Guilty.STACK)
              .joinsPrevious()
              .build(),
          // BUG() in lib/list_debug.c and mm/usercopy.c name the real problem.
          CrashClass.builder("list-corruption")
              .type("MEMORY_SAFETY_BUG")
              .trigger("kernel BUG at ")
              .header("^kernel BUG at lib/list_debug\\.c")
              .title("BUG: corrupted list in {func}")
              .guilty(Guilty.STACK)
              .joinsPrevious()
              .build(),
          // mm/usercopy.c usercopy_abort()'s BUG(): "kernel BUG at mm/usercopy.c", after its own
          // "usercopy:" line
          CrashClass.builder("bad-usercopy")
              .type("BUG")
              .trigger("kernel BUG at ")
              .header("^kernel BUG at mm/usercopy\\.c")
              .title("BUG: bad usercopy in {func}")
              .guilty(Guilty.STACK)
              .joinsPrevious()
              .build(),
          // rust/kernel/lib.rs: the kernel's Rust panic handler, pr_emerg!("{}\n", info) under
          // pr_fmt "rust_kernel: ", then BUG() from rust/helpers/bug.c, whose "kernel BUG at" line
          // joins this report. Rust >= 1.73 prints "panicked at file:line:col:" and the message on
          // the next line; older, "panicked at 'message', file:line:col".
          CrashClass.builder("rust-panic")
              .type("BUG")
              .trigger("rust_kernel: panicked at ")
              .header(
                  "^rust_kernel: panicked at (?:'(?<message>.*)', )?(?<location>\\S+?:\\d+:\\d+)")
              .title("{message} in {func}")
              .guilty(Guilty.STACK)
              .context(Pattern.compile("^(?<message>\\S.*)"))
              .build(),
          // lib/bug.c report_bug() for BUG()/BUG_ON(): "kernel BUG at mm/slub.c:123!"
          // (arm64/ppc/s390 print the same).
          CrashClass.builder("kernel-bug")
              .type("BUG")
              .trigger("kernel BUG at ")
              .header("^kernel BUG at ")
              .title("kernel BUG in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // lib/bug.c report_bug() without CONFIG_DEBUG_BUGVERBOSE: "Kernel BUG at func+0x1/0x2
          // [verbose debug info unavailable]" (3.10: a bare address)
          CrashClass.builder("kernel-bug")
              .type("BUG")
              .trigger("Kernel BUG at ")
              .header("^Kernel BUG at ")
              .title("kernel BUG in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/mips/kernel/traps.c do_trap_or_bp(): BUG()'s break instruction,
          // die_if_kernel("Kernel
          // bug detected") as "Kernel bug detected[#1]:"; after "kernel BUG at" it is that report.
          CrashClass.builder("kernel-bug")
              .type("BUG")
              .trigger("Kernel bug detected[#")
              .header("^Kernel bug detected\\[#\\d+\\]:")
              .title("kernel BUG in {func}")
              .guilty(Guilty.STACK)
              .joinsPrevious()
              .build(),
          // arch/x86/kernel/traps.c handle_invalid_op()/do_error_trap(X86_TRAP_UD) -> die("invalid
          // opcode"): ud2 without a BUG() entry; after "kernel BUG at" it is part of that report.
          CrashClass.builder("invalid-opcode")
              .type("DoS")
              .trigger("invalid opcode: ")
              .header("^invalid opcode: ")
              .title("invalid opcode in {func}")
              .guilty(Guilty.STACK)
              .joinsPrevious()
              .build(),
          // lib/ubsan.c ubsan_prologue(): "UBSAN: Undefined behaviour in file:line" (4.x) / "UBSAN:
          // <check> in".
          CrashClass.builder("ubsan")
              .type("UBSAN")
              .trigger("UBSAN: ")
              .header("^UBSAN: (?<kind>Undefined behaviour|[a-z\\-]+) in ")
              .title("UBSAN: {kind} in {func}")
              .guilty(Guilty.STACK)
              .skip("^ubsan_", "^__ubsan_", "^handle_overflow", "^val_to_string")
              .build(),
          // kernel/panic.c __stack_chk_fail(): stack protector canary mismatch.
          CrashClass.builder("stack-protector")
              .type("DoS")
              .trigger("Kernel panic - not syncing: ")
              .header(
                  "^Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: (?:"
                      + FUNC
                      + "|[0-9a-f]+)")
              .title("kernel panic: stack is corrupted in {func}")
              .guilty(Guilty.HEADER_FIRST)
              .build(),
          // kernel/sched/core.c schedule_debug(): the task's stack end magic was overwritten.
          CrashClass.builder("stack-end-corrupted")
              .type("DoS")
              .trigger("Kernel panic - not syncing: ")
              .header("^Kernel panic - not syncing: corrupted stack end detected inside scheduler")
              .title("kernel panic: corrupted stack end in {func}")
              .guilty(Guilty.STALL)
              .build(),
          // arch/arm64/kernel/traps.c panic_bad_stack() and arch/x86/kernel/traps.c
          // handle_stack_overflow(): "kernel stack overflow" (x86: "(double-fault)"/"(page
          // fault)").
          CrashClass.builder("stack-overflow")
              .type("MEMORY_SAFETY_BUG")
              .trigger("Kernel panic - not syncing: ")
              .header("^Kernel panic - not syncing: kernel stack overflow")
              .title("kernel panic: kernel stack overflow in {func}")
              .guilty(Guilty.STALL)
              .build(),
          // arch/arm64/kernel/traps.c arm64_serror_panic(): nmi_panic after the SError line.
          // An SError is asynchronous, so the interrupted code is where it was noticed, not
          // necessarily what caused it; but it is an expert's first lead (a register read of a
          // powered-down or clock-gated block ends so), and its module ranks the crash.
          CrashClass.builder("serror")
              .type("HARDWARE")
              .trigger("Kernel panic - not syncing: ")
              .header("^Kernel panic - not syncing: Asynchronous SError Interrupt")
              .title("SError Interrupt")
              .guilty(Guilty.STACK)
              .build(),
          // kernel/exit.c do_exit() from an interrupt handler.
          CrashClass.builder("killing-interrupt-handler")
              .type("DoS")
              .trigger("Kernel panic - not syncing: ")
              .header("^Kernel panic - not syncing: (?<reason>Aiee, killing interrupt handler)!")
              .title("kernel panic: {reason}!")
              .guilty(Guilty.NONE)
              .build(),
          // kernel/exit.c find_child_reaper(): init exited.
          CrashClass.builder("init-killed")
              .type("DoS")
              .trigger("Kernel panic - not syncing: ")
              .header("^Kernel panic - not syncing: (?<reason>Attempted to kill init)!")
              .title("kernel panic: {reason}!")
              .guilty(Guilty.NONE)
              .build(),
          // mm/oom_kill.c check_panic_on_oom() with panic_on_oom, or out_of_memory() with nothing
          // left to kill.
          CrashClass.builder("out-of-memory-panic")
              .type("DoS")
              .trigger("Kernel panic - not syncing: ")
              .header(
                  "^Kernel panic - not syncing: (?<reason>Out of memory.*?|System is deadlocked on memory)"
                      + "\\s*$")
              .title("kernel panic: {reason}")
              .guilty(Guilty.NONE)
              .build(),
          // The hard-lockup detector's own panic (hardlockup_panic): 3.10 prints only "Kernel panic
          // -
          // not syncing: Watchdog detected hard LOCKUP on cpu 5" and the NMI's stack; 4.x+ prints
          // "Hard LOCKUP" after its own report, which it then joins.
          CrashClass.builder("hard-lockup")
              .type("HANG")
              .trigger("Kernel panic - not syncing: ")
              .header(
                  "^Kernel panic - not syncing: (?:Watchdog detected hard LOCKUP on cpu \\d+|Hard"
                      + " LOCKUP)")
              .title("hard LOCKUP in {func}")
              .guilty(Guilty.STALL)
              .joinsPrevious()
              .build(),
          // arch/x86/kernel/dumpstack.c oops_end() (other arches' die()) with panic_on_oops calls
          // kernel/panic.c panic("Fatal exception"); "in interrupt" is the same crash.
          CrashClass.builder("panic")
              .type("DoS")
              .trigger("Kernel panic - not syncing: ")
              .header(
                  "^Kernel panic - not syncing: (?:Oops: )?(?<reason>Fatal exception)(?: in interrupt)?")
              .title("kernel panic: {reason}")
              .guilty(Guilty.NONE)
              .build(),
          // kernel/panic.c panic(): any other reason.
          CrashClass.builder("panic")
              .type("DoS")
              .trigger("Kernel panic - not syncing: ")
              .header("^Kernel panic - not syncing: (?<reason>.*?)(?:\\s*\\.\\.\\.)?\\s*$")
              .title("kernel panic: {reason}")
              .guilty(Guilty.NONE)
              .build(),
          // net/core/dev.c netdev_wait_allrefs(): a device reference leaked.
          CrashClass.builder("netdev-refcount-leak")
              .type("DoS")
              .trigger("unregister_netdevice: ")
              .header("^unregister_netdevice: waiting for \\S+ to become free")
              .title("unregister_netdevice: waiting for DEV to become free")
              .guilty(Guilty.NONE)
              .build(),
          // fs/super.c generic_shutdown_super(): inodes still referenced when the superblock goes.
          CrashClass.builder("busy-inodes")
              .type("DoS")
              .trigger("VFS: Busy inodes after unmount")
              .header("^VFS: Busy inodes after unmount")
              .title("VFS: Busy inodes after unmount (use-after-free)")
              .guilty(Guilty.NONE)
              .build(),
          // fs/open.c filp_close() (old kernels): a close on a zero file count.
          CrashClass.builder("file-count-zero")
              .type("DoS")
              .trigger("VFS: Close: ")
              .header("^VFS: Close: file count is 0")
              .title("VFS: Close: file count is zero (use-after-free)")
              .guilty(Guilty.NONE)
              .build(),
          // arch/arm64/mm/fault.c and arch/arm/mm/fault.c __do_kernel_fault(): a NULL dereference.
          CrashClass.builder("null-pointer-dereference")
              .type("NULL-POINTER-DEREFERENCE")
              .trigger("Unable to handle kernel ")
              .header("^Unable to handle kernel NULL pointer dereference")
              .title("BUG: unable to handle kernel NULL pointer dereference in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/arm64/mm/fault.c __do_kernel_fault()/die_kernel_fault(), arch/arm/mm/fault.c
          // __do_kernel_fault(), arch/riscv/mm/fault.c die_kernel_fault(): "Unable to handle kernel
          // %s at virtual address"
          CrashClass.builder("page-fault")
              .type("MEMORY_SAFETY_BUG")
              .trigger("Unable to handle kernel ")
              .header(
                  "^Unable to handle kernel (?:paging request|access to user memory|execute from"
                      + " non-executable memory|read from unreadable memory|write to read-only memory)")
              .title("BUG: unable to handle kernel paging request in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/mips/mm/fault.c no_context(): "CPU 0 Unable to handle kernel paging request at
          // virtual address 00000004, epc == 8017a2c4, ra == 8017a2b0", for NULL pointers too.
          CrashClass.builder("page-fault")
              .type("MEMORY_SAFETY_BUG")
              .trigger("CPU ")
              .header("^CPU \\d+ Unable to handle kernel paging request at virtual address ")
              .title("BUG: unable to handle kernel paging request in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/mips/kernel/unaligned.c: an unaligned access in kernel code the emulation cannot
          // fix, die_if_kernel("Unhandled kernel unaligned access") as "...[#1]:".
          CrashClass.builder("alignment-trap")
              .type("DoS")
              .trigger("Unhandled kernel unaligned access[#")
              .header("^Unhandled kernel unaligned access\\[#\\d+\\]:")
              .title("Alignment trap in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/arm64/kernel/traps.c __die() (arch/arm/kernel/traps.c __die()): "Internal error:
          // Oops: 96000005 [#1] SMP".
          CrashClass.builder("internal-error")
              .type("DoS")
              .trigger("Internal error: ")
              .header("^Internal error: ")
              .title("Internal error in {func}")
              .guilty(Guilty.STACK)
              .joinsPrevious()
              .build(),
          // arch/arm/mm/fault.c and alignment.c.
          CrashClass.builder("unhandled-fault")
              .type("DoS")
              .trigger("Unhandled fault: ")
              .header("^Unhandled fault: ")
              .title("Unhandled fault in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/arm/mm/alignment.c do_alignment(): "Alignment trap: ..." for an access it cannot
          // fix up
          CrashClass.builder("alignment-trap")
              .type("DoS")
              .trigger("Alignment trap: ")
              .header("^Alignment trap: ")
              .title("Alignment trap in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/arm64/kernel/traps.c handle_bad_stack(): the exception found no stack left.
          CrashClass.builder("stack-overflow")
              .type("MEMORY_SAFETY_BUG")
              .trigger("Insufficient stack space")
              .header("^Insufficient stack space to handle exception!")
              .title("kernel stack overflow in {func}")
              .guilty(Guilty.STALL)
              .build(),
          // arch/powerpc/kernel/traps.c kernel_stack_overflow().
          CrashClass.builder("stack-overflow")
              .type("MEMORY_SAFETY_BUG")
              .trigger("Kernel stack overflow in process ")
              .header("^Kernel stack overflow in process ")
              .title("kernel stack overflow in {func}")
              .guilty(Guilty.STALL)
              .build(),
          // arch/arm64/kernel/traps.c arm64_serror_panic(): an asynchronous external abort; the
          // culprit is the interrupted code, as above.
          CrashClass.builder("serror")
              .type("HARDWARE")
              .trigger("SError Interrupt on CPU")
              .header("^SError Interrupt on CPU\\d+, code ")
              .title("SError Interrupt")
              .guilty(Guilty.STACK)
              .build(),
          // arch/arm64/kernel/traps.c bad_mode() (~4.5-5.11): an exception the kernel has no
          // handler for; the culprit is the code it interrupted (its pc), as for an SError.
          CrashClass.builder("bad-mode")
              .type("DoS")
              .trigger("Bad mode in ")
              .header("^Bad mode in (?<handler>.+?) handler detected")
              .title("Bad mode in {handler} handler")
              .guilty(Guilty.STACK)
              .build(),
          // arch/arm64/kernel/entry-common.c __panic_unhandled() (>= 5.12): "Unhandled %s exception
          // on CPU%d, ESR ..."
          CrashClass.builder("bad-mode")
              .type("DoS")
              .trigger("Unhandled ")
              .header("^Unhandled (?<what>.+?) exception on CPU\\d+, ESR ")
              .title("Unhandled {what} exception")
              .guilty(Guilty.STACK)
              .build(),
          // arch/s390/mm/fault.c do_no_context(): a kernel access outside any mapping.
          CrashClass.builder("page-fault")
              .type("MEMORY_SAFETY_BUG")
              .trigger("Unable to handle kernel pointer dereference")
              .header(
                  "^Unable to handle kernel pointer dereference in virtual kernel address space")
              .title("BUG: unable to handle kernel paging request in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // arch/x86/mm/fault.c pgtable_bad(): "comm: Corrupted page table at address 7f..",
          // then die("Bad pagetable").
          CrashClass.builder("bad-pagetable")
              .type("MEMORY_SAFETY_BUG")
              .trigger("Corrupted page table at address ")
              .header("^Corrupted page table at address ")
              .title("Bad pagetable in {func}")
              .guilty(Guilty.STACK)
              .build(),
          // kernel/irq/spurious.c __report_bad_irq(): an interrupt no handler claimed, 99,900 of
          // 100,000 times; the IRQ is disabled, the device behind it stops working.
          CrashClass.builder("irq-nobody-cared")
              .type("HARDWARE")
              .trigger("irq ")
              .header("^irq \\d+: nobody cared")
              .title("irq: nobody cared")
              .guilty(Guilty.IRQ_HANDLERS)
              .build(),
          // kernel/watchdog_hld.c (4.13-6.4; kernel/watchdog.c in 3.10 and >= 6.5): a CPU stuck
          // with interrupts off.
          CrashClass.builder("hard-lockup")
              .type("HANG")
              .trigger("Watchdog detected hard LOCKUP")
              .header("^Watchdog detected hard LOCKUP")
              .title("hard LOCKUP in {func}")
              .guilty(Guilty.STALL)
              .build(),
          // kernel/watchdog.c watchdog_hardlockup_check() ~6.11+: "watchdog: CPU14: Watchdog
          // detected hard LOCKUP on cpu 14" (the CPU that noticed, then the one locked up).
          CrashClass.builder("hard-lockup")
              .type("HANG")
              .trigger("CPU")
              .header("^CPU\\d+: Watchdog detected hard LOCKUP on cpu \\d+")
              .title("hard LOCKUP in {func}")
              .guilty(Guilty.STALL)
              .build(),
          // arch/x86/kernel/cpu/mce/core.c (mcheck/mce.c before 5.0): machine check exceptions
          // reported as fatal.
          CrashClass.builder("machine-check")
              .type("HARDWARE")
              .trigger("mce: ")
              // __print_mce() "CPU 1: Machine Check Exception: ..." and mce_panic() "Machine check:
              // <severity>", both HW_ERR prefixed.
              .header(
                  "^mce: \\[Hardware Error\\]: (?:(?:CPU \\d+: )?Machine Check(?: Exception)?:|Machine"
                      + " check: )")
              .title("machine check")
              .guilty(Guilty.NONE)
              .build(),
          // mm/oom_kill.c: the OOM killer chose a victim (a crash in its own right in a kdump log).
          CrashClass.builder("out-of-memory")
              .type("OOM")
              .trigger("Out of memory")
              .header("^Out of memory(?: \\(oom_kill_allocating_task\\))?: Kill(?:ed)? process")
              .title("out of memory")
              .guilty(Guilty.NONE)
              .build(),
          // arch/x86/kernel/dumpstack.c __die() (powerpc traps.c __die(), s390 dumpstack.c die(),
          // riscv traps.c die()): the die line, printed first by some configs ("Oops: 0000 [#1]
          // SMP").
          CrashClass.builder("oops")
              .type("DoS")
              .trigger("Oops")
              // x86/arm "Oops: 0000 [#1]", powerpc "Oops: Kernel access of bad area, sig: 11
              // [#1]", s390 "Oops: 0004 ilc:3 [#1]", riscv "Oops [#1]", mips (traps.c die()
              // "%s[#%d]:") "Oops[#1]:", x86-64 2.6.18 (RHEL 5) "Oops: 0000 [1] SMP".
              .header(
                  "^Oops(?: - |: (?:[0-9a-f]+ )?\\[#|: [0-9a-f]+ \\[\\d+\\]|: [^\\[]*, sig: \\d+ \\[#|: [0-9a-f]{4} ilc:\\d \\[#| \\[#|\\[#\\d+\\]:)")
              .title("Oops in {func}")
              .guilty(Guilty.STACK)
              .joinsPrevious()
              .build(),
          // Android's drivers/trusty/trusty-log.c: the Trusty secure OS's log copied to the
          // kernel's under "trusty: ". Its LK kernel's panic() prints "panic (caller %p): " and the
          // message; ASSERT()/DEBUG_ASSERT() panic with "ASSERT FAILED at (file:line): cond". The
          // kernel's WARNING in trusty_std_call32 after it ("trusty crashed") is the consequence:
          // the secure OS's failure names the report.
          CrashClass.builder("trusty-panic")
              .type("BUG")
              .trigger("trusty: panic (caller ")
              .header(
                  "^trusty: panic \\(caller [^)]*\\): (?:DEBUG )?ASSERT FAILED at \\([^)]*\\):"
                      + " (?<what>.+?)\\s*$")
              .title("trusty: ASSERT FAILED: {what}")
              .guilty(Guilty.NONE)
              .build(),
          CrashClass.builder("trusty-panic")
              .type("BUG")
              .trigger("trusty: panic (caller ")
              .header("^trusty: panic \\(caller [^)]*\\): (?<what>.+?)\\s*$")
              .title("trusty: panic: {what}")
              .guilty(Guilty.NONE)
              .build(),
          // arch/x86/boot/compressed/misc.c extract_kernel(): the decompressor's boot banner in the
          // middle of a console log: the machine rebooted without a report.
          CrashClass.builder("unexpected-reboot")
              .type("REBOOT")
              .trigger("Booting the kernel")
              .header("^Booting the kernel")
              .title("unexpected kernel reboot")
              .guilty(Guilty.NONE)
              .build(),
          // kernel/fork.c check_mm(): page-table pages still counted when an mm is freed ("BUG:
          // non-zero pgtables_bytes on freeing mm: -4096"; nr_ptes/nr_pmds before 4.17). No stack.
          CrashClass.builder("mm-counter")
              .type("BUG")
              .trigger("BUG: non-zero ")
              .header("^BUG: non-zero (?<what>pgtables_bytes|nr_ptes|nr_pmds) on freeing mm")
              .title("BUG: non-zero {what} on freeing mm: NUM")
              .guilty(Guilty.NONE)
              .build(),
          // The kernel's own convention, not one path: "BUG: <what went wrong>" then dump_stack()
          // (lockdep's "BUG: looking up invalid subclass: 8", DCCP_BUG's "BUG: please report to
          // dccp@vger.kernel.org => ..."). Last of the "BUG: " rows, so every wording the table
          // knows is read by its own row; a wording it does not know is still a crash when the
          // stack follows it. The title keeps the message up to its first punctuation or address,
          // numbers made NUM.
          CrashClass.builder("kernel-bug-message")
              .type("BUG")
              .trigger("BUG: ")
              .header("^BUG: (?<what>" + MESSAGE_WORDS + ")")
              .title("BUG: {what} in {func}")
              .guilty(Guilty.STACK)
              .onlyWithStack()
              .build(),
          // The same convention with "WARNING: <what>" then dump_stack(), for wordings no row above
          // reads (WARN()'s own "WARNING: CPU: ..." and "WARNING: at ..." lines are the warning
          // rows').
          CrashClass.builder("kernel-warning-message")
              .type("WARNING")
              .trigger("WARNING: ")
              .header("^WARNING: (?!CPU: |at )(?<what>" + MESSAGE_WORDS + ")")
              .title("WARNING: {what} in {func}")
              .guilty(Guilty.STACK)
              .onlyWithStack()
              .build(),
          // not the kernel: syzkaller's own fatal errors in console logs.
          CrashClass.builder("syz-failure")
              .type("SYZ_FAILURE")
              .trigger("SYZFATAL: ")
              .header("^SYZFATAL: (?<what>.*?)\\s*$")
              .title("SYZFATAL: {what}")
              .guilty(Guilty.NONE)
              .build(),
          // not the kernel: a Go program (test harness, agent) died on the console: "fatal error:
          // out of memory".
          CrashClass.builder("go-runtime-error")
              .type("DoS")
              .trigger("fatal error: ")
              .header("^fatal error: (?:runtime: |out of memory|concurrent map|all goroutines)")
              .title("go runtime error")
              .guilty(Guilty.NONE)
              .build(),
          // not the kernel either: Go's runtime/panic.go throw() and fatal() print "fatal error: "
          // and any message ("runtimer: bad p"), then Go's traceback. Only the traceback tells it
          // from another program's "fatal error:" (a compiler's), so it must follow.
          CrashClass.builder("go-runtime-error")
              .type("DoS")
              .trigger("fatal error: ")
              .header("^fatal error: \\S")
              .title("go runtime error")
              .guilty(Guilty.NONE)
              .onlyWithStack()
              .build(),
          // not the kernel: a Go program's runtime panic (syzkaller's executor, an agent) printed
          // on the console
          CrashClass.builder("go-runtime-error")
              .type("DoS")
              .trigger("panic: ")
              .header("^panic: runtime error: ")
              .title("go runtime error")
              .guilty(Guilty.NONE)
              .build(),
          // not the kernel: syzkaller executor failures.
          CrashClass.builder("syz-failure")
              .type("SYZ_FAILURE")
              .trigger("SYZFAIL: ")
              .header("^SYZFAIL: (?<what>.*?)\\s*$")
              .title("SYZFAIL: {what}")
              .guilty(Guilty.NONE)
              .build());

  /** Subsystem prefixes printed before a header on the same line ("watchdog: BUG: soft lockup"). */
  static final List<String> SUB_PREFIXES =
      List.of(
          // arch/x86 5.x+: "Oops: general protection fault, ...".
          "Oops: ",
          // kernel/watchdog.c pr_emerg with pr_fmt "watchdog: " / "NMI watchdog: ".
          "watchdog: ",
          "NMI watchdog: ",
          // kernel/rcu/tree_stall.h pr_fmt "rcu: ".
          "rcu: ",
          // mm/kmemleak.c pr_fmt "kmemleak: " ("kmemleak: unreferenced object 0x...").
          "kmemleak: ",
          // lockdep before 4.9 framed its headers: "[ INFO: possible circular locking ... ]".
          "[ ",
          // concatenated console output.
          "------------[ cut here ]------------ ");

  /**
   * Lines that start like a header but are informational: they never open a report (syzkaller's
   * suppressions have the same role).
   */
  private static final List<Pattern> NOT_A_CRASH =
      List.of(
          // lockdep disabled itself after an earlier splat.
          Pattern.compile("^INFO: lockdep is turned off"),
          // perf NMI handler took long: common noise on VMs.
          Pattern.compile("^INFO: NMI handler \\(.*\\) took too long"),
          // rcu stall notice without a stall report.
          Pattern.compile("^INFO: Stall ended before state dump start"),
          // mitigation notices at boot.
          Pattern.compile("^WARNING: Unprivileged eBPF"),
          // sshd/userspace messages routed to the console.
          Pattern.compile("^WARNING: /etc/"));

  /** A header found on a line: the class and the match (for the title's named groups). */
  record Hit(CrashClass crashClass, Matcher match, int offset) {}

  /** Matches a line's message against the table; null when it is no header. */
  static Hit match(String text) {
    String s = text;
    int offset = 0;
    for (int round = 0; round < 3 && !s.isEmpty(); round++) {
      char first = s.charAt(0);
      List<CrashClass> candidates = first < 128 ? ROWS_BY_FIRST_CHAR.get(first) : List.of();
      for (CrashClass c : candidates) {
        if (!s.startsWith(c.trigger())) {
          continue;
        }
        Matcher m = c.header().matcher(s);
        if (m.lookingAt()) {
          return suppressed(s) ? null : new Hit(c, m, offset);
        }
      }
      String prefix = null;
      for (String sub : SUB_PREFIXES) {
        if (s.startsWith(sub)) {
          prefix = sub;
          break;
        }
      }
      if (prefix == null) {
        return null;
      }
      s = s.substring(prefix.length());
      offset += prefix.length();
    }
    return null;
  }

  private static boolean suppressed(String s) {
    for (Pattern p : NOT_A_CRASH) {
      if (p.matcher(s).lookingAt()) {
        return true;
      }
    }
    return false;
  }

  /** Table rows by the first character of their trigger, table order kept. */
  private static final List<List<CrashClass>> ROWS_BY_FIRST_CHAR;

  static {
    List<List<CrashClass>> rows = new ArrayList<>();
    for (int i = 0; i < 128; i++) {
      rows.add(new ArrayList<>());
    }
    for (CrashClass c : ALL) {
      rows.get(c.trigger().charAt(0) & 0x7f).add(c);
    }
    List<List<CrashClass>> frozen = new ArrayList<>();
    for (List<CrashClass> r : rows) {
      frozen.add(List.copyOf(r));
    }
    ROWS_BY_FIRST_CHAR = List.copyOf(frozen);
  }
}
