package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.parse.SkipLists.SkipFamily;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frame-skipping is described by families with a reason each, and every family is tested with
 * frames that no log of the corpus holds, on top of a culprit of an invented driver: the family
 * must be skipped for the kind of code it is, not because a case showed its names. The per-class
 * choice of the stack that names the culprit is tested on hand-written reports of each kind.
 */
class SkipFamiliesTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  /** Families issue 13 asks for, each with frames the corpus does not hold. */
  static final Map<String, List<String>> UNSEEN_FRAMES =
      Map.of(
          "allocator", List.of("kmalloc_trace", "kvmalloc_array", "devm_kzalloc"),
          "string-formatting",
              List.of("string_nocheck", "ip6_string", "format_decode", "kasprintf"),
          "lock-debugging",
              List.of(
                  "print_lock_invalid_wait_context", "check_deadlock", "debug_spin_lock_before"),
          "object-lifetime",
              List.of(
                  "percpu_ref_kill_and_confirm",
                  "atomic_dec_and_mutex_lock",
                  "kref_put_mutex",
                  "put_device",
                  "kobj_kset_leave",
                  "__put_single_page",
                  "free_hot_cold_page"),
          "generic-containers",
              List.of("xa_insert", "xas_store", "idr_alloc_u32", "radix_tree_insert", "klist_del"),
          "report-machinery", List.of("nmi_panic", "vpanic", "handle_break"),
          "usb-core", List.of("usb_interrupt_msg", "usb_control_msg_send"),
          "sanitizer-runtime", List.of("____kasan_slab_free", "___kmsan_warning", "__kfence_free"),
          "warn-wrappers",
              List.of("__net_warn_ratelimit", "dev_vprintk_emit", "assfail", "btrfs_assertfail"));

  @Test
  void everyFamilyHasAReasonAndTheAskedFamiliesExist() {
    Map<String, SkipFamily> byName =
        SkipLists.FAMILIES.stream().collect(Collectors.toMap(SkipFamily::name, f -> f));
    assertThat(byName).as("family names are unique").hasSameSizeAs(SkipLists.FAMILIES);
    assertThat(byName.keySet()).containsAll(UNSEEN_FRAMES.keySet());
    for (SkipFamily f : SkipLists.FAMILIES) {
      assertThat(f.reason()).as("reason of %s", f.name()).hasSizeGreaterThan(40);
    }
    assertThat(SkipLists.PLUMBING)
        .as("plumbing is exactly the families' entries")
        .hasSize(SkipLists.FAMILIES.stream().mapToInt(f -> f.entries().size()).sum());
  }

  static Stream<Object[]> unseenFrames() {
    List<Object[]> out = new ArrayList<>();
    UNSEEN_FRAMES.forEach(
        (family, frames) -> frames.forEach(f -> out.add(new Object[] {family, f})));
    return out.stream();
  }

  /** The families that claim {@code function} (a frame may be of two kinds: kref_put_mutex). */
  private static List<String> familiesOf(String function) {
    List<String> out = new ArrayList<>();
    for (SkipFamily f : SkipLists.FAMILIES) {
      if (SkipLists.compile(f.entries()).matchesStart(function)) {
        out.add(f.name());
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("unseenFrames")
  void aFamilyFrameOnTopOfADriverLeavesTheDriverGuilty(String family, String frame) {
    assertThat(familiesOf(frame)).as("families claiming %s", frame).contains(family);
    assertThat(familiesOf("quuxdrv_submit"))
        .as("the invented driver is nobody's plumbing")
        .isEmpty();
    String log =
        String.join(
            "\n",
            "[   12.000001] BUG: unable to handle page fault for address: ffffc90001234567",
            "[   12.000002] #PF: supervisor read access in kernel mode",
            "[   12.000003] Oops: 0000 [#1] PREEMPT SMP",
            "[   12.000004] CPU: 1 PID: 4242 Comm: quuxd Not tainted 6.6.0 #1",
            "[   12.000005] RIP: 0010:" + frame + "+0x1d/0x40",
            "[   12.000006] Call Trace:",
            "[   12.000007]  <TASK>",
            "[   12.000008]  " + frame + "+0x1d/0x40",
            "[   12.000009]  quuxdrv_submit+0x52/0xc0 [quuxdrv]",
            "[   12.000010]  quuxdrv_ioctl+0x3a1/0x8d0 [quuxdrv]",
            "[   12.000011]  __x64_sys_ioctl+0x8e/0xd0",
            "[   12.000012]  do_syscall_64+0x3b/0x90",
            "[   12.000013]  </TASK>",
            "");
    Report r = primary(log);
    assertThat(r.guiltyFrame())
        .as("guilty over %s (%s)", frame, family)
        .isEqualTo("quuxdrv_submit");
  }

  private static Report primary(String log) {
    ParsedFile parsed = PARSER.parse(log.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    return parsed.reports().stream().filter(Report::primary).findFirst().orElseThrow();
  }

  @Test
  void aLeakNamesTheFunctionThatAllocatedInTheAllocationStack() {
    Report r =
        primary(
            String.join(
                "\n",
                "[  300.000001] kmemleak: unreferenced object 0xffff888012345678 (size 64):",
                "[  300.000002] kmemleak:   comm \"quuxd\", pid 4242, jiffies 4294937521",
                "[  300.000003] kmemleak:   hex dump (first 32 bytes):",
                "[  300.000004] kmemleak:     00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
                "[  300.000005] kmemleak:   backtrace (crc 5a3c1f00):",
                "[  300.000006] kmemleak:     [<ffffffff81234567>] kmemleak_alloc+0x4a/0x80",
                "[  300.000007] kmemleak:     [<ffffffff81234568>] kmalloc_trace+0x26/0x90",
                "[  300.000008] kmemleak:     [<ffffffff81234569>] quuxdrv_alloc_ctx+0x1d/0x40",
                "[  300.000009] kmemleak:     [<ffffffff8123456a>] quuxdrv_open+0x52/0xc0",
                ""));
    assertThat(r.crashClass()).isEqualTo("memory-leak");
    assertThat(r.title()).isEqualTo("memory leak in quuxdrv_alloc_ctx");
  }

  @Test
  void kasanNamesTheAccessStackNotTheAllocationOrFreeStacks() {
    Report r =
        primary(
            String.join(
                "\n",
                "[   50.000001] BUG: KASAN: slab-use-after-free in string_nocheck+0x1d/0x40",
                "[   50.000002] Read of size 1 at addr ffff888012345678 by task quuxd/4242",
                "[   50.000003] CPU: 1 PID: 4242 Comm: quuxd Not tainted 6.6.0 #1",
                "[   50.000004] Call Trace:",
                "[   50.000005]  <TASK>",
                "[   50.000006]  dump_stack_lvl+0x4d/0x66",
                "[   50.000007]  print_report+0xc1/0x5e0",
                "[   50.000008]  kasan_report+0xb9/0xf0",
                "[   50.000009]  string_nocheck+0x1d/0x40",
                "[   50.000010]  format_decode+0x2a/0x80",
                "[   50.000011]  quuxdrv_show_name+0x52/0xc0 [quuxdrv]",
                "[   50.000012]  dev_attr_show+0x3a/0x90",
                "[   50.000013]  </TASK>",
                "[   50.000014] ",
                "[   50.000015] Allocated by task 4000:",
                "[   50.000016]  kasan_save_stack+0x22/0x40",
                "[   50.000017]  kmalloc_trace+0x26/0x90",
                "[   50.000018]  quuxdrv_alloc_ctx+0x1d/0x40 [quuxdrv]",
                "[   50.000019] ",
                "[   50.000020] Freed by task 4001:",
                "[   50.000021]  kasan_save_stack+0x22/0x40",
                "[   50.000022]  kfree+0x8a/0x140",
                "[   50.000023]  quuxdrv_release+0x1d/0x40 [quuxdrv]",
                ""));
    assertThat(r.title()).isEqualTo("KASAN: slab-use-after-free Read in quuxdrv_show_name");
  }

  @Test
  void lockdepNamesTheLockBeingTakenInTheHeldLockChain() {
    Report r =
        primary(
            String.join(
                "\n",
                "[   70.000001] ======================================================",
                "[   70.000002] WARNING: possible circular locking dependency detected",
                "[   70.000003] 6.6.0 #1 Not tainted",
                "[   70.000004] ------------------------------------------------------",
                "[   70.000005] quuxd/4242 is trying to acquire lock:",
                "[   70.000006] ffff888012345678 (&quux->cfg_mutex){+.+.}-{3:3}, at:"
                    + " quuxdrv_reconfigure+0x1d/0x40",
                "[   70.000007] ",
                "[   70.000008] but task is already holding lock:",
                "[   70.000009] ffff888012345600 (&quux->lock){+.+.}-{3:3}, at:"
                    + " quuxdrv_ioctl+0x2a/0x80",
                "[   70.000010] ",
                "[   70.000011] which lock already depends on the new lock.",
                "[   70.000012] ",
                "[   70.000013] the existing dependency chain (in reverse order) is:",
                "[   70.000014] ",
                "[   70.000015] -> #1 (&quux->lock){+.+.}-{3:3}:",
                "[   70.000016]        lock_acquire+0x1d/0x40",
                "[   70.000017]        __mutex_lock+0x1d/0x40",
                "[   70.000018]        quuxdrv_probe+0x10/0x20",
                "[   70.000019] ",
                "[   70.000020] other info that might help us debug this:",
                "[   70.000021] ",
                "[   70.000022] stack backtrace:",
                "[   70.000023] CPU: 0 PID: 4242 Comm: quuxd Not tainted 6.6.0 #1",
                "[   70.000024] Call Trace:",
                "[   70.000025]  <TASK>",
                "[   70.000026]  dump_stack_lvl+0x4d/0x66",
                "[   70.000027]  check_deadlock+0x10/0x20",
                "[   70.000028]  print_lock_invalid_wait_context+0x10/0x20",
                "[   70.000029]  __lock_acquire+0x10/0x20",
                "[   70.000030]  lock_acquire+0x1d/0x40",
                "[   70.000031]  __mutex_lock+0x1d/0x40",
                "[   70.000032]  quuxdrv_reconfigure+0x1d/0x40",
                "[   70.000033]  quuxdrv_ioctl+0x2a/0x80",
                "[   70.000034]  </TASK>",
                ""));
    assertThat(r.title()).isEqualTo("possible deadlock in quuxdrv_reconfigure");
  }

  @Test
  void theCulpritStackIsChosenPerClass() {
    for (CrashClass c : CrashClasses.ALL) {
      CrashClass.CulpritStack expected =
          c.id().startsWith("kasan") || c.id().equals("kmsan") || c.id().equals("kfence")
              ? CrashClass.CulpritStack.ACCESS
              : c.id().equals("memory-leak")
                  ? CrashClass.CulpritStack.ALLOCATION
                  : c.guilty() == Guilty.LOCKDEP ? CrashClass.CulpritStack.HELD_LOCKS : null;
      if (expected != null) {
        assertThat(c.culprit()).as("culprit stack of %s", c.id()).isEqualTo(expected);
      }
    }
  }
}
