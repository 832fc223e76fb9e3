package dev.oopslake.trends;

/**
 * A known-bugs file the user can fix: the message names the file, the entry and the field. The
 * entry points print it as one line.
 */
public final class KnownBugError extends dev.oopslake.util.InputError {
  private static final long serialVersionUID = 1L;

  public KnownBugError(String message) {
    super(message);
  }
}
