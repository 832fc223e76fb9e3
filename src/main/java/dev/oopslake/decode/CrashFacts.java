package dev.oopslake.decode;

import java.util.List;
import java.util.Optional;

/**
 * What diagnosis rules may look at: the decoded fields of one report and its frame functions, top
 * first (plumbing included, so a rule can ask for {@code rt_spin_lock}).
 *
 * @param crashClass the parser's crash class id, e.g. {@code scheduling-while-atomic}
 * @param frames frame function names, top of stack first, unreliable ({@code ?}) frames excluded
 * @param guiltyModule module of the guilty frame, null when it is in the core kernel
 * @param kernel nullable when the log printed no release
 * @param preemptCount nullable when the report printed none
 * @param panicReason the text after "Kernel panic - not syncing: ", null when no panic
 * @param frameModules module of each frame ({@code ""} for core kernel), parallel to {@code
 *     frames}; may be empty when the caller does not know them
 * @param fault the faulting access (address, kind, poison value); null when the report printed none
 */
public record CrashFacts(
    String crashClass,
    String title,
    List<String> frames,
    String guiltyFrame,
    String guiltyModule,
    String comm,
    KernelRelease kernel,
    Taint taint,
    PreemptCount preemptCount,
    List<LoadedModule> modules,
    String panicReason,
    List<String> frameModules,
    Fault fault) {

  public CrashFacts {
    frames = frames == null ? List.of() : List.copyOf(frames);
    modules = modules == null ? List.of() : List.copyOf(modules);
    frameModules = frameModules == null ? List.of() : List.copyOf(frameModules);
    taint = taint == null ? Taint.NONE : taint;
    if (!frameModules.isEmpty() && frameModules.size() != frames.size()) {
      throw new IllegalArgumentException(
          "frameModules has " + frameModules.size() + " entries for " + frames.size() + " frames");
    }
  }

  /** Facts without per-frame modules (the culprit module then falls back to the module list). */
  public CrashFacts(
      String crashClass,
      String title,
      List<String> frames,
      String guiltyFrame,
      String guiltyModule,
      String comm,
      KernelRelease kernel,
      Taint taint,
      PreemptCount preemptCount,
      List<LoadedModule> modules,
      String panicReason) {
    this(
        crashClass,
        title,
        frames,
        guiltyFrame,
        guiltyModule,
        comm,
        kernel,
        taint,
        preemptCount,
        modules,
        panicReason,
        List.of(),
        null);
  }

  /**
   * The module most likely at fault: the guilty frame's module, else the topmost frame that is in a
   * module, else the one module the log shows being loaded or unloaded ({@code foo(+)} / {@code
   * foo(-)}: the crash likely happened in its init or exit path).
   */
  public Optional<String> culpritModule() {
    if (guiltyModule != null && !guiltyModule.isBlank()) {
      return Optional.of(guiltyModule);
    }
    for (String m : frameModules) {
      if (m != null && !m.isBlank()) {
        return Optional.of(m);
      }
    }
    // only when it is unambiguous: two modules in transition say nothing about which one crashed
    List<String> changing =
        modules.stream().filter(m -> m.unloading() || m.loading()).map(LoadedModule::name).toList();
    return changing.size() == 1 ? Optional.of(changing.get(0)) : Optional.empty();
  }

  /** The culprit module's entry in the "Modules linked in:" list, when it is there. */
  public Optional<LoadedModule> culpritModuleEntry() {
    return culpritModule().flatMap(name -> LoadedModule.find(modules, name));
  }
}
