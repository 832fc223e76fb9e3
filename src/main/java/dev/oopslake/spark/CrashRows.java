package dev.oopslake.spark;

import dev.oopslake.decode.Fault;
import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.LoadedModule;
import dev.oopslake.decode.PreemptCount;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.parse.Frame;
import dev.oopslake.parse.Report;
import dev.oopslake.signature.CrashSignature;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * Turns one parsed report into a row of {@link LakeTables#CRASH}. Each column is bound to the
 * schema by its field name, in {@link #COLUMNS}, through a {@link RowBinding}: checked against the
 * schema once, when the class loads, so no value is ever matched by position.
 */
final class CrashRows {
  private CrashRows() {}

  /** What a column's value is taken from: the report and where its file came from. */
  record Source(
      String file,
      String host,
      Timestamp crashTime,
      Report report,
      String runId,
      CrashSignature signature) {

    KernelRelease kernel() {
      return report.kernel();
    }

    PreemptCount preempt() {
      return report.preemptCount();
    }
  }

  /** Every column of {@link LakeTables#CRASH} by field name. */
  static final Map<String, Function<Source, Object>> COLUMNS = columns();

  private static Map<String, Function<Source, Object>> columns() {
    Map<String, Function<Source, Object>> c = new LinkedHashMap<>();
    c.put("file", Source::file);
    c.put("host", Source::host);
    c.put("crash_time", Source::crashTime);
    c.put("report_index", s -> s.report().index());
    c.put("primary", s -> s.report().primary());
    c.put("class", s -> s.report().crashClass());
    c.put("type", s -> s.report().type());
    c.put("title", s -> s.report().title());
    c.put("alt_titles", s -> s.report().altTitles().toArray(new String[0]));
    c.put("corrupted", s -> s.report().corrupted());
    c.put("corrupted_reason", s -> s.report().corruptedReason());
    c.put("kernel_release", s -> kernel(s, KernelRelease::release));
    c.put(
        "kernel_version",
        s -> kernel(s, k -> k.version() + "." + k.patchlevel() + "." + k.sublevel()));
    c.put("distro", s -> kernel(s, KernelRelease::distro));
    c.put("dist_tag", s -> kernel(s, KernelRelease::distTag));
    c.put("arch", s -> kernel(s, KernelRelease::arch));
    c.put("rt", s -> kernel(s, KernelRelease::rt));
    c.put("taint", s -> s.report().taint().letters());
    c.put(
        "taint_flags",
        s ->
            s.report().taint().flags().stream()
                .map(f -> f.letter() + ": " + f.meaning())
                .toArray(String[]::new));
    c.put("comm", s -> s.report().comm());
    c.put("pid", s -> s.report().pid());
    c.put("cpu", s -> s.report().cpu());
    c.put("preempt_count", s -> preempt(s, PreemptCount::value));
    c.put("preempt_depth", s -> preempt(s, PreemptCount::preempt));
    c.put("softirq", s -> preempt(s, PreemptCount::softirq));
    c.put("softirq_disable", s -> preempt(s, PreemptCount::softirqDisable));
    c.put("hardirq", s -> preempt(s, PreemptCount::hardirq));
    c.put("nmi", s -> preempt(s, PreemptCount::nmi));
    c.put("guilty_frame", s -> s.report().guiltyFrame());
    c.put("guilty_module", s -> s.report().guiltyModule());
    c.put("panic_reason", s -> s.report().panicReason());
    c.put("hardware", s -> s.report().hardware());
    c.put("fault_address", s -> fault(s, Fault::address));
    c.put("fault_access", s -> fault(s, f -> f.access() == null ? null : f.access().id()));
    c.put(
        "fault_poison",
        s ->
            fault(
                s,
                f ->
                    f.poison() == null
                        ? null
                        : f.poison().poison().name() + f.poison().offsetText()));
    c.put("fault_error_pointer", s -> fault(s, f -> f.errorPointer().orElse(null)));
    c.put("frames", s -> s.report().frames().stream().map(Frame::display).toArray(String[]::new));
    c.put("modules", s -> moduleNames(s.report().modules()));
    c.put(
        "diagnoses", s -> s.report().diagnoses().stream().map(d -> d.id()).toArray(String[]::new));
    c.put("signature_id", s -> s.signature().id());
    c.put("signature_version", s -> s.signature().version());
    c.put("signature_frames", s -> s.signature().frames().toArray(new String[0]));
    c.put("run_id", Source::runId);
    return c;
  }

  /** {@link #COLUMNS} bound to the schema, checked once. */
  private static final RowBinding<Source> ROW = RowBinding.of(LakeTables.CRASH, COLUMNS);

  static Row toRow(String file, String host, Timestamp crashTime, Report r, String runId) {
    CrashSignature sig =
        CrashSignature.of(
            r.crashClass(), r.frames(), r.title(), r.printedLocation(), r.guiltyModule());
    return ROW.toRow(new Source(file, host, crashTime, r, runId, sig));
  }

  private static Object kernel(Source s, Function<KernelRelease, Object> value) {
    return s.kernel() == null ? null : value.apply(s.kernel());
  }

  private static Object fault(Source s, Function<Fault, Object> value) {
    Fault f = s.report().decoded().fault();
    return f == null ? null : value.apply(f);
  }

  private static Object preempt(Source s, Function<PreemptCount, Object> value) {
    return s.preempt() == null ? null : value.apply(s.preempt());
  }

  private static String[] moduleNames(List<LoadedModule> modules) {
    return modules.stream()
        .map(m -> m.flags().isEmpty() ? m.name() : m.name() + "(" + m.flags() + ")")
        .toArray(String[]::new);
  }
}
