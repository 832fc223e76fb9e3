package dev.oopslake.spark;

import static org.apache.spark.sql.functions.col;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.spark.signatures.SignatureStage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Brings the tables derived from {@code crashes} up to one of its snapshots. A table whose snapshot
 * records that {@code crashes} snapshot is left alone. The mergeable ones ({@code signatures} with
 * the clusters, {@code summary_kernel_module}) add the rows of the ingest runs since the snapshot
 * they were made from, when those runs only added rows (Iceberg's snapshot summaries say); after a
 * re-read file, a rebuild or an expired snapshot they are recomputed from every crash. The morning
 * tables depend on the day as well: their cells ({@code signature_daily}) are merged the same way,
 * and the tables are recounted from the cells whenever anything changed.
 */
public final class DerivedTables {
  private DerivedTables() {}

  /** How each group of tables is brought up to date. */
  public enum Mode {
    /** Made from this {@code crashes} snapshot already. */
    UP_TO_DATE,
    /** The new runs' rows added to the current rows. */
    INCREMENTAL,
    /** Recomputed from every crash. */
    FULL
  }

  /** What one update does: the mode of each group of tables. */
  public record Plan(Mode signatures, Mode summary, Mode cells, Mode morning) {
    public boolean nothingToDo() {
      return signatures == Mode.UP_TO_DATE
          && summary == Mode.UP_TO_DATE
          && cells == Mode.UP_TO_DATE
          && morning == Mode.UP_TO_DATE;
    }
  }

  /**
   * The plan for bringing the derived tables up to {@code crashesSnapshot}; reads metadata only.
   */
  public static Plan plan(Lake lake, long crashesSnapshot, MorningTables.Inputs inputs) {
    Mode sig =
        mode(
            lake,
            crashesSnapshot,
            // Not the registry and the merges: a night without new signatures leaves them as
            // they were, uncommitted. They are written before these two, so a run killed
            // between leaves these behind and is redone.
            List.of(LakeTables.SIGNATURES, LakeTables.CLUSTERS),
            LakeTables.SIGNATURES,
            SignatureStage.mergeable(lake));
    Mode sum =
        mode(
            lake,
            crashesSnapshot,
            List.of(LakeTables.SUMMARY_KERNEL_MODULE),
            LakeTables.SUMMARY_KERNEL_MODULE,
            Summaries.mergeable(lake));
    Mode cells =
        mode(
            lake,
            crashesSnapshot,
            List.of(LakeTables.SIGNATURE_DAILY),
            LakeTables.SIGNATURE_DAILY,
            MorningTables.mergeable(lake));
    Mode morning = Mode.UP_TO_DATE;
    for (String t : LakeTables.MORNING) {
      Snapshot s = lake.current(t);
      // The morning tables also depend on the day and the known bugs: a new known-bugs file
      // recomputes them even when no crash is new.
      if (!madeFrom(s, crashesSnapshot)
          || !inputs.fingerprint().equals(s.summary().get(MorningTables.INPUTS))) {
        morning = Mode.FULL;
      }
    }
    return new Plan(sig, sum, cells, morning);
  }

  /**
   * Updates the derived tables as {@link #plan} says ({@code full}: recomputes every group from all
   * crashes whatever the plan), naming each step through {@code phase}; returns the signature
   * counts.
   */
  public static SignatureStage.Result update(
      Lake lake,
      long crashesSnapshot,
      String runId,
      MorningTables.Inputs inputs,
      boolean full,
      Consumer<String> phase) {
    Plan plan = plan(lake, crashesSnapshot, inputs);
    NewRows newRows = new NewRows(lake, crashesSnapshot);
    try {
      return update(lake, crashesSnapshot, runId, inputs, full, phase, plan, newRows);
    } finally {
      newRows.release();
    }
  }

  private static SignatureStage.Result update(
      Lake lake,
      long crashesSnapshot,
      String runId,
      MorningTables.Inputs inputs,
      boolean full,
      Consumer<String> phase,
      Plan plan,
      NewRows newRows) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(Lake.RUN_ID, runId);
    summary.put(Lake.SOURCE_SNAPSHOT, String.valueOf(crashesSnapshot));

    SignatureStage.Result signatures;
    Mode sig = full ? Mode.FULL : plan.signatures();
    if (sig == Mode.UP_TO_DATE) {
      signatures = SignatureStage.counts(lake);
    } else {
      phase.accept("signatures and clusters (" + mode(sig) + ")");
      // Primary reports only: a bucket counts crash events, and the reports that follow a file's
      // first crash ("Kernel panic - not syncing: Fatal exception" after an oops) are its
      // consequences.
      signatures =
          sig == Mode.INCREMENTAL
              ? SignatureStage.runIncremental(
                  lake,
                  newRows.of(LakeTables.SIGNATURES).filter(col("primary")),
                  summary,
                  Instant.now(),
                  dev.oopslake.signature.ClusteringParams.DEFAULTS)
              : SignatureStage.run(
                  lake,
                  lake.readAt(LakeTables.CRASHES, crashesSnapshot).filter(col("primary")),
                  summary,
                  Instant.now(),
                  dev.oopslake.signature.ClusteringParams.DEFAULTS);
    }

    Mode sum = full ? Mode.FULL : plan.summary();
    if (sum != Mode.UP_TO_DATE) {
      phase.accept("summarize (" + mode(sum) + ")");
      if (sum == Mode.INCREMENTAL) {
        Summaries.addToKernelModule(lake, newRows.of(LakeTables.SUMMARY_KERNEL_MODULE), summary);
      } else {
        Summaries.writeKernelModule(lake, crashesSnapshot, summary);
      }
    }

    Mode cells = full ? Mode.FULL : plan.cells();
    if (cells != Mode.UP_TO_DATE) {
      phase.accept("morning cells (" + mode(cells) + ")");
      if (cells == Mode.INCREMENTAL) {
        MorningTables.addToCells(lake, newRows.of(LakeTables.SIGNATURE_DAILY), summary);
      } else {
        MorningTables.writeCells(lake, lake.readAt(LakeTables.CRASHES, crashesSnapshot), summary);
      }
    }
    if (full || cells != Mode.UP_TO_DATE || plan.morning() != Mode.UP_TO_DATE) {
      phase.accept("morning tables");
      MorningTables.run(lake, crashesSnapshot, runId, inputs);
    }
    return signatures;
  }

  private static String mode(Mode m) {
    return m == Mode.INCREMENTAL ? "incremental" : "full";
  }

  /** Whether {@code s} records being made from {@code crashesSnapshot}. */
  private static boolean madeFrom(Snapshot s, long crashesSnapshot) {
    return s != null
        && String.valueOf(crashesSnapshot).equals(s.summary().get(Lake.SOURCE_SNAPSHOT));
  }

  /**
   * A group's mode: up to date when every table was made from {@code crashesSnapshot}; incremental
   * when its mergeable table ({@code state}) has the columns and only rows were added to {@code
   * crashes} since the snapshot it was made from; full otherwise.
   */
  private static Mode mode(
      Lake lake, long crashesSnapshot, List<String> tables, String state, boolean mergeable) {
    if (tables.stream().allMatch(t -> madeFrom(lake.current(t), crashesSnapshot))) {
      return Mode.UP_TO_DATE;
    }
    return mergeable && since(lake, state, crashesSnapshot).isPresent()
        ? Mode.INCREMENTAL
        : Mode.FULL;
  }

  /** The ingest runs {@code state} has not counted yet, when only rows were added since. */
  private static Optional<List<String>> since(Lake lake, String state, long crashesSnapshot) {
    Snapshot s = lake.current(state);
    String from = s == null ? null : s.summary().get(Lake.SOURCE_SNAPSHOT);
    if (from == null) {
      return Optional.empty();
    }
    return lake.runsSince(LakeTables.CRASHES, Long.parseLong(from), crashesSnapshot);
  }

  /**
   * The crash rows each mergeable table has not counted yet, read from the lake once per set of
   * runs and kept in memory: the groups usually share one set, and each reads its rows several
   * times (one aggregation per column family), which on a small night costs more than the rows.
   */
  private static final class NewRows {
    private final Lake lake;
    private final long crashesSnapshot;
    private final Map<List<String>, Dataset<Row>> read = new java.util.HashMap<>();

    NewRows(Lake lake, long crashesSnapshot) {
      this.lake = lake;
      this.crashesSnapshot = crashesSnapshot;
    }

    /** The crash rows {@code state} has not counted yet. */
    Dataset<Row> of(String state) {
      List<String> runs = since(lake, state, crashesSnapshot).orElseThrow();
      return read.computeIfAbsent(
          runs,
          r ->
              lake.rowsOfRuns(LakeTables.CRASHES, crashesSnapshot, r)
                  .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK()));
    }

    void release() {
      read.values().forEach(Dataset::unpersist);
    }
  }
}
