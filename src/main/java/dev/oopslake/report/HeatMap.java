package dev.oopslake.report;

import java.util.List;

/** Crashes per kernel release × guilty module, the releases and modules with most crashes. */
public record HeatMap(List<String> releases, List<String> modules, List<Cell> cells) {
  public HeatMap {
    releases = List.copyOf(releases);
    modules = List.copyOf(modules);
    cells = List.copyOf(cells);
  }

  /** Indexes into {@link #modules} (x) and {@link #releases} (y). */
  public record Cell(int module, int release, long crashes) {}
}
