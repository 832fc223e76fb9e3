package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The task, CPU, taint and release of a report come from dump_stack's task line in each form the
 * kernel printed it, including the "Kdump: loaded" that every kernel writing a vmcore-dmesg.txt
 * prints when its crash kernel is loaded. Hand-written lines.
 */
class TaskLineTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "RHEL 7 with kdump|CPU: 11 PID: 28712 Comm: java Kdump: loaded Not tainted"
            + " 3.10.0-1160.45.1.el7.x86_64 #1|java|28712|11|3.10.0-1160.45.1.el7.x86_64|",
        "RHEL 9 tainted with kdump|CPU: 3 PID: 812 Comm: kworker/3:1 Kdump: loaded Tainted: G"
            + "            E     5.14.0-70.el9.ppc64le #1|kworker/3:1|812|3|5.14.0-70.el9.ppc64le|E",
        "6.x with a uid and kdump|CPU: 0 UID: 0 PID: 1 Comm: systemd Kdump: loaded Not tainted"
            + " 6.12.0-55.el10.x86_64 #1 PREEMPT(voluntary)|systemd|1|0|6.12.0-55.el10.x86_64|",
        "no crash kernel, a name with spaces|CPU: 2 PID: 77 Comm: my worker Not tainted 5.10.0"
            + " #1|my worker|77|2|5.10.0|",
        "2.6 x86 with kdump|Pid: 5, comm: kthreadd Kdump: loaded Not tainted"
            + " 2.6.32-754.el6.x86_64 #1|kthreadd|5||2.6.32-754.el6.x86_64|",
      })
  void theTaskLineNamesTaskCpuReleaseAndTaint(
      String form, String line, String comm, int pid, Integer cpu, String release, String taint) {
    String log =
        String.join(
            "\n",
            "[  100.000000] WARNING: CPU: 1 PID: 1 at drivers/gizmo/gizmo.c:10 gizmo_poll+0x1/0x2",
            "[  100.000001] " + line,
            "[  100.000002] Call Trace:",
            "[  100.000003]  gizmo_poll+0x1/0x2",
            "[  100.000004]  gizmo_thread+0x10/0x20",
            "");
    ParsedFile parsed = PARSER.parse(log.getBytes(StandardCharsets.UTF_8));
    Report r = parsed.reports().get(0);
    assertThat(r.comm()).as(form).isEqualTo(comm);
    assertThat(r.pid()).isEqualTo(pid);
    assertThat(r.kernel().release()).isEqualTo(release);
    assertThat(r.taint().letters()).isEqualTo(taint == null ? "" : taint);
    if (cpu != null) {
      assertThat(r.cpu()).isEqualTo(cpu);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "3.10, running|kworker/3:1     R  running task        0   145      2 0x00000008|kworker/3:1|145",
        "4.x, sleeping, a name with a space|my worker       S ffff8801d3a0c000     0  2211   "
            + "   2 0x80000000|my worker|2211",
        "5.8+|task:kworker/3:1     state:R  running task     stack:    0 pid:  145 ppid:     2"
            + " flags:0x00004008|kworker/3:1|145",
        "6.x|task:kworker/3:1 state:R running task stack:0 pid:145 tgid:145 ppid:2"
            + " flags:0x00004008|kworker/3:1|145",
      })
  void anRcuStallsTaskDumpNamesTheTask(String form, String taskLine, String comm, int pid) {
    String log =
        String.join(
            "\n",
            "[ 5000.000000] Linux version 3.10.0-1160.el7.x86_64 (mockbuild@x86-vm-26) #1 SMP",
            "[ 9000.000000] INFO: rcu_sched self-detected stall on CPU { 3}  (t=60000 jiffies"
                + " g=123456 c=123455 q=789)",
            "[ 9000.000001] Task dump for CPU 3:",
            "[ 9000.000002] " + taskLine,
            "[ 9000.000003] Call Trace:",
            "[ 9000.000004]  <IRQ>  [<ffffffff810c7b58>] sched_show_task+0xa8/0x110",
            "[ 9000.000005]  [<ffffffff810cb6c9>] dump_cpu_task+0x39/0x70",
            "[ 9000.000006]  [<ffffffff811397f0>] rcu_dump_cpu_stacks+0x90/0xd0",
            "[ 9000.000007]  [<ffffffff8113d092>] rcu_check_callbacks+0x442/0x730",
            "[ 9000.000008]  [<ffffffff81099f86>] update_process_times+0x46/0x80",
            "[ 9000.000009]  [<ffffffff8178d1b2>] apic_timer_interrupt+0x62/0x70",
            "[ 9000.000010]  <EOI>  [<ffffffffc05a1234>] gizmo_poll+0x34/0x80 [gizmo]",
            "[ 9000.000011]  [<ffffffff810a9a6f>] process_one_work+0x17f/0x440",
            "[ 9000.000012]  [<ffffffff810aa9a6>] worker_thread+0x126/0x3c0",
            "[ 9000.000013]  [<ffffffff810b1d41>] kthread+0xd1/0xe0",
            "");
    Report r = PARSER.parse(log.getBytes(StandardCharsets.UTF_8)).reports().get(0);
    assertThat(r.crashClass()).isEqualTo("rcu-stall");
    assertThat(r.title())
        .as("the stalled code's first frame shares the line of 3.10's '<EOI>'")
        .isEqualTo("INFO: rcu detected stall in gizmo_poll");
    assertThat(r.comm()).as(form).isEqualTo(comm);
    assertThat(r.pid()).isEqualTo(pid);
    assertThat(r.cpu()).isEqualTo(3);
    assertThat(r.kernel().release()).isEqualTo("3.10.0-1160.el7.x86_64");
  }
}
