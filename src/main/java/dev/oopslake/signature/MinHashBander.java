package dev.oopslake.signature;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * LSH blocking keys for a normalized stack: MinHash over frame shingles, banded ({@code rows} per
 * band, OR across bands). Shingles are the frames, each repeated with a copy index so that the
 * culprit and the frames next to it count more ({@code 4, 3, 2, 1, 1, ...} copies by distance from
 * {@link StackSimilarity#culprit}, one for a {@link SharedFrames} frame — a weighted Jaccard that
 * mirrors {@link StackSimilarity}'s weights), plus adjacent frame pairs. Two stacks share a band
 * key with probability {@code 1 - (1 - J^rows)^bands}; pairs that never share one are never
 * compared. The kind key is folded into every band key, so stacks of different crash kinds never
 * share a block. Keys depend only on the stack, the kind and the params: the same on every machine.
 */
public final class MinHashBander {

  /** Copies of the frame at each depth; deeper frames get the last value. */
  private static final int[] COPIES = {4, 3, 2, 1};

  private final int bands;
  private final int rows;
  private final long[] seeds;

  public MinHashBander(ClusteringParams params) {
    this.bands = params.bands();
    this.rows = params.rowsPerBand();
    this.seeds = new long[bands * rows];
    long s = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < seeds.length; i++) {
      s = mix(s + 0x9E3779B97F4A7C15L);
      seeds[i] = s;
    }
  }

  /**
   * One key per band (band index folded in); empty for an empty stack.
   *
   * @param kind what blocks are kept apart by: a {@link CrashKind#key()} (or a bare crash class)
   */
  public long[] bandKeys(String kind, List<String> stack) {
    if (stack.isEmpty()) {
      return new long[0];
    }
    List<Long> shingles = new ArrayList<>();
    int culprit = StackSimilarity.culprit(stack);
    for (int i = 0; i < stack.size(); i++) {
      long h = fnv(stack.get(i));
      int copies =
          SharedFrames.family(stack.get(i)) != null
              ? 1
              : COPIES[Math.min(Math.abs(i - culprit), COPIES.length - 1)];
      for (int c = 0; c < copies; c++) {
        shingles.add(mix(h + c * 0x632BE59BD9B4E019L));
      }
      if (i + 1 < stack.size()) {
        shingles.add(mix(h * 31 + fnv(stack.get(i + 1)) + 0x2545F4914F6CDD1DL));
      }
    }
    long[] mins = new long[seeds.length];
    for (int k = 0; k < seeds.length; k++) {
      long min = Long.MAX_VALUE;
      for (long sh : shingles) {
        long v = mix(sh ^ seeds[k]);
        if (v < min) {
          min = v;
        }
      }
      mins[k] = min;
    }
    long classHash = fnv(kind);
    long[] keys = new long[bands];
    for (int b = 0; b < bands; b++) {
      long key = mix(classHash + b);
      for (int r = 0; r < rows; r++) {
        key = mix(key * 31 + mins[b * rows + r]);
      }
      keys[b] = key;
    }
    return keys;
  }

  /** FNV-1a over UTF-8: stable across JVMs, unlike identity hashes. */
  static long fnv(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** SplitMix64's finalizer: spreads every input bit over the output. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
