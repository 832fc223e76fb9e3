package dev.oopslake.parse;

import static dev.oopslake.parse.TestLogs.primary;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * x86 die() lines and 3.x forms that no table row covered: the oops is the report, not the panic
 * line printed after it. Hand-written logs with an invented driver.
 */
class DieLinesTest {

  private static final List<String> TRACE =
      List.of(
          "[   10.000003] CPU: 0 PID: 77 Comm: quuxd Not tainted 3.10.0-1160.el7.x86_64 #1",
          "[   10.000004] Call Trace:",
          "[   10.000005]  [<ffffffffc0123456>] quuxdrv_poll+0x1d/0x40 [quuxdrv]",
          "[   10.000006]  [<ffffffff81234567>] kthread+0xcf/0xe0",
          "[   10.000007] Kernel panic - not syncing: Fatal exception");

  private static String[] withTrace(String... head) {
    String[] out = new String[head.length + TRACE.size()];
    System.arraycopy(head, 0, out, 0, head.length);
    for (int i = 0; i < TRACE.size(); i++) {
      out[head.length + i] = TRACE.get(i);
    }
    return out;
  }

  @Test
  void anInt3OopsIsTheReportNotTheFatalExceptionPanic() {
    Report r = primary(withTrace("[   10.000001] int3: 0000 [#1] SMP"));
    assertThat(r.crashClass()).isEqualTo("trap");
    assertThat(r.title()).isEqualTo("int3 in quuxdrv_poll");
  }

  @Test
  void oldDoubleFaultWithoutTheHash() {
    Report r = primary(withTrace("[   10.000001] double fault: 0000 [1] SMP"));
    assertThat(r.crashClass()).isEqualTo("double-fault");
  }

  @Test
  void corruptedPageTableAndItsDieLineAreOneReport() {
    ParsedFile parsed =
        TestLogs.parse(
            withTrace(
                "[   10.000001] quuxd: Corrupted page table at address 7f0012345000",
                "[   10.000002] Bad pagetable: 000d [#1] SMP"));
    assertThat(parsed.reports().get(0).crashClass()).isEqualTo("bad-pagetable");
    assertThat(parsed.reports().get(0).title()).isEqualTo("Bad pagetable in quuxdrv_poll");
    assertThat(parsed.reports().stream().filter(r -> r.crashClass().equals("bad-pagetable")))
        .hasSize(1);
  }

  @Test
  void busyInodesAfterUnmount() {
    Report r =
        primary(
            "[   10.000001] VFS: Busy inodes after unmount of quuxfs. Self-destruct in 5 seconds. "
                + " Have a nice day...");
    assertThat(r.title()).isEqualTo("VFS: Busy inodes after unmount (use-after-free)");
  }

  /** A 5.x+ x86 #DF: the handler's own line, then die()'s header, the #DF stack, the task's. */
  private static final List<String> DOUBLE_FAULT_5X =
      List.of(
          "[ 9120.000100] traps: PANIC: double fault, error_code: 0x0",
          "[ 9120.000110] double fault: 0000 [#1] PREEMPT SMP NOPTI",
          "[ 9120.000120] CPU: 2 PID: 1733 Comm: fio Tainted: G           OE     5.15.0-105-generic"
              + " #115-Ubuntu",
          "[ 9120.000130] RIP: 0010:quux_range_add_impl+0x28/0x9c0 [quuxfs]",
          "[ 9120.000200] Call Trace:",
          "[ 9120.000201]  <#DF>",
          "[ 9120.000202]  ? die+0x2b/0x50",
          "[ 9120.000203]  ? exc_double_fault+0x14b/0x190",
          "[ 9120.000204]  ? asm_exc_double_fault+0x1f/0x30",
          "[ 9120.000205]  ? quux_range_add_impl+0x28/0x9c0 [quuxfs]",
          "[ 9120.000206]  </#DF>",
          "[ 9120.000207]  <TASK>",
          "[ 9120.000208]  quux_range_add+0x11/0x20 [quuxfs]",
          "[ 9120.000209]  quux_free_extent+0x14a/0x2a0 [quuxfs]",
          "[ 9120.000210]  </TASK>",
          "[ 9120.000300] Kernel panic - not syncing: Fatal exception in interrupt");

  @Test
  void aDoubleFaultsDieHeaderJoinsTheHandlersLine() {
    ParsedFile parsed = TestLogs.parse(DOUBLE_FAULT_5X);
    Report r = parsed.reports().get(0);
    assertThat(r.primary()).isTrue();
    assertThat(r.corrupted()).isFalse();
    assertThat(r.title()).isEqualTo("PANIC: double fault in quux_range_add_impl");
    assertThat(r.guiltyModule()).isEqualTo("quuxfs");
    assertThat(parsed.reports())
        .as("the die header is not a report of its own")
        .extracting(Report::crashClass)
        .containsExactly("double-fault", "panic");
  }

  @Test
  void aStackGuardPageDieHeaderJoinsTheBugLine() {
    for (String die :
        List.of("stack guard page: 0000 [#1] SMP", "Oops: stack guard page: 0000 [#1] SMP")) {
      ParsedFile parsed =
          TestLogs.parse(
              "[ 2210.100000] BUG: TASK stack guard page was hit at 00000000cafe0f98"
                  + " (stack is 00000000cafe1000..00000000cafe4fff)",
              "[ 2210.100010] " + die,
              "[ 2210.100020] CPU: 0 PID: 811 Comm: kworker/0:3 Not tainted 6.5.0 #1",
              "[ 2210.100040] RIP: 0010:quux_walk+0x8/0x60 [quuxfs]",
              "[ 2210.100100] Call Trace:",
              "[ 2210.100107]  <TASK>",
              "[ 2210.100111]  quux_walk+0x31/0x60 [quuxfs]",
              "[ 2210.100112]  quux_walk+0x31/0x60 [quuxfs]",
              "[ 2210.100113]  quux_lookup+0x62/0x90 [quuxfs]",
              "[ 2210.100114]  process_one_work+0x1e2/0x3b0",
              "[ 2210.100115]  worker_thread+0x50/0x3a0",
              "[ 2210.100116]  kthread+0xe5/0x120",
              "[ 2210.100117]  ret_from_fork+0x31/0x50",
              "[ 2210.100118]  </TASK>");
      assertThat(parsed.reports()).as(die).hasSize(1);
      assertThat(parsed.reports().get(0).crashClass()).isEqualTo("stack-guard-page");
      assertThat(parsed.reports().get(0).corrupted()).as(die).isFalse();
    }
  }
}
