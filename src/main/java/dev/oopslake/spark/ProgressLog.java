package dev.oopslake.spark;

/** Progress lines for the user on stderr, so stdout stays clean for query results and JSON. */
public final class ProgressLog {
  private ProgressLog() {}

  public static void say(String line) {
    System.err.println("oopslake: " + line);
  }
}
