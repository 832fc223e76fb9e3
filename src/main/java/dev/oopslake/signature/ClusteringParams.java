package dev.oopslake.signature;

/**
 * Knobs of near-duplicate clustering, validated once. Defaults are tuned on generated archives (see
 * {@code jobs/oopslake eval-clusters}); changing them changes which new signatures join which
 * cluster, never the ids already given.
 *
 * @param positionDecay frame {@code i} (0 = top) weighs {@code 1 / (1 + i)^positionDecay}: the top
 *     of the stack decides, the entry path barely counts
 * @param rarityFloor weight kept by a frame present in every signature (e.g. {@code kfree}); a
 *     frame's rarity weight is {@code max(floor, idf / ln N)}
 * @param threshold similarity in [0, 1] at or above which two signatures are the same bug
 * @param bands LSH bands; more bands find more candidate pairs at more cost
 * @param rowsPerBand minhashes per band; more rows make a band collision demand more overlap
 * @param maxBlock members compared exhaustively in one LSH block
 * @param largeBlockWindow a larger block (a band key that thousands of unrelated stacks share, such
 *     as two common entry frames) is compared only along a window of this many neighbours in stack
 *     order: near-duplicates sort next to each other, and they also meet in their other bands
 */
public record ClusteringParams(
    double positionDecay,
    double rarityFloor,
    double threshold,
    int bands,
    int rowsPerBand,
    int maxBlock,
    int largeBlockWindow)
    implements java.io.Serializable {

  /** The defaults the nightly job uses. */
  public static final ClusteringParams DEFAULTS =
      new ClusteringParams(0.5, 0.1, 0.5, 12, 2, 200, 16);

  public ClusteringParams {
    check(positionDecay >= 0, "positionDecay", positionDecay, "must be >= 0");
    check(rarityFloor > 0 && rarityFloor <= 1, "rarityFloor", rarityFloor, "must be in (0, 1]");
    check(threshold > 0 && threshold <= 1, "threshold", threshold, "must be in (0, 1]");
    check(bands > 0 && bands <= 64, "bands", bands, "must be in 1..64");
    check(rowsPerBand > 0 && rowsPerBand <= 8, "rowsPerBand", rowsPerBand, "must be in 1..8");
    check(maxBlock >= 2, "maxBlock", maxBlock, "must be >= 2");
    check(
        largeBlockWindow >= 2 && largeBlockWindow <= maxBlock,
        "largeBlockWindow",
        largeBlockWindow,
        "must be in 2..maxBlock");
  }

  private static void check(boolean ok, String name, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException(
          "Cannot set " + name + " to " + value + ", the value " + rule);
    }
  }

  public ClusteringParams withThreshold(double value) {
    return new ClusteringParams(
        positionDecay, rarityFloor, value, bands, rowsPerBand, maxBlock, largeBlockWindow);
  }
}
