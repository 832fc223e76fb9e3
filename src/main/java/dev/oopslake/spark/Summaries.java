package dev.oopslake.spark;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.trends.ReleaseModuleState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

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

  /** The table from the states of every primary crash, from nothing. */
  static void writeKernelModule(
      Lake lake, List<ReleaseModuleState> counted, Map<String, String> summary) {
    write(lake, counted, false, summary);
  }

  /** The states of new crashes added to the table's current rows. */
  static void addToKernelModule(
      Lake lake, List<ReleaseModuleState> counted, Map<String, String> summary) {
    write(lake, counted, true, summary);
  }

  /** Whether the table carries the mergeable columns an increment needs. */
  static boolean mergeable(Lake lake) {
    return lake.exists(LakeTables.SUMMARY_KERNEL_MODULE)
        && lake.columns(LakeTables.SUMMARY_KERNEL_MODULE).containsAll(STATE);
  }

  private static void write(
      Lake lake, List<ReleaseModuleState> counted, boolean increment, Map<String, String> summary) {
    List<ReleaseModuleState> previous =
        increment
            // Pinned to its snapshot, as the signatures' previous rows are (see SignatureStage).
            ? states(
                lake.rowsAt(
                    LakeTables.SUMMARY_KERNEL_MODULE,
                    lake.current(LakeTables.SUMMARY_KERNEL_MODULE).snapshotId(),
                    STATE))
            : List.of();
    Map<String, String> titles = lake.mapOf(LakeTables.SIGNATURES, "signature_id", "title");
    List<Row> rows = new ArrayList<>();
    for (ReleaseModuleState.Ranked r : ReleaseModuleState.rank(previous, counted, titles)) {
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

  /** Rows of {@link #STATE}'s columns, in that order, as states. */
  static List<ReleaseModuleState> states(List<Row> rows) {
    List<ReleaseModuleState> out = new ArrayList<>();
    for (Row r : rows) {
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
