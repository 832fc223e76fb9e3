package dev.oopslake.decode;

import java.util.List;

/**
 * What diagnosis rules may look at: the decoded fields of one report and its frame functions, top
 * first (plumbing included, so a rule can ask for {@code rt_spin_lock}).
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
    String panicReason) {

  public CrashFacts {
    frames = List.copyOf(frames);
    modules = List.copyOf(modules);
    taint = taint == null ? Taint.NONE : taint;
  }
}
