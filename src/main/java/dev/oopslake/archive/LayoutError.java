package dev.oopslake.archive;

import dev.oopslake.util.InputError;

/** A path pattern or time format in the settings that cannot describe an archive's paths. */
public final class LayoutError extends InputError {
  private static final long serialVersionUID = 1L;

  public LayoutError(String message) {
    super(message);
  }
}
