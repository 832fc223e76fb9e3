package dev.oopslake.parse;

import static dev.oopslake.parse.TestLogs.primary;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A report that names no culprit (its title says "corrupted") still printed where it happened: its
 * header's function, else its faulting instruction's. Hand-written logs with an invented driver.
 */
class PrintedLocationTest {

  @Test
  void aWarningWhoseStackWasLostIsLocatedByItsHeaderFunction() {
    Report r =
        primary(
            "[   95.884027] ------------[ cut here ]------------",
            "[   95.884028] WARNING: CPU: 1 PID: 4242 at drivers/quux/quux_core.c:340"
                + " quuxdrv_poll.isra.3+0x10bd/0x13c0 [quuxdrv]",
            "[   95.884034] Kernel panic - not syncing: panic_on_warn set ...");
    assertThat(r.title()).isEqualTo("WARNING in corrupted");
    assertThat(r.corrupted()).isTrue();
    assertThat(r.printedLocation()).as("clone suffix dropped").isEqualTo("quuxdrv_poll");
  }

  @Test
  void aFaultWhoseOnlyFrameIsPlumbingIsLocatedByItsInstructionPointer() {
    Report r =
        primary(
            "[  149.188010] BUG: unable to handle kernel NULL pointer dereference at 000000000000058c",
            "[  149.188011] IP: [<ffffffff8148e81d>] __lock_acquire+0x2bd/0x3410",
            "[  149.188012] PGD 1c7a3f067 PUD 1c7a40067 PMD 0",
            "[  149.188013] Oops: 0000 [#1] SMP",
            "[  149.188014] Modules linked in: quuxdrv");
    assertThat(r.title())
        .isEqualTo("BUG: unable to handle kernel NULL pointer dereference in corrupted");
    assertThat(r.printedLocation()).isEqualTo("__lock_acquire");
  }

  @Test
  void anAddressIsNoLocationAndAReportWithACulpritNeedsNone() {
    Report bare =
        primary(
            "[  202.652969] BUG: kernel NULL pointer dereference, address: 0000000000000086",
            "[  202.660811] #PF: supervisor instruction fetch in kernel mode",
            "[  202.679547] Oops: 0010 [#1] PREEMPT SMP",
            "[  202.693481] RIP: 0010:0x86",
            "[  202.693499] Code: Bad RIP value.");
    assertThat(bare.title()).endsWith(" in corrupted");
    assertThat(bare.printedLocation()).as("RIP: 0010:0x86 names no function").isNull();

    Report named =
        primary(
            "[   10.000001] WARNING: CPU: 0 PID: 77 at drivers/quux/quux_core.c:12"
                + " quuxdrv_poll+0x1d/0x40 [quuxdrv]",
            "[   10.000003] CPU: 0 PID: 77 Comm: quuxd Not tainted 5.10.0 #1",
            "[   10.000004] Call Trace:",
            "[   10.000005]  quuxdrv_poll+0x1d/0x40 [quuxdrv]",
            "[   10.000006]  kthread+0xcf/0xe0",
            "[   10.000007]  ret_from_fork+0x1f/0x30");
    assertThat(named.title()).isEqualTo("WARNING in quuxdrv_poll");
    assertThat(named.printedLocation()).isNull();
  }
}
