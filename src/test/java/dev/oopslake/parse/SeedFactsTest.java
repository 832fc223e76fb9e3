package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.decode.LoadedModule;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The facts issue 2 asks of the two seed logs, asserted one by one. */
class SeedFactsTest {

  private static final CrashParser PARSER = CrashParser.withDefaults();

  private static ParsedFile parseFixture(String name) throws IOException {
    Path p = Paths.get(System.getProperty("oopslake.home", "."), "src/test/resources/parse", name);
    return PARSER.parse(ParserFixtureTest.Fixture.read(p).log());
  }

  private static Report primary(ParsedFile f) {
    return f.reports().stream().filter(Report::primary).findFirst().orElseThrow();
  }

  @Test
  void seed000SchedulingWhileAtomicInTestmod() throws IOException {
    Report r = primary(parseFixture("seed000-scheduling-while-atomic.log"));
    assertThat(r.crashClass()).as("class").isEqualTo("scheduling-while-atomic");
    assertThat(r.title()).isEqualTo("BUG: scheduling while atomic in TestMode_ServerExit");
    assertThat(r.comm()).as("comm from the header").isEqualTo("rmmod");
    assertThat(r.pid()).isEqualTo(14829);
    assertThat(r.preemptCount().value()).as("preempt_count").isEqualTo(0x200L);
    assertThat(r.preemptCount().softirqDisable()).as("one local_bh_disable level").isEqualTo(1);
    assertThat(r.kernel().release()).isEqualTo("3.10.0-514.21.1.el7.x86_64");
    assertThat(r.taint().raw()).as("taint flags").contains("G").contains("OE").contains("T");
    assertThat(r.guiltyFrame()).as("lock/wait plumbing skipped").isEqualTo("TestMode_ServerExit");
    assertThat(r.guiltyModule()).isEqualTo("testmod");
    List<String> names = r.modules().stream().map(LoadedModule::name).toList();
    assertThat(names)
        .as("the Modules linked in: list continues on the wrapped next line")
        .contains("tun", "virtio_pci", "virtio_ring", "virtio", "drm", "i2c_core", "libata")
        .endsWith("floppy");
    assertThat(r.modules())
        .as("testmod is out-of-tree, unsigned and unloading")
        .contains(new LoadedModule("testmod", "OE-"));
    assertThat(r.frames().stream().filter(f -> !f.reliable()).map(Frame::function))
        .as("' ? ' frames are unreliable")
        .containsExactly(
            "check_preempt_curr", "ttwu_do_wakeup", "wake_up_state", "do_async_page_fault");
  }

  @Test
  void seed000RepeatedPrintsThenPanicGiveSeveralReportsFirstIsPrimary() throws IOException {
    ParsedFile f = parseFixture("seed000-repeated-then-panic.log");
    assertThat(f.reports()).as("three prints and the panic").hasSize(4);
    assertThat(f.reports().get(0).primary()).as("first report is primary").isTrue();
    assertThat(f.reports().stream().filter(Report::primary)).as("one primary").hasSize(1);
    assertThat(f.reports().get(3).crashClass()).isEqualTo("killing-interrupt-handler");
    assertThat(f.reports().get(3).title())
        .isEqualTo("kernel panic: Aiee, killing interrupt handler!");
    assertThat(f.reports().get(0).panicReason())
        .as("the crash ended in this panic")
        .isEqualTo("Aiee, killing interrupt handler!");
  }

  @Test
  void seed002RtSleepingSpinlockInSoftirqThread() throws IOException {
    Report r = primary(parseFixture("seed002-rt-timerfd-arm64.log"));
    assertThat(r.comm()).as("comm contains a slash").isEqualTo("ktimersoftd/14");
    assertThat(r.pid()).as("pid is the second-to-last field").isEqualTo(131);
    assertThat(r.cpu()).isEqualTo(14);
    assertThat(r.preemptCount().value()).isEqualTo(0x2L);
    assertThat(r.preemptCount().preempt()).as("preempt depth").isEqualTo(2);
    assertThat(r.kernel().release()).isEqualTo("4.19.90-25.2.rt.2101.gfb01.ky10.aarch64");
    assertThat(r.kernel().rt()).as("PREEMPT_RT kernel").isTrue();
    assertThat(r.kernel().arch()).isEqualTo("aarch64");
    assertThat(r.frames().stream().map(Frame::function))
        .as("arm64 'name + 0xoff/0xlen' frames, also without a space after the prefix")
        .contains("__schedule", "rt_spin_lock_slowlock_locked", "hrtimer_run_softirq", "kthread");
    assertThat(r.frames().get(0).offset()).isEqualTo("0x0/0x170");
    assertThat(r.guiltyFrame())
        .as("rt_spin_lock*, schedule, __schedule_bug, dump_stack are plumbing")
        .isEqualTo("timerfd_triggered");
  }
}
