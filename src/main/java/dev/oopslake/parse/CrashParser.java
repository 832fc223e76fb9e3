package dev.oopslake.parse;

import dev.oopslake.decode.CrashFacts;
import dev.oopslake.decode.Diagnosis;
import dev.oopslake.decode.DiagnosisRules;
import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.LoadedModule;
import dev.oopslake.decode.PreemptCount;
import dev.oopslake.decode.Taint;
import dev.oopslake.parse.CrashClass.Guilty;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a whole kernel log (vmcore-dmesg.txt, dmesg, syslog, console capture, crash(8) output) and
 * returns every crash report in it, decoded. Never throws: unreadable input is {@code REJECTED},
 * reports whose body is garbled are kept and flagged corrupted.
 *
 * <p>The work is split in steps, each its own class: {@link LogLines} (one byte pass, printk
 * decorations), {@link ReportLocator} (headers and spans, by the {@link CrashClasses} table),
 * {@link StackExtractor} (frames and guilty frame, by {@link SkipLists}), {@link TitleBuilder} and
 * {@link FactExtractor}. Instances are immutable and thread-safe.
 */
public final class CrashParser {

  private final DiagnosisRules rules;

  public CrashParser(DiagnosisRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /** A parser with the diagnosis rules shipped in {@code conf/}. */
  public static CrashParser withDefaults() {
    return new CrashParser(DiagnosisRules.defaults());
  }

  public ParsedFile parse(byte[] data) {
    return parse(data, 0, data == null ? 0 : data.length);
  }

  public ParsedFile parse(byte[] data, int offset, int length) {
    try {
      return parseUnchecked(data, offset, length);
    } catch (RuntimeException | StackOverflowError e) {
      // A parser bug must not lose the file: it is reported as rejected with the cause.
      return ParsedFile.rejected("parser error: " + e);
    }
  }

  /** Fraction of control bytes above which input is binary, not a log that picked up some NULs. */
  private static final double MAX_BINARY_FRACTION = 0.10;

  private ParsedFile parseUnchecked(byte[] data, int offset, int length) {
    if (data == null || length <= 0) {
      return ParsedFile.rejected("empty input");
    }
    if (offset < 0 || length > data.length - offset) {
      return ParsedFile.rejected("bad range: offset " + offset + " length " + length);
    }
    String binary = binaryReason(data, offset, length);
    if (binary != null) {
      return ParsedFile.rejected(binary);
    }
    LogLines lines = LogLines.split(data, offset, length);
    ReportLocator.Located located = ReportLocator.locate(lines);
    if (located.spans().isEmpty()) {
      return ParsedFile.noCrash();
    }
    List<Report> reports = new ArrayList<>();
    int primary = primaryIndex(located.spans());
    for (int k = 0; k < located.spans().size(); k++) {
      reports.add(build(lines, located, k, k == primary));
    }
    return ParsedFile.crash(reports);
  }

  /** The first report that is a crash of its own; an OOM kill before a crash is context. */
  private static int primaryIndex(List<ReportLocator.Span> spans) {
    for (int k = 0; k < spans.size(); k++) {
      if (!spans.get(k).hit().crashClass().id().equals("out-of-memory")) {
        return k;
      }
    }
    return 0;
  }

  private static String binaryReason(byte[] data, int offset, int length) {
    int sample = Math.min(length, 1 << 16);
    int control = 0;
    int nul = 0;
    for (int i = offset; i < offset + sample; i++) {
      int b = data[i] & 0xff;
      if (b == 0) {
        nul++;
        control++;
      } else if (b < 0x09 || (b > 0x0d && b < 0x20 && b != 0x1b) || b == 0x7f) {
        control++;
      }
    }
    if (nul == sample) {
      return "only NUL bytes";
    }
    if (control > sample * MAX_BINARY_FRACTION) {
      return String.format(
          "binary data: %d of the first %d bytes are control bytes", control, sample);
    }
    return null;
  }

  private static final Pattern PANIC =
      Pattern.compile("Kernel panic - not syncing: (.*?)(?:\\s*\\.\\.\\.)?\\s*$");

  private Report build(LogLines lines, ReportLocator.Located located, int k, boolean primary) {
    ReportLocator.Span span = located.spans().get(k);
    CrashClass c = span.hit().crashClass();
    List<Frame> frames = StackExtractor.frames(lines, span, c);

    TitleBuilder.Values values = new TitleBuilder.Values();
    values.addGroups(span.hit().match(), c.header());
    if (c.context() != null) {
      for (int i = span.start() + 1; i < span.end() && i < span.start() + 25; i++) {
        Matcher m = c.context().matcher(lines.text(i));
        if (m.find()) {
          values.addGroups(m, c.context());
          break;
        }
      }
    }

    String guilty = null;
    String guiltyModule = null;
    if (c.guilty() == Guilty.HEADER) {
      String h = values.map.get("hfunc");
      if (h != null && !StackExtractor.isPlumbing(FrameFormats.normalize(h), c)) {
        guilty = FrameFormats.normalize(h);
        guiltyModule = moduleOf(frames, guilty);
      }
    } else if (c.guilty() == Guilty.LOCKDEP) {
      List<String> ats = new ArrayList<>(StackExtractor.lockdepAtFunctions(lines, span));
      if (ats.size() >= 2) {
        // syzbot names a deadlock after the lock the task already holds (the second "at:").
        ats.add(0, ats.remove(1));
      }
      for (String at : ats) {
        if (!StackExtractor.isPlumbing(at, c)) {
          guilty = at;
          guiltyModule = moduleOf(frames, guilty);
          break;
        }
      }
    }
    if (guilty == null && c.guilty() != Guilty.NONE) {
      StackExtractor.Guilt g = StackExtractor.guilty(frames, c);
      if (g != null) {
        guilty = g.function();
        guiltyModule = g.module();
      }
    }

    boolean wantsFunc = c.title().contains("{func}");
    String corruptedReason = null;
    if (wantsFunc && frames.isEmpty()) {
      // A header without any stack: the body was lost (truncated log, interleaved output).
      guilty = null;
      guiltyModule = null;
    }
    if (wantsFunc && guilty == null) {
      corruptedReason =
          frames.isEmpty()
              ? "no call trace after the header"
              : "no frame outside reporting/locking plumbing";
    }
    values.put("func", guilty == null ? TitleBuilder.CORRUPTED : guilty);
    String title = TitleBuilder.fill(c.title(), values);
    String type = TitleBuilder.fill(c.type(), values);
    List<String> alts = TitleBuilder.altTitles(c.type(), title, guilty);

    FactExtractor.Facts f = FactExtractor.extract(lines, span, located.linuxVersionLine());
    String arch = f.arch;
    KernelRelease kernel = null;
    if (f.release != null) {
      kernel = safe(() -> KernelRelease.parse(f.release).orElse(null));
      if (kernel != null) {
        KernelRelease kr = kernel;
        kernel = safe(() -> kr.withArchIfMissing(arch));
        if (kernel == null) {
          kernel = kr;
        }
      }
    }
    KernelRelease kernelFinal = kernel;
    String archFinal = kernel != null && kernel.arch() != null ? kernel.arch() : arch;
    Taint taint =
        f.rawTaint == null ? Taint.NONE : safe(() -> Taint.decode(f.rawTaint, kernelFinal));
    List<LoadedModule> modules =
        f.modulesText == null ? List.of() : safe(() -> LoadedModule.parseList(f.modulesText));
    PreemptCount preempt =
        f.preemptCount == null
            ? null
            : safe(() -> PreemptCount.decode(f.preemptCount, archFinal, kernelFinal));
    String panicReason = panicReasonFrom(lines, span);

    List<String> frameNames = new ArrayList<>(frames.size());
    for (Frame fr : frames) {
      frameNames.add(fr.function());
    }
    String guiltyFinal = guilty;
    String guiltyModuleFinal = guiltyModule;
    List<Diagnosis> diagnoses =
        safe(
            () ->
                rules.diagnose(
                    new CrashFacts(
                        c.id(),
                        title,
                        frameNames,
                        guiltyFinal,
                        guiltyModuleFinal,
                        f.comm,
                        kernelFinal,
                        taint,
                        preempt,
                        modules == null ? List.of() : modules,
                        panicReason)));

    return new Report(
        k,
        primary,
        title,
        alts,
        c.id(),
        type,
        corruptedReason != null,
        corruptedReason,
        span.start(),
        span.end(),
        frames,
        guilty,
        guiltyModule,
        f.comm,
        f.pid,
        f.cpu,
        kernel,
        taint,
        modules == null ? List.of() : modules,
        preempt,
        f.hardware,
        panicReason,
        diagnoses == null ? List.of() : diagnoses);
  }

  /** The module of the first frame of that function, when it came from a module. */
  private static String moduleOf(List<Frame> frames, String function) {
    for (Frame f : frames) {
      if (f.function().equals(function)) {
        return f.module().isEmpty() ? null : f.module();
      }
    }
    return null;
  }

  /** The panic this report ended in: the first panic line from its header on, same caller. */
  private static String panicReasonFrom(LogLines lines, ReportLocator.Span span) {
    int limit = Math.min(lines.size(), span.start() + 2000);
    for (int i = span.start(); i < limit; i++) {
      if (!ReportLocator.sameCaller(span.caller(), lines.caller(i))) {
        continue;
      }
      int p = lines.start(i);
      if (p >= lines.end(i) || lines.data()[p] != 'K') {
        continue;
      }
      String t = lines.text(i);
      if (t.startsWith("Kernel panic - not syncing: ")) {
        Matcher m = PANIC.matcher(t);
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    return null;
  }

  /** Decoders are other people's code: a decoder bug costs the fact, not the report. */
  private static <T> T safe(java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
