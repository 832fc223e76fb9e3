package dev.oopslake.parse;

import dev.oopslake.decode.Diagnosis;
import dev.oopslake.decode.Fault;
import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.LoadedModule;
import dev.oopslake.decode.PreemptCount;
import dev.oopslake.decode.Taint;
import java.util.List;

/**
 * One crash report found in a log, with everything decoded from it, in the groups the parser's
 * steps produce. Nullable values are facts the log did not print; a report whose body is missing or
 * garbled is kept with {@code corrupted} and a reason. The accessors below name each value, so a
 * reader never needs to know which group holds it.
 *
 * @param index position of the report in its file, 0-based
 * @param primary the file's crash: the first report of the cascade that ended the log ({@link
 *     PrimaryReport}); earlier reports the kernel survived and later consequences are not
 * @param crashClass id of the crash class from {@link CrashClasses} (e.g. {@code
 *     scheduling-while-atomic})
 * @param titles the title, its syzbot-style type and the alternatives
 * @param startLine first line of the report in the file, 0-based
 * @param endLine line after the report's last line
 * @param frames the stack section the class reads, in order
 * @param culprit the guilty function and module, or why none can be named
 * @param printedLocation for a report that names no culprit (its title says {@code corrupted}): the
 *     function it printed as where it happened, i.e. the function its header names (a WARNING's
 *     {@code at file:line func}), else the function of its faulting instruction ({@code RIP:},
 *     {@code IP:}, {@code pc :}, {@code NIP}, {@code PC is at}, {@code Krnl PSW}); null when it
 *     printed neither, and for every report with a culprit
 * @param task the task and CPU the report names, and the hardware line
 * @param decoded what the decoders make of the report's facts
 * @param diagnoses the known patterns the report matches
 */
public record Report(
    int index,
    boolean primary,
    String crashClass,
    Titles titles,
    int startLine,
    int endLine,
    List<Frame> frames,
    Culprit culprit,
    String printedLocation,
    Task task,
    Decoded decoded,
    List<Diagnosis> diagnoses) {

  /** A report's title, its syzbot-style type, and the other titles syzbot may have given it. */
  public record Titles(String title, String type, List<String> alts) {
    public Titles {
      if (title == null || title.isBlank()) {
        throw new IllegalArgumentException("a report needs a title");
      }
      alts = List.copyOf(alts);
    }
  }

  /**
   * The report's culprit.
   *
   * @param function the guilty function, null when none can be named
   * @param module the module of the guilty function, null when built in or unknown
   * @param corruptedReason why the report is incomplete: its title wants a culprit and none can be
   *     named (the title reads "... in corrupted"), or it is a panic that ends a report the log did
   *     not keep ("kernel panic: Fatal exception" with no oops before it); null otherwise
   */
  public record Culprit(String function, String module, String corruptedReason) {
    public Culprit {
      if (corruptedReason != null && corruptedReason.isBlank()) {
        throw new IllegalArgumentException("a corrupted report needs a reason");
      }
    }

    public boolean corrupted() {
      return corruptedReason != null;
    }
  }

  /** The task and CPU the report's {@code CPU: ... PID: ... Comm: ...} line names; the hardware. */
  public record Task(String comm, Integer pid, Integer cpu, String hardware) {}

  /**
   * What the decoders make of the report's facts: null where the log did not print a fact or its
   * decoder failed, except that an unprinted taint is {@link Taint#NONE} and modules are never
   * null. {@code fault} is the faulting access, null when the report printed none.
   */
  public record Decoded(
      KernelRelease kernel,
      Taint taint,
      List<LoadedModule> modules,
      PreemptCount preempt,
      String panicReason,
      Fault fault) {
    public Decoded {
      taint = taint == null ? Taint.NONE : taint;
      modules = modules == null ? List.of() : List.copyOf(modules);
    }
  }

  public Report {
    if (crashClass == null || crashClass.isBlank()) {
      throw new IllegalArgumentException("a report needs a class");
    }
    java.util.Objects.requireNonNull(titles, "titles");
    java.util.Objects.requireNonNull(culprit, "culprit");
    java.util.Objects.requireNonNull(task, "task");
    java.util.Objects.requireNonNull(decoded, "decoded");
    frames = List.copyOf(frames);
    diagnoses = List.copyOf(diagnoses);
  }

  public String title() {
    return titles.title();
  }

  public List<String> altTitles() {
    return titles.alts();
  }

  public String type() {
    return titles.type();
  }

  public boolean corrupted() {
    return culprit.corrupted();
  }

  public String corruptedReason() {
    return culprit.corruptedReason();
  }

  public String guiltyFrame() {
    return culprit.function();
  }

  public String guiltyModule() {
    return culprit.module();
  }

  public String comm() {
    return task.comm();
  }

  public Integer pid() {
    return task.pid();
  }

  public Integer cpu() {
    return task.cpu();
  }

  public String hardware() {
    return task.hardware();
  }

  public KernelRelease kernel() {
    return decoded.kernel();
  }

  public Taint taint() {
    return decoded.taint();
  }

  public List<LoadedModule> modules() {
    return decoded.modules();
  }

  public PreemptCount preemptCount() {
    return decoded.preempt();
  }

  public String panicReason() {
    return decoded.panicReason();
  }
}
