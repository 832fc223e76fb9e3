package dev.oopslake.report;

import java.time.LocalDate;
import java.util.Objects;

/** A cluster that is new, spiking or regressed on the report's day, with the reason. */
public record StateChange(
    String clusterId,
    String title,
    String state,
    String reason,
    long crashes7d,
    long hosts,
    LocalDate firstSeen,
    String knownBugStatus) {
  public StateChange {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(state, "state");
  }

  public String displayTitle() {
    return title == null || title.isBlank() ? clusterId : title;
  }
}
