package dev.oopslake.signature;

import java.util.regex.Pattern;

/**
 * What clustering never crosses: the crash class and the kind of report its title names, i.e. the
 * title without the culprit ("KASAN: slab-out-of-bounds Read in foo" is of kind "KASAN:
 * slab-out-of-bounds Read"). Two stacks of different kinds are two bugs however alike they are: a
 * stack-out-of-bounds and a slab-out-of-bounds in one function, a deadlock and an inconsistent lock
 * state on one lock, a soft lockup and an RCU stall in one loop.
 *
 * @param crashClass the parser's class id ({@code kasan-out-of-bounds})
 * @param kind the title without its {@code in <function>} tail, numbers and addresses masked
 */
public record CrashKind(String crashClass, String kind) {

  /** Line numbers, sizes, CPUs and addresses in a title vary by build and machine, not by kind. */
  private static final Pattern NUMBERS = Pattern.compile("0x[0-9a-fA-F]+|(?<![A-Za-z_])\\d+");

  public CrashKind {
    crashClass = crashClass == null ? "" : crashClass.strip();
    kind = kind == null ? "" : kind.strip();
  }

  /** The kind of a crash of this class with this title (either may be null or blank). */
  public static CrashKind of(String crashClass, String title) {
    if (title == null || title.isBlank()) {
      return new CrashKind(crashClass, "");
    }
    String t = title.strip();
    // Titles name the culprit last ("... in func", KCSAN's "... in f1 / f2"); "in" may also occur
    // earlier ("using smp_processor_id() in preemptible code in func"), so cut at the last one.
    int in = t.lastIndexOf(" in ");
    if (in > 0) {
      t = t.substring(0, in);
    }
    return new CrashKind(crashClass, maskNumbers(t));
  }

  /** The text with line numbers, sizes, CPUs and addresses replaced by {@code N}. */
  static String maskNumbers(String text) {
    return NUMBERS.matcher(text).replaceAll("N");
  }

  /**
   * One string for hashing and equality: class and kind joined by a newline, which neither holds.
   */
  public String key() {
    return crashClass + "\n" + kind;
  }
}
