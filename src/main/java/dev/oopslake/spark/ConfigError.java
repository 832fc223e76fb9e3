package dev.oopslake.spark;

/**
 * A job option or setting the user can fix (a bad URI, a window the wrong way round, a listing
 * pattern that cannot match): one line naming what to change. The entry points print it without a
 * stack trace and exit 2.
 */
public final class ConfigError extends dev.oopslake.util.InputError {
  private static final long serialVersionUID = 1L;

  public ConfigError(String message) {
    super(message);
  }
}
