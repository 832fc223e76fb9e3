package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A workqueue lockup names the work item that kept the stalled pool busy: the first in-flight work
 * listed under that pool, not under another busy one. Hand-written logs in the form
 * kernel/workqueue.c's watchdog and show_pwq() print.
 */
class WorkqueueLockupTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  private static Report parse(String... lines) {
    ParsedFile parsed =
        PARSER.parse((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    return parsed.reports().get(0);
  }

  @Test
  void theStalledPoolsInFlightWorkIsTheCulprit() {
    Report r =
        parse(
            "[ 3456.000000] BUG: workqueue lockup - pool cpus=3 node=0 flags=0x0 nice=0 stuck for"
                + " 45s!",
            "[ 3456.000001] Showing busy workqueues and worker pools:",
            "[ 3456.000002] workqueue events: flags=0x0",
            "[ 3456.000003]   pwq 2: cpus=1 node=0 flags=0x0 nice=0 active=1/256 refcnt=2",
            "[ 3456.000004]     in-flight: 77:vmstat_update",
            "[ 3456.000005]   pwq 6: cpus=3 node=0 flags=0x0 nice=0 active=2/256 refcnt=3",
            "[ 3456.000006]     in-flight: 1234:gizmo_poll_work [gizmo], 1240:gizmo_tx_work [gizmo]",
            "[ 3456.000007]     pending: vmstat_shepherd");
    assertThat(r.title()).as("the title stays the kernel's").isEqualTo("BUG: workqueue lockup");
    assertThat(r.guiltyFrame()).isEqualTo("gizmo_poll_work");
    assertThat(r.guiltyModule()).isEqualTo("gizmo");
    assertThat(r.corrupted()).isFalse();
  }

  @Test
  void anUnboundPoolAndARescuerAreReadToo() {
    Report r =
        parse(
            "[  900.000000] BUG: workqueue lockup - pool cpus=0-7 flags=0x4 nice=0 stuck for 31s!",
            "[  900.000001] Showing busy workqueues and worker pools:",
            "[  900.000002] workqueue writeback: flags=0x4e",
            "[  900.000003]   pwq 16: cpus=0-7 flags=0x4 nice=0 active=1/256 refcnt=2",
            "[  900.000004]     in-flight: 55(RESCUER):wb_workfn");
    assertThat(r.guiltyFrame()).isEqualTo("wb_workfn");
    assertThat(r.guiltyModule()).isNull();
  }

  @Test
  void noBusyWorkListedMeansNoCulprit() {
    Report r =
        parse(
            "[  900.000000] BUG: workqueue lockup - pool cpus=2 node=0 flags=0x0 nice=0 stuck for"
                + " 31s!",
            "[  900.000001] Showing busy workqueues and worker pools:",
            "[  900.000003]   pwq 4: cpus=1 node=0 flags=0x0 nice=0 active=1/256 refcnt=2",
            "[  900.000004]     in-flight: 9:other_work");
    assertThat(r.guiltyFrame()).as("another pool's work is not this stall's").isNull();
  }
}
