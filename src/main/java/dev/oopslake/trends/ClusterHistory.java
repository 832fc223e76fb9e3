package dev.oopslake.trends;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the lifecycle rules read of one cluster: crashes per day, and per kernel release.
 *
 * @param days crashes per day, days without crashes absent
 * @param releases per kernel release string as the crashes printed it
 * @param hosts distinct hosts over the whole history
 */
public record ClusterHistory(
    String clusterId,
    String title,
    SortedMap<LocalDate, Long> days,
    Map<String, ReleaseSeen> releases,
    long hosts)
    implements Serializable {

  public ClusterHistory {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("cluster " + clusterId + " has no crash day");
    }
    days = Collections.unmodifiableSortedMap(new TreeMap<>(days));
    releases = Map.copyOf(releases);
  }

  public LocalDate firstDay() {
    return days.firstKey();
  }

  public LocalDate lastDay() {
    return days.lastKey();
  }

  public long crashes() {
    return days.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Crashes on days {@code from} through {@code to}, both included. */
  public long crashesBetween(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) {
      return 0;
    }
    return days.subMap(from, to.plusDays(1)).values().stream().mapToLong(Long::longValue).sum();
  }

  public long crashesOn(LocalDate day) {
    return days.getOrDefault(day, 0L);
  }
}
