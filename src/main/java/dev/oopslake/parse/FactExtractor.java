package dev.oopslake.parse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step 3 of parsing: the facts an expert reads off a report besides its stack: who (comm, pid,
 * cpu), which kernel and taint, loaded modules, preempt_count, hardware and the panic it ended in.
 * Raw strings only; {@link CrashParser} hands them to the decoders.
 */
final class FactExtractor {
  private FactExtractor() {}

  /** Raw facts of one report; null when the log did not print them. */
  static final class Facts {
    String comm;
    Integer pid;
    Integer cpu;
    String release;
    String rawTaint;
    String modulesText;
    Long preemptCount;
    String hardware;
    String arch;
  }

  /** lib/dump_stack.c: "CPU: 0 PID: 14829 Comm: rmmod Tainted: G OE T 3.10.0-... #1". */
  private static final Pattern CPU_LINE =
      Pattern.compile(
          "^CPU: (?<cpu>\\d+):? (?:UID: \\d+ )?PID: (?<pid>\\d+) Comm: (?<comm>.*?)\\s+"
              + "(?:Not tainted|Tainted: (?<taint>.*?))\\s+(?<release>\\d+\\.\\d+[^\\s#]*)");

  /** kernel/sched/core.c __schedule_bug(): comm may itself contain '/'. */
  private static final Pattern ATOMIC =
      Pattern.compile("scheduling while atomic: (?<comm>.+)/(?<pid>\\d+)/0x(?<pc>[0-9a-fA-F]+)");

  /** __might_sleep(): "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: swapper". */
  private static final Pattern MIGHT_SLEEP =
      Pattern.compile(
          "in_atomic\\(\\): \\d+, irqs_disabled\\(\\): \\d+.*?pid: (?<pid>\\d+), name: (?<comm>\\S+)");

  /** Newer __might_resched() and other reports: "preempt_count: 1, expected: 0". */
  private static final Pattern PREEMPT_COUNT =
      Pattern.compile("preempt_count(?::|=)\\s*(?:0x)?(?<pc>[0-9a-fA-F]+)\\b");

  /** kernel/hung_task.c: "INFO: task syz-executor0:5676 blocked". */
  private static final Pattern HUNG_TASK = Pattern.compile("^INFO: task (?<comm>.+):(?<pid>\\d+) ");

  private static final Pattern MODULE_CONTINUATION =
      Pattern.compile(
          "^(?:[\\w\\-]+(?:\\([A-Z+\\-]+\\))?|\\[last unloaded: [^\\]]*\\])"
              + "(?:\\s+(?:[\\w\\-]+(?:\\([A-Z+\\-]+\\))?|\\[last unloaded: [^\\]]*\\]))*\\s*$");
  private static final Pattern HEX_WORD = Pattern.compile("(?:^|\\s)[0-9a-f]{8,16}(?:\\s|$)");
  private static final Pattern LINUX_VERSION = Pattern.compile("^Linux version (\\S+)");

  /** First bytes of the lines this extractor reads; others are not decoded. */
  private static final String FACT_FIRST_BYTES = "CMHipREKNPLT[";

  /** kernel/hung_task.c prints the taint and release on their own line. */
  private static final Pattern TAINT_LINE =
      Pattern.compile(
          "^(?:Not tainted|Tainted: (?<taint>.*?))\\s+(?<release>\\d+\\.\\d+[^\\s#]*)\\s+#");

  /** The first facts printed in the report span (its own lines only). */
  static Facts extract(LogLines lines, ReportLocator.Span span, int linuxVersionLine) {
    Facts f = new Facts();
    String header = lines.text(span.start()).substring(span.hit().offset());
    applyHeader(f, header);
    // Facts are printed right after the header (dump_stack's preamble): no need to look further.
    int limit = Math.min(span.end(), span.start() + 150);
    for (int i = span.start() + 1; i < limit; i++) {
      if (!ReportLocator.sameCaller(span.caller(), lines.caller(i)) || lines.blank(i)) {
        continue;
      }
      byte first = lines.data()[lines.start(i)];
      // Only a few line shapes carry facts; test the first byte before decoding.
      if (FACT_FIRST_BYTES.indexOf(first) < 0) {
        continue;
      }
      String t = lines.text(i);
      if (f.release == null && t.startsWith("CPU: ")) {
        Matcher m = CPU_LINE.matcher(t);
        if (m.lookingAt()) {
          f.cpu = parseInt(m.group("cpu"));
          f.release = m.group("release");
          f.rawTaint = m.group("taint") == null ? "" : m.group("taint").trim();
          // The header's comm/pid (when it printed them) name the culprit task; keep those.
          if (f.comm == null || f.pid == null) {
            f.comm = m.group("comm");
            f.pid = parseInt(m.group("pid"));
          }
        }
      } else if (f.release == null && (t.startsWith("Not tainted") || t.startsWith("Tainted: "))) {
        Matcher m = TAINT_LINE.matcher(t);
        if (m.lookingAt()) {
          f.release = m.group("release");
          f.rawTaint = m.group("taint") == null ? "" : m.group("taint").trim();
        }
      } else if (f.modulesText == null && t.startsWith("Modules linked in:")) {
        StringBuilder sb = new StringBuilder(t.substring("Modules linked in:".length()));
        // The list wraps onto following lines that hold only module names.
        for (int j = i + 1; j < limit && j < i + 20; j++) {
          if (!ReportLocator.sameCaller(span.caller(), lines.caller(j))) {
            continue;
          }
          String next = lines.text(j);
          if (next.isEmpty()
              || !MODULE_CONTINUATION.matcher(next).matches()
              || HEX_WORD.matcher(next).find()) {
            break;
          }
          sb.append(' ').append(next);
          i = j;
        }
        f.modulesText = sb.toString().trim();
      } else if (f.hardware == null && t.startsWith("Hardware name: ")) {
        f.hardware = t.substring("Hardware name: ".length()).trim();
      } else if (f.preemptCount == null && (first == 'i' || first == 'p')) {
        Matcher m = MIGHT_SLEEP.matcher(t);
        if (m.find() && f.comm == null) {
          f.comm = m.group("comm");
          f.pid = parseInt(m.group("pid"));
        }
        Matcher pc = PREEMPT_COUNT.matcher(t);
        if (pc.find()) {
          f.preemptCount = parseHex(pc.group("pc"));
        }
      }
      if (f.arch == null) {
        f.arch = archHint(t);
      }
    }
    if (f.release == null && linuxVersionLine >= 0) {
      Matcher m = LINUX_VERSION.matcher(lines.text(linuxVersionLine));
      if (m.lookingAt()) {
        f.release = m.group(1);
      }
    }
    return f;
  }

  private static void applyHeader(Facts f, String header) {
    // Each pattern needs its literal; most headers have neither and skip the regexes.
    Matcher m = header.contains("scheduling while atomic: ") ? ATOMIC.matcher(header) : null;
    if (m != null && m.find()) {
      f.comm = m.group("comm");
      f.pid = parseInt(m.group("pid"));
      f.preemptCount = parseHex(m.group("pc"));
      return;
    }
    Matcher h = header.startsWith("INFO: task ") ? HUNG_TASK.matcher(header) : null;
    if (h != null && h.lookingAt()) {
      f.comm = h.group("comm");
      f.pid = parseInt(h.group("pid"));
    }
  }

  /** The arch a register dump or trace line implies, for releases that do not name it. */
  static String archHint(String t) {
    if (t.startsWith("RIP: ") || t.startsWith("RSP: ") || t.startsWith("RAX: ")) {
      return "x86_64";
    }
    if (t.startsWith("EIP: ")) {
      return "i386";
    }
    if (t.startsWith("pc : [<") || t.startsWith("PC is at ") || t.startsWith("LR is at ")) {
      // arm32 prints "pc : [<c0123456>]    lr : [<...>]" and "PC is at".
      return "arm";
    }
    if (t.startsWith("[<ffffffff8") || t.startsWith("[<ffffffffa") || t.startsWith("[<ffffffffc")) {
      // x86-64 kernel text and modules live at ffffffff8.../ffffffffa.../ffffffffc...
      return "x86_64";
    }
    if (t.startsWith("pc : ") || t.startsWith("lr : ") || t.startsWith("Call trace:")) {
      return "aarch64";
    }
    if (t.startsWith("NIP ") || t.startsWith("NIP:")) {
      return "ppc64le";
    }
    if (t.startsWith("Krnl PSW")) {
      return "s390x";
    }
    if (t.startsWith("epc : ")) {
      return "riscv64";
    }
    return null;
  }

  private static Integer parseInt(String s) {
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long parseHex(String s) {
    try {
      return Long.parseUnsignedLong(s, 16);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
