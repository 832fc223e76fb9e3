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
}
