package dev.oopslake.decode;

/**
 * One known pattern recognised in a crash, with the expert's explanation filled in for this crash.
 */
public record Diagnosis(String id, String text) {
  public Diagnosis {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("diagnosis id must not be blank");
    }
  }
}
