package dev.oopslake.parse;

import dev.oopslake.decode.CrashFacts;
import dev.oopslake.decode.Diagnosis;
import dev.oopslake.decode.DiagnosisRules;
import dev.oopslake.decode.Fault;
import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.LoadedModule;
import dev.oopslake.decode.PreemptCount;
import dev.oopslake.decode.Taint;
import dev.oopslake.parse.Report.Culprit;
import dev.oopslake.parse.Report.Decoded;
import dev.oopslake.parse.Report.Titles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
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

  /**
   * Which parser read a file, recorded in the lake's {@code files} rows: raised whenever a change
   * makes the parser say something else about a log (a title, a culprit, a class, a frame, a
   * decoded fact), so {@code nightly --reread-older} can read again what an older one read.
   * ParserGenerationTest fails when the output on the project's own logs changes and this did not.
   */
  public static final int GENERATION = 2;

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

  private ParsedFile parseUnchecked(byte[] data, int offset, int length) {
    if (data == null || length <= 0) {
      return ParsedFile.rejected("empty input");
    }
    if (offset < 0 || length > data.length - offset) {
      return ParsedFile.rejected("bad range: offset " + offset + " length " + length);
    }
    String binary = binaryReason(data, offset, length);
    if (binary != null) {
      // Windows "Unicode" text has a NUL beside every character: text all the same.
      byte[] utf8 = Utf16Text.asUtf8(data, offset, length);
      if (utf8 == null) {
        return ParsedFile.rejected(binary);
      }
      data = utf8;
      offset = 0;
      length = utf8.length;
      binary = binaryReason(data, offset, length);
      if (binary != null) {
        return ParsedFile.rejected(binary);
      }
    }
    byte[] lf = crLinesAsLf(data, offset, length);
    if (lf != null) {
      data = lf;
      offset = 0;
      length = lf.length;
    }
    LogLines lines = LogLines.split(data, offset, length);
    for (Function<LogLines, byte[]> repair : CAPTURE_REPAIRS) {
      byte[] repaired = repair.apply(lines);
      if (repaired != null) {
        data = repaired;
        offset = 0;
        length = repaired.length;
        lines = LogLines.split(data, offset, length);
      }
    }
    ReportLocator.Located located = ReportLocator.locate(lines);
    if (located.spans().isEmpty()) {
      // A console line may hide a record after other text: looked at again with each on its own.
      byte[] unglued = GluedRecords.unglued(data, offset, length);
      if (unglued != null) {
        lines = LogLines.split(unglued, 0, unglued.length);
        located = ReportLocator.locate(lines);
      }
      if (located.spans().isEmpty()) {
        return ParsedFile.noCrash();
      }
    }
    List<Report> reports = new ArrayList<>();
    int primary = PrimaryReport.index(lines, located.spans());
    for (int k = 0; k < located.spans().size(); k++) {
      reports.add(build(lines, located, k, k == primary));
    }
    return ParsedFile.crash(reports);
  }

  /** Bytes looked at per window when deciding whether input is binary. */
  private static final int BINARY_WINDOW = 4096;

  /**
   * A line reads as text when at most this share of its bytes are not text. Console lines carry
   * escape sequences, a stray NUL or BEL, a multi-byte character cut by the ring buffer: a few
   * bytes, not a tenth of the line.
   */
  private static final double MAX_NOISE_IN_TEXT_LINE = 0.10;

  /**
   * Input is text when at least this share of the sampled bytes lie in lines that read as text. A
   * console log stays far above it even when a crashing program wrote its garbage to the console
   * between the kernel's lines (real consoles carry a tenth of control bytes and more); compressed,
   * encrypted or random data has no text lines at all (a 256-byte run with under 10% non-text bytes
   * happens with odds below 1e-60), and an executable's text is NUL-separated strings, not lines.
   */
  private static final double MIN_TEXT_LINE_SHARE = 0.25;

  /**
   * Why the input is not a text log, or null. Looks at three windows (start, middle, end) rather
   * than the whole file, and measures how much of them lies in lines that read as text: control
   * bytes, user-space garbage and partial multi-byte characters in some lines do not make a log
   * binary; only input without text lines does.
   */
  /**
   * What the way a log was captured did to its lines, undone in order: each repair reads the lines
   * as split and returns the log as the kernel printed it, or null (most logs).
   */
  private static final List<Function<LogLines, byte[]>> CAPTURE_REPAIRS =
      List.of(
          // Lines cut at a terminal's or a mail's width, joined back.
          WrappedLines::unwrapped,
          // journalctl -o short-monotonic's "web-01 kernel: " after each timestamp, taken out.
          HostTags::stripped);

  /** Bytes looked at for a line feed before a log counts as one whose lines end in CR alone. */
  private static final int CR_ONLY_WINDOW = 1 << 16;

  /**
   * The log with each CR made a line feed when its lines end in CR alone (a capture tool that
   * strips the LF of the console's CR LF, a classic Mac file): no LF in its first 64 KiB, and CRs
   * there. Else null; a whole log read as one line would hold no report.
   */
  private static byte[] crLinesAsLf(byte[] data, int offset, int length) {
    int window = Math.min(length, CR_ONLY_WINDOW);
    if (LogLines.indexOfNewline(data, offset, offset + window) < offset + window
        || LogLines.indexOfByte(data, offset, offset + window, (byte) '\r') < 0) {
      return null;
    }
    byte[] out = Arrays.copyOfRange(data, offset, offset + length);
    for (int i = 0; i < out.length; i++) {
      if (out[i] == '\r') {
        out[i] = '\n';
      }
    }
    return out;
  }

  private static String binaryReason(byte[] data, int offset, int length) {
    int sample = 0;
    int nul = 0;
    int inTextLines = 0;
    int w = Math.min(BINARY_WINDOW, length);
    int[] starts = {offset, offset + (length - w) / 2, offset + length - w};
    int covered = offset;
    for (int s : starts) {
      int from = Math.max(s, covered);
      int to = s + w;
      int lineStart = from;
      int lineNoise = 0;
      int i = from;
      while (i < to) {
        // Printable ASCII, nearly every byte of a log, skipped without the per-character check.
        while (i < to && data[i] >= 0x20 && data[i] < 0x7f) {
          i++;
        }
        if (i < to) {
          int b = data[i] & 0xff;
          int n = textBytesAt(data, i, to);
          if (n == 0) {
            lineNoise++;
            nul += b == 0 ? 1 : 0;
            n = 1;
          }
          i += n;
          if (b != '\n' && i < to) {
            continue;
          }
        }
        int len = i - lineStart;
        if (lineNoise <= len * MAX_NOISE_IN_TEXT_LINE) {
          inTextLines += len;
        }
        lineStart = i;
        lineNoise = 0;
      }
      sample += Math.max(0, to - from);
      covered = Math.max(covered, to);
    }
    return binaryVerdict(sample, nul, inTextLines);
  }

  /**
   * How many bytes at {@code i} form one text character: printable ASCII, whitespace, ESC (colour
   * codes) or a well-formed UTF-8 sequence (one cut by the window's end counts); 0 for any other
   * byte.
   */
  private static int textBytesAt(byte[] d, int i, int to) {
    int b = d[i] & 0xff;
    if (b >= 0x20 && b < 0x7f || b >= 0x09 && b <= 0x0d || b == 0x1b) {
      return 1;
    }
    int need =
        b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) {
      return 0;
    }
    int k = 1;
    while (k <= need && i + k < to) {
      if ((d[i + k] & 0xc0) != 0x80) {
        return 0;
      }
      k++;
    }
    return k;
  }

  private static String binaryVerdict(int sample, int nul, int inTextLines) {
    if (sample == 0) {
      return "empty input";
    }
    if (nul == sample) {
      return "only NUL bytes";
    }
    if (inTextLines < sample * MIN_TEXT_LINE_SHARE) {
      return String.format(
          "binary data: %d of %d sampled bytes lie in lines that read as text (under %.0f%%)",
          inTextLines, sample, 100 * MIN_TEXT_LINE_SHARE);
    }
    return null;
  }

  /**
   * One report of the file, decoded: the stack, then each thing the report says decided by a step
   * of its own below, in the order they depend on each other.
   */
  private Report build(LogLines lines, ReportLocator.Located located, int k, boolean primary) {
    ReportLocator.Span span = located.spans().get(k);
    CrashClass c = span.hit().crashClass();
    List<Frame> frames = StackExtractor.frames(lines, span, c);
    TitleBuilder.Values values = titleValues(lines, span, c);
    String headerFunction = values.map.get("hfunc");
    Culprit culprit = culprit(lines, span, c, frames, headerFunction, values.map.get("hmodule"));
    String lostCause = k == 0 ? lostCause(c, values.map.get("reason")) : null;
    if (lostCause != null && !culprit.corrupted()) {
      culprit = new Culprit(culprit.function(), culprit.module(), lostCause);
    }
    // What a report with no culprit still says about where it happened: its title is one of many
    // "... in corrupted", so the signature needs this to tell such reports apart.
    String printedLocation =
        culprit.corrupted() && c.title().contains("{func}")
            ? printedLocation(lines, span, headerFunction)
            : null;
    Titles titles = titles(lines, span, c, values, culprit.function());
    FactExtractor.Facts f = FactExtractor.extract(lines, span, located.linuxVersionLine());
    Decoded decoded = decode(lines, span, f);
    List<Diagnosis> diagnoses = diagnoses(c, titles.title(), frames, culprit, f.comm, decoded);
    return new Report(
        k,
        primary,
        c.id(),
        titles,
        span.start(),
        span.end(),
        frames,
        culprit,
        printedLocation,
        new Report.Task(f.comm, f.pid, f.cpu, f.hardware),
        decoded,
        diagnoses);
  }

  /**
   * The values a title is filled from: the header's named groups, then those of the class's first
   * context line within the 24 lines after the header (a header value wins over a context one).
   */
  private static TitleBuilder.Values titleValues(
      LogLines lines, ReportLocator.Span span, CrashClass c) {
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
    return values;
  }

  /**
   * The culprit: the guilty frame the class picks from the stack, unless its title names a function
   * ({@code {func}}) and the stack cannot be trusted to tell it; then none, with the reason.
   */
  private static Culprit culprit(
      LogLines lines,
      ReportLocator.Span span,
      CrashClass c,
      List<Frame> frames,
      String headerFunction,
      String headerModule) {
    StackExtractor.Guilt picked =
        c.guilty().pick(new Guilty.Evidence(lines, span, c, frames, headerFunction));
    String function = picked == null ? null : picked.function();
    String module = picked == null ? null : picked.module();
    if (!c.title().contains("{func}")) {
      // A header that names the culprit's module itself (a driver's timeout) gives it.
      return new Culprit(function, module == null ? headerModule : module, null);
    }
    if (frames.isEmpty() && !c.guilty().keptWithoutStack(function)) {
      // A header without any stack: the body was lost (truncated log, interleaved output).
      return new Culprit(null, null, NO_CALL_TRACE);
    }
    if (function != null && mixedWithFaultInjection(frames, function)) {
      // CONFIG_FAULT_INJECTION printed its own stack into the report: the frames are not the
      // crash's, so the culprit cannot be told.
      return new Culprit(null, null, "stack mixed with a fault-injection dump");
    }
    if (function == null) {
      return new Culprit(
          null,
          module,
          frames.isEmpty() ? NO_CALL_TRACE : "no frame outside reporting/locking plumbing");
    }
    return new Culprit(function, module, null);
  }

  private static final String NO_CALL_TRACE = "no call trace after the header";

  /**
   * The title and type, filled from the values with the culprit as {@code {func}} ({@code
   * corrupted} when there is none), and the alternative titles.
   */
  private static Titles titles(
      LogLines lines,
      ReportLocator.Span span,
      CrashClass c,
      TitleBuilder.Values values,
      String function) {
    values.put("func", function == null ? TitleBuilder.CORRUPTED : function);
    String title = TitleBuilder.fill(c.title(), values);
    if (c.id().startsWith("kasan")
        && !values.map.containsKey("access")
        && span.hit().match().group().length() > 0
        && lines.text(span.start()).contains(" at addr ")) {
      // 4.x KASAN without an access line: syzbot keeps the address part, scrubbed.
      title = title + " at addr ADDR";
    }
    String type = TitleBuilder.fill(c.type(), values);
    return new Titles(title, type, TitleBuilder.altTitles(c.type(), title, function));
  }

  /**
   * The decoded facts. The kernel's arch, where the release names one, is the one the preempt count
   * is read for; each decoder call goes through {@link #safe}.
   */
  private static Decoded decode(LogLines lines, ReportLocator.Span span, FactExtractor.Facts f) {
    KernelRelease kernel = kernelRelease(f.release, f.arch);
    String arch = kernel != null && kernel.arch() != null ? kernel.arch() : f.arch;
    Taint taint = f.rawTaint == null ? Taint.NONE : safe(() -> Taint.decode(f.rawTaint, kernel));
    List<LoadedModule> modules =
        f.modulesText == null ? List.of() : safe(() -> LoadedModule.parseList(f.modulesText));
    PreemptCount preempt =
        f.preemptCount == null
            ? null
            : safe(() -> PreemptCount.decode(f.preemptCount, arch, kernel));
    return new Decoded(
        kernel,
        taint,
        modules == null ? List.of() : modules,
        preempt,
        panicReasonFrom(lines, span),
        safe(() -> Fault.of(f.faultAddress, Fault.access(f.faultAccess).orElse(null))));
  }

  /**
   * The kernel release, given the arch the log printed elsewhere when the release string lacks one;
   * the release without it when adding it fails, null when the release does not parse.
   */
  private static KernelRelease kernelRelease(String release, String arch) {
    if (release == null) {
      return null;
    }
    KernelRelease parsed = safe(() -> KernelRelease.parse(release).orElse(null));
    if (parsed == null) {
      return null;
    }
    KernelRelease withArch = safe(() -> parsed.withArchIfMissing(arch));
    return withArch == null ? parsed : withArch;
  }

  /** What the diagnosis rules conclude from the report; empty when they fail. */
  private List<Diagnosis> diagnoses(
      CrashClass c,
      String title,
      List<Frame> frames,
      Culprit culprit,
      String comm,
      Decoded decoded) {
    List<String> frameNames = new ArrayList<>(frames.size());
    List<String> frameModules = new ArrayList<>(frames.size());
    for (Frame fr : frames) {
      frameNames.add(fr.function());
      frameModules.add(fr.module());
    }
    List<Diagnosis> diagnoses =
        safe(
            () ->
                rules.diagnose(
                    new CrashFacts(
                        c.id(),
                        title,
                        frameNames,
                        culprit.function(),
                        culprit.module(),
                        comm,
                        decoded.kernel(),
                        decoded.taint(),
                        decoded.preempt(),
                        decoded.modules(),
                        decoded.panicReason(),
                        frameModules,
                        decoded.fault())));
    return diagnoses == null ? List.of() : diagnoses;
  }

  /**
   * Why a panic that ends another report is incomplete when it is the file's first report: the
   * report it ends (the oops of panic_on_oops, the warning of panic_on_warn) was not kept, so the
   * crash's cause is not in the log. Null for any other report.
   */
  private static String lostCause(CrashClass c, String reason) {
    if (!c.id().equals("panic") || reason == null) {
      return null;
    }
    if (reason.startsWith("Fatal exception")) {
      return "the oops this panic ends is not in the log";
    }
    if (reason.startsWith("panic_on_warn set")) {
      return "the warning this panic ends is not in the log";
    }
    return null;
  }

  /**
   * The function a report printed as where it happened: the one its header names, else the one its
   * first register-dump line names (the faulting instruction, printed even when the stack is lost
   * or all {@code ?} frames); null when it printed neither or only an address.
   */
  static String printedLocation(LogLines lines, ReportLocator.Span span, String headerFunction) {
    if (headerFunction != null) {
      return FrameFormats.normalize(headerFunction);
    }
    for (int i = span.start() + 1; i < span.end(); i++) {
      if (!ReportLocator.sameCaller(span.caller(), lines.caller(i))) {
        continue;
      }
      String t = lines.text(i);
      if (FrameFormats.isRegisterLine(t) || t.startsWith("IP: ") || t.startsWith("Krnl PSW")) {
        Frame f = FrameFormats.parse(t, "task");
        return f == null ? null : f.function();
      }
    }
    return null;
  }

  /**
   * Whether the guilty frame was taken from a CONFIG_FAULT_INJECTION dump ("should_fail" stack)
   * rather than from the crash's own stack, which would start again with a reporting frame.
   */
  private static boolean mixedWithFaultInjection(List<Frame> frames, String guilty) {
    boolean injected = false;
    for (Frame f : frames) {
      String fn = f.function();
      if (f.reliable() && (fn.equals("should_fail") || fn.equals("fail_dump"))) {
        injected = true;
      } else if (injected && REPORT_RESTART.contains(fn)) {
        injected = false;
      } else if (StackExtractor.syzbotName(fn).equals(guilty) && f.reliable()) {
        return injected;
      }
    }
    return false;
  }

  /** Frames that start the crash's own stack after an interleaved dump. */
  private static final java.util.Set<String> REPORT_RESTART =
      java.util.Set.of("dump_stack", "dump_stack_lvl", "panic", "__warn", "show_stack");

  /** A panic's reason, without the trailing dots some versions print. */
  private static final Pattern PANIC =
      Pattern.compile("Kernel panic - not syncing: (.*?)(?:\\s*\\.\\.\\.)?\\s*$");

  /** The panic this report ended in: the first panic line from its header on, same caller. */
  private static String panicReasonFrom(LogLines lines, ReportLocator.Span span) {
    int limit = Math.min(lines.size(), span.start() + 1000);
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
