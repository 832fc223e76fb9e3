package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A panic of the Trusty secure OS, copied into the kernel's log by Android's trusty-log driver,
 * names the report; the kernel's WARNING that trusty crashed comes after it. Hand-written logs in
 * the driver's and LK's print formats.
 */
class TrustyPanicTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  private static final String[] AFTER = {
    "[  512.000100] trusty: HALT: (reason = 9)",
    "[  512.000200] trusty crashed[  512.000300] ------------[ cut here ]------------",
    "[  512.000400] WARNING: CPU: 1 PID: 5 at drivers/trusty/trusty.c:215"
        + " trusty_std_call32+0x220/0x240",
    "[  512.000500] Modules linked in:",
    "[  512.000600] CPU: 1 PID: 5 Comm: kworker/1:0 Not tainted 5.10.66-android12-9 #1",
    "[  512.000700] Workqueue: trusty-nop-wq nop_work_func",
    "[  512.000800] Call trace:",
    "[  512.000900]  trusty_std_call32+0x220/0x240",
    "[  512.001000]  nop_work_func+0x90/0x130",
    "[  512.001100]  process_one_work+0x1d4/0x480",
    "[  512.001200]  worker_thread+0x60/0x4a0",
    "[  512.001300]  kthread+0x148/0x160",
    "[  512.001400] ---[ end trace 0123456789abcdef ]---",
  };

  private static Report primary(String panicLine) {
    String log =
        "[  511.990000] trusty: gatekeeper: 88: session opened\n"
            + panicLine
            + "\n"
            + String.join("\n", AFTER)
            + "\n";
    ParsedFile parsed = PARSER.parse(log.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    return parsed.reports().stream().filter(Report::primary).findFirst().orElseThrow();
  }

  @Test
  void anAssertionNamesItsCondition() {
    Report r =
        primary(
            "[  512.000000] trusty: panic (caller 0xffffffffe0001234): ASSERT FAILED at"
                + " (trusty/kernel/lib/sm/sm.c:98): ret == NO_ERROR");
    assertThat(r.crashClass()).isEqualTo("trusty-panic");
    assertThat(r.title()).isEqualTo("trusty: ASSERT FAILED: ret == NO_ERROR");
  }

  @Test
  void aDebugAssertionReadsTheSame() {
    Report r =
        primary(
            "[  512.000000] trusty: panic (caller 0xffffffffe0005678): DEBUG ASSERT FAILED at"
                + " (trusty/kernel/kernel/thread.c:311): thread->magic == THREAD_MAGIC");
    assertThat(r.title()).isEqualTo("trusty: ASSERT FAILED: thread->magic == THREAD_MAGIC");
  }

  @Test
  void anyOtherPanicKeepsItsMessageWithoutNumbers() {
    Report r =
        primary(
            "[  512.000000] trusty: panic (caller 0xffffffffe0009abc): cannot map region 3 of"
                + " app 12 (err -22)");
    assertThat(r.title()).isEqualTo("trusty: panic: cannot map region NUM of app NUM (err -NUM)");
  }

  @Test
  void aRecordGluedIntoTheCallerStillReads() {
    // The console interleaves another record inside the line, as serial consoles do.
    Report r =
        primary(
            "[  512.000000] trusty: panic (caller [  512.000050] trusty: 0xffffffffe0001234):"
                + " ASSERT FAILED at (trusty/kernel/lib/sm/sm.c:98): ret == NO_ERROR");
    assertThat(r.title()).isEqualTo("trusty: ASSERT FAILED: ret == NO_ERROR");
  }

  @Test
  void theSecureOsLogWithoutAPanicIsNoCrashOfItsOwn() {
    String log =
        "[  511.990000] trusty: gatekeeper: 88: session opened\n"
            + "[  511.990100] trusty: app-mgmt: 146: Channel wait failed: 0(4)\n";
    assertThat(PARSER.parse(log.getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(FileOutcome.NO_CRASH);
  }
}
