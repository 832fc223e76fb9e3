package dev.oopslake.report;

import java.time.LocalDate;
import java.util.List;

/** Crashes per day of the top clusters, every day of the range present (zero when none). */
public record Trends(List<LocalDate> days, List<Series> series) {
  public Trends {
    days = List.copyOf(days);
    series = List.copyOf(series);
    for (Series s : series) {
      if (s.crashes().size() != days.size()) {
        throw new IllegalArgumentException(
            "series " + s.clusterId() + " has " + s.crashes().size() + " days, not " + days.size());
      }
    }
  }

  /** One cluster's line. */
  public record Series(String clusterId, String title, List<Long> crashes) {
    public Series {
      crashes = List.copyOf(crashes);
    }
  }
}
