package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A kernel record glued after other text on a console line is found; files without one, and files
 * whose reports were found already, are parsed as they were. Hand-written console captures.
 */
class GluedRecordsTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  /** User-space output without its newline, then the kernel's warning on the same console line. */
  static final String GLUED =
      String.join(
          "\n",
          "[   61.200311] random: crng init done",
          "fuzzer-3: mmap of 0x7f0000000000 failed, retrying[   61.471107] WARNING: CPU: 1 PID: 4021 at"
              + " drivers/misc/gizmo/ring.c:88 gizmo_ring_read+0x5d/0x1a0 [gizmo]",
          "[   61.471114] Modules linked in: gizmo(O)",
          "[   61.471126] CPU: 1 PID: 4021 Comm: fuzzer-3 Tainted: G           O      6.1.0 #1",
          "[   61.471131] RIP: 0010:gizmo_ring_read+0x5d/0x1a0 [gizmo]",
          "[   61.471140] Call Trace:",
          "[   61.471141]  <TASK>",
          "[   61.471145]  gizmo_ioctl+0x21b/0x2f0 [gizmo]",
          "[   61.471150]  __x64_sys_ioctl+0x19d/0x210",
          "[   61.471155]  do_syscall_64+0x3d/0x90",
          "[   61.471160]  entry_SYSCALL_64_after_hwframe+0x63/0xcd",
          "[   61.471165]  </TASK>",
          "[   61.471170] ---[ end trace 0000000000000000 ]---",
          "");

  private static ParsedFile parse(String log) {
    return PARSER.parse(log.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aHeaderGluedAfterUserSpaceOutputIsFound() {
    byte[] d = GLUED.getBytes(StandardCharsets.UTF_8);
    assertThat(ReportLocator.locate(LogLines.split(d, 0, d.length)).spans())
        .as("the line as the console printed it holds no header the locator sees")
        .isEmpty();
    ParsedFile parsed = parse(GLUED);
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    Report r = parsed.reports().get(0);
    assertThat(r.title()).isEqualTo("WARNING in gizmo_ring_read");
    assertThat(r.guiltyModule()).isEqualTo("gizmo");
  }

  @Test
  void onlyTimestampsGluedToOtherTextStartALine() {
    byte[] d =
        ("[    1.000000] boot\ndone[    2.500000] x\nlogin: [    3.000000] y\n"
                + "value[1.2] and[abc] and[ 3.25]\n")
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(new String(GluedRecords.unglued(d, 0, d.length), StandardCharsets.US_ASCII))
        .as(
            "a line's own timestamp and one after a space stay; [1.2], [abc] and [ 3.25] are no"
                + " printk timestamps")
        .isEqualTo(
            "[    1.000000] boot\ndone\n[    2.500000] x\nlogin: [    3.000000] y\n"
                + "value[1.2] and[abc] and[ 3.25]\n");
    byte[] plain = "[    1.000000] a\n[    2.000000] b\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(GluedRecords.unglued(plain, 0, plain.length)).isNull();
  }

  @Test
  void aFileWithoutAGluedHeaderIsStillNoCrash() {
    assertThat(parse("[    1.000000] boot\nuser text[    2.500000] eth0: link up\n").status())
        .isEqualTo(FileOutcome.NO_CRASH);
  }
}
