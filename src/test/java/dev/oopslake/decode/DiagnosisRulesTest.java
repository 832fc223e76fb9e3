package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosisRulesTest {
  private static final DiagnosisRules RULES = DiagnosisRules.defaults();

  private static final KernelRelease RHEL7 =
      KernelRelease.parse("3.10.0-514.21.1.el7.x86_64").orElseThrow();
  private static final KernelRelease KYLIN_RT =
      KernelRelease.parse("4.19.90-25.2.rt.2101.gfb01.ky10.aarch64").orElseThrow();
  private static final KernelRelease UBUNTU =
      KernelRelease.parse("5.15.0-91-generic").orElseThrow();

  // Seed 000 as the parser would decode it (hand-written facts, not log text).
  private static final List<String> SEED_000_FRAMES =
      List.of(
          "dump_stack",
          "__schedule_bug",
          "__schedule",
          "schedule",
          "schedule_timeout",
          "wait_for_completion",
          "kthread_stop",
          "TestMode_ServerExit",
          "cleanup_module",
          "SyS_delete_module",
          "system_call_fastpath");
  private static final List<String> SEED_000_FRAME_MODULES =
      List.of("", "", "", "", "", "", "", "testmod", "testmod", "", "");
  private static final List<LoadedModule> SEED_000_MODULES =
      LoadedModule.parseList("tun xt_nat veth testmod(OE-) xt_conntrack overlay(T) ext4 libata");

  private static CrashFacts seed000(String guiltyModule, List<String> frameModules) {
    return new CrashFacts(
        "scheduling-while-atomic",
        "BUG: scheduling while atomic in kthread_stop",
        SEED_000_FRAMES,
        "kthread_stop",
        guiltyModule,
        "rmmod",
        RHEL7,
        Taint.decode("G           OE  ------------ T", RHEL7),
        PreemptCount.decode(0x200, "x86_64", RHEL7),
        SEED_000_MODULES,
        null,
        frameModules,
        null);
  }

  private static CrashFacts seed002() {
    return new CrashFacts(
        "scheduling-while-atomic",
        "BUG: scheduling while atomic in timerfd_triggered",
        List.of(
            "dump_backtrace",
            "show_stack",
            "dump_stack",
            "__schedule_bug",
            "__schedule",
            "schedule",
            "rt_spin_lock_slowlock_locked",
            "rt_spin_lock_slowlock",
            "rt_spin_lock",
            "timerfd_triggered",
            "timerfd_tmrproc",
            "__hrtimer_run_queues",
            "hrtimer_run_softirq",
            "do_current_softirqs",
            "run_ksoftirqd",
            "smpboot_thread_fn",
            "kthread",
            "ret_from_fork"),
        "timerfd_triggered",
        null,
        "ktimersoftd/14",
        KYLIN_RT,
        Taint.decode("Not tainted", KYLIN_RT),
        PreemptCount.decode(0x2, null, KYLIN_RT),
        List.of(),
        "Fatal exception");
  }

  private static List<String> ids(List<Diagnosis> ds) {
    return ds.stream().map(Diagnosis::id).toList();
  }

  private static Diagnosis find(List<Diagnosis> ds, String id) {
    return ds.stream()
        .filter(d -> d.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no diagnosis " + id + " in " + ids(ds)));
  }

  @Test
  void seed000LeakedBhLockNamesTheModule() {
    List<Diagnosis> ds = RULES.diagnose(seed000("testmod", SEED_000_FRAME_MODULES));
    assertThat(ids(ds))
        .as("bh leak, out-of-tree module and module exit; not a plain spinlock nor RT")
        .contains("bh-disabled-while-sleeping", "out-of-tree-module", "crash-in-module-exit")
        .doesNotContain(
            "sleep-with-spinlock-held", "rt-sleeping-lock-in-atomic", "sleep-in-hardirq");
    String text = find(ds, "bh-disabled-while-sleeping").text();
    assertThat(text)
        .as("names value, level count, culprit and the missing unlock")
        .contains("0x00000200")
        .contains("holds 1 softirq-disable level")
        .contains("Look in testmod for a spin_lock_bh()")
        .contains("rmmod")
        .doesNotContain("{")
        .doesNotContain("(unknown)");
    assertThat(find(ds, "out-of-tree-module").text())
        .as("module flags decoded")
        .contains("testmod")
        .contains("O: out-of-tree module; E: unsigned module; -: being unloaded");
  }

  @Test
  void seed000CulpritFoundWithoutGuiltyModule() {
    CrashFacts fromFrames = seed000(null, SEED_000_FRAME_MODULES);
    assertThat(find(RULES.diagnose(fromFrames), "bh-disabled-while-sleeping").text())
        .as("topmost module frame")
        .contains("Look in testmod");
    CrashFacts fromList = seed000(null, List.of());
    assertThat(find(RULES.diagnose(fromList), "bh-disabled-while-sleeping").text())
        .as("the module being unloaded (-) when frames carry no modules")
        .contains("Look in testmod");
  }

  @Test
  void noCulpritWhenSeveralModulesAreInTransition() {
    CrashFacts f =
        new CrashFacts(
            "x",
            "BUG: scheduling while atomic in f",
            List.of("f"),
            "f",
            null,
            "rmmod",
            RHEL7,
            null,
            PreemptCount.decode(0x200, "x86_64", RHEL7),
            LoadedModule.parseList("a(O-) b(+)"),
            null);
    assertThat(f.culpritModule()).as("ambiguous").isEmpty();
    assertThat(find(RULES.diagnose(f), "bh-disabled-while-sleeping").text())
        .contains("Look in the code on this path");
  }

  @Test
  void busyInodesAreALeakedReferenceNotAKasanReport() {
    List<Diagnosis> ds = RULES.diagnose(busyInodes());
    assertThat(ids(ds))
        .as("the title says use-after-free, but there are no KASAN stacks to read")
        .contains("busy-inodes-after-unmount")
        .doesNotContain("use-after-free");
    assertThat(find(ds, "busy-inodes-after-unmount").text()).contains("iput").contains("umount");
  }

  @Test
  void aSysrqCrashOfAnOldKernelIsDeliberateByItsFrame() {
    CrashFacts oops =
        new CrashFacts(
            "null-pointer-dereference",
            "BUG: unable to handle kernel NULL pointer dereference in sysrq_handle_crash",
            List.of("sysrq_handle_crash", "__handle_sysrq", "write_sysrq_trigger", "vfs_write"),
            "sysrq_handle_crash",
            null,
            "bash",
            RHEL7,
            Taint.NONE,
            null,
            List.of(),
            null);
    List<Diagnosis> ds = RULES.diagnose(oops);
    assertThat(ids(ds))
        .as("3.10 oopses in the handler, no panic text")
        .contains("deliberate-crash");
    assertThat(find(ds, "deliberate-crash").text()).contains("by bash");
  }

  @Test
  void theSoftLockupPanicIsNoHungTask() {
    List<Diagnosis> ds =
        RULES.diagnose(
            example(
                "kernel panic: softlockup: hung tasks",
                null,
                null,
                null,
                "",
                "softlockup: hung tasks"));
    assertThat(ids(ds))
        .as("kernel/watchdog.c's wording says hung tasks; it is the soft lockup's panic")
        .contains("soft-lockup")
        .doesNotContain("hung-task");
  }

  @Test
  void seed000PanicKilledInInterrupt() {
    CrashFacts panic =
        new CrashFacts(
            "panic",
            "Kernel panic - not syncing: Aiee, killing interrupt handler!",
            List.of("panic", "do_exit", "do_group_exit", "get_signal_to_deliver", "do_signal"),
            "do_exit",
            null,
            "rmmod",
            RHEL7,
            Taint.NONE,
            null,
            SEED_000_MODULES,
            "Aiee, killing interrupt handler!");
    List<Diagnosis> ds = RULES.diagnose(panic);
    assertThat(ids(ds)).contains("killed-in-interrupt");
    assertThat(find(ds, "killed-in-interrupt").text())
        .contains("rmmod")
        .contains("softirq-disable");
  }

  @Test
  void seed002RtSleepingLockSaysRawSpinlock() {
    List<Diagnosis> ds = RULES.diagnose(seed002());
    assertThat(ids(ds))
        .as("RT sleeping lock, not the non-RT spinlock rule")
        .contains("rt-sleeping-lock-in-atomic")
        .doesNotContain("sleep-with-spinlock-held", "bh-disabled-while-sleeping");
    String text = find(ds, "rt-sleeping-lock-in-atomic").text();
    assertThat(text)
        .contains("4.19.90-25.2.rt.2101.gfb01.ky10.aarch64")
        .as("the function that took the sleeping lock, found below the rt_spin_lock frames")
        .contains("and timerfd_triggered blocked on one while ktimersoftd/14 was atomic")
        .contains("convert the lock that timerfd_triggered takes to raw_spinlock_t")
        .contains("raw_spinlock_t")
        .contains("preempt depth 2")
        .contains("none, core kernel");
  }

  @Test
  void sleepWithSpinlockHeldOnNonRt() {
    CrashFacts f =
        new CrashFacts(
            "sleeping-in-atomic",
            "BUG: sleeping function called from invalid context in demo_ioctl",
            List.of("dump_stack", "___might_sleep", "__might_sleep", "mutex_lock", "demo_ioctl"),
            "demo_ioctl",
            "demo",
            "demo-cli",
            UBUNTU,
            Taint.decode("G           OE     ", UBUNTU),
            PreemptCount.decode(0x1, "x86_64", UBUNTU),
            LoadedModule.parseList("demo(OE) ext4"),
            null);
    List<Diagnosis> ds = RULES.diagnose(f);
    assertThat(ids(ds))
        .contains("sleep-with-spinlock-held", "out-of-tree-module")
        .doesNotContain("bh-disabled-while-sleeping", "sleep-in-hardirq");
    assertThat(find(ds, "sleep-with-spinlock-held").text())
        .contains("demo_ioctl")
        .contains("Check demo");
  }

  @Test
  void sleepInHardirq() {
    CrashFacts f =
        new CrashFacts(
            "scheduling-while-atomic",
            "BUG: scheduling while atomic in demo_irq_handler",
            List.of(
                "dump_stack",
                "__schedule_bug",
                "__schedule",
                "schedule",
                "msleep",
                "demo_irq_handler"),
            "demo_irq_handler",
            null,
            "swapper/3",
            UBUNTU,
            null,
            PreemptCount.decode(0x10001, "x86_64", UBUNTU),
            List.of(),
            null);
    List<Diagnosis> ds = RULES.diagnose(f);
    assertThat(ids(ds)).contains("sleep-in-hardirq").doesNotContain("sleep-with-spinlock-held");
    assertThat(find(ds, "sleep-in-hardirq").text())
        .contains("demo_irq_handler")
        .contains("[core kernel]");
  }

  @Test
  void panicOnWarn() {
    CrashFacts f =
        new CrashFacts(
            "warning",
            "WARNING in demo_func",
            List.of("demo_func"),
            "demo_func",
            null,
            "x",
            UBUNTU,
            null,
            null,
            List.of(),
            "panic_on_warn set ...");
    assertThat(ids(RULES.diagnose(f))).containsExactly("panic-on-warn");
  }

  private static CrashFacts busyInodes() {
    return new CrashFacts(
        "busy-inodes",
        "VFS: Busy inodes after unmount (use-after-free)",
        List.of(),
        null,
        null,
        "umount",
        RHEL7,
        Taint.NONE,
        null,
        List.of(),
        null);
  }

  private static CrashFacts example(
      String title, String guiltyModule, String taint, Long preempt, String modules, String panic) {
    return new CrashFacts(
        "example",
        title,
        List.of("dump_stack", "demo_work", "demo_main"),
        "demo_work",
        guiltyModule,
        "demo-task",
        UBUNTU,
        taint == null ? null : Taint.decode(taint, UBUNTU),
        preempt == null ? null : PreemptCount.decode(preempt, "x86_64", UBUNTU),
        LoadedModule.parseList(modules),
        panic);
  }

  @Test
  void everyBundledRuleFiresOnItsExample() {
    // one example per bundled rule: a new rule needs an example here
    java.util.Map<String, CrashFacts> examples = new java.util.LinkedHashMap<>();
    examples.put("bh-disabled-while-sleeping", seed000("testmod", SEED_000_FRAME_MODULES));
    examples.put("rt-sleeping-lock-in-atomic", seed002());
    examples.put("busy-inodes-after-unmount", busyInodes());
    examples.put(
        "machine-check",
        example("kernel panic: Fatal machine check", null, null, null, "", "Fatal machine check"));
    examples.put(
        "firmware-hardware-error",
        example(
            "kernel panic: Fatal hardware error!", null, null, null, "", "Fatal hardware error!"));
    examples.put(
        "platform-nmi",
        example("kernel panic: NMI: Not continuing", null, null, null, "", "NMI: Not continuing"));
    examples.put(
        "deliberate-crash",
        example(
            "kernel panic: sysrq triggered crash", null, null, null, "", "sysrq triggered crash"));
    examples.put(
        "boot-failure",
        example(
            "kernel panic: VFS: Unable to mount root fs on unknown-block(NUM,NUM)",
            null,
            null,
            null,
            "",
            "VFS: Unable to mount root fs on unknown-block(0,0)"));
    examples.put(
        "init-killed",
        example(
            "kernel panic: Attempted to kill init! exitcode=0x0000000b",
            null,
            null,
            null,
            "",
            "Attempted to kill init! exitcode=0x0000000b"));
    examples.put(
        "sleep-in-hardirq",
        example("BUG: scheduling while atomic in demo_work", null, null, 0x10001L, "", null));
    examples.put(
        "sleep-in-softirq",
        example(
            "BUG: sleeping function called from invalid context in demo_work",
            null,
            null,
            0x100L,
            "",
            null));
    examples.put(
        "sleep-with-spinlock-held",
        example("BUG: scheduling while atomic in demo_work", null, null, 0x2L, "", null));
    examples.put(
        "killed-in-interrupt",
        example(
            "Kernel panic - not syncing: Aiee, killing interrupt handler!",
            null,
            null,
            null,
            "",
            "Aiee, killing interrupt handler!"));
    examples.put(
        "panic-on-warn",
        example("WARNING in demo_work", null, null, null, "", "panic_on_warn set ..."));
    examples.put(
        "out-of-tree-module",
        example(
            "BUG: unable to handle page fault in demo_work", "demo", null, null, "demo(O)", null));
    examples.put(
        "proprietary-module",
        example("general protection fault in demo_work", "demo", null, null, "demo(PO)", null));
    examples.put(
        "crash-in-module-exit",
        example("kernel BUG at demo.c:12", "demo", null, null, "demo(-)", null));
    examples.put(
        "hung-task",
        example(
            "INFO: task demo-task:123 blocked for more than 120 seconds.",
            null,
            null,
            null,
            "",
            null));
    examples.put(
        "soft-lockup",
        example("watchdog: BUG: soft lockup in demo_work", null, null, null, "", null));
    examples.put(
        "hard-lockup",
        example("Watchdog detected hard LOCKUP on cpu 3", null, null, null, "", null));
    examples.put(
        "rcu-stall", example("INFO: rcu detected stall in demo_work", null, null, null, "", null));
    examples.put(
        "use-after-free",
        example("KASAN: slab-use-after-free Read in demo_work", null, null, null, "", null));
    examples.put(
        "null-deref-in-module",
        example(
            "BUG: kernel NULL pointer dereference in demo_work", "demo", null, null, "demo", null));
    examples.put(
        "earlier-oops",
        example(
            "general protection fault in demo_work", null, "G      D           ", null, "", null));
    examples.put(
        "machine-check-earlier",
        example(
            "general protection fault in demo_work", null, "G   M               ", null, "", null));
    examples.put(
        "bad-page-earlier",
        example("BUG: Bad page state in demo_work", null, "G    B              ", null, "", null));
    examples.put(
        "out-of-memory",
        example("Out of memory: Killed process 123 (demo-task)", null, null, null, "", null));
    examples.put("poisoned-pointer", poisoned(0xdead000000000108L));
    examples.put(
        "filesystem-error-panic",
        example(
            "kernel panic: EXT4-fs (DEV): panic forced after error",
            null,
            null,
            null,
            "",
            "EXT4-fs (sda1): panic forced after error"));
    examples.put("bad-function-pointer", faulted("0000000000000000", Fault.Access.EXECUTE));
    examples.put("error-pointer", faulted("fffffffffffffff4", Fault.Access.READ));
    assertThat(examples.keySet())
        .as("every bundled rule has an example")
        .containsExactlyInAnyOrderElementsOf(RULES.ids());
    examples.forEach(
        (id, facts) -> {
          List<Diagnosis> ds = RULES.diagnose(facts);
          assertThat(ids(ds)).as("example for %s", id).contains(id);
          assertThat(find(ds, id).text())
              .as("text of %s is filled", id)
              .doesNotContain("{")
              .doesNotContain("}");
        });
  }

  private static CrashFacts poisoned(long address) {
    return faulted(Long.toHexString(address), Fault.Access.WRITE);
  }

  private static CrashFacts faulted(String address, Fault.Access access) {
    return new CrashFacts(
        "page-fault",
        "BUG: unable to handle kernel paging request in demo_work",
        List.of("demo_work", "demo_main"),
        "demo_work",
        null,
        "demo-task",
        UBUNTU,
        Taint.NONE,
        null,
        List.of(),
        null,
        List.of(),
        Fault.of(address, access));
  }

  @Test
  void aFaultOnAPoisonSaysWhereThePointerCameFrom() {
    Diagnosis d = find(RULES.diagnose(poisoned(0xdead000000000108L)), "poisoned-pointer");
    assertThat(d.text())
        .startsWith("The bad address dead000000000108 is LIST_POISON1+0x8: the next pointer")
        .contains("demo_work followed a pointer");
    assertThat(ids(RULES.diagnose(poisoned(0xffff888012345678L))))
        .as("an ordinary kernel address")
        .doesNotContain("poisoned-pointer");
  }

  @Test
  void theMceHandlersOwnPanicsAreMachineChecks() {
    for (String reason :
        List.of(
            "Timeout: Not all CPUs entered broadcast exception handler",
            "Timeout synchronizing machine check over CPUs",
            "Action required: data load in unrecoverable area of kernel")) {
      assertThat(
              ids(RULES.diagnose(example("kernel panic: " + reason, null, null, null, "", reason))))
          .as(reason)
          .contains("machine-check");
    }
  }

  @Test
  void anAddressJustBelowZeroIsAnErrorPointerNamedByItsErrno() {
    Diagnosis d =
        find(RULES.diagnose(faulted("fffffffffffffff4", Fault.Access.READ)), "error-pointer");
    assertThat(d.text()).contains("-12 (-ENOMEM) read at offset 0");
    assertThat(
            find(RULES.diagnose(faulted("ffffffffffffffd8", Fault.Access.WRITE)), "error-pointer")
                .text())
        .contains("-40 read at offset 0");
    assertThat(Fault.of("fffffff4", null).errorPointer()).as("32-bit").contains("-12 (-ENOMEM)");
    assertThat(Fault.of("fffff000", null).errorPointer()).as("past MAX_ERRNO").isEmpty();
    assertThat(ids(RULES.diagnose(faulted("ffff888012345678", Fault.Access.READ))))
        .doesNotContain("error-pointer");
  }

  @Test
  void anInstructionFetchFromABadAddressIsACallThroughABadPointer() {
    Diagnosis d =
        find(
            RULES.diagnose(faulted("0000000000000000", Fault.Access.EXECUTE)),
            "bad-function-pointer");
    assertThat(d.text())
        .startsWith("The CPU faulted fetching an instruction at 0000000000000000")
        .contains("demo_work made the call");
    assertThat(ids(RULES.diagnose(faulted("0000000000000000", Fault.Access.READ))))
        .doesNotContain("bad-function-pointer");
  }

  @Test
  void emptyFactsMatchNothing() {
    CrashFacts f =
        new CrashFacts(
            "unknown", "something", List.of(), null, null, null, null, null, null, List.of(), null);
    assertThat(RULES.diagnose(f)).as("every default rule needs some fact").isEmpty();
  }

  @Test
  void bundledRulesCoverTheIssue() {
    assertThat(RULES.ids())
        .contains(
            "bh-disabled-while-sleeping",
            "rt-sleeping-lock-in-atomic",
            "sleep-in-hardirq",
            "sleep-with-spinlock-held",
            "killed-in-interrupt")
        .doesNotHaveDuplicates();
    assertThat(DiagnosisRules.defaults()).as("loaded once").isSameAs(RULES);
  }

  @Test
  void confFileIsTheBundledFile() throws Exception {
    Path conf = Path.of(System.getProperty("oopslake.home", "."), "conf", "diagnoses.yaml");
    assertThat(DiagnosisRules.load(conf).ids())
        .as("jar resource is conf/diagnoses.yaml")
        .isEqualTo(RULES.ids());
  }

  private static DiagnosisRules load(String yaml) {
    return DiagnosisRules.load(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  @Test
  void unknownConditionKeyNamesRuleAndKey() {
    String yaml =
        """
        rules:
          - id: my-rule
            when:
              preempt.sofirq_disable: "> 0"
            text: hi
        """;
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(RuleError.class)
        .hasMessageContaining("test.yaml: rule 'my-rule'")
        .hasMessageContaining("unknown condition key 'preempt.sofirq_disable'")
        .hasMessageContaining("preempt.softirq_disable");
  }

  @Test
  void unknownRuleKeyNamesRuleAndKey() {
    String yaml =
        """
        rules:
          - id: my-rule
            when: {title: x}
            txt: hi
        """;
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(RuleError.class)
        .hasMessageContaining("rule 'my-rule': unknown key 'txt'");
  }

  @Test
  void otherMistakesAreNamed() {
    assertThatThrownBy(
            () -> load("rules:\n  - id: a\n    when: {title: x}\n    text: '{preempt.valu}'\n"))
        .as("unknown placeholder")
        .hasMessageContaining("rule 'a': unknown placeholder {preempt.valu}");
    assertThatThrownBy(() -> load("rules:\n  - id: a\n    when: {title: '('}\n    text: t\n"))
        .as("bad regex")
        .hasMessageContaining("rule 'a': condition 'title': bad regular expression");
    assertThatThrownBy(
            () -> load("rules:\n  - id: a\n    when: {preempt.hardirq: 'lots'}\n    text: t\n"))
        .as("bad comparison")
        .hasMessageContaining("condition 'preempt.hardirq': needs a number or a comparison");
    assertThatThrownBy(
            () -> load("rules:\n  - id: a\n    when: {culprit_module: weird}\n    text: t\n"))
        .as("bad module state")
        .hasMessageContaining("unknown value 'weird'");
    assertThatThrownBy(
            () ->
                load(
                    "rules:\n  - {id: a, when: {title: x}, text: t}\n  - {id: a, when: {title: y}, text: t}\n"))
        .as("duplicate id")
        .hasMessageContaining("rule id 'a' is defined twice");
    assertThatThrownBy(() -> load("rules:\n  - when: {title: x}\n    text: t\n"))
        .as("missing id")
        .hasMessageContaining("rule #1: needs an 'id'");
    assertThatThrownBy(() -> load("rules:\n  - id: a\n    text: t\n"))
        .as("missing when")
        .hasMessageContaining("rule 'a': 'when' must be a non-empty map");
    assertThatThrownBy(() -> load("rulez: []\n"))
        .as("unknown top-level key")
        .hasMessageContaining("unknown key 'rulez'");
    assertThatThrownBy(() -> load("rules:\n  - id: a\n    when: {title: x\n"))
        .as("broken YAML")
        .isInstanceOf(RuleError.class)
        .hasMessageContaining(
            "test.yaml:3: not valid YAML: while parsing a flow mapping; expected ',' or '}'")
        .as("one line")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> DiagnosisRules.load(Path.of("/nonexistent/rules.yaml")))
        .isInstanceOf(RuleError.class)
        .hasMessageContaining("/nonexistent/rules.yaml does not exist");
  }

  @Test
  void userRuleFileWorksAndRefinesDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("my-rules.yaml");
    Files.writeString(
        file,
        """
        rules:
          # our vendor module's known bug
          - id: vendor-rmmod-bh
            when:
              comm: "^rmmod$"
              culprit_module: unloading
              any:
                - preempt.softirq_disable: ">= 1"
                - panic_reason: Aiee
              not:
                kernel.rt: true
            text: "Known issue VEND-42 in {culprit_module} ({kernel.distro} {kernel.dist_tag}), {preempt.explain}; caller of schedule*: {caller_of:schedule*,__schedule*}"
          - id: out-of-tree-module
            when: {culprit_module: out-of-tree}
            text: "replaced: {culprit_module|?}"
        """);
    DiagnosisRules mine = DiagnosisRules.load(file);
    assertThat(mine.ids()).containsExactly("vendor-rmmod-bh", "out-of-tree-module");
    DiagnosisRules all = RULES.plus(mine);
    List<Diagnosis> ds = all.diagnose(seed000("testmod", SEED_000_FRAME_MODULES));
    assertThat(find(ds, "vendor-rmmod-bh").text())
        .isEqualTo(
            "Known issue VEND-42 in testmod (RHEL/CentOS el7), 1 softirq-disable level"
                + " (local_bh_disable / *_bh lock held); caller of schedule*: wait_for_completion");
    assertThat(find(ds, "out-of-tree-module").text())
        .as("a user rule with a bundled id replaces it")
        .isEqualTo("replaced: testmod");
    assertThat(all.ids())
        .as("replaced in place, added at the end")
        .containsSubsequence("bh-disabled-while-sleeping", "out-of-tree-module", "vendor-rmmod-bh");
    assertThat(ids(all.diagnose(seed002())))
        .as("user rule does not fire on the RT case")
        .doesNotContain("vendor-rmmod-bh");
  }

  @Test
  void regexGlobsAndFallbacks() {
    DiagnosisRules r =
        load(
            """
            rules:
              - id: g
                when:
                  frames: ["re:^rt_(spin|mutex)_lock$", "*_bh"]
                  kernel.at_least: "4.4"
                  kernel.before: "5.0"
                  kernel.distro: [Kylin]
                  taint: ""
                text: "{guilty_module|core} {panic_reason} {caller_of:nothing_matches|none}"
            """
                .replace("      taint: \"\"\n", ""));
    List<Diagnosis> ds = r.diagnose(seed002());
    assertThat(ds).hasSize(1);
    assertThat(ds.get(0).text()).isEqualTo("core Fatal exception none");
  }

  @Test
  void emptyFileHasNoRules() {
    assertThat(load("").ids()).isEmpty();
    assertThat(load("rules:\n").ids()).isEmpty();
  }
}
