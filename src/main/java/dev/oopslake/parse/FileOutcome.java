package dev.oopslake.parse;

/** What became of one input file. Every file ends in exactly one of these. */
public enum FileOutcome {
  /** At least one crash report was found. */
  CRASH,
  /** Readable kernel log text without a crash report. */
  NO_CRASH,
  /** Could not be read as a kernel log at all; the reason says why. */
  REJECTED;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
