package dev.oopslake.trends;

import java.util.Collection;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * Distinct hosts as an HLL sketch in the bytes Spark's {@code hll_sketch_agg} writes (Apache
 * DataSketches): unions of days, releases and clusters count each host once. Exact for the few
 * hosts a small cluster has, within about 2% for many.
 */
public record HostSketch(byte[] bytes) implements java.io.Serializable {

  /** Distinct hosts across {@code sketches}, rounded as Spark's {@code hll_sketch_estimate}. */
  public static long estimate(Collection<HostSketch> sketches) {
    if (sketches.isEmpty()) {
      return 0;
    }
    Union union = null;
    for (HostSketch s : sketches) {
      HllSketch h = HllSketch.heapify(s.bytes());
      if (union == null) {
        union = new Union(h.getLgConfigK());
      }
      union.update(h);
    }
    return Math.round(union.getResult(TgtHllType.HLL_8).getEstimate());
  }

  /**
   * The hosts of one sketch's bytes, rounded as Spark's {@code hll_sketch_estimate}; 0 for null.
   */
  public static long estimate(byte[] sketch) {
    return sketch == null ? 0 : Math.round(HllSketch.heapify(sketch).getEstimate());
  }

  /**
   * The union of sketches' bytes (nulls skipped; null when none), as {@code hll_union_agg} merges
   * them: the sketch of every host of any.
   */
  public static byte[] union(Collection<byte[]> sketches) {
    Union union = null;
    byte[] only = null;
    int n = 0;
    for (byte[] s : sketches) {
      if (s == null) {
        continue;
      }
      n++;
      only = s;
      HllSketch h = HllSketch.heapify(s);
      if (union == null) {
        union = new Union(h.getLgConfigK());
      }
      union.update(h);
    }
    return n <= 1 ? only : union.getResult(TgtHllType.HLL_8).toUpdatableByteArray();
  }
}
