package dev.oopslake.jobs;

/**
 * A mistake the user can fix (bad option value, unknown config key, missing input): printed as one
 * line naming what to change, exit code 2, no stack trace.
 */
public final class UserError extends dev.oopslake.util.InputError {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }
}
