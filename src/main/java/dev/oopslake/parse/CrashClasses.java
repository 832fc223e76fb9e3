package dev.oopslake.parse;

import dev.oopslake.parse.CrashClass.CulpritStack;
import dev.oopslake.parse.CrashClass.Guilty;
import java.nio.charset.StandardCharsets;
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

  private static CrashClass row(
      String id, String type, String trigger, String header, String title, Guilty guilty) {
    return new CrashClass(
        id,
        type,
        trigger,
        Pattern.compile(header),
        title,
        guilty,
        null,
        null,
        List.of(),
        false,
        CulpritStack.TRACE);
  }

  /** A sanitizer's row: its culprit is in the access stack, not the allocation or free stacks. */
  private static CrashClass accessRow(
      String id, String type, String trigger, String header, String title, Guilty guilty) {
    return culprit(row(id, type, trigger, header, title, guilty), CulpritStack.ACCESS);
  }

  private static CrashClass culprit(CrashClass c, CulpritStack culprit) {
    return new CrashClass(
        c.id(),
        c.type(),
        c.trigger(),
        c.header(),
        c.title(),
        c.guilty(),
        c.context(),
        c.stackStart(),
        c.skip(),
        c.joinsPrevious(),
        culprit);
  }

  private static CrashClass withContext(CrashClass c, Pattern context) {
    return new CrashClass(
        c.id(),
        c.type(),
        c.trigger(),
        c.header(),
        c.title(),
        c.guilty(),
        context,
        c.stackStart(),
        c.skip(),
        c.joinsPrevious(),
        c.culprit());
  }

  private static CrashClass withStackStart(CrashClass c, String stackStart) {
    return new CrashClass(
        c.id(),
        c.type(),
        c.trigger(),
        c.header(),
        c.title(),
        c.guilty(),
        c.context(),
        Pattern.compile(stackStart),
        c.skip(),
        c.joinsPrevious(),
        c.culprit());
  }

  private static CrashClass withSkip(CrashClass c, String... skip) {
    return new CrashClass(
        c.id(),
        c.type(),
        c.trigger(),
        c.header(),
        c.title(),
        c.guilty(),
        c.context(),
        c.stackStart(),
        List.of(skip),
        c.joinsPrevious(),
        c.culprit());
  }

  private static CrashClass joinsPrevious(CrashClass c) {
    return new CrashClass(
        c.id(),
        c.type(),
        c.trigger(),
        c.header(),
        c.title(),
        c.guilty(),
        c.context(),
        c.stackStart(),
        c.skip(),
        true,
        c.culprit());
  }

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
  static final List<CrashClass> ALL =
      List.of(
          // mm/kasan/report.c: "BUG: KASAN: use-after-free in func+0x1/0x2" + "Read of size 8 at
          // addr".
          withContext(
              accessRow(
                  "kasan-use-after-free",
                  "KASAN-USE-AFTER-FREE-{ACCESS}",
                  "BUG: KASAN: ",
                  "^BUG: KASAN: (?<kind>(?:slab-)?use-after-free) (?:in|on) " + FUNC,
                  "KASAN: {kind} {access} in {func}",
                  Guilty.HEADER),
              KASAN_ACCESS),
          // mm/kasan: out-of-bounds on slab, stack, globals, vmalloc areas.
          withContext(
              accessRow(
                  "kasan-out-of-bounds",
                  "KASAN-{ACCESS}",
                  "BUG: KASAN: ",
                  "^BUG: KASAN: (?<kind>[a-z]+-out-of-bounds|out-of-bounds) (?:in|on) " + FUNC,
                  "KASAN: {kind} {access} in {func}",
                  Guilty.HEADER),
              KASAN_ACCESS),
          // mm/kasan: kfree() of a pointer that was never allocated or already freed.
          accessRow(
              "kasan-invalid-free",
              "KASAN-INVALID-FREE",
              "BUG: KASAN: ",
              "^BUG: KASAN: (?:double-free or invalid-free|invalid-free|double-free) in " + FUNC,
              "KASAN: invalid-free in {func}",
              Guilty.HEADER),
          // mm/kasan: accesses near NULL (generic KASAN) before the fault handler sees them.
          withContext(
              accessRow(
                  "kasan-null-ptr-deref",
                  "KASAN-NULL-POINTER-DEREFERENCE-{ACCESS}",
                  "BUG: KASAN: ",
                  "^BUG: KASAN: null-ptr-deref (?:in " + FUNC + "|on address)",
                  "KASAN: null-ptr-deref {access} in {func}",
                  Guilty.HEADER),
              KASAN_ACCESS),
          // mm/kasan: wild, user-memory and (tag-based) invalid accesses.
          withContext(
              accessRow(
                  "kasan-bad-access",
                  "KASAN-{ACCESS}",
                  "BUG: KASAN: ",
                  "^BUG: KASAN: (?<kind>[a-z\\-]+) (?:in|on) " + FUNC,
                  "KASAN: {kind} {access} in {func}",
                  Guilty.HEADER),
              KASAN_ACCESS),
          // mm/kasan/kasan.c (4.0-4.3) kasan_report_error: "BUG: KASan: out of bounds access in
          // func+0x1/0x2 at addr ..." (bug kinds in words).
          accessRow(
              "kasan-bad-access",
              "KASAN",
              "BUG: KASan: ",
              "^BUG: KASan: (?<kind>[a-z][a-z\\- ]*?) in " + FUNC,
              "KASAN: {kind} in {func}",
              Guilty.HEADER),
          // mm/kmsan/report.c: "BUG: KMSAN: uninit-value in func".
          accessRow(
              "kmsan",
              "KMSAN-{KIND}",
              "BUG: KMSAN: ",
              "^BUG: KMSAN: (?<kind>[a-z\\-]+) in " + FUNC,
              "KMSAN: {kind} in {func}",
              Guilty.HEADER),
          // kernel/kcsan/report.c: "BUG: KCSAN: data-race in f1 / f2".
          row(
              "kcsan-data-race",
              "KCSAN-DATARACE",
              "BUG: KCSAN: ",
              "^BUG: KCSAN: data-race in (?<hfunc>[\\w.$]+)(?:\\+\\S+)?(?<other> / [\\w.$]+)?",
              "KCSAN: data-race in {func}{other}",
              Guilty.HEADER_FIRST),
          // kernel/kcsan/report.c: ASSERT_EXCLUSIVE_* violations.
          row(
              "kcsan-assert",
              "KCSAN-ASSERT",
              "BUG: KCSAN: ",
              "^BUG: KCSAN: assert: race in " + FUNC,
              "KCSAN: assert: race in {func}",
              Guilty.HEADER_FIRST),
          // mm/kfence/report.c: "BUG: KFENCE: use-after-free read in func".
          accessRow(
              "kfence",
              "KFENCE-{KIND}",
              "BUG: KFENCE: ",
              "^BUG: KFENCE: (?<kind>[a-z\\-]+(?: (?:read|write|free))?|memory corruption) in "
                  + FUNC,
              "KFENCE: {kind} in {func}",
              Guilty.HEADER),
          // arch/x86/mm/fault.c (< 5.1): NULL dereference.
          row(
              "null-pointer-dereference",
              "NULL-POINTER-DEREFERENCE",
              "BUG: ",
              "^BUG: (?:unable to handle kernel NULL pointer dereference|[Kk]ernel NULL pointer dereference)",
              "BUG: unable to handle kernel NULL pointer dereference in {func}",
              Guilty.STACK),
          // arch/x86/mm/fault.c: paging request / page fault for a bad address.
          row(
              "page-fault",
              "MEMORY_SAFETY_BUG",
              "BUG: ",
              "^BUG: (?:[Uu]nable to handle kernel (?:paging request|data access|instruction fetch|unaligned access)|unable to handle page fault for address"
                  + "|unable to handle kernel paging request at)",
              "BUG: unable to handle kernel paging request in {func}",
              Guilty.STACK),
          // arch/x86/mm/fault.c: NX/SMEP violations and other unclassified faults.
          row(
              "page-fault",
              "MEMORY_SAFETY_BUG",
              "BUG: ",
              "^BUG: unable to handle kernel",
              "BUG: unable to handle kernel",
              Guilty.NONE),
          // kernel/sched/core.c __schedule_bug(): schedule() with preempt_count elevated.
          row(
              "scheduling-while-atomic",
              "ATOMIC_SLEEP",
              "BUG: ",
              "^BUG: scheduling while atomic(?::|\\s*$)",
              "BUG: scheduling while atomic in {func}",
              Guilty.STACK),
          // kernel/sched/core.c __might_sleep(): a sleeping call in atomic context.
          // The allocator's might_sleep check fires inside a GFP_KERNEL allocation: the caller that
          // allocated in atomic context is the culprit, not the allocator's entry points.
          withSkip(
              row(
                  "sleeping-in-atomic",
                  "ATOMIC_SLEEP",
                  "BUG: ",
                  "^BUG: sleeping function called from invalid context",
                  "BUG: sleeping function called from invalid context in {func}",
                  Guilty.STACK),
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
              "^alloc_pages"),
          // kernel/sched/core.c __cant_sleep()/__cant_migrate(): cant_sleep()/cant_migrate() found
          // the task preemptible or migratable.
          row(
              "atomic-context-assertion",
              "ATOMIC_SLEEP",
              "BUG: ",
              "^BUG: assuming (?<what>atomic|non migratable) context at ",
              "BUG: assuming {what} context in {func}",
              Guilty.STACK),
          // kernel/sched/idle.c dequeue_task_idle(): the idle task tried to sleep.
          row(
              "scheduling-from-idle",
              "ATOMIC_SLEEP",
              "bad: ",
              "^bad: scheduling from the idle thread!",
              "bad: scheduling from the idle thread in {func}",
              Guilty.STACK),
          // kernel/sched/core.c __might_sleep(): WARN_ONCE text before (x86, arm64) or after the
          // WARNING line it belongs to.
          joinsPrevious(
              row(
                  "blocking-while-not-running",
                  "ATOMIC_SLEEP",
                  "do not call blocking ops ",
                  "^do not call blocking ops when !TASK_RUNNING",
                  "WARNING in {func}",
                  Guilty.STACK)),
          // kernel/watchdog.c: a CPU spinning in kernel mode without scheduling.
          row(
              "soft-lockup",
              "HANG",
              "BUG: ",
              "^BUG: soft lockup",
              "BUG: soft lockup in {func}",
              Guilty.STALL),
          // kernel/locking/spinlock_debug.c.
          row(
              "spinlock-bug",
              "LOCKDEP",
              "BUG: ",
              "^BUG: (?<what>spinlock|rwlock) (?<kind>lockup suspected|already unlocked|bad magic"
                  + "|recursion|wrong owner|wrong CPU|cpu recursion)",
              "BUG: {what} {kind} in {func}",
              Guilty.STACK),
          // mm/page_alloc.c bad_page(): a page freed or allocated in an impossible state.
          withSkip(
              row(
                  "bad-page",
                  "MEMORY_SAFETY_BUG",
                  "BUG: ",
                  "^BUG: Bad page state",
                  "BUG: Bad page state in {func}",
                  Guilty.STACK),
              "free_page_is_bad",
              "free_unref_page",
              "__free_pages",
              "free_pages",
              "__folio_put",
              "bad_page",
              "check_new_page",
              "prep_new_page"),
          // mm/memory.c print_bad_pte().
          row(
              "bad-page-map",
              "MEMORY_SAFETY_BUG",
              "BUG: ",
              "^BUG: Bad page map",
              "BUG: Bad page map",
              Guilty.NONE),
          // mm/debug: rss counters out of sync at mm teardown.
          row(
              "bad-rss-counter",
              "MEMORY_SAFETY_BUG",
              "BUG: ",
              "^BUG: Bad rss-counter state",
              "BUG: Bad rss-counter state",
              Guilty.NONE),
          // arch/x86 VMAP_STACK overflow handler.
          row(
              "stack-guard-page",
              "MEMORY_SAFETY_BUG",
              "BUG: ",
              "^BUG: (?:TASK |IRQ )?stack guard page was hit",
              "BUG: stack guard page was hit in {func}",
              // Runaway recursion: the top frame is anywhere in the cycle, so name it like a stall
              // by the function that entered the recursion from a dispatcher.
              Guilty.STALL),
          // lib/smp_processor_id.c check_preemption_disabled().
          row(
              "preemptible-percpu-access",
              "LOCKDEP",
              "BUG: ",
              "^BUG: using (?<op>\\S+) in preemptible",
              "BUG: using {op} in preemptible code in {func}",
              Guilty.STACK),
          // kernel/workqueue.c show_workqueue_state() after a pool stalled.
          row(
              "workqueue-lockup",
              "HANG",
              "BUG: ",
              "^BUG: workqueue lockup",
              "BUG: workqueue lockup",
              Guilty.NONE),
          // kernel/workqueue.c process_one_work(): work item returned holding a lock or atomic.
          withContext(
              row(
                  "workqueue-leaked-lock",
                  "LOCKDEP",
                  "BUG: ",
                  "^BUG: workqueue leaked lock or atomic",
                  "BUG: workqueue leaked lock or atomic in {func}",
                  Guilty.HEADER_FIRST),
              Pattern.compile("last function: " + FUNC)),
          // kernel/locking/lockdep.c, 4.x wording of the lockdep reports (also "WARNING:" below).
          culprit(
              row(
                  "lockdep-bug",
                  "LOCKDEP",
                  "BUG: ",
                  "^BUG: (?:\\S+/-?\\d+ )?(?<what>held lock freed|bad unlock balance|bad contention"
                      + " detected|lock held when returning to user space|still has locks held|[Nn]ested"
                      + " lock was not taken)",
                  "BUG: {what} in {func}",
                  Guilty.LOCKDEP),
              CulpritStack.HELD_LOCKS),
          // kernel/locking/lockdep.c lockdep_init_map_type(): a lock initialised with a key never
          // registered (a dynamic key freed or not yet lockdep_register_key()ed).
          row(
              "lockdep-bug",
              "LOCKDEP",
              "BUG: ",
              "^BUG: key [0-9a-fx]+ has not been registered!",
              "BUG: key not registered in {func}",
              Guilty.STACK),
          // kernel/locking/lockdep.c: lock class table exhausted.
          row(
              "lockdep-overflow",
              "LOCKDEP",
              "BUG: ",
              "^BUG: MAX_(?<what>[A-Z_]+) too low!",
              "BUG: MAX_{what} too low!",
              Guilty.NONE),
          // fs/dcache.c umount_check().
          row(
              "dentry-in-use",
              "BUG",
              "BUG: ",
              "^BUG: Dentry .* still in use(?: \\(-?\\d+\\))? \\[(?<hfunc>unmount) of",
              "BUG: Dentry still in use in {func}",
              Guilty.HEADER_FIRST),
          // mm/kmemleak.c, as printed by syzkaller-style leak checks.
          culprit(
              withSkip(
                  row(
                      "memory-leak",
                      "LEAK",
                      "BUG: ",
                      "^BUG: memory leak",
                      "memory leak in {func}",
                      Guilty.STACK),
                  LEAK_ALLOCATOR),
              CulpritStack.ALLOCATION),
          // mm/kmemleak.c print_unreferenced(), pr_fmt "kmemleak: " on the console: the object's
          // allocation stack follows "backtrace:" (">= 6.5: "backtrace (crc %x):"). After a
          // "BUG: memory leak" line it is that report's body.
          joinsPrevious(
              culprit(
                  withSkip(
                      row(
                          "memory-leak",
                          "LEAK",
                          "unreferenced object ",
                          "^unreferenced object 0x[0-9a-f]+ \\(size \\d+\\):",
                          "memory leak in {func}",
                          Guilty.STACK),
                      LEAK_ALLOCATOR),
                  CulpritStack.ALLOCATION)),
          // mm/slub.c slab_err()/object_err(): "BUG kmalloc-64 (Not tainted): Object already free".
          row(
              "slab-error",
              "DoS",
              "BUG ",
              "^BUG [\\w\\-:()]+ \\([^)]*\\): (?<what>[A-Za-z][^:]*?)\\s*$",
              "BUG: {what}",
              Guilty.NONE),
          // mm/slab.c (SLAB allocator, <= 6.7) check_poison_obj(): a freed object was written to.
          row(
              "slab-error",
              "MEMORY_SAFETY_BUG",
              "Slab corruption ",
              "^Slab corruption \\([^)]*\\): (?<cache>\\S+) start=",
              "BUG: slab corruption in {cache}",
              Guilty.NONE),
          // mm/slab.c (<= 6.7) ___cache_free(): then BUG(), whose splat joins this report.
          withSkip(
              row(
                  "slab-error",
                  "MEMORY_SAFETY_BUG",
                  "slab: double free detected",
                  "^slab: double free detected in cache ",
                  "BUG: slab double free in {func}",
                  Guilty.STACK),
              "^kfree",
              "^kmem_cache_free",
              "^___?cache_free",
              "^cache_free_pfmemalloc"),
          // lib/list_debug.c (4.x+ prints this before the BUG/WARNING it triggers).
          row(
              "list-corruption",
              "MEMORY_SAFETY_BUG",
              "list_",
              "^list_(?:add|del)(?:_rcu)? (?:corruption|double add)",
              "BUG: corrupted list in {func}",
              Guilty.STACK),
          // mm/usercopy.c: hardened usercopy refused a copy.
          row(
              "bad-usercopy",
              "BUG",
              "usercopy: ",
              "^usercopy: [Kk]ernel memory (?:exposure|overwrite) attempt detected",
              "BUG: bad usercopy in {func}",
              Guilty.STACK),
          // kernel/panic.c __warn() for lib/debugobjects.c.
          withSkip(
              row(
                  "odebug",
                  "WARNING",
                  "WARNING: ",
                  "^WARNING: .*lib/debugobjects\\.c",
                  "WARNING: ODEBUG bug in {func}",
                  Guilty.STACK),
              ODEBUG_HELPERS),
          // lib/debugobjects.c debug_print_object(): the WARN text, before (x86, arm64) or after
          // the WARNING line from lib/debugobjects.c it belongs to.
          joinsPrevious(
              withSkip(
                  row(
                      "odebug",
                      "WARNING",
                      "ODEBUG: ",
                      "^ODEBUG: (?:\\S+ \\S+ \\(active state \\d+\\)|object \\S+ is on stack)",
                      "WARNING: ODEBUG bug in {func}",
                      Guilty.STACK),
                  ODEBUG_HELPERS)),
          // __warn() for lib/refcount.c.
          withSkip(
              row(
                  "refcount",
                  "REFCOUNT_WARNING",
                  "WARNING: ",
                  "^WARNING: .*lib/refcount\\.c",
                  "WARNING: refcount bug in {func}",
                  Guilty.STACK),
              REFCOUNT_HELPERS),
          // lib/refcount.c refcount_warn_saturate(): the WARN text of the WARNING above.
          joinsPrevious(
              withSkip(
                  row(
                      "refcount",
                      "REFCOUNT_WARNING",
                      "refcount_t",
                      "^refcount_t: (?:saturated|addition on 0|underflow|decrement hit 0|increment on"
                          + " 0)",
                      "WARNING: refcount bug in {func}",
                      Guilty.STACK),
                  REFCOUNT_HELPERS)),
          // kernel/panic.c refcount_error_report() (x86 fast refcount, 4.14-5.4).
          withSkip(
              row(
                  "refcount",
                  "REFCOUNT_WARNING",
                  "refcount_t",
                  "^refcount_t \\S+ at " + FUNC,
                  "WARNING: refcount bug in {func}",
                  Guilty.HEADER),
              REFCOUNT_HELPERS),
          // __warn() inside lockdep itself.
          withSkip(
              row(
                  "lockdep-warning",
                  "LOCKDEP",
                  "WARNING: ",
                  "^WARNING: .*kernel/locking/lockdep\\.c",
                  "WARNING: locking bug in {func}",
                  Guilty.STACK),
              "reacquire_held_locks",
              "__lock_release",
              "lock_release",
              "release_sock",
              "check_flags",
              "lock_is_held",
              "__lock_is_held"),
          // __warn() for oversized kmalloc / page allocations.
          withSkip(
              row(
                  "kmalloc-bug",
                  "WARNING",
                  "WARNING: ",
                  "^WARNING: .*(?:mm/slab_common\\.c|mm/util\\.c|mm/slab\\.c|mm/slub\\.c)"
                      + ".* (?:kmalloc|__alloc_pages|kvmalloc|krealloc|kmalloc_slab|__kmalloc)",
                  "WARNING: kmalloc bug in {func}",
                  Guilty.STACK),
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
              "vzalloc"),
          // __warn() for lib/kobject.c.
          withSkip(
              row(
                  "kobject",
                  "WARNING",
                  "WARNING: ",
                  "^WARNING: .*lib/kobject\\.c",
                  "WARNING: kobject bug in {func}",
                  Guilty.STACK),
              "kobject_",
              "kset_",
              "device_add",
              "device_register",
              "sysfs_create"),
          // __warn() for fs/proc/generic.c proc_register.
          row(
              "proc-registration",
              "WARNING",
              "WARNING: ",
              "^WARNING: .*fs/proc/generic\\.c",
              "WARNING: proc registration bug in {func}",
              Guilty.STACK),
          // __warn() for mm/usercopy.c.
          row(
              "bad-usercopy-warning",
              "WARNING",
              "WARNING: ",
              "^WARNING: .*mm/usercopy\\.c",
              "WARNING: bad usercopy in {func}",
              Guilty.STACK),
          // mm/usercopy.c usercopy_warn(): WARN_ONCE text of a copy outside the cache's whitelist.
          joinsPrevious(
              row(
                  "bad-usercopy-warning",
                  "WARNING",
                  "Bad or missing usercopy whitelist? ",
                  "^Bad or missing usercopy whitelist\\? Kernel memory (?:exposure|overwrite)",
                  "WARNING: bad usercopy in {func}",
                  Guilty.STACK)),
          // mm/slab_common.c kmem_cache_destroy(): a cache destroyed with live objects (a leak in
          // the cache's owner); the WARN text before or after its WARNING line.
          joinsPrevious(
              withSkip(
                  row(
                      "slab-error",
                      "LEAK",
                      "kmem_cache_destroy ",
                      "^kmem_cache_destroy (?<cache>\\S+): Slab cache still has objects",
                      "kmem_cache_destroy: slab cache still has objects in {func}",
                      Guilty.STACK),
                  "^kmem_cache_destroy")),
          // __warn() for zero-size vmalloc.
          withSkip(
              row(
                  "zero-size-vmalloc",
                  "WARNING",
                  "WARNING: ",
                  "^WARNING: .*mm/vmalloc\\.c",
                  "WARNING: zero-size vmalloc in {func}",
                  Guilty.STACK),
              "vmalloc",
              "__vmalloc",
              "vzalloc",
              "kvmalloc"),
          // __warn() for lib/list_debug.c.
          row(
              "list-corruption",
              "MEMORY_SAFETY_BUG",
              "WARNING: ",
              "^WARNING: .*lib/list_debug\\.c",
              "BUG: corrupted list in {func}",
              Guilty.STACK),
          // drivers/usb/core/urb.c usb_submit_urb() sanity WARNs: syzbot names the submitter too.
          row(
              "warning",
              "WARNING",
              "WARNING: ",
              "^WARNING: (?:CPU: \\d+ PID: -?\\d+ )?at drivers/usb/core/urb\\.c:\\d+ usb_submit_urb",
              "WARNING in {func}/usb_submit_urb",
              Guilty.STACK),
          // kernel/panic.c __warn() >= 6.19 without file:line: "WARNING: at func+0x1/0x2, CPU#0:
          // comm/pid".
          row(
              "warning",
              "WARNING",
              "WARNING: ",
              "^WARNING: at " + FUNC + "\\+0x[0-9a-f]+/0x[0-9a-f]+, CPU#",
              "WARNING in {func}",
              Guilty.HEADER_WITH_STACK),
          // kernel/panic.c __warn() 4.6-6.18 without file:line (DEBUG_BUGVERBOSE=n).
          row(
              "warning",
              "WARNING",
              "WARNING: ",
              "^WARNING: CPU: \\d+ PID: -?\\d+ at " + FUNC + "\\+0x",
              "WARNING in {func}",
              Guilty.HEADER_WITH_STACK),
          // kernel/panic.c __warn(): WARN_ON() with file:line and function.
          row(
              "warning",
              "WARNING",
              "WARNING: ",
              "^WARNING: (?:CPU: \\d+ PID: -?\\d+ )?at \\S+\\s+" + FUNC,
              "WARNING in {func}",
              Guilty.HEADER_WITH_STACK),
          // kernel/panic.c __warn() since 6.x: "WARNING: fs/ext4/xattr.c:1058 at func+0x1/0x2,
          // CPU#0: comm/pid".
          row(
              "warning",
              "WARNING",
              "WARNING: ",
              "^WARNING: \\S+:\\d+ at (?:" + FUNC + "\\+0x)?",
              "WARNING in {func}",
              Guilty.HEADER_WITH_STACK),
          // lib/bug.c report_bug() on trap-based WARN archs (3.x-4.5 powerpc, s390, parisc, sh):
          // "WARNING: at file:line" names no function; the stack does.
          row(
              "warning",
              "WARNING",
              "WARNING: ",
              "^WARNING: at (?:\\S+:\\d+|[0-9a-fx]+ \\[verbose debug info unavailable\\])\\s*$",
              "WARNING in {func}",
              Guilty.STACK),
          // kernel/locking/lockdep.c check_wait_context(): a sleeping lock under a spinning one.
          culprit(
              row(
                  "lockdep-wait-context",
                  "LOCKDEP",
                  "BUG: ",
                  "^BUG: Invalid wait context",
                  "WARNING: locking bug in {func}",
                  Guilty.STACK),
              CulpritStack.HELD_LOCKS),
          // mm/slub.c debug tracking: where a corrupted object was freed.
          row(
              "slab-free-track",
              "DoS",
              "INFO: ",
              "^INFO: (?<track>Allocated|Freed) in " + FUNC + "\\+\\S+ age=",
              "INFO: {track} in {func} age=NUM cpu=NUM pid=NUM",
              Guilty.HEADER_FIRST),
          // kernel/locking/lockdep.c: lock inversion reports (5.x "WARNING:", 4.x "INFO:").
          // kernel/locking/lockdep.c check_irq_usage(): an irq-safe lock taken under an irq-unsafe
          // one;
          // the culprit is where the lock became irq-safe.
          withStackStart(
              row(
                  "lockdep-deadlock",
                  "LOCKDEP",
                  "WARNING: ",
                  "^WARNING: (?:\\S+-safe -> \\S+-unsafe lock order detected|possible irq lock"
                      + " inversion dependency detected)",
                  "possible deadlock in {func}",
                  Guilty.STACK),
              "^\\.\\.\\. which became \\S+-irq-safe at:"),
          // kernel/locking/lockdep.c print_circular_bug_header / print_deadlock_bug (4.x+ WARNING:
          // wording)
          culprit(
              row(
                  "lockdep-deadlock",
                  "LOCKDEP",
                  "WARNING: ",
                  "^WARNING: (?:possible circular locking dependency detected|possible recursive"
                      + " locking detected|possible irq lock inversion dependency detected|\\S+-safe ->"
                      + " \\S+-unsafe lock order detected)",
                  "possible deadlock in {func}",
                  Guilty.LOCKDEP),
              CulpritStack.HELD_LOCKS),
          // kernel/locking/lockdep.c print_circular_bug_header / print_deadlock_bug (INFO: wording
          // of older kernels)
          culprit(
              row(
                  "lockdep-deadlock",
                  "LOCKDEP",
                  "INFO: ",
                  "^INFO: (?:possible circular locking dependency detected|possible recursive locking"
                      + " detected|possible irq lock inversion dependency detected|\\S+-safe ->"
                      + " \\S+-unsafe lock order detected)",
                  "possible deadlock in {func}",
                  Guilty.LOCKDEP),
              CulpritStack.HELD_LOCKS),
          // kernel/locking/lockdep.c print_usage_bug (4.x+ WARNING: wording)
          culprit(
              row(
                  "lockdep-inconsistent",
                  "LOCKDEP",
                  "WARNING: ",
                  "^WARNING: inconsistent lock state",
                  "inconsistent lock state in {func}",
                  Guilty.STACK),
              CulpritStack.HELD_LOCKS),
          // kernel/locking/lockdep.c print_usage_bug (3.x INFO: wording)
          culprit(
              row(
                  "lockdep-inconsistent",
                  "LOCKDEP",
                  "INFO: ",
                  "^INFO: inconsistent lock state",
                  "inconsistent lock state in {func}",
                  Guilty.STACK),
              CulpritStack.HELD_LOCKS),
          // kernel/locking/lockdep.c print_freed_lock_bug, print_unlock_imbalance_bug,
          // print_lock_contention_bug
          culprit(
              row(
                  "lockdep-bug",
                  "LOCKDEP",
                  "WARNING: ",
                  "^WARNING: (?:\\S+/-?\\d+ )?(?<lockbug>[Hh]eld lock freed|[Bb]ad unlock balance|[Bb]ad contention detected|[Ll]ock held when returning to"
                      + " user space|[Ss]till has locks held|[Nn]ested lock was not taken)",
                  "WARNING: {lockbug} in {func}",
                  Guilty.LOCKDEP),
              CulpritStack.HELD_LOCKS),
          // kernel/rcu/update.c lockdep_rcu_suspicious().
          culprit(
              row(
                  "suspicious-rcu-usage",
                  "LOCKDEP",
                  "WARNING: ",
                  "^WARNING: suspicious RCU usage",
                  "WARNING: suspicious RCU usage in {func}",
                  Guilty.STACK),
              CulpritStack.HELD_LOCKS),
          // kernel/locking/lockdep.c lockdep_rcu_suspicious (3.x/4.x INFO: wording)
          culprit(
              row(
                  "suspicious-rcu-usage",
                  "LOCKDEP",
                  "INFO: ",
                  "^INFO: suspicious RCU usage",
                  "INFO: suspicious RCU usage in {func}",
                  Guilty.STACK),
              CulpritStack.HELD_LOCKS),
          // arch/x86/kernel/unwind_frame.c: the unwinder found garbage.
          row(
              "bad-stack-regs",
              "WARNING",
              "WARNING: ",
              "^WARNING: kernel stack (?:regs|frame pointer)",
              "WARNING: kernel stack regs has bad value",
              Guilty.NONE),
          // kernel/locking/lockdep.c register_lock_class() on a non-static key.
          culprit(
              row(
                  "lockdep-non-static-key",
                  "LOCKDEP",
                  "INFO: ",
                  "^INFO: trying to register non-static key",
                  "INFO: trying to register non-static key in {func}",
                  Guilty.STACK),
              CulpritStack.HELD_LOCKS),
          // kernel/rcu/tree_stall.h: RCU grace period stalled.
          row(
              "rcu-stall",
              "HANG",
              "INFO: ",
              // The flavour is rcu_sched, rcu_preempt, rcu_bh (3.x-4.x), rcu_tasks,
              // rcu_tasks_trace, rcu_tasks_rude (kernel/rcu/tasks.h check_holdout_task).
              "^INFO: rcu(?:_\\w+)? (?:self-)?detected (?:expedited )?stalls?\\b",
              "INFO: rcu detected stall in {func}",
              Guilty.STALL),
          // kernel/hung_task.c: a task in D state for longer than hung_task_timeout_secs.
          withSkip(
              row(
                  "hung-task",
                  "HANG",
                  "INFO: ",
                  "^INFO: task .*blocked for more than \\d+ seconds",
                  "INFO: task hung in {func}",
                  Guilty.STACK),
              // A task blocked on the console lock: the caller that wanted the console is the
              // story.
              "console_lock$"),
          // kernel/hung_task.c variant for killed tasks that never exit.
          row(
              "task-cant-die",
              "HANG",
              "INFO: ",
              "^INFO: task .*can't die for more than",
              "INFO: task can't die in {func}",
              Guilty.STACK),
          // arch/x86/kernel/traps.c: general protection fault in kernel mode ("ip:" is user space).
          row(
              "general-protection-fault",
              "DoS",
              "general protection fault",
              "^general protection fault(?!\\s+ip:)(?:,|:| \\[| for )",
              "general protection fault in {func}",
              Guilty.STACK),
          // arch/x86/kernel/traps.c (6.x): #GP caused by a segment selector.
          row(
              "general-protection-fault",
              "DoS",
              "segment-related general protection fault",
              "^segment-related general protection fault: ",
              "general protection fault in {func}",
              Guilty.STACK),
          // arch/x86/kernel/traps.c: stack segment fault.
          row(
              "stack-segment-fault",
              "DoS",
              "stack segment: ",
              "^stack segment: ",
              "stack segment fault in {func}",
              Guilty.STACK),
          // arch/x86/kernel/traps.c: #DE in kernel mode.
          row(
              "divide-error",
              "DoS",
              "divide",
              "^divide[ _]error: ",
              "divide error in {func}",
              Guilty.STACK),
          // arch/x86/kernel/traps.c do_trap()/do_int3(): die() lines of the other kernel traps;
          // without them the panic line after the oops ("Fatal exception") was the only report.
          row("trap", "DoS", "int3: ", "^int3: [0-9a-f]{4} \\[#", "int3 in {func}", Guilty.STACK),
          // arch/x86/kernel/traps.c exc_overflow / do_overflow: do_error_trap(X86_TRAP_OF,
          // "overflow")
          row(
              "trap",
              "DoS",
              "overflow: ",
              "^overflow: [0-9a-f]{4} \\[#",
              "overflow in {func}",
              Guilty.STACK),
          // arch/x86/kernel/traps.c exc_bounds / do_bounds: do_trap(X86_TRAP_BR, "bounds")
          row(
              "trap",
              "DoS",
              "bounds: ",
              "^bounds: [0-9a-f]{4} \\[#",
              "bounds in {func}",
              Guilty.STACK),
          // arch/x86/kernel/traps.c exc_alignment_check: do_trap(X86_TRAP_AC, "alignment check")
          row(
              "trap",
              "DoS",
              "alignment check: ",
              "^alignment check: [0-9a-f]{4} \\[#",
              "alignment check in {func}",
              Guilty.STACK),
          // arch/x86/kernel/traps.c exc_segment_not_present: do_error_trap(X86_TRAP_NP, "segment
          // not present")
          row(
              "trap",
              "DoS",
              "segment not present: ",
              "^segment not present: [0-9a-f]{4} \\[#",
              "segment not present in {func}",
              Guilty.STACK),
          // arch/x86/kernel/traps.c exc_invalid_tss: do_error_trap(X86_TRAP_TS, "invalid TSS")
          row(
              "trap",
              "DoS",
              "invalid TSS: ",
              "^invalid TSS: [0-9a-f]{4} \\[#",
              "invalid TSS in {func}",
              Guilty.STACK),
          // arch/x86/kernel/traps.c handle_stack_overflow(): die() after "BUG: stack guard page was
          // hit", which opened the report.
          joinsPrevious(
              row(
                  "stack-guard-page",
                  "MEMORY_SAFETY_BUG",
                  "kernel stack overflow ",
                  "^kernel stack overflow \\((?:double-fault|page fault)\\): [0-9a-f]{4} \\[#",
                  "BUG: stack guard page was hit in {func}",
                  Guilty.STALL)),
          // arch/x86/kernel/traps.c: #DF.
          row(
              "double-fault",
              "DoS",
              "PANIC: double fault",
              "^PANIC: double fault",
              "PANIC: double fault in {func}",
              Guilty.STACK),
          // arch/x86/kernel/traps.c do_double_fault() -> die("double fault"): "double fault: 0000
          // [#1]" (old kernels also "[1]"), the 6.10+ "Oops: " form via the prefix.
          row(
              "double-fault",
              "DoS",
              "double fault: ",
              "^double fault: [0-9a-f]{4} \\[#?\\d+\\]",
              "PANIC: double fault in {func}",
              Guilty.STACK),
          // arch/x86/mm/fault.c pgtable_bad() -> die("Bad pagetable"), after its own header.
          joinsPrevious(
              row(
                  "bad-pagetable",
                  "MEMORY_SAFETY_BUG",
                  "Bad pagetable: ",
                  "^Bad pagetable: [0-9a-f]{4} \\[#",
                  "Bad pagetable in {func}",
                  Guilty.STACK)),
          // BUG() in lib/list_debug.c and mm/usercopy.c name the real problem.
          joinsPrevious(
              row(
                  "list-corruption",
                  "MEMORY_SAFETY_BUG",
                  "kernel BUG at ",
                  "^kernel BUG at lib/list_debug\\.c",
                  "BUG: corrupted list in {func}",
                  Guilty.STACK)),
          // mm/usercopy.c usercopy_abort's BUG() (kernel BUG at mm/usercopy.c)
          joinsPrevious(
              row(
                  "bad-usercopy",
                  "BUG",
                  "kernel BUG at ",
                  "^kernel BUG at mm/usercopy\\.c",
                  "BUG: bad usercopy in {func}",
                  Guilty.STACK)),
          // BUG()/BUG_ON(): "kernel BUG at mm/slub.c:123!" (arm64/ppc/s390 print the same).
          row(
              "kernel-bug",
              "BUG",
              "kernel BUG at ",
              "^kernel BUG at ",
              "kernel BUG in {func}",
              Guilty.STACK),
          // arch/powerpc and s390 die() after BUG(): "Kernel BUG at" (capital K)
          row(
              "kernel-bug",
              "BUG",
              "Kernel BUG at ",
              "^Kernel BUG at ",
              "kernel BUG in {func}",
              Guilty.STACK),
          // x86 ud2 without a BUG() entry; after "kernel BUG at" it is part of that report.
          joinsPrevious(
              row(
                  "invalid-opcode",
                  "DoS",
                  "invalid opcode: ",
                  "^invalid opcode: ",
                  "invalid opcode in {func}",
                  Guilty.STACK)),
          // lib/ubsan.c: "UBSAN: Undefined behaviour in file:line" (4.x) / "UBSAN: <check> in".
          withSkip(
              row(
                  "ubsan",
                  "UBSAN",
                  "UBSAN: ",
                  "^UBSAN: (?<kind>Undefined behaviour|[a-z\\-]+) in ",
                  "UBSAN: {kind} in {func}",
                  Guilty.STACK),
              "^ubsan_",
              "^__ubsan_",
              "^handle_overflow",
              "^val_to_string"),
          // kernel/panic.c: stack protector canary mismatch.
          row(
              "stack-protector",
              "DoS",
              "Kernel panic - not syncing: ",
              "^Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: (?:"
                  + FUNC
                  + "|[0-9a-f]+)",
              "kernel panic: stack is corrupted in {func}",
              Guilty.HEADER_FIRST),
          // kernel/sched/core.c schedule_debug(): the task's stack end magic was overwritten.
          row(
              "stack-end-corrupted",
              "DoS",
              "Kernel panic - not syncing: ",
              "^Kernel panic - not syncing: corrupted stack end detected inside scheduler",
              "kernel panic: corrupted stack end in {func}",
              Guilty.STALL),
          // arch/arm64/kernel/traps.c panic_bad_stack() and arch/x86/kernel/traps.c
          // handle_stack_overflow(): "kernel stack overflow" (x86: "(double-fault)"/"(page
          // fault)").
          row(
              "stack-overflow",
              "MEMORY_SAFETY_BUG",
              "Kernel panic - not syncing: ",
              "^Kernel panic - not syncing: kernel stack overflow",
              "kernel panic: kernel stack overflow in {func}",
              Guilty.STALL),
          // arch/arm64/kernel/traps.c arm64_serror_panic(): nmi_panic after the SError line.
          row(
              "serror",
              "HARDWARE",
              "Kernel panic - not syncing: ",
              "^Kernel panic - not syncing: Asynchronous SError Interrupt",
              "SError Interrupt",
              Guilty.NONE),
          // kernel/exit.c do_exit() from an interrupt handler.
          row(
              "killing-interrupt-handler",
              "DoS",
              "Kernel panic - not syncing: ",
              "^Kernel panic - not syncing: (?<reason>Aiee, killing interrupt handler)!",
              "kernel panic: {reason}!",
              Guilty.NONE),
          // kernel/exit.c: init exited.
          row(
              "init-killed",
              "DoS",
              "Kernel panic - not syncing: ",
              "^Kernel panic - not syncing: (?<reason>Attempted to kill init)!",
              "kernel panic: {reason}!",
              Guilty.NONE),
          // mm/oom_kill.c with panic_on_oom, or nothing left to kill.
          row(
              "out-of-memory-panic",
              "DoS",
              "Kernel panic - not syncing: ",
              "^Kernel panic - not syncing: (?<reason>Out of memory.*?|System is deadlocked on memory)"
                  + "\\s*$",
              "kernel panic: {reason}",
              Guilty.NONE),
          // kernel/panic.c: oops_end() with panic_on_oops, "in interrupt" is the same crash.
          row(
              "panic",
              "DoS",
              "Kernel panic - not syncing: ",
              "^Kernel panic - not syncing: (?:Oops: )?(?<reason>Fatal exception)(?: in interrupt)?",
              "kernel panic: {reason}",
              Guilty.NONE),
          // kernel/panic.c panic(): any other reason.
          row(
              "panic",
              "DoS",
              "Kernel panic - not syncing: ",
              "^Kernel panic - not syncing: (?<reason>.*?)(?:\\s*\\.\\.\\.)?\\s*$",
              "kernel panic: {reason}",
              Guilty.NONE),
          // net/core/dev.c netdev_wait_allrefs(): a device reference leaked.
          row(
              "netdev-refcount-leak",
              "DoS",
              "unregister_netdevice: ",
              "^unregister_netdevice: waiting for \\S+ to become free",
              "unregister_netdevice: waiting for DEV to become free",
              Guilty.NONE),
          // fs/super.c generic_shutdown_super(): inodes still referenced when the superblock goes.
          row(
              "busy-inodes",
              "DoS",
              "VFS: Busy inodes after unmount",
              "^VFS: Busy inodes after unmount",
              "VFS: Busy inodes after unmount (use-after-free)",
              Guilty.NONE),
          // fs/file_table.c (old kernels) fput() on a zero count.
          row(
              "file-count-zero",
              "DoS",
              "VFS: Close: ",
              "^VFS: Close: file count is 0",
              "VFS: Close: file count is zero (use-after-free)",
              Guilty.NONE),
          // arch/arm64/mm/fault.c and arch/arm/mm/fault.c.
          row(
              "null-pointer-dereference",
              "NULL-POINTER-DEREFERENCE",
              "Unable to handle kernel ",
              "^Unable to handle kernel NULL pointer dereference",
              "BUG: unable to handle kernel NULL pointer dereference in {func}",
              Guilty.STACK),
          // arch/arm64/mm/fault.c and arch/arm/mm/fault.c __do_kernel_fault/die_kernel_fault
          row(
              "page-fault",
              "MEMORY_SAFETY_BUG",
              "Unable to handle kernel ",
              "^Unable to handle kernel (?:paging request|access to user memory|execute from"
                  + " non-executable memory|read from unreadable memory|write to read-only memory)",
              "BUG: unable to handle kernel paging request in {func}",
              Guilty.STACK),
          // arch/arm64/kernel/traps.c die(): "Internal error: Oops: 96000005 [#1] SMP".
          joinsPrevious(
              row(
                  "internal-error",
                  "DoS",
                  "Internal error: ",
                  "^Internal error: ",
                  "Internal error in {func}",
                  Guilty.STACK)),
          // arch/arm/mm/fault.c and alignment.c.
          row(
              "unhandled-fault",
              "DoS",
              "Unhandled fault: ",
              "^Unhandled fault: ",
              "Unhandled fault in {func}",
              Guilty.STACK),
          // arch/arm/mm/alignment.c do_alignment: "Alignment trap"
          row(
              "alignment-trap",
              "DoS",
              "Alignment trap: ",
              "^Alignment trap: ",
              "Alignment trap in {func}",
              Guilty.STACK),
          // arch/arm64/kernel/traps.c handle_bad_stack(): the exception found no stack left.
          row(
              "stack-overflow",
              "MEMORY_SAFETY_BUG",
              "Insufficient stack space",
              "^Insufficient stack space to handle exception!",
              "kernel stack overflow in {func}",
              Guilty.STALL),
          // arch/powerpc/kernel/traps.c kernel_stack_overflow().
          row(
              "stack-overflow",
              "MEMORY_SAFETY_BUG",
              "Kernel stack overflow in process ",
              "^Kernel stack overflow in process ",
              "kernel stack overflow in {func}",
              Guilty.STALL),
          // arch/arm64/kernel/traps.c arm64_serror_panic(): an asynchronous external abort.
          row(
              "serror",
              "HARDWARE",
              "SError Interrupt on CPU",
              "^SError Interrupt on CPU\\d+, code ",
              "SError Interrupt",
              Guilty.NONE),
          // arch/arm64/kernel/traps.c bad_mode() (<= 5.x) and entry-common.c __panic_unhandled():
          // an exception the kernel has no handler for.
          row(
              "bad-mode",
              "DoS",
              "Bad mode in ",
              "^Bad mode in (?<handler>.+?) handler detected",
              "Bad mode in {handler} handler",
              Guilty.NONE),
          // arch/arm64/kernel/traps.c bad_mode / arm64_serror_panic: "Unhandled ... exception on
          // CPU"
          row(
              "bad-mode",
              "DoS",
              "Unhandled ",
              "^Unhandled (?<what>.+?) exception on CPU\\d+, ESR ",
              "Unhandled {what} exception",
              Guilty.NONE),
          // arch/s390/mm/fault.c do_no_context(): a kernel access outside any mapping.
          row(
              "page-fault",
              "MEMORY_SAFETY_BUG",
              "Unable to handle kernel pointer dereference",
              "^Unable to handle kernel pointer dereference in virtual kernel address space",
              "BUG: unable to handle kernel paging request in {func}",
              Guilty.STACK),
          // arch/x86/mm/fault.c pgtable_bad(): "comm: Corrupted page table at address 7f..",
          // then die("Bad pagetable").
          row(
              "bad-pagetable",
              "MEMORY_SAFETY_BUG",
              "Corrupted page table at address ",
              "^Corrupted page table at address ",
              "Bad pagetable in {func}",
              Guilty.STACK),
          // kernel/irq/spurious.c __report_bad_irq(): an interrupt no handler claimed, 99,900 of
          // 100,000 times; the IRQ is disabled, the device behind it stops working.
          row(
              "irq-nobody-cared",
              "HARDWARE",
              "irq ",
              "^irq \\d+: nobody cared",
              "irq: nobody cared",
              Guilty.NONE),
          // kernel/watchdog_hld.c: a CPU stuck with interrupts off.
          row(
              "hard-lockup",
              "HANG",
              "Watchdog detected hard LOCKUP",
              "^Watchdog detected hard LOCKUP",
              "hard LOCKUP in {func}",
              Guilty.STALL),
          // arch/x86/kernel/cpu/mce: machine check exceptions reported as fatal.
          row(
              "machine-check",
              "HARDWARE",
              "mce: ",
              // __print_mce() "CPU 1: Machine Check Exception: ..." and mce_panic() "Machine check:
              // <severity>", both HW_ERR prefixed.
              "^mce: \\[Hardware Error\\]: (?:(?:CPU \\d+: )?Machine Check(?: Exception)?:|Machine"
                  + " check: )",
              "machine check",
              Guilty.NONE),
          // mm/oom_kill.c: the OOM killer chose a victim (a crash in its own right in a kdump log).
          row(
              "out-of-memory",
              "OOM",
              "Out of memory",
              "^Out of memory(?: \\(oom_kill_allocating_task\\))?: Kill(?:ed)? process",
              "out of memory",
              Guilty.NONE),
          // generic x86 oops line printed first by some configs ("Oops: 0000 [#1] SMP").
          joinsPrevious(
              row(
                  "oops",
                  "DoS",
                  "Oops",
                  // x86/arm "Oops: 0000 [#1]", powerpc "Oops: Kernel access of bad area, sig: 11
                  // [#1]", s390 "Oops: 0004 ilc:3 [#1]", riscv "Oops [#1]".
                  "^Oops(?: - |: (?:[0-9a-f]+ )?\\[#|: [^\\[]*, sig: \\d+ \\[#|: [0-9a-f]{4} ilc:\\d \\[#| \\[#)",
                  "Oops in {func}",
                  Guilty.STACK)),
          // A fresh boot banner in the middle of a console log: the machine rebooted without a
          // report.
          row(
              "unexpected-reboot",
              "REBOOT",
              "Booting the kernel",
              "^Booting the kernel",
              "unexpected kernel reboot",
              Guilty.NONE),
          // syzkaller's own fatal errors in console logs.
          row(
              "syz-failure",
              "SYZ_FAILURE",
              "SYZFATAL: ",
              "^SYZFATAL: (?<what>.*?)\\s*$",
              "SYZFATAL: {what}",
              Guilty.NONE),
          // A Go program (test harness, agent) died on the console: "fatal error: out of memory".
          row(
              "go-runtime-error",
              "DoS",
              "fatal error: ",
              "^fatal error: (?:runtime: |out of memory|concurrent map|all goroutines)",
              "go runtime error",
              Guilty.NONE),
          // not the kernel: a Go program's runtime panic (syzkaller's executor) printed on the
          // console
          row(
              "go-runtime-error",
              "DoS",
              "panic: ",
              "^panic: runtime error: ",
              "go runtime error",
              Guilty.NONE),
          // syzkaller executor failures.
          row(
              "syz-failure",
              "SYZ_FAILURE",
              "SYZFAIL: ",
              "^SYZFAIL: (?<what>.*?)\\s*$",
              "SYZFAIL: {what}",
              Guilty.NONE));

  /** Subsystem prefixes printed before a header on the same line ("watchdog: BUG: soft lockup"). */
  private static final List<byte[]> SUB_PREFIXES =
      bytes(
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

  private static List<byte[]> bytes(String... s) {
    List<byte[]> out = new ArrayList<>();
    for (String x : s) {
      out.add(x.getBytes(StandardCharsets.US_ASCII));
    }
    return List.copyOf(out);
  }

  /** Distinct triggers and sub-prefixes indexed by their first byte, for the byte prefilter. */
  private static final byte[][][] BY_FIRST_BYTE = new byte[256][][];

  private static final boolean[] FIRST_BYTE = new boolean[256];

  /**
   * First four bytes of every trigger/sub-prefix of that length or more, as little-endian ints in
   * an open-addressing table (0: empty slot; no literal starts with NULs).
   */
  private static final int[] FIRST_FOUR = new int[256];

  /** First two bytes of the literals shorter than four bytes ("[ "). */
  private static final boolean[] SHORT_LITERAL_TWO = new boolean[1 << 16];

  private static void addFour(int key) {
    int h = (key * 0x9E3779B9) >>> 24;
    while (FIRST_FOUR[h] != 0 && FIRST_FOUR[h] != key) {
      h = (h + 1) & 255;
    }
    FIRST_FOUR[h] = key;
  }

  /** Whether some trigger or sub-prefix may start at {@code d[p]}: its first four bytes agree. */
  static boolean literalMayStartAt(byte[] d, int p) {
    if (SHORT_LITERAL_TWO[(d[p] & 0xff) << 8 | (d[p + 1] & 0xff)]) {
      return true;
    }
    int key = LogLines.intAt(d, p);
    int h = (key * 0x9E3779B9) >>> 24;
    while (true) {
      int k = FIRST_FOUR[h];
      if (k == key) {
        return true;
      }
      if (k == 0) {
        return false;
      }
      h = (h + 1) & 255;
    }
  }

  /** First two bytes of every trigger/sub-prefix, indexed {@code b0 << 8 | b1}. */
  private static final boolean[] FIRST_TWO = new boolean[1 << 16];

  static {
    List<List<byte[]>> buckets = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      buckets.add(new ArrayList<>());
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    List<String> literals = new ArrayList<>();
    for (CrashClass c : ALL) {
      literals.add(c.trigger());
    }
    for (byte[] p : SUB_PREFIXES) {
      literals.add(new String(p, StandardCharsets.US_ASCII));
    }
    for (String lit : literals) {
      if (seen.add(lit)) {
        byte[] b = lit.getBytes(StandardCharsets.US_ASCII);
        buckets.get(b[0] & 0xff).add(b);
        FIRST_BYTE[b[0] & 0xff] = true;
        FIRST_TWO[(b[0] & 0xff) << 8 | (b[1] & 0xff)] = true;
        if (b.length >= 4) {
          addFour(LogLines.intAt(b, 0));
        } else {
          SHORT_LITERAL_TWO[(b[0] & 0xff) << 8 | (b[1] & 0xff)] = true;
        }
      }
    }
    for (int i = 0; i < 256; i++) {
      BY_FIRST_BYTE[i] = buckets.get(i).toArray(new byte[0][]);
    }
  }

  private static boolean triggerAt(LogLines lines, int p, int e) {
    byte[] d = lines.data();
    if (e - p < 2 || !FIRST_TWO[(d[p] & 0xff) << 8 | (d[p + 1] & 0xff)]) {
      return false;
    }
    for (byte[] t : BY_FIRST_BYTE[d[p] & 0xff]) {
      if (lines.regionMatches(p, e, t)) {
        return true;
      }
    }
    return false;
  }

  /** A header found on a line: the class and the match (for the title's named groups). */
  record Hit(CrashClass crashClass, Matcher match, int offset) {}

  /**
   * Cheap byte test run on every line: could the message start a report? Only lines passing it are
   * decoded and matched against the regexes.
   */
  static boolean mayBeHeader(LogLines lines, int line) {
    int p = lines.start(line);
    int e = lines.end(line);
    if (p >= e) {
      return false;
    }
    return FIRST_BYTE[lines.data()[p] & 0xff] && triggerAt(lines, p, e);
  }

  /**
   * A superset of {@link #mayBeHeader} for the sieve run on every line: one table lookup on the
   * message's first two bytes, no branch on the first byte alone (which varies line by line).
   */
  static boolean mayStartHeader(LogLines lines, int line) {
    int p = lines.start(line);
    byte[] d = lines.data();
    return lines.end(line) - p >= 2 && FIRST_TWO[(d[p] & 0xff) << 8 | (d[p + 1] & 0xff)];
  }

  /**
   * First half of a superset of {@link ReportLocator#mayHoldHeader} for a line that had a plain
   * timestamp, computed before the line's end is known (the CPU overlaps it with the newline
   * search): {@code p} is where the message starts, 40 bytes from it are readable, {@code pairs} is
   * {@link LogLines#colonSpacePairs} at {@code p}. Returns the offset of the first separator (32:
   * none) | {@link #SIEVE_AFTER} when a header or '[' may follow it | {@link #SIEVE_START} when a
   * header may start the message. Table lookups, no branch on what the message says.
   */
  static int plainSieveBits(byte[] d, int p, int pairs) {
    boolean start = FIRST_TWO[(d[p] & 0xff) << 8 | (d[p + 1] & 0xff)];
    int first = Integer.numberOfTrailingZeros(pairs & ~1);
    int q = p + first + 2;
    // More spaces after the separator: whatever follows is for the exact test.
    boolean after = AFTER_SEPARATOR[(d[q] & 0xff) << 8 | (d[q + 1] & 0xff)] | d[q] == ' ';
    return first | (after ? SIEVE_AFTER : 0) | (start ? SIEVE_START : 0);
  }

  static final int SIEVE_AFTER = 64;
  static final int SIEVE_START = 128;

  /**
   * Second half: whether the line {@code [p, e)} may hold a header given {@link #plainSieveBits}.
   * The separator counts only inside the window, with its space before the line's end. Where the
   * two-byte tables agree, the first four bytes are checked too ("usb 1-1" against "usercopy: ",
   * "[mem" against a decoration): a line let through costs the exact test.
   */
  static boolean plainSieveVerdict(byte[] d, int bits, int p, int e) {
    int win = Math.min(e - p, MID_LINE_WINDOW);
    boolean mid = (bits & SIEVE_AFTER) != 0 & (bits & 63) <= win - 2;
    boolean start = (bits & SIEVE_START) != 0;
    if (!(start | mid)) {
      return false;
    }
    return (start && literalMayStartAt(d, p))
        || (mid && mayMatterAfterSeparator(d, p + (bits & 63) + 2));
  }

  /**
   * Whether what follows a separator at {@code q} may be a header, or a decoration {@link
   * LogLines#skipDecorationsAt} may skip, or more spaces.
   */
  private static boolean mayMatterAfterSeparator(byte[] d, int q) {
    byte b = d[q];
    if (b == ' ') {
      return true;
    }
    if (b == '[') {
      byte n = d[q + 1];
      return n == ' ' || n == 'T' || n == 'C' || (n >= '0' && n <= '9') || d[q + 6] == '.';
    }
    return literalMayStartAt(d, q);
  }

  /** How far into a line a header may start after other text ("syzkaller login: BUG: ..."). */
  private static final int MID_LINE_WINDOW = 32;

  /**
   * The offset in the line's message where a header may start after a separator (": ", "] ", "**
   * "), or -1. Console output is not line-atomic: a login prompt, a device prefix ("usb 5-1: ") or
   * a dropped-messages note can precede a header on the same line.
   */
  static int midLineHeader(LogLines lines, int line) {
    int q = midLineSeparator(lines, line);
    if (q < 0) {
      return -1;
    }
    int end = lines.end(line);
    byte[] d = lines.data();
    if (q < end && d[q] == '[') {
      q = lines.skipDecorationsAt(line, q);
    }
    if (q < end && FIRST_BYTE[d[q] & 0xff] && d[q] != '[' && triggerAt(lines, q, end)) {
      return q - lines.start(line);
    }
    return -1;
  }

  /**
   * Whether {@link #midLineHeader} may find a header on the line, or would look at decorations
   * after its separator (which records the caller id it finds there): a byte test without side
   * effects, run on every line while it is split. A superset of {@link #midLineHeader}: it takes
   * the first ": " in the same window, without the 40-byte limit on the raw line's first colon.
   */
  static boolean mayHaveMidLineHeader(LogLines lines, int line) {
    int p = lines.start(line);
    byte[] d = lines.data();
    if (p + MID_LINE_WINDOW + 1 > d.length) {
      // The last bytes of the buffer: too few for the word-wise test.
      return midLineCandidateAt(lines, line, midLineSeparator(lines, line));
    }
    return mayHaveMidLineHeader(lines, line, LogLines.colonSpacePairs(d, p));
  }

  /**
   * {@link #mayHaveMidLineHeader} given {@link LogLines#colonSpacePairs} at the message start. Bit
   * k of {@code pairs}: a ':' at start+k followed by ' '; only k in [1, window-2] count (the
   * separator's space inside the window). Word-wise and without branches: which noise line has a
   * separator where is random, and a mispredicted branch per line costs more than the whole test.
   */
  static boolean mayHaveMidLineHeader(LogLines lines, int line, int pairs) {
    int p = lines.start(line);
    int end = lines.end(line);
    int win = Math.min(end - p, MID_LINE_WINDOW);
    if (win < 3) {
      return false;
    }
    int inWindow = pairs & ((int) ((1L << (win - 1)) - 1) & ~1);
    if (inWindow == 0) {
      return false;
    }
    byte[] d = lines.data();
    int q = p + Integer.numberOfTrailingZeros(inWindow) + 2;
    while (q < end && d[q] == ' ') {
      q++;
    }
    if (q + 1 >= end) {
      return midLineCandidateAt(lines, line, q);
    }
    // One lookup on the two bytes after the separator rather than a branch on the first: what
    // follows "usb 1-1: " or "ACPI: " varies line by line.
    return AFTER_SEPARATOR[(d[q] & 0xff) << 8 | (d[q + 1] & 0xff)]
        && midLineCandidateAt(lines, line, q);
  }

  /** The first two bytes of every trigger/sub-prefix, and '[' with any byte after it. */
  private static final boolean[] AFTER_SEPARATOR = FIRST_TWO.clone();

  static {
    for (int b = 0; b < 256; b++) {
      AFTER_SEPARATOR['[' << 8 | b] = true;
    }
  }

  private static boolean midLineCandidateAt(LogLines lines, int line, int q) {
    int end = lines.end(line);
    byte[] d = lines.data();
    if (q < 0 || q >= end) {
      return false;
    }
    if (d[q] == '[') {
      // "pci 0000:00:1f.2: [8086:2922] type 00", "sd 0:0:0:0: [sda]": what midLineHeader decides
      // after the decorations it skips, unless it would change the caller id on the way.
      int r = lines.decorationsEndWithoutEffects(line, q);
      if (r < 0) {
        return true;
      }
      q = r;
      if (q >= end || d[q] == '[') {
        return false;
      }
    }
    return FIRST_BYTE[d[q] & 0xff] && triggerAt(lines, q, end);
  }

  /**
   * The first byte after the first ": " separator within {@link #MID_LINE_WINDOW} bytes of the
   * message (and the spaces after it), or -1. Only the first separator counts: what follows a
   * prompt or a device name.
   */
  private static int midLineSeparator(LogLines lines, int line) {
    int p = lines.start(line);
    int end = lines.end(line);
    int e = Math.min(end, p + MID_LINE_WINDOW);
    byte[] d = lines.data();
    int first = lines.firstColon(line);
    if (first < 0 || first >= e - 1) {
      return -1;
    }
    int i = first > p ? first : p + 1;
    while (i < e - 2) {
      int colon = i == first ? first : LogLines.indexOfByte(d, i, e - 1, (byte) ':');
      if (colon < 0) {
        return -1;
      }
      if (d[colon + 1] != ' ') {
        // "pci 0000:00:01.1: " - a colon inside a word is no separator.
        i = colon + 1;
        continue;
      }
      int q = colon + 2;
      while (q < end && d[q] == ' ') {
        q++;
      }
      return q;
    }
    return -1;
  }

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
      for (String sub : SUB_PREFIX_TEXT) {
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

  static final List<String> SUB_PREFIX_TEXT;

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
    List<String> subs = new ArrayList<>();
    for (byte[] b : SUB_PREFIXES) {
      subs.add(new String(b, StandardCharsets.US_ASCII));
    }
    SUB_PREFIX_TEXT = List.copyOf(subs);
  }
}
