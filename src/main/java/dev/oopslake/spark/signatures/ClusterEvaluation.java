package dev.oopslake.spark.signatures;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import dev.oopslake.signature.BCubed;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scores a lake's buckets against a generator's {@code ground_truth.csv} ({@code file,bug_id},
 * {@code file} relative to the archive root): primary crash reports are matched to truth rows by
 * the suffix of their file URI, then B-cubed is computed for {@code cluster_id} and for the exact
 * {@code signature_id}, so what clustering adds over exact signatures is visible.
 */
public final class ClusterEvaluation {

  /** Both scores and the matching counts. */
  public record Result(
      BCubed.Score clusters,
      BCubed.Score signatures,
      long truthFiles,
      long matched,
      long crashesWithoutTruth) {}

  private ClusterEvaluation() {}

  public static Result run(dev.oopslake.lake.Lake lake, String truthUri) {
    SparkSession spark = lake.spark();
    try {
      spark.sparkContext().setJobDescription("eval-clusters: match crashes to ground truth");
      Dataset<Row> truth =
          spark
              .read()
              .option("header", "true")
              .csv(truthUri)
              .select(
                  expr("regexp_replace(regexp_replace(file, '\\\\\\\\', '/'), '^/+', '')")
                      .as("rel"),
                  col("bug_id"))
              .filter(col("rel").isNotNull().and(col("bug_id").isNotNull()))
              .cache();
      long truthFiles = truth.count();
      // kdump paths have a fixed depth, but a truth file may mix layouts: match each depth seen.
      List<Integer> depths = new ArrayList<>();
      for (Row r : truth.select(expr("size(split(rel, '/'))").as("d")).distinct().collectAsList()) {
        depths.add(r.getInt(0));
      }
      Dataset<Row> crashes =
          lake.read(dev.oopslake.lake.LakeTables.CRASHES)
              .filter(col("primary"))
              .select("file", "signature_id");
      Dataset<Row> signatures =
          lake.read(dev.oopslake.lake.LakeTables.SIGNATURES).select("signature_id", "cluster_id");
      Dataset<Row> matched = null;
      for (int d : depths) {
        Dataset<Row> keyed =
            crashes
                .withColumn(
                    "rel",
                    expr(
                        "array_join(slice(split(file, '/'), greatest(1, size(split(file, '/')) - "
                            + d
                            + " + 1), "
                            + d
                            + "), '/')"))
                .join(truth, "rel");
        matched = matched == null ? keyed : matched.unionByName(keyed);
      }
      long primaries = crashes.count();
      if (matched == null) {
        matched = crashes.withColumn("bug_id", lit(null)).filter(lit(false));
      }
      matched = matched.dropDuplicates("file").join(signatures, "signature_id", "left").cache();
      long matchedCount = matched.count();
      BCubed byCluster = new BCubed();
      BCubed bySignature = new BCubed();
      spark.sparkContext().setJobDescription("eval-clusters: B-cubed cells");
      for (Row r :
          matched
              .groupBy("signature_id", "cluster_id", "bug_id")
              .agg(count(lit(1)).as("n"))
              .collectAsList()) {
        // Crashes without a signature share one bucket: no credit for what was not bucketed.
        String sig = r.isNullAt(0) ? "(no signature)" : r.getString(0);
        String cluster = r.isNullAt(1) ? "sig:" + sig : r.getString(1);
        byCluster.add(cluster, r.getString(2), r.getLong(3));
        bySignature.add(sig, r.getString(2), r.getLong(3));
      }
      matched.unpersist();
      truth.unpersist();
      return new Result(
          byCluster.score(),
          bySignature.score(),
          truthFiles,
          matchedCount,
          primaries - matchedCount);
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }
}
