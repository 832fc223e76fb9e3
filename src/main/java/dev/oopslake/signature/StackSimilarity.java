package dev.oopslake.signature;

import java.util.List;
import java.util.Map;

/**
 * Position- and rarity-weighted similarity of two normalized stacks (TraceSim's idea): a weighted
 * edit distance where deleting or inserting a frame costs its weight, a match costs the difference
 * of the two weights (the same frame at another depth), and the distance is normalized by the total
 * weight. Frame weight = position weight × rarity weight (a frame in every signature, like {@code
 * kfree}, says little about which bug it is) × shared-frame weight ({@link SharedFrames}:
 * allocator, string, lock-debug, dispatch frames count a fraction of a culprit's). Positions count
 * from the stack's culprit, its first frame outside {@link SharedFrames}, not from the top: a bad
 * access in {@code memcpy} is decided by memcpy's caller and the frames near it. Symmetric, in [0,
 * 1].
 */
public final class StackSimilarity {

  private final ClusteringParams params;
  private final Map<String, Integer> documentFrequency;
  private final double lnSignatures;

  /**
   * @param documentFrequency number of signatures each frame appears in; a missing frame counts as
   *     seen once
   * @param signatures number of signatures the frequencies were counted over
   */
  public StackSimilarity(
      ClusteringParams params, Map<String, Integer> documentFrequency, long signatures) {
    this.params = params;
    this.documentFrequency = documentFrequency;
    this.lnSignatures = Math.log(Math.max(2, signatures));
  }

  /** Rarity weight in [floor, 1]: {@code idf / ln N}. */
  double rarity(String frame) {
    int df = Math.max(1, documentFrequency.getOrDefault(frame, 1));
    double idf = lnSignatures - Math.log(df);
    return Math.max(params.rarityFloor(), Math.min(1.0, idf / lnSignatures));
  }

  double position(int index) {
    return 1.0 / Math.pow(1 + index, params.positionDecay());
  }

  /** Index of the stack's culprit: its first frame outside every shared family (else the top). */
  public static int culprit(List<String> stack) {
    for (int i = 0; i < stack.size(); i++) {
      if (SharedFrames.family(stack.get(i)) == null) {
        return i;
      }
    }
    return 0;
  }

  private double[] weights(List<String> stack) {
    double[] w = new double[stack.size()];
    int culprit = culprit(stack);
    for (int i = 0; i < w.length; i++) {
      String frame = stack.get(i);
      w[i] = position(Math.abs(i - culprit)) * rarity(frame) * SharedFrames.weight(frame);
    }
    return w;
  }

  /** Similarity in [0, 1]; two empty stacks are not similar (nothing says they are one bug). */
  public double similarity(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    double[] wa = weights(a);
    double[] wb = weights(b);
    int n = wa.length;
    int m = wb.length;
    double[] prev = new double[m + 1];
    double[] cur = new double[m + 1];
    for (int j = 1; j <= m; j++) {
      prev[j] = prev[j - 1] + wb[j - 1];
    }
    double total = prev[m];
    for (int i = 1; i <= n; i++) {
      total += wa[i - 1];
      cur[0] = prev[0] + wa[i - 1];
      for (int j = 1; j <= m; j++) {
        double best = Math.min(prev[j] + wa[i - 1], cur[j - 1] + wb[j - 1]);
        if (a.get(i - 1).equals(b.get(j - 1))) {
          best = Math.min(best, prev[j - 1] + Math.abs(wa[i - 1] - wb[j - 1]));
        }
        cur[j] = best;
      }
      double[] t = prev;
      prev = cur;
      cur = t;
    }
    return total == 0 ? 0 : Math.max(0, 1 - prev[m] / total);
  }
}
