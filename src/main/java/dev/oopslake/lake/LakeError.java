package dev.oopslake.lake;

/**
 * A lake problem the user can fix (a catalog that is not set up, a warehouse that cannot commit
 * atomically, a run that lost a commit race): one line saying what is wrong and what to change. The
 * entry points print it without a stack trace.
 */
public final class LakeError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Whether the user's configuration is at fault (exit 2) rather than the run (exit 1). */
  private final boolean configuration;

  private LakeError(String message, boolean configuration, Throwable cause) {
    super(message, cause);
    this.configuration = configuration;
  }

  public boolean configuration() {
    return configuration;
  }

  static LakeError config(String message) {
    return new LakeError(message, true, null);
  }

  static LakeError config(String message, Throwable cause) {
    return new LakeError(message, true, cause);
  }

  static LakeError run(String message, Throwable cause) {
    return new LakeError(message, false, cause);
  }
}
