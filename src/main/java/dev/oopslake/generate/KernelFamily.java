package dev.oopslake.generate;

import java.util.List;

/**
 * A distribution's kernel line on one architecture (e.g. RHEL 8 on x86_64): its builds and the
 * printing habits its crash reports share. Templates name the families they occur on.
 *
 * @param style how frames and registers are printed: {@code x86-old} (3.10 {@code [<addr>]}),
 *     {@code x86}, {@code arm64}, {@code ppc64}, {@code s390}
 * @param entrySet the id of the {@link EntrySet} giving this kernel's stack bottoms
 * @param taskMarkers whether the x86 trace is wrapped in {@code <TASK>}/{@code </TASK>} (5.14+
 *     backports and 5.16+)
 * @param kdumpTag whether the {@code CPU:} line carries {@code Kdump: loaded}
 * @param cpuPrefix whether every console line carries the vendor {@code [ cpu]} prefix after the
 *     timestamp (Kylin/openEuler builds)
 * @param callerIdRate share of files whose console lines carry printk caller ids ({@code [T123]},
 *     CONFIG_PRINTK_CALLER)
 * @param taintFlags the taint letters this kernel prints, in its order (one column each)
 * @param taintSuffix distro text printed after the taint columns (RHEL's dashes), may be empty
 * @param oopsFlags what follows {@code [#1]} on the Oops line (e.g. {@code SMP PTI})
 * @param zeroTraceId whether {@code ---[ end trace ...]---} prints zeros (5.17+) instead of a hash
 * @param faultNoise whether the trace starts with the {@code ? __die}/{@code ? exc_page_fault}
 *     frames that 6.x kernels print above a faulting function
 * @param compilerSuffixes whether gcc clones functions ({@code .isra.0}, {@code .constprop.0})
 * @param baseModules the modules every host of this family has loaded
 */
public record KernelFamily(
    String id,
    String arch,
    String distro,
    String style,
    String entrySet,
    String compiler,
    String builder,
    List<KernelBuild> builds,
    boolean taskMarkers,
    boolean kdumpTag,
    boolean cpuPrefix,
    double callerIdRate,
    String taintFlags,
    String taintSuffix,
    String oopsFlags,
    boolean zeroTraceId,
    boolean faultNoise,
    boolean compilerSuffixes,
    List<String> noiseFrames,
    List<String> baseModules) {

  static final List<String> STYLES = List.of("x86-old", "x86", "arm64", "ppc64", "s390");

  public KernelFamily {
    Catalog.require(id, "family id");
    Catalog.require(arch, "arch of family " + id);
    Catalog.require(distro, "distro of family " + id);
    Catalog.check(
        STYLES.contains(style), "family %s: style %s is not one of %s", id, style, STYLES);
    Catalog.require(entrySet, "entrySet of family " + id);
    Catalog.require(compiler, "compiler of family " + id);
    Catalog.require(builder, "builder of family " + id);
    Catalog.check(builds != null && !builds.isEmpty(), "family %s has no builds", id);
    Catalog.check(
        callerIdRate >= 0 && callerIdRate <= 1, "family %s: callerIdRate must be in [0,1]", id);
    Catalog.require(taintFlags, "taintFlags of family " + id);
    Catalog.require(oopsFlags, "oopsFlags of family " + id);
    builds = List.copyOf(builds);
    taintSuffix = taintSuffix == null ? "" : taintSuffix;
    noiseFrames = noiseFrames == null ? List.of() : List.copyOf(noiseFrames);
    baseModules = baseModules == null ? List.of() : List.copyOf(baseModules);
  }

  /** Whether this kernel prints unreliable {@code ? func} frames (x86 only). */
  boolean printsUnreliableFrames() {
    return style.startsWith("x86");
  }

  KernelBuild build(String release) {
    for (KernelBuild b : builds) {
      if (b.release().equals(release)) {
        return b;
      }
    }
    throw new IllegalArgumentException("family " + id + " has no build " + release);
  }
}
