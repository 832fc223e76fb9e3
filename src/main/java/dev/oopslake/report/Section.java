package dev.oopslake.report;

import java.util.List;
import java.util.Objects;

/**
 * One part of the report and the lake tables it needs. A lake from before the morning step lacks
 * some tables: the page still renders, and the part says which table is missing instead of failing
 * the whole report.
 */
public record Section<T>(T value, List<String> missingTables) {
  public Section {
    missingTables = List.copyOf(missingTables);
    if ((value == null) == missingTables.isEmpty()) {
      throw new IllegalArgumentException("a section has a value or missing tables, not both");
    }
  }

  public static <T> Section<T> of(T value) {
    return new Section<>(Objects.requireNonNull(value, "value"), List.of());
  }

  public static <T> Section<T> missing(List<String> tables) {
    return new Section<>(null, tables);
  }

  public boolean isMissing() {
    return value == null;
  }

  /** What the page says in place of the part. */
  public String missingMessage() {
    return (missingTables.size() == 1 ? "Table " : "Tables ")
        + String.join(", ", missingTables)
        + (missingTables.size() == 1 ? " is" : " are")
        + " missing from this lake (it predates the morning tables): run the nightly"
        + " (jobs/oopslake nightly) to build "
        + (missingTables.size() == 1 ? "it." : "them.");
  }
}
