package dev.oopslake.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A preempt_count value decoded into its fields: preemption depth, softirq serving and
 * softirq-disable levels, hardirq and NMI nesting, and the arch/version specific bits.
 *
 * <p>The softirq byte counts two things: {@code __do_softirq()} adds {@code SOFTIRQ_OFFSET} (0x100)
 * while serving softirqs, {@code local_bh_disable()} (and every {@code *_bh} lock) adds {@code
 * SOFTIRQ_DISABLE_OFFSET} (0x200). So 0x200 is one bh-disable level, 0x100 is "in a softirq".
 *
 * @param value the value as printed
 * @param preempt preemption depth (bits 0-7): preempt_disable(), spin_lock() on non-RT kernels
 * @param softirq 1 while serving softirqs (bit 8)
 * @param softirqDisable number of local_bh_disable() levels (bits 9-15, 0x200 each)
 * @param hardirq hard interrupt nesting
 * @param nmi whether in an NMI
 * @param nmiCount NMI nesting (one bit before 5.11)
 * @param preemptActive the PREEMPT_ACTIVE bit of kernels before 4.4
 * @param needResched x86's folded PREEMPT_NEED_RESCHED (3.13+): the bit is inverted, so set means
 *     {@code false} (no reschedule pending); null when the layout has no such bit or it is clear
 *     (preempt_count() masks it out, so clear says nothing)
 * @param layout which bit layout decoded the value, and whether it was assumed
 * @param unknownBits bits the layout gives no meaning
 */
public record PreemptCount(
    long value,
    int preempt,
    int softirq,
    int softirqDisable,
    int hardirq,
    boolean nmi,
    int nmiCount,
    boolean preemptActive,
    Boolean needResched,
    String layout,
    long unknownBits) {

  public PreemptCount {
    if (value < 0 || value > 0xffffffffL) {
      throw new IllegalArgumentException("preempt_count is 32 bits: " + Long.toHexString(value));
    }
    if (layout == null || layout.isBlank()) {
      throw new IllegalArgumentException("layout must be named");
    }
  }

  /**
   * One preempt_count bit layout (include/linux/preempt.h, formerly hardirq.h / preempt_mask.h).
   * Preempt is always bits 0-7 and softirq bits 8-15.
   *
   * @param fromVersion first release using it (inclusive), as V*1000+P
   * @param toVersion first release no longer using it (exclusive)
   * @param x86 whether this is the x86 variant
   */
  private record Layout(
      String name,
      int fromVersion,
      int toVersion,
      boolean x86,
      int hardirqShift,
      int hardirqBits,
      int nmiShift,
      int nmiBits,
      long preemptActiveMask,
      long needReschedMask) {}

  private static final int ANY = Integer.MAX_VALUE;

  // Looked up by kernel version and arch, first match wins.
  private static final List<Layout> LAYOUTS =
      List.of(
          // before 3.13: HARDIRQ_BITS 10 at 16, NMI at 26; x86 thread_info.h PREEMPT_ACTIVE
          new Layout("pre-3.13 x86", 0, 3013, true, 16, 10, 26, 1, 0x10000000L, 0),
          // before 3.13, generic PREEMPT_ACTIVE right above NMI (bit 27)
          new Layout("pre-3.13", 0, 3013, false, 16, 10, 26, 1, 0x08000000L, 0),
          // 3.13: preempt_mask.h, HARDIRQ_BITS 4, NMI bit 20, PREEMPT_ACTIVE bit 21; x86 per-cpu
          // preempt_count folds the inverted PREEMPT_NEED_RESCHED into bit 31
          new Layout("3.13-4.3 x86", 3013, 4004, true, 16, 4, 20, 1, 0x00200000L, 0x80000000L),
          // 3.13-4.3 other arches
          new Layout("3.13-4.3", 3013, 4004, false, 16, 4, 20, 1, 0x00200000L, 0),
          // 4.4 "sched: Kill PREEMPT_ACTIVE"
          new Layout("4.4-5.10 x86", 4004, 5011, true, 16, 4, 20, 1, 0, 0x80000000L),
          // 4.4-5.10 other arches (arm64 keeps need_resched in the upper word, never printed)
          new Layout("4.4-5.10", 4004, 5011, false, 16, 4, 20, 1, 0, 0),
          // 5.11: NMI_BITS 4, nmi nesting counted at 20-23
          new Layout("5.11+ x86", 5011, ANY, true, 16, 4, 20, 4, 0, 0x80000000L),
          // 5.11+ other arches
          new Layout("5.11+", 5011, ANY, false, 16, 4, 20, 4, 0, 0));

  // uname -m names (and Debian's amd64) of the arches with x86's preempt_count
  private static final Set<String> X86_ARCHES =
      Set.of("x86_64", "i686", "i586", "i386", "x86", "amd64");

  private static boolean isX86(String arch) {
    return X86_ARCHES.contains(arch);
  }

  /**
   * Decodes a value with the layout of the kernel and arch (both nullable). An unknown kernel gets
   * the modern layout, an unknown arch the x86 variant (its extra bit is never set on others);
   * {@code layout} says what was assumed.
   */
  public static PreemptCount decode(long value, String arch, KernelRelease kernel) {
    long v = value & 0xffffffffL;
    String effectiveArch = arch != null ? arch : kernel != null ? kernel.arch() : null;
    boolean x86 = effectiveArch == null || isX86(effectiveArch);
    int version = kernel == null ? ANY - 1 : kernel.version() * 1000 + kernel.patchlevel();
    Layout layout = null;
    for (Layout l : LAYOUTS) {
      if (l.x86() == x86 && version >= l.fromVersion() && version < l.toVersion()) {
        layout = l;
        break;
      }
    }
    if (layout == null) {
      throw new IllegalStateException("no preempt_count layout for " + version);
    }
    StringBuilder name = new StringBuilder(layout.name());
    if (kernel == null) {
      name.append(" (kernel unknown, modern layout assumed)");
    }
    if (effectiveArch == null) {
      name.append(" (arch unknown, x86 assumed)");
    }
    int softirqField = (int) ((v >> 8) & 0xff);
    int hardirq = (int) ((v >> layout.hardirqShift()) & ((1L << layout.hardirqBits()) - 1));
    int nmiCount = (int) ((v >> layout.nmiShift()) & ((1L << layout.nmiBits()) - 1));
    boolean preemptActive =
        layout.preemptActiveMask() != 0 && (v & layout.preemptActiveMask()) != 0;
    Boolean needResched =
        layout.needReschedMask() != 0 && (v & layout.needReschedMask()) != 0 ? Boolean.FALSE : null;
    long known =
        0xffffL
            | (((1L << layout.hardirqBits()) - 1) << layout.hardirqShift())
            | (((1L << layout.nmiBits()) - 1) << layout.nmiShift())
            | layout.preemptActiveMask()
            | layout.needReschedMask();
    return new PreemptCount(
        v,
        (int) (v & 0xff),
        softirqField & 1,
        softirqField >> 1,
        hardirq,
        nmiCount > 0,
        nmiCount,
        preemptActive,
        needResched,
        name.toString(),
        v & ~known);
  }

  /** Whether softirqs were being served (0x100), as opposed to merely disabled. */
  public boolean servingSoftirq() {
    return softirq != 0;
  }

  /** Whether anything but the need-resched bit is set. */
  public boolean atomic() {
    return preempt > 0
        || softirq > 0
        || softirqDisable > 0
        || hardirq > 0
        || nmiCount > 0
        || unknownBits != 0;
  }

  /** The value as the kernel prints it, {@code 0x00000200}. */
  public String hex() {
    return String.format("0x%08x", value);
  }

  /**
   * A human explanation, e.g. {@code 1 softirq-disable level (local_bh_disable / *_bh lock held)};
   * fields joined with "; ".
   */
  public String explain() {
    List<String> parts = new ArrayList<>();
    if (preempt > 0) {
      parts.add(
          "preempt depth "
              + preempt
              + " (preempt_disable, spin_lock, or inside schedule() the scheduler's own level)");
    }
    if (softirq > 0) {
      parts.add("serving softirqs (__do_softirq)");
    }
    if (softirqDisable > 0) {
      parts.add(
          softirqDisable
              + " softirq-disable level"
              + (softirqDisable == 1 ? "" : "s")
              + " (local_bh_disable / *_bh lock held)");
    }
    if (hardirq > 0) {
      parts.add("in hard interrupt context, nesting " + hardirq);
    }
    if (nmiCount > 0) {
      parts.add(nmiCount == 1 ? "in NMI" : "in NMI, nesting " + nmiCount);
    }
    if (preemptActive) {
      parts.add("PREEMPT_ACTIVE (being preempted)");
    }
    if (Boolean.FALSE.equals(needResched)) {
      parts.add("need-resched bit set, which on x86 is inverted: no reschedule pending");
    }
    if (unknownBits != 0) {
      parts.add(String.format("unknown bits 0x%08x for layout %s", unknownBits, layout));
    }
    if (parts.isEmpty()) {
      return "nothing set (preemptible task context)";
    }
    return String.join("; ", parts);
  }
}
