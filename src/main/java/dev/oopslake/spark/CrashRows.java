package dev.oopslake.spark;

import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.LoadedModule;
import dev.oopslake.decode.PreemptCount;
import dev.oopslake.decode.Taint;
import dev.oopslake.parse.Frame;
import dev.oopslake.parse.Report;
import dev.oopslake.signature.CrashSignature;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Turns one parsed report into a row of {@link LakeTables#CRASH}, in schema order. */
final class CrashRows {
  private CrashRows() {}

  static Row toRow(String file, String host, Timestamp crashTime, Report r, String runId) {
    KernelRelease k = r.kernel();
    PreemptCount pc = r.preemptCount();
    Taint taint = r.taint();
    CrashSignature sig = CrashSignature.of(r.crashClass(), r.frames(), r.title());
    return RowFactory.create(
        file,
        host,
        crashTime,
        r.index(),
        r.primary(),
        r.crashClass(),
        r.type(),
        r.title(),
        r.altTitles().toArray(new String[0]),
        r.corrupted(),
        r.corruptedReason(),
        k == null ? null : k.release(),
        k == null ? null : k.version() + "." + k.patchlevel() + "." + k.sublevel(),
        k == null ? null : k.distro(),
        k == null ? null : k.distTag(),
        k == null ? null : k.arch(),
        k == null ? null : k.rt(),
        taint.letters(),
        taint.flags().stream().map(f -> f.letter() + ": " + f.meaning()).toArray(String[]::new),
        r.comm(),
        r.pid(),
        r.cpu(),
        pc == null ? null : pc.value(),
        pc == null ? null : pc.preempt(),
        pc == null ? null : pc.softirq(),
        pc == null ? null : pc.softirqDisable(),
        pc == null ? null : pc.hardirq(),
        pc == null ? null : pc.nmi(),
        r.guiltyFrame(),
        r.guiltyModule(),
        r.panicReason(),
        r.hardware(),
        r.frames().stream().map(Frame::display).toArray(String[]::new),
        moduleNames(r.modules()),
        r.diagnoses().stream().map(d -> d.id()).toArray(String[]::new),
        sig.id(),
        sig.version(),
        sig.frames().toArray(new String[0]),
        runId);
  }

  private static String[] moduleNames(List<LoadedModule> modules) {
    return modules.stream()
        .map(m -> m.flags().isEmpty() ? m.name() : m.name() + "(" + m.flags() + ")")
        .toArray(String[]::new);
  }
}
