package dev.oopslake.spark;

import static org.apache.spark.sql.functions.col;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code summary_kernel_module}: primary crashes per (kernel release, guilty module), ranked within
 * each release. Crashes whose guilty frame is in the core kernel count under module {@code
 * vmlinux}, as the kernel names it.
 *
 * <p>Each row keeps its mergeable parts beside the numbers (an HLL sketch of its hosts, crashes per
 * signature), so a nightly adds its new crashes to the table instead of recounting the lake; a full
 * run goes through the same merge from nothing.
 */
public final class Summaries {
  private Summaries() {}

  /** The columns two nights' rows merge by. */
  static final List<String> STATE =
      List.of("kernel_release", "module", "crashes", "host_sketch", "signature_crashes");

  /** HLL sketch size for distinct hosts, as the signatures': exact up to a few hundred hosts. */
  static final int HLL_LG_K = 12;

  /** New crash rows, one row per (release, module) in the mergeable form. */
  static final String PARTIAL_SQL =
      """
      WITH p AS (
        SELECT coalesce(kernel_release, 'unknown') AS kernel_release,
               coalesce(nullif(guilty_module, ''), 'vmlinux') AS module,
               host, signature_id
        FROM new_crashes WHERE primary),
      s AS (
        SELECT kernel_release, module, signature_id, count(*) AS n
        FROM p GROUP BY kernel_release, module, signature_id),
      m AS (
        SELECT kernel_release, module,
               map_from_entries(collect_list(struct(signature_id, n))) AS signature_crashes
        FROM s GROUP BY kernel_release, module),
      g AS (
        SELECT kernel_release, module, count(*) AS crashes,
               hll_sketch_agg(host, %1$d) AS host_sketch
        FROM p GROUP BY kernel_release, module)
      SELECT g.kernel_release, g.module, g.crashes, g.host_sketch, m.signature_crashes
      FROM g JOIN m ON g.kernel_release = m.kernel_release AND g.module = m.module
      """
          .formatted(HLL_LG_K);

  /** Earlier rows ({@code previous_state}) plus new ones ({@code partial_state}), then ranked. */
  static final String MERGE_SQL =
      """
      WITH both AS (SELECT * FROM previous_state UNION ALL SELECT * FROM partial_state),
      g AS (
        SELECT kernel_release, module, sum(crashes) AS crashes,
               hll_union_agg(host_sketch) AS host_sketch
        FROM both GROUP BY kernel_release, module),
      s AS (
        SELECT kernel_release, module, signature_id, sum(n) AS n
        FROM both LATERAL VIEW explode(signature_crashes) e AS signature_id, n
        GROUP BY kernel_release, module, signature_id),
      m AS (
        SELECT kernel_release, module,
               map_from_entries(collect_list(struct(signature_id, n))) AS signature_crashes,
               count(*) AS signatures,
               -- the most frequent signature, the lowest id among equals
               min_by(signature_id, struct(-n, signature_id)) AS top_signature_id
        FROM s GROUP BY kernel_release, module)
      SELECT g.kernel_release, g.module,
             rank() OVER (PARTITION BY g.kernel_release ORDER BY g.crashes DESC) AS rank,
             g.crashes, hll_sketch_estimate(g.host_sketch) AS hosts, m.signatures,
             m.top_signature_id, sig.title AS top_title, g.host_sketch, m.signature_crashes
      FROM g JOIN m ON g.kernel_release = m.kernel_release AND g.module = m.module
             LEFT JOIN summary_signatures sig ON sig.signature_id = m.top_signature_id
      """;

  /** Every primary crash of {@code crashes} at {@code crashesSnapshot}, from nothing. */
  static void writeKernelModule(Lake lake, long crashesSnapshot, Map<String, String> summary) {
    write(lake, lake.readAt(LakeTables.CRASHES, crashesSnapshot), false, summary);
  }

  /** {@code newCrashes} added to the table's current rows. */
  static void addToKernelModule(Lake lake, Dataset<Row> newCrashes, Map<String, String> summary) {
    write(lake, newCrashes, true, summary);
  }

  /** Whether the table carries the mergeable columns an increment needs. */
  static boolean mergeable(Lake lake) {
    return lake.exists(LakeTables.SUMMARY_KERNEL_MODULE)
        && lake.columns(LakeTables.SUMMARY_KERNEL_MODULE).containsAll(STATE);
  }

  private static void write(
      Lake lake, Dataset<Row> crashes, boolean increment, Map<String, String> summary) {
    SparkSession spark = lake.spark();
    crashes.createOrReplaceTempView("new_crashes");
    Dataset<Row> partial = spark.sql(PARTIAL_SQL);
    partial.createOrReplaceTempView("partial_state");
    Dataset<Row> previous =
        increment
            // Pinned to its snapshot, as the signatures' previous rows are (see SignatureStage).
            ? lake.readAt(
                    LakeTables.SUMMARY_KERNEL_MODULE,
                    lake.current(LakeTables.SUMMARY_KERNEL_MODULE).snapshotId())
                .select(
                    STATE.stream()
                        .map(org.apache.spark.sql.functions::col)
                        .toArray(org.apache.spark.sql.Column[]::new))
            : partial.limit(0);
    previous.createOrReplaceTempView("previous_state");
    lake.read(LakeTables.SIGNATURES)
        .select(col("signature_id"), col("title"))
        .createOrReplaceTempView("summary_signatures");
    lake.replace(LakeTables.SUMMARY_KERNEL_MODULE, spark.sql(MERGE_SQL).coalesce(1), summary);
  }
}
