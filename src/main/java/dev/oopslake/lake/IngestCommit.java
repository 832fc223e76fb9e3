package dev.oopslake.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.util.SerializationUtil;

/**
 * The ingest's commit: a run's {@code files} and {@code crashes} rows become visible together, or
 * neither does, though Iceberg commits one table at a time.
 *
 * <p>{@code files} is the commit point. Before it, the run writes its {@code crashes} changes into
 * a file (the data files to add, and the data files a re-processed file's old rows sit in, to
 * replace) and records them in the {@code files} snapshot's summary. Then it commits {@code files}
 * (the run has happened: its files count as ingested), then {@code crashes} from that file. A run
 * killed between the two leaves the {@code crashes} commit recorded; the next run (or {@code
 * maintain}) makes it before anything else, so no crash row is lost or added twice.
 *
 * <p>Two runs on one lake: each checks, in Iceberg's commit, that no other commit reached {@code
 * files} since it started. The later one fails with the other run's id and commits nothing; what it
 * wrote is left to {@code maintain} as orphan files.
 */
public final class IngestCommit {
  private IngestCommit() {}

  /** How a run chose its files. */
  public enum Kind {
    /**
     * Files not ingested yet, and files rewritten since (new size or time): the nightly default.
     */
    INCREMENTAL,
    /** Files modified within --since/--until, re-processed even if ingested before. */
    WINDOW,
    /** Every file, from scratch: the run replaces every row. */
    REBUILD;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String KIND = "oopslake.kind";
  static final String ADDED = "oopslake.crashes.added";
  static final String REPLACED = "oopslake.crashes.replaced";
  static final String REPLACE_ALL = "oopslake.crashes.replace-all";

  /** Where a run starts from: the {@code files} snapshot its commit must still find current. */
  public record Start(Long filesSnapshot, Long crashesSnapshot) {}

  /**
   * A run's changes to one table: data files to add and data files to drop (rewritten without the
   * rows of re-processed input files, their rewrites being among the added).
   */
  public record Change(List<DataFile> added, List<DataFile> replaced) {
    public Change {
      added = List.copyOf(added);
      replaced = List.copyOf(replaced);
    }
  }

  /**
   * Brings the ingest tables to this build's columns, finishes a killed run's {@code crashes}
   * commit, then notes where this run starts.
   */
  public static Start begin(Lake lake) {
    Table files = lake.upToDate(LakeTables.FILES);
    Table crashes = lake.upToDate(LakeTables.CRASHES);
    Snapshot last = lastRun(files);
    if (last != null) {
      String run = last.summary().get(Lake.RUN_ID);
      if (!run.equals(lake.lastRunId(LakeTables.CRASHES))) {
        applyCrashes(crashes, last.summary(), crashes.currentSnapshot());
      }
    }
    crashes.refresh();
    return new Start(
        files.currentSnapshot() == null ? null : files.currentSnapshot().snapshotId(),
        crashes.currentSnapshot() == null ? null : crashes.currentSnapshot().snapshotId());
  }

  /** The latest {@code files} snapshot an ingest made (maintenance commits carry no run id). */
  private static Snapshot lastRun(Table files) {
    Snapshot s = files.currentSnapshot();
    while (s != null && !s.summary().containsKey(ADDED)) {
      s = s.parentId() == null ? null : files.snapshot(s.parentId());
    }
    return s;
  }

  /**
   * Commits a run: {@code files} first (with the {@code crashes} change recorded), then {@code
   * crashes}. {@code counts} go into both snapshots' summaries.
   */
  public static void commit(
      Lake lake,
      Start start,
      String runId,
      Kind kind,
      Map<String, Long> counts,
      Change filesChange,
      Change crashesChange) {
    Table files = lake.table(LakeTables.FILES);
    Table crashes = lake.table(LakeTables.CRASHES);
    Map<String, String> summary = new LinkedHashMap<>();
    summary.put(Lake.RUN_ID, runId);
    summary.put(KIND, kind.id());
    counts.forEach((k, v) -> summary.put("oopslake." + k, String.valueOf(v)));
    summary.put(ADDED, stage(crashes, runId, "added", crashesChange.added()));
    summary.put(REPLACED, stage(crashes, runId, "replaced", crashesChange.replaced()));
    summary.put(REPLACE_ALL, String.valueOf(kind == Kind.REBUILD));

    OverwriteFiles commit = files.newOverwrite();
    if (kind == Kind.REBUILD) {
      commit.overwriteByRowFilter(Expressions.alwaysTrue());
    }
    filesChange.replaced().forEach(commit::deleteFile);
    filesChange.added().forEach(commit::addFile);
    checked(commit, start.filesSnapshot());
    summary.forEach(commit::set);
    commitOrExplain(commit, files, runId);

    crashes.refresh();
    applyCrashes(crashes, summary, snapshotOf(crashes, start.crashesSnapshot()));
  }

  private static Snapshot snapshotOf(Table t, Long id) {
    return id == null ? null : t.snapshot(id);
  }

  /** Fails the commit if anything reached the table after {@code from}: another run did. */
  private static void checked(OverwriteFiles commit, Long from) {
    if (from != null) {
      commit.validateFromSnapshot(from);
    }
    commit.conflictDetectionFilter(Expressions.alwaysTrue()).validateNoConflictingData();
  }

  private static void commitOrExplain(SnapshotUpdate<?> commit, Table table, String runId) {
    try {
      commit.commit();
    } catch (ValidationException | CommitFailedException e) {
      table.refresh();
      Snapshot other = table.currentSnapshot();
      String who =
          other == null
              ? "another writer"
              : "run " + other.summary().getOrDefault(Lake.RUN_ID, "?");
      throw LakeError.run(
          "run "
              + runId
              + " committed nothing: "
              + who
              + " changed table "
              + table.name()
              + " after this run started; run one nightly at a time per lake, then run again",
          e);
    }
  }

  /** Makes the {@code crashes} commit recorded in a {@code files} snapshot's summary. */
  private static void applyCrashes(Table crashes, Map<String, String> summary, Snapshot from) {
    OverwriteFiles commit = crashes.newOverwrite();
    if (Boolean.parseBoolean(summary.get(REPLACE_ALL))) {
      commit.overwriteByRowFilter(Expressions.alwaysTrue());
    }
    read(crashes, summary.get(REPLACED)).forEach(commit::deleteFile);
    read(crashes, summary.get(ADDED)).forEach(commit::addFile);
    checked(commit, from == null ? null : from.snapshotId());
    summary.forEach(
        (k, v) -> {
          if (k.equals(Lake.RUN_ID)
              || k.equals(KIND)
              || k.startsWith("oopslake.") && !k.startsWith("oopslake.crashes.")) {
            commit.set(k, v);
          }
        });
    commitOrExplain(commit, crashes, summary.get(Lake.RUN_ID));
  }

  /**
   * Writes {@code dataFiles} beside the table's metadata; returns where. Java-serialized data
   * files, as Iceberg's Spark writer sends them from tasks to the driver: the file only lives from
   * one run's commit to the next run's start, and nothing but oopslake reads it.
   */
  private static String stage(Table table, String runId, String what, List<DataFile> dataFiles) {
    String location =
        ((HasTableOperations) table)
            .operations()
            .metadataFileLocation("oopslake-staged-" + runId + "-" + what + ".bin");
    OutputFile out = table.io().newOutputFile(location);
    try (var stream = out.createOrOverwrite()) {
      stream.write(SerializationUtil.serializeToBytes(new ArrayList<>(dataFiles)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage " + what + " data files of run " + runId, e);
    }
    return location;
  }

  private static List<DataFile> read(Table table, String location) {
    if (location == null) {
      return List.of();
    }
    try (var in = table.io().newInputFile(location).newStream()) {
      List<DataFile> files = SerializationUtil.deserializeFromBytes(in.readAllBytes());
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read staged data files " + location, e);
    }
  }
}
