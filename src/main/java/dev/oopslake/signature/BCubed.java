package dev.oopslake.signature;

import java.util.HashMap;
import java.util.Map;

/**
 * B-cubed precision and recall of a clustering against true labels (Bagga &amp; Baldwin): per item,
 * precision is the share of its cluster that has its label, recall the share of its label that is
 * in its cluster; both averaged over items. Unlike pair counting it does not let one giant bug
 * dominate, and it punishes both spraying one bug over many buckets and hiding bugs in one bucket.
 * Fed with counts per (cluster, label) cell, so millions of items cost one small table.
 */
public final class BCubed {

  /**
   * Scores over {@code items} items in {@code clusters} predicted groups and {@code labels} true
   * ones.
   */
  public record Score(
      double precision, double recall, double f1, long items, long clusters, long labels) {}

  private final Map<String, Map<String, Long>> cells = new HashMap<>();
  private final Map<String, Long> clusterSize = new HashMap<>();
  private final Map<String, Long> labelSize = new HashMap<>();
  private long items;

  /** Adds {@code count} items predicted in {@code cluster} whose true label is {@code label}. */
  public BCubed add(String cluster, String label, long count) {
    if (cluster == null || label == null || count <= 0) {
      throw new IllegalArgumentException("B-cubed needs a cluster, a label and a positive count");
    }
    cells.computeIfAbsent(cluster, k -> new HashMap<>()).merge(label, count, Long::sum);
    clusterSize.merge(cluster, count, Long::sum);
    labelSize.merge(label, count, Long::sum);
    items += count;
    return this;
  }

  public Score score() {
    if (items == 0) {
      return new Score(0, 0, 0, 0, 0, 0);
    }
    double p = 0;
    double r = 0;
    for (Map.Entry<String, Map<String, Long>> c : cells.entrySet()) {
      double cs = clusterSize.get(c.getKey());
      for (Map.Entry<String, Long> cell : c.getValue().entrySet()) {
        double n = cell.getValue();
        p += n * n / cs;
        r += n * n / labelSize.get(cell.getKey());
      }
    }
    p /= items;
    r /= items;
    double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
    return new Score(p, r, f1, items, clusterSize.size(), labelSize.size());
  }
}
