package dev.oopslake.spark;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.signature.CrashStates;
import dev.oopslake.spark.signatures.SignatureStage;
import dev.oopslake.spark.support.CrashCounts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.iceberg.Snapshot;

/**
 * Brings the tables derived from {@code crashes} up to one of its snapshots. A table whose snapshot
 * records that {@code crashes} snapshot is left alone. The mergeable ones ({@code signatures} with
 * the clusters, {@code summary_kernel_module}) add the rows of the ingest runs since the snapshot
 * they were made from, when those runs only added rows (Iceberg's snapshot summaries say); after a
 * re-read file, a rebuild or an expired snapshot they are recomputed from every crash. The morning
 * tables depend on the day as well: their cells ({@code signature_daily}) are merged the same way,
 * and the tables are recounted from the cells whenever anything changed. Groups that do not read
 * each other's tables run side by side.
 *
 * <p>The crashes are read once for all groups and counted into their mergeable states ({@link
 * CrashStates}: per signature, per release and module, per cell) in plain Java: in Spark tasks when
 * they are many (a full run, a backfill), on the driver when they are a night's few (no Spark job).
 * Everything after works on one row per signature or cell, on the driver, and each table is written
 * by Iceberg's API: a small night's dozens of small Spark queries cost more than its rows.
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
   * crashes whatever the plan), naming its one phase ({@link #DERIVED_PHASE} and the groups it
   * runs) through {@code phase}; returns the signature counts.
   */
  public static SignatureStage.Result update(
      Lake lake,
      long crashesSnapshot,
      String runId,
      MorningTables.Inputs inputs,
      boolean full,
      Consumer<String> phase) {
    return update(lake, crashesSnapshot, runId, inputs, full, phase, null);
  }

  /**
   * The states of the crashes one ingest run wrote ({@code parts}: one per read task), counted by
   * its tasks as they wrote them: a group that needs exactly that run's crashes takes them instead
   * of reading the rows back.
   */
  public record Ingested(String runId, List<CrashStates> parts) {
    public Ingested {
      parts = List.copyOf(parts);
    }
  }

  /**
   * As {@link #update(Lake, long, String, MorningTables.Inputs, boolean, Consumer)}, after an
   * ingest run whose crashes were counted as they were written ({@code ingested}; null: none).
   */
  public static SignatureStage.Result update(
      Lake lake,
      long crashesSnapshot,
      String runId,
      MorningTables.Inputs inputs,
      boolean full,
      Consumer<String> phase,
      Ingested ingested) {
    Plan plan = plan(lake, crashesSnapshot, inputs);
    return update(
        lake,
        crashesSnapshot,
        runId,
        inputs,
        full,
        phase,
        plan,
        new Counts(lake, crashesSnapshot, ingested));
  }

  private static SignatureStage.Result update(
      Lake lake,
      long crashesSnapshot,
      String runId,
      MorningTables.Inputs inputs,
      boolean full,
      Consumer<String> phase,
      Plan plan,
      Counts counts) {
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(Lake.RUN_ID, runId);
    summary.put(Lake.SOURCE_SNAPSHOT, String.valueOf(crashesSnapshot));
    Mode sig = full ? Mode.FULL : plan.signatures();
    Mode sum = full ? Mode.FULL : plan.summary();
    Mode cells = full ? Mode.FULL : plan.cells();
    boolean morning = full || cells != Mode.UP_TO_DATE || plan.morning() != Mode.UP_TO_DATE;

    String sigGroup = SIGNATURES_GROUP + " (" + mode(sig) + ")";
    String sumGroup = SUMMARY_GROUP + " (" + mode(sum) + ")";
    String cellsGroup = CELLS_GROUP + " (" + mode(cells) + ")";
    List<String> groups = new java.util.ArrayList<>();
    if (sig != Mode.UP_TO_DATE) {
      groups.add(sigGroup);
    }
    if (sum != Mode.UP_TO_DATE) {
      groups.add(sumGroup);
    }
    if (cells != Mode.UP_TO_DATE) {
      groups.add(cellsGroup);
    }
    if (morning) {
      groups.add(MORNING_GROUP);
    }
    if (groups.isEmpty()) {
      return SignatureStage.counts(lake);
    }
    phase.accept(DERIVED_PHASE + ": " + String.join(", ", groups));

    // Every group's crashes counted before the groups start, in one pass per set of crashes: all
    // of them for a group recomputed in full, the rows of the runs it has not counted for an
    // incremental one (usually one set for all three groups).
    long countStart = System.nanoTime();
    CrashStates sigStates = sig == Mode.UP_TO_DATE ? null : counts.of(sig, LakeTables.SIGNATURES);
    CrashStates sumStates =
        sum == Mode.UP_TO_DATE ? null : counts.of(sum, LakeTables.SUMMARY_KERNEL_MODULE);
    CrashStates cellStates =
        cells == Mode.UP_TO_DATE ? null : counts.of(cells, LakeTables.SIGNATURE_DAILY);
    ProgressLog.say(
        String.format(
            java.util.Locale.ROOT,
            "%s: %.1f s",
            COUNT_STEP,
            (System.nanoTime() - countStart) / 1e9));

    // The groups overlap where they do not depend on each other: the summary names each row's top
    // signature by its title in signatures, so it waits for the stage; the morning tables rank
    // clusters, read from the registry, so they start once it is committed (beside the writes of
    // signatures and clusters) and the cells are; the cells need nothing but the counts. What is
    // left of a small night is driver work and one Iceberg commit per table, much of it waiting
    // on files: run one by one, they would leave cores idle.
    ExecutorService pool = Executors.newFixedThreadPool(3);
    CompletableFuture<Void> registered = new CompletableFuture<>();
    Runnable registryWritten = () -> registered.complete(null);
    try {
      CompletableFuture<SignatureStage.Result> signatures =
          sig == Mode.UP_TO_DATE
              ? CompletableFuture.completedFuture(SignatureStage.counts(lake))
              : CompletableFuture.supplyAsync(
                  timed(
                      sigGroup,
                      () ->
                          SignatureStage.run(
                              lake,
                              sigStates.signatures(),
                              sig == Mode.INCREMENTAL,
                              summary,
                              Instant.now(),
                              dev.oopslake.signature.ClusteringParams.DEFAULTS,
                              registryWritten)),
                  pool);
      // Done either way when the stage ends: a failure before the registry fails the waiters.
      signatures.whenComplete(
          (r, e) -> {
            if (e != null) {
              registered.completeExceptionally(e);
            } else {
              registered.complete(null);
            }
          });
      CompletableFuture<Void> summarized =
          sum == Mode.UP_TO_DATE
              ? CompletableFuture.completedFuture(null)
              : signatures.thenRunAsync(
                  run(
                      sumGroup,
                      sum,
                      () -> Summaries.addToKernelModule(lake, sumStates.releaseModules(), summary),
                      () -> Summaries.writeKernelModule(lake, sumStates.releaseModules(), summary)),
                  pool);
      CompletableFuture<Void> celled =
          cells == Mode.UP_TO_DATE
              ? CompletableFuture.completedFuture(null)
              : CompletableFuture.runAsync(
                  run(
                      cellsGroup,
                      cells,
                      () -> MorningTables.addToCells(lake, cellStates.cells(), summary),
                      () -> MorningTables.writeCells(lake, cellStates.cells(), summary)),
                  pool);
      CompletableFuture<Void> mornings =
          !morning
              ? CompletableFuture.completedFuture(null)
              : registered.runAfterBothAsync(
                  celled,
                  run(MORNING_GROUP, () -> MorningTables.run(lake, crashesSnapshot, runId, inputs)),
                  pool);
      await(CompletableFuture.allOf(signatures, summarized, celled, mornings));
      return signatures.join();
    } finally {
      pool.shutdownNow();
    }
  }

  /** The phase the derived tables take in a run, followed by the groups it brings up to date. */
  public static final String DERIVED_PHASE = "derived tables";

  static final String COUNT_STEP = "count the crashes";
  static final String SIGNATURES_GROUP = "signatures and clusters";
  static final String SUMMARY_GROUP = "summarize";
  static final String CELLS_GROUP = "morning cells";
  static final String MORNING_GROUP = "morning tables";

  private static <T> Supplier<T> timed(String name, Supplier<T> step) {
    return () -> {
      long start = System.nanoTime();
      T result = step.get();
      ProgressLog.say(
          String.format(
              java.util.Locale.ROOT, "%s: %.1f s", name, (System.nanoTime() - start) / 1e9));
      return result;
    };
  }

  /** A group that adds new rows ({@code incremental}) or recounts them all ({@code full}). */
  private static Runnable run(String name, Mode mode, Runnable incremental, Runnable full) {
    return run(name, mode == Mode.INCREMENTAL ? incremental : full);
  }

  private static Runnable run(String name, Runnable step) {
    Supplier<Void> timed =
        timed(
            name,
            () -> {
              step.run();
              return null;
            });
    return timed::get;
  }

  /**
   * Waits for every group (a failed one does not cancel the others: each table is still all old or
   * all new, and the next run redoes what is missing), then rethrows the first failure as it was.
   */
  private static void await(CompletableFuture<Void> all) {
    try {
      all.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
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
   * Up to this many new crash rows a night reads them on the driver (no Spark job); more, such as
   * the first night after a backfill, are counted in Spark tasks.
   */
  static final long DRIVER_ROWS = 100_000;

  /**
   * The counted states of the crashes each group needs, counted once per set of crashes: the groups
   * usually share one set (all crashes, or the runs since their tables were made).
   */
  private static final class Counts {
    private final Lake lake;
    private final long crashesSnapshot;
    private final Ingested ingested;
    private final Map<List<String>, CrashStates> counted = new java.util.HashMap<>();

    Counts(Lake lake, long crashesSnapshot, Ingested ingested) {
      this.lake = lake;
      this.crashesSnapshot = crashesSnapshot;
      this.ingested = ingested;
    }

    /** The states a group in {@code mode} adds to {@code state}: all crashes', or the new ones'. */
    CrashStates of(Mode mode, String state) {
      if (mode == Mode.FULL) {
        // Keyed apart from any list of run ids.
        return counted.computeIfAbsent(
            List.of("*"),
            k ->
                onlyIngested()
                    ? CrashStates.mergeAll(ingested.parts())
                    : CrashCounts.count(lake.readAt(LakeTables.CRASHES, crashesSnapshot)));
      }
      List<String> runs = since(lake, state, crashesSnapshot).orElseThrow();
      if (ingested != null && runs.equals(List.of(ingested.runId()))) {
        return counted.computeIfAbsent(runs, r -> CrashStates.mergeAll(ingested.parts()));
      }
      return counted.computeIfAbsent(
          runs,
          r ->
              lake.recordsOfRuns(LakeTables.CRASHES, crashesSnapshot, r) <= DRIVER_ROWS
                  ? CrashCounts.count(
                      lake.rowsOfRunsAt(
                          LakeTables.CRASHES, crashesSnapshot, r, CrashCounts.COLUMNS))
                  : CrashCounts.count(lake.rowsOfRuns(LakeTables.CRASHES, crashesSnapshot, r)));
    }

    /**
     * Whether every row of {@code crashes} at the snapshot is one the ingested run added: its added
     * rows are as many as the table holds (a first run, a rebuild).
     */
    private boolean onlyIngested() {
      if (ingested == null) {
        return false;
      }
      String total =
          lake.table(LakeTables.CRASHES).snapshot(crashesSnapshot).summary().get("total-records");
      return total != null
          && Long.parseLong(total)
              == lake.recordsOfRuns(LakeTables.CRASHES, crashesSnapshot, List.of(ingested.runId()));
    }
  }
}
