package dev.oopslake.report;

import java.util.List;

/** What moved since yesterday: new, spiking and regressed clusters, and per-release churn. */
public record Changes(
    List<StateChange> newClusters,
    List<StateChange> spiking,
    List<StateChange> regressed,
    List<ReleaseChange> releaseChanges) {
  public Changes {
    newClusters = List.copyOf(newClusters);
    spiking = List.copyOf(spiking);
    regressed = List.copyOf(regressed);
    releaseChanges = List.copyOf(releaseChanges);
  }
}
