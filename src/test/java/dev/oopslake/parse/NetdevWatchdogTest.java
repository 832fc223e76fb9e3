package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A transmit-queue timeout (net/sched/sch_generic.c dev_watchdog()) is titled and ranked by the
 * driver its text names, whichever side of the WARNING line the kernel printed the text on: the
 * stack is the timer's and the same for every driver. Hand-written logs in the 3.10 and 4.18 forms.
 */
class NetdevWatchdogTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  private static final String[] STACK = {
    "[123456.000006] Call Trace:",
    "[123456.000008]  <IRQ>",
    "[123456.000010]  call_timer_fn+0x2d/0x130",
    "[123456.000011]  run_timer_softirq+0x1d8/0x410",
    "[123456.000012]  __do_softirq+0xd7/0x2c8",
    "[123456.000015]  </IRQ>",
    "[123456.000016] ---[ end trace 1234567890abcdef ]---",
  };

  private static Report parse(String... head) {
    String log = String.join("\n", head) + "\n" + String.join("\n", STACK) + "\n";
    ParsedFile parsed = PARSER.parse(log.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    assertThat(parsed.reports()).as("text and WARNING line are one report").hasSize(1);
    return parsed.reports().get(0);
  }

  @Test
  void theTextBeforeTheWarningLineNamesTheDriver() {
    Report r =
        parse(
            "[123456.000000] ------------[ cut here ]------------",
            "[123456.000001] NETDEV WATCHDOG: ens1f0 (ixgbe): transmit queue 5 timed out",
            "[123456.000002] WARNING: CPU: 14 PID: 0 at net/sched/sch_generic.c:447"
                + " dev_watchdog+0x248/0x260",
            "[123456.000003] Modules linked in: ixgbe mdio dca xfs",
            "[123456.000004] CPU: 14 PID: 0 Comm: swapper/14 Kdump: loaded Not tainted"
                + " 4.18.0-372.9.1.el8.x86_64 #1",
            "[123456.000005] RIP: 0010:dev_watchdog+0x248/0x260");
    assertThat(r.crashClass()).isEqualTo("netdev-tx-timeout");
    assertThat(r.title()).isEqualTo("NETDEV WATCHDOG: ixgbe: transmit queue timed out");
    assertThat(r.guiltyModule()).isEqualTo("ixgbe");
    assertThat(r.comm()).isEqualTo("swapper/14");
  }

  @Test
  void theTextAfterAnOldWarningLineNamesTheDriverToo() {
    Report r =
        parse(
            "[123456.000000] ------------[ cut here ]------------",
            "[123456.000001] WARNING: at net/sched/sch_generic.c:264 dev_watchdog+0x270/0x280()",
            "[123456.000002] NETDEV WATCHDOG: eth0 (e1000e): transmit queue 0 timed out",
            "[123456.000003] Modules linked in: e1000e",
            "[123456.000004] CPU: 2 PID: 0 Comm: swapper/2 Not tainted 3.10.0-1160.el7.x86_64 #1");
    assertThat(r.title()).isEqualTo("NETDEV WATCHDOG: e1000e: transmit queue timed out");
    assertThat(r.guiltyModule()).isEqualTo("e1000e");
    assertThat(r.kernel().release()).isEqualTo("3.10.0-1160.el7.x86_64");
  }

  @Test
  void anyOtherWarningLineStaysAWarningInItsFunction() {
    Report r =
        parse(
            "[123456.000001] WARNING: at drivers/gizmo/gizmo.c:10 gizmo_poll+0x1/0x2()",
            "[123456.000002] gizmo: queue 3 stalled",
            "[123456.000004] CPU: 2 PID: 0 Comm: swapper/2 Not tainted 3.10.0-1160.el7.x86_64 #1");
    assertThat(r.crashClass()).isEqualTo("warning");
    assertThat(r.title()).isEqualTo("WARNING in gizmo_poll");
  }
}
