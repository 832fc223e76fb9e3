package dev.oopslake.parse;

import static dev.oopslake.parse.TestLogs.primary;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * MIPS, as routers and access points running OpenWrt print it (arch/mips/mm/fault.c and
 * kernel/traps.c): the fault line carries the CPU number in front and the faulting epc/ra after,
 * and die() prints "Oops[#1]:" or "Kernel bug detected[#1]:" with no blank or colon before the
 * count. Hand-written in the forms those sources print.
 */
class MipsReportsTest {

  private static final String[] REGISTERS = {
    "[  456.789020] CPU: 0 PID: 1234 Comm: hostapd Not tainted 4.14.221 #0",
    "[  456.789040] $ 0   : 00000000 00000001 00000000 00000000",
    "[  456.789050] Hi    : 00000000",
    "[  456.789120] PrId  : 00019750 (MIPS 74Kc)",
    "[  456.789130] Modules linked in: gizmo_wifi mac80211 cfg80211",
    "[  456.789140] Process hostapd (pid: 1234, threadinfo=86d20000, task=87c1e000, tls=77e3a4a0)",
    "[  456.789150] Stack : 00000000 00000001 87c1e000 8700c000 00000000 00000000 00000000",
  };

  private static String[] report(String[] head, String... tail) {
    String[] out = new String[head.length + REGISTERS.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(REGISTERS, 0, out, head.length, REGISTERS.length);
    System.arraycopy(tail, 0, out, head.length + REGISTERS.length, tail.length);
    return out;
  }

  @Test
  void aFaultWithTheCpuInFrontIsAPageFaultInTheFaultingDriver() {
    Report r =
        primary(
            report(
                new String[] {
                  "[  456.789000] CPU 0 Unable to handle kernel paging request at virtual address"
                      + " 00000004, epc == 8717a2c4, ra == 8717a2b0",
                  "[  456.789010] Oops[#1]:",
                },
                "[  456.789160] Call Trace:",
                "[  456.789170] [<8717a2c4>] gizmo_tx_tasklet+0x1a4/0x3c0 [gizmo_wifi]",
                "[  456.789180] [<87174e3c>] gizmo_tasklet+0x1fc/0x278 [gizmo_wifi]",
                "[  456.789190] [<8006b1d0>] tasklet_action+0x90/0xe8",
                "[  456.789200] [<804ab9e0>] __do_softirq+0x1a0/0x3a0",
                "[  456.789210] Code: 8e220008  8e230004  02202025 <ac620004> ac430000",
                "[  456.789220] ---[ end trace 4b8e4fe5a5e1e6f7 ]---",
                "[  456.789230] Kernel panic - not syncing: Fatal exception in interrupt",
                ""));
    assertThat(r.crashClass()).isEqualTo("page-fault");
    assertThat(r.title())
        .isEqualTo("BUG: unable to handle kernel paging request in gizmo_tx_tasklet");
    assertThat(r.guiltyModule()).isEqualTo("gizmo_wifi");
  }

  @Test
  void theDieLineAloneOpensAnOops() {
    // The fault line lost (a console that came up late): die()'s own line still opens the report.
    Report r =
        primary(
            report(
                new String[] {"[  456.789010] Oops[#1]:"},
                "[  456.789160] Call Trace:",
                "[  456.789170] [<8717a2c4>] gizmo_tx_tasklet+0x1a4/0x3c0 [gizmo_wifi]",
                "[  456.789180] [<87174e3c>] gizmo_tasklet+0x1fc/0x278 [gizmo_wifi]",
                ""));
    assertThat(r.crashClass()).isEqualTo("oops");
    assertThat(r.title()).isEqualTo("Oops in gizmo_tx_tasklet");
  }

  @Test
  void aBugIsAKernelBugWhetherOrNotTheVerboseLineCameFirst() {
    String[] stack = {
      "[  456.789160] Call Trace:",
      "[  456.789170] [<80345678>] gizmo_ring_put+0x58/0x60 [gizmo_wifi]",
      "[  456.789180] [<87174e3c>] gizmo_rx+0x1fc/0x278 [gizmo_wifi]",
      "[  456.789190] [<8006b1d0>] tasklet_action+0x90/0xe8",
      "",
    };
    Report verbose =
        primary(
            report(
                new String[] {
                  "[  456.789000] kernel BUG at drivers/net/wireless/gizmo/ring.c:104!",
                  "[  456.789010] Kernel bug detected[#1]:",
                },
                stack));
    Report bare = primary(report(new String[] {"[  456.789010] Kernel bug detected[#1]:"}, stack));
    assertThat(verbose.title()).isEqualTo("kernel BUG in gizmo_ring_put");
    assertThat(bare.title()).isEqualTo("kernel BUG in gizmo_ring_put");
    assertThat(verbose.startLine())
        .as("die()'s line belongs to the report the verbose line opened")
        .isZero();
  }

  @Test
  void anUnalignedAccessTheEmulationCannotFixIsAnAlignmentTrap() {
    Report r =
        primary(
            report(
                new String[] {"[  456.789010] Unhandled kernel unaligned access[#1]:"},
                "[  456.789160] Call Trace:",
                "[  456.789170] [<8717a2c4>] gizmo_parse_ie+0x24/0x90 [gizmo_wifi]",
                "[  456.789180] [<87174e3c>] gizmo_rx+0x1fc/0x278 [gizmo_wifi]",
                ""));
    assertThat(r.crashClass()).isEqualTo("alignment-trap");
    assertThat(r.title()).isEqualTo("Alignment trap in gizmo_parse_ie");
  }
}
