package dev.oopslake.lake;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.spark.actions.SparkActions;

/**
 * Keeps the lake small with Iceberg's own actions: a nightly appends a few data files per task to
 * {@code files} and {@code crashes} and a snapshot per commit; killed or lost task attempts leave
 * data files no snapshot names. Per table: finish a pending crashes commit, compact small data
 * files, expire old snapshots (time travel reaches back as far as they are kept), and delete orphan
 * files older than a run could still be writing.
 */
public final class Maintenance {
  private Maintenance() {}

  /**
   * @param snapshotAge snapshots older than this are expired (time travel's reach)
   * @param retainLast snapshots kept per table whatever their age
   * @param orphanAge files no snapshot names are deleted once older than this: longer than any run,
   *     so a run in progress never loses what it has written but not yet committed
   * @param targetFileBytes the data file size compaction aims for
   */
  public record Options(
      Duration snapshotAge, int retainLast, Duration orphanAge, long targetFileBytes) {
    public Options {
      if (snapshotAge.isNegative() || orphanAge.compareTo(Duration.ofHours(1)) < 0) {
        throw LakeError.config(
            "Cannot set orphan-age to "
                + orphanAge
                + ", it must be at least an hour (longer than any run)");
      }
      if (retainLast < 2) {
        throw LakeError.config(
            "Cannot set retain-last to " + retainLast + ", it must be at least 2");
      }
      if (targetFileBytes < (1 << 20)) {
        throw LakeError.config(
            "Cannot set target-file-mb below 1 (was " + targetFileBytes + " bytes)");
      }
    }
  }

  /** What one table's maintenance did. */
  public record TableResult(
      String table,
      int rewrittenFiles,
      int addedFiles,
      long expiredDataFiles,
      long expiredManifests,
      long orphansDeleted) {}

  public static List<TableResult> run(Lake lake, Options options, Instant now) {
    // A killed run's pending crashes commit first: its staged list is an orphan to the actions.
    IngestCommit.begin(lake);
    List<TableResult> results = new ArrayList<>();
    SparkActions actions = SparkActions.get(lake.spark());
    for (String name : lake.tables()) {
      lake.spark().sparkContext().setJobDescription("oopslake maintain: " + name);
      Table table = lake.table(name);
      if (table.currentSnapshot() == null) {
        continue;
      }
      String run = lake.lastRunId(name);
      var rewrite = actions.rewriteDataFiles(table);
      // The table's sort order where it has one (crashes: by crash time); bin-packing elsewhere, as
      // sort() on a table without a sort order refuses to plan.
      rewrite = table.sortOrder().isSorted() ? rewrite.sort() : rewrite.binPack();
      rewrite =
          rewrite
              .option(
                  RewriteDataFiles.TARGET_FILE_SIZE_BYTES,
                  String.valueOf(options.targetFileBytes()))
              // Iceberg waits for 5 small files; a nightly adds one or two a table, and compacting
              // two small files costs next to nothing, so readers never open a run's worth of them.
              .option("min-input-files", "2");
      if (run != null) {
        // The rewrite holds the same rows: it still stands for the last run's commit.
        rewrite = rewrite.snapshotProperty(Lake.RUN_ID, run);
      }
      RewriteDataFiles.Result rewritten = rewrite.execute();
      table.refresh();
      ExpireSnapshots.Result expired =
          actions
              .expireSnapshots(table)
              .expireOlderThan(now.minus(options.snapshotAge()).toEpochMilli())
              .retainLast(options.retainLast())
              .execute();
      table.refresh();
      DeleteOrphanFiles.Result orphans =
          actions
              .deleteOrphanFiles(table)
              .olderThan(now.minus(options.orphanAge()).toEpochMilli())
              .execute();
      results.add(
          new TableResult(
              name,
              rewritten.rewrittenDataFilesCount(),
              rewritten.addedDataFilesCount(),
              expired.deletedDataFilesCount(),
              expired.deletedManifestsCount(),
              orphans.orphanFilesCount()));
    }
    lake.spark().sparkContext().setJobDescription(null);
    return results;
  }
}
