package dev.oopslake.spark;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.trends.ReleaseModuleState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

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
    // The new crashes are counted in Spark; the merge and the ranking, one row per release and
    // module, on the driver.
    List<ReleaseModuleState> partial = states(spark.sql(PARTIAL_SQL));
    List<ReleaseModuleState> previous =
        increment
            // Pinned to its snapshot, as the signatures' previous rows are (see SignatureStage).
            ? states(
                lake.readAt(
                    LakeTables.SUMMARY_KERNEL_MODULE,
                    lake.current(LakeTables.SUMMARY_KERNEL_MODULE).snapshotId()))
            : List.of();
    Map<String, String> titles = new HashMap<>();
    for (Row r : lake.read(LakeTables.SIGNATURES).select("signature_id", "title").collectAsList()) {
      titles.put(r.getString(0), r.getString(1));
    }
    List<Row> rows = new ArrayList<>();
    for (ReleaseModuleState.Ranked r : ReleaseModuleState.rank(previous, partial, titles)) {
      rows.add(
          RowFactory.create(
              r.kernelRelease(),
              r.module(),
              r.rank(),
              r.crashes(),
              r.hosts(),
              r.signatures(),
              r.topSignatureId(),
              r.topTitle(),
              r.hostSketch(),
              r.signatureCrashes()));
    }
    lake.replace(LakeTables.SUMMARY_KERNEL_MODULE, LakeTables.KERNEL_MODULE, rows, summary);
  }

  /** Rows of {@link #STATE}'s columns on the driver. */
  static List<ReleaseModuleState> states(Dataset<Row> rows) {
    List<ReleaseModuleState> out = new ArrayList<>();
    for (Row r :
        rows.select(STATE.stream().map(functions::col).toArray(Column[]::new)).collectAsList()) {
      out.add(
          new ReleaseModuleState(
              r.getString(0),
              r.getString(1),
              r.getLong(2),
              (byte[]) r.get(3),
              r.isNullAt(4) ? Map.of() : r.<String, Long>getJavaMap(4)));
    }
    return out;
  }
}
