package dev.oopslake.util;

/**
 * A mistake in what the user gave (a flag, a setting, a rules or known-bugs file, a path layout)
 * that the user can fix: the message names what to change. Each layer throws its own subclass; the
 * entry points print the message as one line, without a stack trace, and exit 2.
 */
public abstract class InputError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected InputError(String message) {
    super(message);
  }
}
