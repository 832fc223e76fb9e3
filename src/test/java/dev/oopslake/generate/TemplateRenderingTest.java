package dev.oopslake.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every template, rendered into a file, reads like the kernel's report of its class. */
class TemplateRenderingTest {
  private static final Catalog CATALOG = Catalog.load();
  private static final ArchiveGenerator GENERATOR = new ArchiveGenerator(CATALOG);
  private static final Pattern TIMESTAMP = Pattern.compile("^\\[ *(\\d+)\\.(\\d{6})\\]");

  /** The words each class's first line must carry (what the kernel prints for it). */
  private static final Map<String, String> CLASS_WORDS =
      Map.ofEntries(
          Map.entry("scheduling-while-atomic", "BUG: scheduling while atomic: "),
          Map.entry("null-pointer-dereference", "NULL pointer dereference"),
          Map.entry("page-fault", "ag"), // "paging request" or "page fault for address"
          Map.entry("general-protection-fault", "general protection fault"),
          Map.entry("kernel-bug", "kernel BUG at "),
          Map.entry("warning", "WARNING: CPU: "),
          Map.entry("refcount", "refcount_t: "),
          Map.entry("netdev-tx-timeout", "NETDEV WATCHDOG: "),
          Map.entry("soft-lockup", "BUG: soft lockup - CPU#"),
          Map.entry("hard-lockup", "Watchdog detected hard LOCKUP on cpu"),
          Map.entry("rcu-stall", "self-detected stall on CPU"),
          Map.entry("hung-task", " blocked for more than "),
          Map.entry("sleeping-in-atomic", "BUG: sleeping function called from invalid context at "),
          Map.entry("kasan-use-after-free", "BUG: KASAN: use-after-free in "),
          Map.entry("list-corruption", "list_del corruption"),
          Map.entry("oops", "Oops"),
          Map.entry("out-of-memory-panic", " invoked oom-killer: "),
          Map.entry("divide-error", "divide error: 0000"),
          Map.entry("machine-check", "Machine check: "),
          Map.entry("bad-page", "BUG: Bad page state in process "),
          Map.entry("lockdep-deadlock", "WARNING: possible circular locking dependency detected"));

  static Stream<String> templateIds() {
    return CATALOG.templates().stream().map(CrashTemplate::id);
  }

  @ParameterizedTest
  @MethodSource("templateIds")
  void rendersABootLogThenItsReportThenAPanic(String id) {
    CrashTemplate t = CATALOG.template(id);
    for (int index = 0; index < 4; index++) {
      String text = new String(GENERATOR.sample(id, 42, index), StandardCharsets.UTF_8);
      int boot = text.indexOf("Linux version ");
      int report = text.indexOf(CLASS_WORDS.get(t.crashClass()), boot);
      assertThat(boot)
          .as("%s: the boot log comes first", id)
          .isGreaterThanOrEqualTo(0)
          .isLessThan(500);
      assertThat(report)
          .as("%s: the %s report follows the boot log", id, t.crashClass())
          .isGreaterThan(boot);
      assertThat(text.length()).as("%s: tens of KB of log", id).isGreaterThan(10_000);
      assertThat(text.substring(report))
          .as("%s: a vmcore exists because the machine panicked", id)
          .contains("Kernel panic - not syncing: ");
      assertThat(text)
          .as("%s: every placeholder filled", id)
          .doesNotContainPattern("\\{[a-z_0-9]+\\}");
      assertThat(text).as("%s: no null leaked into the text", id).doesNotContain("null+0x");
      assertMonotonicTime(id, text);
    }
  }

  @Test
  void oneBugVariesAcrossFilesInOffsetsBuildsNoiseInliningAndEntry() {
    Set<String> traces = new HashSet<>();
    Set<String> releases = new HashSet<>();
    boolean noise = false;
    boolean inlined = false;
    boolean kept = false;
    Set<String> bottoms = new HashSet<>();
    for (int index = 0; index < 40; index++) {
      String text =
          new String(GENERATOR.sample("mlx5e-rx-cqe-null-deref", 9, index), StandardCharsets.UTF_8);
      String report = text.substring(text.indexOf("BUG: kernel NULL pointer dereference"));
      String trace =
          report.substring(report.indexOf("Call Trace:"), report.indexOf("Modules linked in:"));
      traces.add(trace.replaceAll("(?m)^\\[[^\\]]*\\] ", ""));
      if (report.contains("Not tainted ")) {
        String after = report.substring(report.indexOf("Not tainted ") + 12);
        releases.add(after.substring(0, after.indexOf(' ')));
      }
      noise |= trace.contains(" ? ");
      inlined |= !trace.contains("mlx5e_poll_rx_cq");
      kept |= trace.contains("mlx5e_poll_rx_cq");
      bottoms.add(
          trace.contains("run_ksoftirqd") ? "ksoftirqd" : trace.contains("<IRQ>") ? "irq" : "?");
    }
    assertThat(traces).as("the same bug's traces differ across files").hasSizeGreaterThan(10);
    assertThat(releases).as("the bug hits several kernel builds").hasSizeGreaterThan(2);
    assertThat(noise).as("some traces carry unreliable ? frames").isTrue();
    assertThat(inlined && kept).as("an optional frame is inlined in some builds only").isTrue();
    assertThat(bottoms)
        .as("two entry paths: irq exit and ksoftirqd")
        .containsExactlyInAnyOrder("irq", "ksoftirqd");
  }

  @Test
  void seedCasesRenderVerbatimAfterTheirBootLog() {
    String s000 =
        new String(
            GENERATOR.sample("seed000-rmmod-testmod-sched-atomic", 1, 0), StandardCharsets.UTF_8);
    assertThat(s000)
        .as("seed 000 keeps its text, wrapped module line included")
        .contains(
            "[64365.795672] Modules linked in: tun xt_nat veth testmod(OE-) xt_conntrack",
            "\n[64365.807828]  virtio_ring virtio drm i2c_core libata floppy\n",
            "[64365.834120]  [<ffffffffa03e1a98>] cleanup_module+0x88/0xc0 [testmod]\n",
            "DMI: Smdbmds KVM, BIOS seabios-1.9.1-qemu-project.org 04/01/2014",
            "Linux version 3.10.0-514.21.1.el7.x86_64 ",
            "testmod: loading out-of-tree module taints kernel.",
            "Kernel panic - not syncing: Aiee, killing interrupt handler!");
    assertThat(s000.split("BUG: scheduling while atomic: rmmod/14829/0x00000200", -1).length - 1)
        .as("printed several times before the panic")
        .isBetween(2, 4);
    assertMonotonicTime("seed000", s000);

    String s002 =
        new String(
            GENERATOR.sample("seed002-ktimersoftd-rt-timerfd-sched-atomic", 1, 0),
            StandardCharsets.UTF_8);
    assertThat(s002)
        .contains(
            "Linux version 4.19.90-25.2.rt.2101.gfb01.ky10.aarch64 ",
            "\n[ 2004.917769][ 14] BUG: scheduling while atomic: ktimersoftd/14/131/0x00000002\n",
            "\n[2004.917844][14]rt_spin_lock_slowlock_locked + 0x110/0x2c0\n",
            "\n[ 2006.350914][ 14] Kernel panic - not syncing: Fatal exception");
    assertThat(s002)
        .as("the boot log has the same CPU column")
        .containsPattern("(?m)^\\[ +0\\.\\d{6}\\]\\[  0\\] ");
    assertMonotonicTime("seed002", s002);
  }

  @Test
  void oldAndNewX86TracesLookLikeTheirKernels() {
    String el7 = new String(GENERATOR.sample("bnx2x-gpf-el7", 5, 1), StandardCharsets.UTF_8);
    assertThat(el7)
        .as("3.10: [<addr>] frames, IP/RIP with addresses, Stack:")
        .containsPattern("\\]  \\[<ffffffff[0-9a-f]{8}>\\] (\\? )?\\w+\\+0x[0-9a-f]+/0x[0-9a-f]+")
        .containsPattern(
            "RIP: 0010:\\[<ffffffff[0-9a-f]{8}>\\]  \\[<ffffffff[0-9a-f]{8}>\\] kfree\\+0x")
        .contains("Stack:\n")
        .contains("Kernel panic - not syncing: Fatal exception");
    String ubuntu =
        new String(GENERATOR.sample("refcount-underflow-sk-free", 5, 2), StandardCharsets.UTF_8);
    assertThat(ubuntu)
        .as("5.x: <TASK> markers, func+off/len, RIP: 0010:func")
        .containsPattern(
            "WARNING: CPU: \\d+ PID: \\d+ at lib/refcount.c:\\d+ refcount_warn_saturate\\+0x[0-9a-f]+/0x[0-9a-f]+")
        .containsPattern("RIP: 0010:refcount_warn_saturate\\+0x")
        .contains("Call Trace:\n", " <TASK>\n", " </TASK>\n", "RIP: 0033:0x7f");
  }

  private static void assertMonotonicTime(String id, String text) {
    long last = -1;
    for (String line : text.split("\r?\n")) {
      Matcher m = TIMESTAMP.matcher(line);
      if (m.find()) {
        long t = Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2));
        assertThat(t).as("%s: time never goes back: %s", id, line).isGreaterThanOrEqualTo(last);
        last = t;
      }
    }
  }
}
