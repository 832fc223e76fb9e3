package dev.oopslake.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One of the window's top clusters: its rank against the previous window of the same length, its
 * lifecycle state with the reason, and what an engineer needs to start on it.
 *
 * @param rankChange previous rank minus rank (positive: moved up); null when it had no crash in the
 *     previous window
 * @param pctChange change in crashes against the previous window, null when that had none
 * @param knownBug null when no known-bug entry matches the cluster
 */
public record TopCluster(
    int rank,
    Integer rankChange,
    Double pctChange,
    boolean isNew,
    String clusterId,
    String title,
    String state,
    String reason,
    long crashes,
    long hosts,
    String diagnosis,
    String topModule,
    List<String> sampleFrames,
    List<String> kernelReleases,
    KnownBugMatch knownBug,
    List<Correlation> correlations) {
  public TopCluster {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(state, "state");
    sampleFrames = List.copyOf(sampleFrames);
    kernelReleases = List.copyOf(kernelReleases);
    correlations = List.copyOf(correlations);
  }

  public String displayTitle() {
    return title == null || title.isBlank() ? clusterId : title;
  }

  /**
   * "▲3", "▼2", "=" as Socorro's top-crashers list shows rank moves; "new" when first seen in this
   * window, "back" when seen before but not in the previous window.
   */
  public String rankMove() {
    if (isNew) {
      return "new";
    }
    if (rankChange == null) {
      return "back";
    }
    if (rankChange == 0) {
      return "=";
    }
    return (rankChange > 0 ? "\u25b2" : "\u25bc") + Math.abs(rankChange);
  }

  public String rankMoveClass() {
    if (isNew) {
      return "move-new";
    }
    if (rankChange == null) {
      return "move-back";
    }
    return rankChange > 0 ? "move-up" : rankChange < 0 ? "move-down" : "move-same";
  }

  public String pctText() {
    return pctChange == null ? "" : String.format(Locale.ROOT, "%+.0f%%", pctChange);
  }
}
