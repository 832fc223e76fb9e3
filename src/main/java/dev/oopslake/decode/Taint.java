package dev.oopslake.decode;

import dev.oopslake.util.Memo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The taint string of a "CPU: ... Tainted: G OE" line decoded into letters and their meanings.
 *
 * <p>The kernel prints one column per taint bit ({@code print_tainted()}): the bit's letter when
 * set, a blank (or {@code G} for bit 0, "only GPL modules") when clear, and on Red Hat kernels a
 * {@code -} for reserved bits. So when the spacing survives, a letter's column is its bit; {@code G
 * OE ------------ T} on RHEL 7 has O at bit 12, E at 13 and T at bit 29, Red Hat's "technology
 * preview", not upstream's randstruct {@code T} (bit 17, added in 4.15).
 *
 * @param raw the flags as printed, trimmed
 * @param letters the set letters in print order, {@code G} excluded (it means "not tainted by a
 *     proprietary module")
 * @param flags each set letter with its meaning on this kernel
 */
public record Taint(String raw, String letters, List<Flag> flags) {

  /**
   * One taint letter and what it means on this kernel.
   *
   * @param bit the taint bit when the column is known, else -1
   */
  public record Flag(char letter, String meaning, int bit) {
    public Flag {
      meaning = meaning == null ? "" : meaning;
    }

    public Flag(char letter, String meaning) {
      this(letter, meaning, -1);
    }
  }

  public Taint {
    raw = raw == null ? "" : raw;
    letters = letters == null ? "" : letters;
    flags = List.copyOf(flags);
    if (flags.size() != letters.length()) {
      throw new IllegalArgumentException("letters '" + letters + "' do not match the flags");
    }
  }

  public static final Taint NONE = new Taint("", "", List.of());

  /** One upstream taint bit: its letter, meaning and the release that introduced it. */
  private record Bit(int bit, char letter, String meaning, int sinceVersion, int sincePatch) {}

  // include/linux/panic.h + Documentation/admin-guide/tainted-kernels.rst; index = bit number.
  private static final List<Bit> UPSTREAM =
      List.of(
          // TAINT_PROPRIETARY_MODULE: printed G when clear, so G is never a taint
          new Bit(0, 'P', "proprietary module loaded", 2, 4),
          // TAINT_FORCED_MODULE: insmod -f / version magic ignored
          new Bit(1, 'F', "module force-loaded", 2, 6),
          // TAINT_CPU_OUT_OF_SPEC: SMP on non-SMP CPUs, later any out-of-spec CPU
          new Bit(2, 'S', "running on an out-of-specification system", 2, 6),
          // TAINT_FORCED_RMMOD: rmmod -f
          new Bit(3, 'R', "module force-unloaded", 2, 6),
          // TAINT_MACHINE_CHECK: an MCE was reported
          new Bit(4, 'M', "machine check exception occurred", 2, 6),
          // TAINT_BAD_PAGE: bad_page() found a page in a bad state
          new Bit(5, 'B', "bad page referenced or unexpected page flags", 2, 6),
          // TAINT_USER: written to /proc/sys/kernel/tainted
          new Bit(6, 'U', "taint requested by userspace", 2, 6),
          // TAINT_DIE: set by oops_end()/die(); every report after the first oops has it
          new Bit(7, 'D', "kernel died recently (an earlier oops or BUG)", 2, 6),
          // TAINT_OVERRIDDEN_ACPI_TABLE
          new Bit(8, 'A', "ACPI table overridden by the user", 2, 6),
          // TAINT_WARN: set by __warn(); an earlier WARNING happened
          new Bit(9, 'W', "kernel issued a warning earlier", 2, 6),
          // TAINT_CRAP: a drivers/staging module was loaded
          new Bit(10, 'C', "staging driver loaded", 2, 6),
          // TAINT_FIRMWARE_WORKAROUND
          new Bit(11, 'I', "working around a severe firmware bug", 2, 6),
          // TAINT_OOT_MODULE: module built outside the kernel tree
          new Bit(12, 'O', "out-of-tree module loaded", 3, 2),
          // TAINT_UNSIGNED_MODULE: module without a valid signature
          new Bit(13, 'E', "unsigned module loaded", 3, 15),
          // TAINT_SOFTLOCKUP: the soft lockup detector fired earlier
          new Bit(14, 'L', "soft lockup occurred earlier", 4, 0),
          // TAINT_LIVEPATCH: a live patch was applied
          new Bit(15, 'K', "kernel live-patched", 4, 0),
          // TAINT_AUX: for distros (SUSE marks externally supported modules with it)
          new Bit(16, 'X', "auxiliary taint (distro-defined)", 4, 15),
          // TAINT_RANDSTRUCT: built with the structure randomisation plugin
          new Bit(17, 'T', "built with struct randomization (randstruct)", 4, 15),
          // TAINT_TEST: a KUnit or other in-kernel test ran
          new Bit(18, 'N', "an in-kernel test (KUnit) has been run", 6, 0),
          // TAINT_FWCTL: a mutating fwctl debug command was used
          new Bit(19, 'J', "userspace used a mutating fwctl debug operation", 6, 15));

  /** A distro-only taint letter (Red Hat's print in the columns after the upstream ones). */
  private record DistroLetter(char letter, String meaning) {}

  // Red Hat's kernel/panic.c additions; upstream bits there print as '-' on RHEL kernels.
  private static final List<DistroLetter> RHEL_LETTERS =
      List.of(
          // RHEL 7 TAINT_HARDWARE_UNSUPPORTED (bit 28): mark_hardware_unsupported()
          new DistroLetter('H', "RHEL: hardware not supported by Red Hat"),
          // RHEL 7 TAINT_TECH_PREVIEW (bit 29): mark_tech_preview(), e.g. overlayfs on RHEL 7
          new DistroLetter('T', "RHEL: technology preview driver or feature in use"),
          // RHEL 8/9 spell tech preview lower-case because upstream T is randstruct
          new DistroLetter('t', "RHEL: technology preview driver or feature in use"),
          // RHEL 8/9 mark_hardware_removed(): hardware whose support Red Hat removed
          new DistroLetter('h', "RHEL: hardware or driver whose support was removed"),
          // RHEL 8 unprivileged eBPF enabled (kernel.unprivileged_bpf_disabled=0)
          new DistroLetter('u', "RHEL: unprivileged BPF enabled"));

  // SUSE kernels' support-status taints (supported.conf); X is the TAINT_AUX bit SUSE upstreamed.
  private static final List<DistroLetter> SUSE_LETTERS =
      List.of(
          // TAINT_EXTERNAL_SUPPORT: a module supported by a third party, not SUSE
          new DistroLetter('X', "SUSE: externally supported module loaded"),
          // TAINT_NO_SUPPORT: a module SUSE does not support (allow_unsupported_modules=1)
          new DistroLetter('N', "SUSE: unsupported module loaded"));

  // The first column of Red Hat's own bits: RHEL 7 (3.10) reserves 16.., RHEL 8/9 18..
  private static int rhelFirstColumn(KernelRelease kernel) {
    return kernel != null && kernel.rhelMajor() == 7 ? 16 : 18;
  }

  /**
   * Decodes the flags printed after "Tainted:" (e.g. {@code "G OE ------------ T"}), up to the
   * release. The kernel (nullable) picks the per-version and per-distro meanings; {@code "Not
   * tainted"} decodes to no flags.
   */
  public static Taint decode(String rawFlags, KernelRelease kernel) {
    if (rawFlags == null) {
      return NONE;
    }
    return DECODED.get(new Key(rawFlags, kernel), k -> decodeUncached(k.rawFlags(), k.kernel()));
  }

  /** Meanings depend on the kernel, so it is part of the key. */
  private record Key(String rawFlags, KernelRelease kernel) {}

  private static final Memo<Key, Taint> DECODED = new Memo<>(1024);

  private static Taint decodeUncached(String rawFlags, KernelRelease kernel) {
    String text = rawFlags.strip();
    int colon = text.indexOf("Tainted:");
    if (colon >= 0) {
      text = text.substring(colon + "Tainted:".length());
      text = text.strip();
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.toLowerCase(Locale.ROOT).startsWith("not tainted")) {
      return trimmed.isEmpty() ? NONE : new Taint("Not tainted", "", List.of());
    }
    // Only Red Hat prints '-' for reserved bits, so dashes identify a RHEL kernel we know nothing
    // of
    boolean rhel = kernel != null ? kernel.isRhel() : text.indexOf('-') >= 0;
    boolean columns = columnsIntact(text, kernel, rhel);
    StringBuilder letters = new StringBuilder();
    List<Flag> flags = new ArrayList<>();
    boolean seenDash = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '-') {
        seenDash = true;
        continue;
      }
      // G is bit 0's "no proprietary module" marker, never a taint of its own, in any column.
      if (!Character.isLetter(c) || c == 'G') {
        continue;
      }
      if (letters.indexOf(String.valueOf(c)) >= 0) {
        continue;
      }
      int bit = columns ? i : -1;
      boolean rhelColumn = rhel && (seenDash || (columns && i >= rhelFirstColumn(kernel)));
      letters.append(c);
      flags.add(new Flag(c, meaning(c, bit, kernel, rhelColumn), bit));
    }
    return new Taint(trimmed, letters.toString(), flags);
  }

  /**
   * Whether each character's column is its bit: bit 0 always prints P or G (never a blank), and
   * every upstream column holds its own letter; when spacing was collapsed only letters count.
   */
  private static boolean columnsIntact(String text, KernelRelease kernel, boolean rhel) {
    if (text.charAt(0) != 'P' && text.charAt(0) != 'G') {
      return false;
    }
    int upstreamColumns =
        rhel ? Math.min(UPSTREAM.size(), rhelFirstColumn(kernel)) : UPSTREAM.size();
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '-') {
        // only Red Hat prints '-', for reserved bits from 16 (RHEL 7) or 18 (RHEL 8+) on
        return rhel && i >= 16;
      }
      if (Character.isLetter(c) && i < upstreamColumns && UPSTREAM.get(i).letter() != c) {
        return false;
      }
      if (Character.isLetter(c) && !rhel && i >= UPSTREAM.size()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The meaning of one taint (or module taint) letter on a kernel (nullable), without column
   * information.
   */
  public static String meaningOf(char letter, KernelRelease kernel) {
    boolean rhelOnly =
        kernel != null
            && kernel.isRhel()
            && upstream(letter).map(b -> !since(kernel, b)).orElse(true);
    return meaning(letter, -1, kernel, rhelOnly);
  }

  private static String meaning(char c, int bit, KernelRelease kernel, boolean rhelColumn) {
    if (rhelColumn) {
      for (DistroLetter r : RHEL_LETTERS) {
        if (r.letter() == c) {
          return r.meaning();
        }
      }
    }
    // upstream N (6.0+, KUnit) in its own column beats SUSE's older N
    boolean upstreamTestColumn = c == 'N' && bit == 18 && kernel != null && kernel.atLeast(6, 0);
    if (kernel != null && "SUSE".equals(kernel.distro()) && !upstreamTestColumn) {
      for (DistroLetter r : SUSE_LETTERS) {
        if (r.letter() == c) {
          return r.meaning();
        }
      }
    }
    if (bit >= 0 && bit < UPSTREAM.size() && UPSTREAM.get(bit).letter() == c) {
      return annotate(UPSTREAM.get(bit), kernel);
    }
    Optional<Bit> byLetter = upstream(c);
    if (byLetter.isPresent()) {
      // RHEL 7 has no upstream T (4.15+): a T there is always Red Hat's tech preview
      if (kernel != null && kernel.isRhel() && !since(kernel, byLetter.get())) {
        for (DistroLetter r : RHEL_LETTERS) {
          if (r.letter() == c) {
            return r.meaning();
          }
        }
      }
      return annotate(byLetter.get(), kernel);
    }
    return "unknown taint flag '" + c + "'";
  }

  private static Optional<Bit> upstream(char c) {
    return UPSTREAM.stream().filter(b -> b.letter() == c).findFirst();
  }

  private static boolean since(KernelRelease kernel, Bit b) {
    return kernel.atLeast(b.sinceVersion(), b.sincePatch());
  }

  private static String annotate(Bit b, KernelRelease kernel) {
    // distros backport taint letters (RHEL 7's 3.10 has E and K), so only upstream is suspicious
    if (kernel != null && KernelRelease.UPSTREAM.equals(kernel.distro()) && !since(kernel, b)) {
      return b.meaning()
          + " (upstream letter since "
          + b.sinceVersion()
          + "."
          + b.sincePatch()
          + ", unexpected on "
          + kernel.series()
          + ")";
    }
    return b.meaning();
  }

  public boolean tainted() {
    return !flags.isEmpty();
  }

  /** Whether the letter is set. */
  public boolean has(char letter) {
    return letters.indexOf(letter) >= 0;
  }

  /** "O: out-of-tree module loaded; E: unsigned module loaded" for reports. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (Flag f : flags) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(f.letter()).append(": ").append(f.meaning());
    }
    return sb.toString();
  }
}
