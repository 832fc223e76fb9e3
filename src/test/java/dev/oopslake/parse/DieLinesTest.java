package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * x86 die() lines and 3.x forms that no table row covered: the oops is the report, not the panic
 * line printed after it. Hand-written logs with an invented driver.
 */
class DieLinesTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  private static Report primary(String... lines) {
    ParsedFile parsed =
        PARSER.parse((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.status()).isEqualTo(FileOutcome.CRASH);
    return parsed.reports().stream().filter(Report::primary).findFirst().orElseThrow();
  }

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
        PARSER.parse(
            (String.join(
                        "\n",
                        withTrace(
                            "[   10.000001] quuxd: Corrupted page table at address 7f0012345000",
                            "[   10.000002] Bad pagetable: 000d [#1] SMP"))
                    + "\n")
                .getBytes(StandardCharsets.UTF_8));
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
}
