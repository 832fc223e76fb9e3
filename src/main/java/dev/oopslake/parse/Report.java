package dev.oopslake.parse;

import dev.oopslake.decode.Diagnosis;
import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.LoadedModule;
import dev.oopslake.decode.PreemptCount;
import dev.oopslake.decode.Taint;
import java.util.List;

/**
 * One crash report found in a log, with everything decoded from it. Nullable fields are facts the
 * log did not print; a report whose body is missing or garbled is kept with {@code corrupted} and a
 * reason.
 *
 * @param index position of the report in its file, 0-based
 * @param primary the first real crash of the file; later ones are usually its consequences
 * @param crashClass id of the crash class from {@link CrashClasses} (e.g. {@code
 *     scheduling-while-atomic})
 * @param type syzbot-style type of the class (e.g. {@code ATOMIC_SLEEP}, {@code HANG})
 * @param startLine first line of the report in the file, 0-based
 * @param endLine line after the report's last line
 * @param printedLocation for a report that names no culprit (its title says {@code corrupted}): the
 *     function it printed as where it happened, i.e. the function its header names (a WARNING's
 *     {@code at file:line func}), else the function of its faulting instruction ({@code RIP:},
 *     {@code IP:}, {@code pc :}, {@code NIP}, {@code PC is at}, {@code Krnl PSW}); null when it
 *     printed neither, and for every report with a culprit
 */
public record Report(
    int index,
    boolean primary,
    String title,
    List<String> altTitles,
    String crashClass,
    String type,
    boolean corrupted,
    String corruptedReason,
    int startLine,
    int endLine,
    List<Frame> frames,
    String guiltyFrame,
    String guiltyModule,
    String printedLocation,
    String comm,
    Integer pid,
    Integer cpu,
    KernelRelease kernel,
    Taint taint,
    List<LoadedModule> modules,
    PreemptCount preemptCount,
    String hardware,
    String panicReason,
    List<Diagnosis> diagnoses) {

  public Report {
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("a report needs a title");
    }
    if (crashClass == null || crashClass.isBlank()) {
      throw new IllegalArgumentException("a report needs a class");
    }
    if (corrupted && (corruptedReason == null || corruptedReason.isBlank())) {
      throw new IllegalArgumentException("a corrupted report needs a reason");
    }
    altTitles = List.copyOf(altTitles);
    frames = List.copyOf(frames);
    modules = List.copyOf(modules);
    diagnoses = List.copyOf(diagnoses);
    taint = taint == null ? Taint.NONE : taint;
  }
}
