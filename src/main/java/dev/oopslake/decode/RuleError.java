package dev.oopslake.decode;

/**
 * A diagnosis rule or rules file the user can fix: the message names the file, the rule and the
 * key. The entry points print it as one line, without a stack trace.
 */
public final class RuleError extends dev.oopslake.util.InputError {
  private static final long serialVersionUID = 1L;

  public RuleError(String message) {
    super(message);
  }
}
