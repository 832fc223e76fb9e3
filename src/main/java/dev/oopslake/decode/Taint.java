package dev.oopslake.decode;

import java.util.List;

/** The taint string of a "CPU: ... Tainted: G OE" line decoded into letters and their meanings. */
public record Taint(String raw, String letters, List<Flag> flags) {

  /** One taint letter and what it means on this kernel. */
  public record Flag(char letter, String meaning) {}

  public Taint {
    raw = raw == null ? "" : raw;
    letters = letters == null ? "" : letters;
    flags = List.copyOf(flags);
  }

  public static final Taint NONE = new Taint("", "", List.of());

  /**
   * Decodes the flags printed after "Tainted:" (e.g. {@code "G OE ------------ T"}); the kernel
   * picks the per-version meaning table. Minimal first version: letters only, meanings filled by
   * the table.
   */
  public static Taint decode(String raw, KernelRelease kernel) {
    if (raw == null || raw.isBlank()) {
      return NONE;
    }
    StringBuilder letters = new StringBuilder();
    java.util.List<Flag> flags = new java.util.ArrayList<>();
    for (char c : raw.toCharArray()) {
      if (c >= 'A' && c <= 'Z' && c != 'G' && letters.indexOf(String.valueOf(c)) < 0) {
        letters.append(c);
        flags.add(new Flag(c, ""));
      }
    }
    return new Taint(raw.trim(), letters.toString(), flags);
  }

  public boolean tainted() {
    return !flags.isEmpty();
  }
}
