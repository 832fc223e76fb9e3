package dev.oopslake.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Everything the morning report shows, as of one day over one window. Each part is a {@link
 * Section}, so a lake missing a morning table still gives a page.
 */
public record MorningReport(
    String lake,
    LocalDate asOf,
    int windowDays,
    Instant generatedAt,
    Section<Overview> overview,
    Section<List<TopCluster>> topClusters,
    Section<Trends> trends,
    Section<Changes> changes,
    Section<HeatMap> heatMap,
    Section<List<ReleaseRate>> releaseRates) {
  public MorningReport {
    Objects.requireNonNull(lake, "lake");
    Objects.requireNonNull(generatedAt, "generatedAt");
    if (windowDays <= 0) {
      throw new IllegalArgumentException("windowDays must be positive, was " + windowDays);
    }
  }

  /** Top clusters with no known bug first (someone has to file them), then the known ones. */
  public List<TopCluster> knownBugOrder() {
    if (topClusters.isMissing()) {
      return List.of();
    }
    return java.util.stream.Stream.concat(
            topClusters.value().stream().filter(c -> c.knownBug() == null),
            topClusters.value().stream().filter(c -> c.knownBug() != null))
        .toList();
  }

  /** When the page was made, to the minute (UTC). */
  public String generatedText() {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(java.time.ZoneOffset.UTC)
        .format(generatedAt);
  }

  /** True when some release's host-days are hosts seen crashing, not a fleet inventory. */
  public boolean ratesFromCrashingHosts() {
    return !releaseRates.isMissing()
        && releaseRates.value().stream().anyMatch(r -> !r.fromInventory());
  }
}
