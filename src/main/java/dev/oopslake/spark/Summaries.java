package dev.oopslake.spark;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Ranked summaries derived from the {@code crashes} table. */
public final class Summaries {
  private Summaries() {}

  /**
   * {@code summary_kernel_module}: primary crashes per (kernel release, guilty module), ranked
   * within each release. Crashes whose guilty frame is in the core kernel count under module {@code
   * vmlinux}, as the kernel names it.
   */
  static final String KERNEL_MODULE_SQL =
      """
      WITH p AS (
        SELECT coalesce(kernel_release, 'unknown') AS kernel_release,
               coalesce(nullif(guilty_module, ''), 'vmlinux') AS module,
               host, signature_id, title
        FROM crashes WHERE primary),
      g AS (
        SELECT kernel_release, module, count(*) AS crashes, count(DISTINCT host) AS hosts,
               count(DISTINCT signature_id) AS signatures
        FROM p GROUP BY kernel_release, module),
      t AS (
        SELECT kernel_release, module, signature_id, title,
               row_number() OVER (PARTITION BY kernel_release, module
                                  ORDER BY count(*) DESC, signature_id) AS rn
        FROM p GROUP BY kernel_release, module, signature_id, title)
      SELECT g.kernel_release, g.module,
             rank() OVER (PARTITION BY g.kernel_release ORDER BY g.crashes DESC) AS rank,
             g.crashes, g.hosts, g.signatures,
             t.signature_id AS top_signature_id, t.title AS top_title
      FROM g JOIN t ON g.kernel_release = t.kernel_release AND g.module = t.module AND t.rn = 1
      """;

  static void writeKernelModule(Lake lake, long crashesSnapshot, String runId) {
    SparkSession spark = lake.spark();
    lake.readAt(LakeTables.CRASHES, crashesSnapshot).createOrReplaceTempView(LakeTables.CRASHES);
    Dataset<Row> summary = spark.sql(KERNEL_MODULE_SQL).coalesce(1);
    lake.replace(
        LakeTables.SUMMARY_KERNEL_MODULE,
        summary,
        Map.of(Lake.RUN_ID, runId, Lake.SOURCE_SNAPSHOT, String.valueOf(crashesSnapshot)));
  }
}
