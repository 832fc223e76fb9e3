package dev.oopslake.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oopslake.parse.Frame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashSignatureTest {

  private static Frame f(String function, String offset, String module) {
    return new Frame(function, offset, module, true, "task");
  }

  private static Frame unreliable(String function, String offset) {
    return new Frame(function, offset, null, false, "task");
  }

  /** Hand-written, shaped like a 3.10 "scheduling while atomic" from a module exit path. */
  private static List<Frame> schedWhileAtomic310() {
    return List.of(
        f("dump_stack", "0x19/0x1b", null),
        f("__schedule_bug", "0x4d/0x5b", null),
        f("__schedule", "0x89e/0x990", null),
        f("schedule", "0x29/0x70", null),
        f("schedule_timeout", "0x239/0x2c0", null),
        unreliable("check_preempt_curr", "0x85/0xa0"),
        f("wait_for_completion", "0x116/0x170", null),
        unreliable("wake_up_state", "0x20/0x20"),
        f("kthread_stop", "0x4a/0xe0", null),
        f("DemoDrv_StopWorker", "0x1b/0x90", "demodrv"),
        f("cleanup_module", "0x88/0xc0", "demodrv"),
        f("SyS_delete_module", "0x16b/0x2d0", null),
        f("system_call_fastpath", "0x16/0x1b", null));
  }

  /** The same bug on a newer build: other offsets, clone suffixes, other ? noise, new entry. */
  private static List<Frame> schedWhileAtomicNewBuild() {
    return List.of(
        f("dump_stack_lvl", "0x34/0x48", null),
        f("__schedule_bug.cold", "0x4d/0x60", null),
        f("__schedule", "0x9a1/0xa10", null),
        f("schedule", "0x3c/0x80", null),
        f("schedule_timeout", "0x2a9/0x300", null),
        unreliable("ttwu_do_wakeup", "0x19/0xd0"),
        unreliable("ffffffff810c54e0", ""),
        f("wait_for_completion.constprop.0", "0x120/0x180", null),
        f("kthread_stop.isra.3", "0x55/0xf0", null),
        f("DemoDrv_StopWorker", "0x2b/0xa0", "demodrv"),
        f("cleanup_module.llvm.8836151711111", "0x18/0x30", "demodrv"),
        f("__x64_sys_delete_module", "0x190/0x300", null),
        f("do_syscall_64", "0x3b/0x90", null),
        f("entry_SYSCALL_64_after_hwframe", "0x44/0xae", null));
  }

  @Test
  void normalizationDropsPlumbingOffsetsSuffixesAndUnreliableFrames() {
    assertThat(FrameNormalizer.normalize(schedWhileAtomic310()))
        .as("reporting, scheduler, ? and entry frames go; modules stay; syscall is canonical")
        .containsExactly(
            "kthread_stop",
            "DemoDrv_StopWorker [demodrv]",
            "cleanup_module [demodrv]",
            "sys_delete_module");
  }

  @Test
  void sameCrashAcrossBuildsGivesSameId() {
    CrashSignature a = CrashSignature.of("scheduling-while-atomic", schedWhileAtomic310());
    CrashSignature b = CrashSignature.of("scheduling-while-atomic", schedWhileAtomicNewBuild());
    assertThat(b.id())
        .as("offsets, .cold/.isra/.constprop/.llvm, ? frames, syscall wrappers")
        .isEqualTo(a.id());
    assertThat(b.frames()).isEqualTo(a.frames());
    assertThat(a.version()).isEqualTo(CrashSignature.VERSION);
  }

  @Test
  void differentClassGivesDifferentId() {
    CrashSignature a = CrashSignature.of("scheduling-while-atomic", schedWhileAtomic310());
    CrashSignature b = CrashSignature.of("sleep-in-atomic", schedWhileAtomic310());
    assertThat(b.id()).as("class is part of the signature").isNotEqualTo(a.id());
  }

  @Test
  void differentTopFrameOrModuleGivesDifferentId() {
    List<Frame> frames = new ArrayList<>(schedWhileAtomic310());
    CrashSignature base = CrashSignature.of("scheduling-while-atomic", frames);
    frames.set(9, f("DemoDrv_StopTimer", "0x1b/0x90", "demodrv"));
    CrashSignature otherFunction = CrashSignature.of("scheduling-while-atomic", frames);
    frames.set(9, f("DemoDrv_StopWorker", "0x1b/0x90", "otherdrv"));
    CrashSignature otherModule = CrashSignature.of("scheduling-while-atomic", frames);
    assertThat(List.of(base.id(), otherFunction.id(), otherModule.id()))
        .as("a different culprit function or module is a different bug")
        .doesNotHaveDuplicates();
  }

  @Test
  void onlyTopFramesCount() {
    List<Frame> deep = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      deep.add(f("fn" + i, "0x1/0x2", null));
    }
    List<Frame> otherBottom = new ArrayList<>(deep);
    otherBottom.set(11, f("other_entry", "0x1/0x2", null));
    assertThat(CrashSignature.of("oops", otherBottom).id())
        .as("frames below the top " + CrashSignature.TOP_FRAMES + " do not change the id")
        .isEqualTo(CrashSignature.of("oops", deep).id());
    assertThat(CrashSignature.of("oops", deep).frames()).hasSize(CrashSignature.TOP_FRAMES);
  }

  @Test
  void rtLockAndSchedulerFramesAboveTheCulpritAreSkipped() {
    List<Frame> arm64 =
        List.of(
            f("dump_backtrace", "0x0/0x170", null),
            f("show_stack", "0x24/0x30", null),
            f("dump_stack", "0xa4/0xe8", null),
            f("__schedule_bug", "0x68/0x88", null),
            f("__schedule", "0x618/0x748", null),
            f("schedule", "0x48/0x100", null),
            f("rt_spin_lock_slowlock_locked", "0x110/0x2c0", null),
            f("rt_spin_lock_slowlock", "0x54/0x70", null),
            f("rt_spin_lock", "0x60/0x70", null),
            f("timerfd_triggered", "0x24/0x60", null),
            f("timerfd_tmrproc", "0x20/0x30", null),
            f("__hrtimer_run_queues", "0xf8/0x388", null),
            f("kthread", "0x134/0x138", null),
            f("ret_from_fork", "0x10/0x18", null));
    assertThat(CrashSignature.of("scheduling-while-atomic", arm64).frames())
        .as("the culprit first; the hrtimer dispatch below is tick plumbing since v2")
        .containsExactly("timerfd_triggered", "timerfd_tmrproc");
  }

  @Test
  void syscallWrappersShareOneName() {
    for (String name :
        List.of(
            "SyS_openat",
            "sys_openat",
            "__x64_sys_openat",
            "__ia32_sys_openat",
            "__arm64_sys_openat",
            "__se_sys_openat",
            "__do_sys_openat",
            "__do_compat_sys_openat")) {
      assertThat(FrameNormalizer.function(name)).as(name).isEqualTo("sys_openat");
    }
    assertThat(FrameNormalizer.function("sysfs_kf_write"))
        .as("not a syscall")
        .isEqualTo("sysfs_kf_write");
  }

  @Test
  void namesGiveTheSameAnswerWhenAskedAgain() {
    // Answers are memoized by printed name: the second answer must be the first, null included.
    for (int round = 0; round < 2; round++) {
      assertThat(FrameNormalizer.function("ffffffff81234567")).as("bare address").isNull();
      assertThat(FrameNormalizer.function(" + 0x1b/0x90")).as("offset only").isNull();
      assertThat(FrameNormalizer.function("do_softirq.part.21+0x1b/0x90")).isEqualTo("do_softirq");
    }
  }

  @Test
  void displayTextNormalizesLikeFrames() {
    List<String> display =
        List.of(
            "dump_stack+0x19/0x1b",
            "? check_preempt_curr+0x85/0xa0",
            "kthread_stop+0x4a/0xe0",
            "DemoDrv_StopWorker.isra.0+0x1b/0x90 [demo-drv]",
            "timerfd_triggered + 0x24/0x60");
    assertThat(FrameNormalizer.normalizeDisplay(display))
        .containsExactly("kthread_stop", "DemoDrv_StopWorker [demo_drv]", "timerfd_triggered");
  }

  @Test
  void noFramesLeftStillGivesAClassSignature() {
    CrashSignature s = CrashSignature.of("hung-task", List.of(f("schedule", "0x1/0x2", null)));
    assertThat(s.frames()).isEmpty();
    assertThat(s.id()).hasSize(16);
    assertThatThrownBy(() -> CrashSignature.of(" ", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Golden ids. These must never change: nightly runs, stored rows and cluster registries key on
   * them. The ONLY legitimate way to change one is to bump {@link CrashSignature#VERSION} (and then
   * update these literals in the same commit). Each literal is the first 16 hex chars of {@code
   * sha256sum} over {@link CrashSignature#canonical}, so it can be checked without Java, e.g.
   * {@code printf 'oopslake-signature/v4\nwarning' | sha256sum}.
   */
  @Test
  void goldenIdsArePinned() {
    assertThat(CrashSignature.of("scheduling-while-atomic", schedWhileAtomic310()).id())
        .isEqualTo("12f3a876a147b86c");
    assertThat(
            CrashSignature.ofNormalized(
                    "null-ptr-deref", List.of("kfree", "demo_release [demodrv]"))
                .id())
        .isEqualTo("fc3bd1c7da8cf6ca");
    assertThat(CrashSignature.ofNormalized("warning", List.of()).id())
        .isEqualTo("48569373d0d4b584");
  }
}
