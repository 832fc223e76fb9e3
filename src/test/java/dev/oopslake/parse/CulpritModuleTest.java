package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.decode.Diagnosis;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The parser hands the diagnosis rules each frame's module, so a crash whose guilty frame is in the
 * core kernel still names the out-of-tree module that called into it.
 */
class CulpritModuleTest {
  static final String LOG =
      """
      [ 812.000100] WARNING: CPU: 2 PID: 0 at net/sched/sch_generic.c:525 dev_watchdog+0x25d/0x270
      [ 812.000200] Modules linked in: acme_nic(OE) xfs libcrc32c sd_mod
      [ 812.000300] CPU: 2 PID: 0 Comm: swapper/2 Tainted: G           OE      6.1.0-18-amd64 #1 Debian 6.1.76-1
      [ 812.000400] Hardware name: Dell Inc. PowerEdge R640/0W23H8, BIOS 2.17.1 11/15/2022
      [ 812.000500] RIP: 0010:dev_watchdog+0x25d/0x270
      [ 812.000600] Call Trace:
      [ 812.000700]  <IRQ>
      [ 812.000800]  dev_watchdog+0x25d/0x270
      [ 812.000900]  acme_tx_timeout_timer+0x41/0x90 [acme_nic]
      [ 812.001000]  call_timer_fn+0x27/0x130
      [ 812.001100]  __run_timers+0x220/0x2c0
      [ 812.001200]  </IRQ>
      [ 812.001300] ---[ end trace 0000000000000000 ]---
      """;

  @Test
  void outOfTreeCallerIsNamedThoughTheGuiltyFrameIsCore() {
    Report r =
        CrashParser.withDefaults().parse(LOG.getBytes(StandardCharsets.UTF_8)).reports().get(0);
    assertThat(r.guiltyModule()).as("guilty frame dev_watchdog is core kernel").isNullOrEmpty();
    assertThat(r.diagnoses())
        .extracting(Diagnosis::id)
        .as("the out-of-tree module in the stack is the culprit")
        .contains("out-of-tree-module");
    assertThat(r.diagnoses().stream().filter(d -> d.id().equals("out-of-tree-module")).findFirst())
        .get()
        .extracting(Diagnosis::text)
        .asString()
        .contains("acme_nic");
  }
}
