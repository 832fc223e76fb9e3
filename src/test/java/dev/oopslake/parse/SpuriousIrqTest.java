package dev.oopslake.parse;

import static dev.oopslake.parse.TestLogs.primary;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kernel/irq/spurious.c __report_bad_irq(): an interrupt line no handler claimed. The stack is the
 * interrupt path that counted the misses; the line's handlers, listed after it, name the driver.
 * Hand-written in the form 4.x-6.x print, with invented drivers.
 */
class SpuriousIrqTest {

  private static List<String> report(String... handlers) {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "[ 1822.411201] irq 16: nobody cared (try booting with the \"irqpoll\" option)",
                "[ 1822.411210] CPU: 0 PID: 0 Comm: swapper/0 Not tainted 5.15.0-91-generic #101-Ubuntu",
                "[ 1822.411215] Call Trace:",
                "[ 1822.411216]  <IRQ>",
                "[ 1822.411217]  dump_stack_lvl+0x4a/0x63",
                "[ 1822.411218]  __report_bad_irq+0x3a/0xb3",
                "[ 1822.411219]  note_interrupt.cold+0xb/0x60",
                "[ 1822.411220]  handle_irq_event+0x73/0xb0",
                "[ 1822.411221]  handle_fasteoi_irq+0x9c/0x210",
                "[ 1822.411222]  __common_interrupt+0x52/0xe0",
                "[ 1822.411223]  common_interrupt+0x89/0xa0",
                "[ 1822.411224]  </IRQ>",
                "[ 1822.411225]  <TASK>",
                "[ 1822.411226]  asm_common_interrupt+0x27/0x40",
                "[ 1822.411227] RIP: 0010:cpuidle_enter_state+0xda/0x370",
                "[ 1822.411228]  cpuidle_enter+0x2e/0x50",
                "[ 1822.411229]  do_idle+0x20d/0x2b0",
                "[ 1822.411230]  </TASK>",
                "[ 1822.411231] handlers:"));
    lines.addAll(List.of(handlers));
    lines.add("[ 1822.411240] Disabling IRQ #16");
    return lines;
  }

  @Test
  void aLineWithOneHandlerNamesItsDriver() {
    Report r =
        primary(
            report("[ 1822.411232] [<00000000a1b2c3d4>] quux_isr [quux]").toArray(String[]::new));
    assertThat(r.crashClass()).isEqualTo("irq-nobody-cared");
    assertThat(r.title()).isEqualTo("irq: nobody cared");
    assertThat(r.guiltyFrame()).isEqualTo("quux_isr");
    assertThat(r.guiltyModule()).isEqualTo("quux");
  }

  @Test
  void aThreadedHandlerIsReadToo() {
    Report r =
        primary(
            report(
                    "[ 1822.411232] [<00000000a1b2c3d4>] irq_default_primary_handler threaded"
                        + " [<00000000deadbeef>] quux_thread_fn [quux]")
                .toArray(String[]::new));
    // request_threaded_irq() without a primary handler: the thread function is the driver's.
    assertThat(r.guiltyFrame()).isEqualTo("quux_thread_fn");
    assertThat(r.guiltyModule()).isEqualTo("quux");
  }

  @Test
  void aSharedLineNamesNoCulpritAndNeverTheInterruptPath() {
    Report r =
        primary(
            report(
                    "[ 1822.411232] [<00000000a1b2c3d4>] quux_isr [quux]",
                    "[ 1822.411233] [<00000000b2c3d4e5>] usb_hcd_irq")
                .toArray(String[]::new));
    assertThat(r.guiltyFrame()).isNull();
    assertThat(r.guiltyModule()).isNull();
  }
}
