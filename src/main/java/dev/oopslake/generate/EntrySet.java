package dev.oopslake.generate;

import java.util.List;
import java.util.Map;

/**
 * The stack bottoms one kernel generation prints: how a syscall, a workqueue item, a kernel thread
 * or an interrupt reaches the buggy code. Templates name entry kinds ({@code syscall:ioctl}, {@code
 * workqueue}); the family's entry set says what frames that is on its kernel.
 *
 * @param sysPrefix the syscall wrapper prefix of this generation ({@code SyS_}, {@code __x64_sys_},
 *     {@code __arm64_sys_})
 * @param paths entry kind to its frames, top first
 */
public record EntrySet(String id, String sysPrefix, Map<String, EntryPath> paths) {
  public EntrySet {
    Catalog.require(id, "entry set id");
    Catalog.require(sysPrefix, "sysPrefix of entry set " + id);
    Catalog.check(paths != null && paths.containsKey("syscall"), "entry set %s lacks syscall", id);
    paths = Map.copyOf(paths);
  }

  /**
   * One way into the kernel.
   *
   * @param frames the frames below the bug's own ones, top first; {@code {sys}} is the syscall
   * @param irq whether the bug's frames run in interrupt context (printed between {@code <IRQ>}
   *     markers, panics say "in interrupt")
   * @param taskFrames for {@code irq} paths, the interrupted task's frames (usually the idle loop)
   * @param userRegs whether the trace ends with the user-space registers of the syscall
   */
  public record EntryPath(
      List<String> frames, boolean irq, List<String> taskFrames, boolean userRegs) {
    public EntryPath {
      Catalog.check(frames != null && !frames.isEmpty(), "an entry path needs frames");
      frames = List.copyOf(frames);
      taskFrames = taskFrames == null ? List.of() : List.copyOf(taskFrames);
    }
  }
}
