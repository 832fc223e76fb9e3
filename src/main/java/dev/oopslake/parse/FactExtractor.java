package dev.oopslake.parse;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
    String faultAddress;
    String faultAccess;
  }

  /**
   * Where a report says the bad address is: the x86 fault header ("for address:", "paging request
   * at", "dereference at", "non-canonical address"), arm/arm64/riscv "at virtual address", powerpc
   * "for data at address", the "CR2:" line, and list debugging's "but was" / "(LIST_POISON1
   * (dead000000000100)".
   */
  private static final Pattern FAULT_ADDRESS =
      Pattern.compile(
          "(?:for address:?|paging request at|dereference at|dereference, address:|non-canonical"
              + " address|at virtual address|for data at address|but was|POISON\\d \\(|^CR2:)"
              + "\\s*(?:0x)?(?<addr>[0-9a-f]{8,16})\\b");

  /**
   * How the faulting access is described, raw: x86's "#PF: supervisor instruction fetch in kernel
   * mode" (5.1+), the NX and SMEP hints, arm64's "EC = 0x21: IABT (current EL)" and "WnR = 1", and
   * x86's bare page-fault error code "Oops: 0010 [#1]" before 5.1.
   */
  private static final Pattern FAULT_ACCESS =
      Pattern.compile(
          "^(?:#PF: (?:supervisor|user) (?<pf>instruction fetch|write access|read access)"
              + "|(?<nx>kernel tried to execute NX-protected page|unable to execute userspace code)"
              + "|EC = 0x[0-9a-f]+: (?<ec>IABT|DABT)"
              + "|(?:CM = \\d+, )?(?<wnr>WnR = [01])"
              + "|Oops: (?<code>[0-9a-f]{4}) \\[#)");

  /** Lines after the header read for the fault's address and access: its own block. */
  private static final int FAULT_LINES = 12;

  private static void fault(LogLines lines, ReportLocator.Span span, String header, Facts f) {
    Matcher m = FAULT_ADDRESS.matcher(header);
    if (m.find()) {
      f.faultAddress = m.group("addr");
    }
    if (span.start() > 0) {
      // x86 prints its NX/SMEP hint on the line before the fault header.
      m = FAULT_ACCESS.matcher(lines.text(span.start() - 1));
      if (m.lookingAt() && m.group("nx") != null) {
        f.faultAccess = "instruction fetch";
        return;
      }
    }
    boolean pageFault =
        span.hit().crashClass().type().equals("MEMORY_SAFETY_BUG")
            || span.hit().crashClass().id().equals("null-pointer-dereference");
    int seen = 0;
    for (int i = span.start() + 1; i < span.end() && seen < FAULT_LINES; i++) {
      if (!ReportLocator.sameCaller(span.caller(), lines.caller(i)) || lines.blank(i)) {
        continue;
      }
      seen++;
      String t = lines.text(i);
      if (f.faultAddress == null) {
        m = FAULT_ADDRESS.matcher(t);
        if (m.find()) {
          f.faultAddress = m.group("addr");
        }
      }
      m = FAULT_ACCESS.matcher(t.stripLeading());
      if (!m.lookingAt()) {
        continue;
      }
      if (m.group("pf") != null || m.group("nx") != null) {
        // The kernel's own words: nothing below overrides them.
        f.faultAccess = m.group("pf") != null ? m.group("pf") : "instruction fetch";
        return;
      }
      if (m.group("ec") != null) {
        f.faultAccess = m.group("ec");
      } else if (m.group("wnr") != null && !"IABT".equals(f.faultAccess)) {
        f.faultAccess = m.group("wnr");
      } else if (m.group("code") != null && pageFault && f.faultAccess == null) {
        f.faultAccess = "error code 0x" + m.group("code");
      }
    }
  }

  /**
   * lib/dump_stack.c: "CPU: 0 PID: 14829 Comm: rmmod Tainted: G OE T 3.10.0-... #1". A kernel with
   * a crash kernel loaded (every kernel that writes a vmcore-dmesg.txt: upstream since 4.x's
   * kexec_crash_loaded(), RHEL 7 on) prints "Kdump: loaded " between the task's name and the taint.
   */
  private static final Pattern CPU_LINE =
      Pattern.compile(
          "^CPU: (?<cpu>\\d+):? (?:UID: \\d+ )?PID: (?<pid>\\d+) Comm: (?<comm>.*?)\\s+"
              + "(?:Kdump: loaded\\s+)?"
              + "(?:Not tainted|Tainted: (?<taint>.*?))\\s+(?<release>\\d+\\.\\d+[^\\s#]*)");

  /**
   * x86 before 3.10 (arch/x86/kernel/dumpstack.c show_regs_common() and its 2.6 forebears in
   * process_64.c __show_regs()): "Pid: %d, comm: %.20s %s %s %.*s" with the taint, the release, the
   * build and, from 2.6.3x, the DMI board ("Pid: 2211, comm: kworker/u16:3 Not tainted
   * 2.6.32-754.el6.x86_64 #1 Dell Inc. PowerEdge R720/0X3D66"): the CPU line of RHEL 5 and 6.
   */
  private static final Pattern PID_LINE =
      Pattern.compile(
          "^Pid: (?<pid>\\d+), comm: (?<comm>.*?)\\s+(?:Kdump: loaded\\s+)?"
              + "(?:Not tainted|Tainted: (?<taint>.*?))\\s+(?<release>\\d+\\.\\d+[^\\s#]*)"
              + "(?:\\s+#\\S+(?:\\s+(?<hardware>\\S.*?))?)?\\s*$");

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

  /**
   * kernel/rcu's stall dump "Task dump for CPU 3:" is followed by sched_show_task()'s line for the
   * task on that CPU, the only place a 3.10-4.x stall names it: "%-15.15s %c" then " running task"
   * or the saved pc, then free stack, pid, ppid and flags ("kworker/3:1 R running task 0 145 2
   * 0x00000008"); from 5.8 "task:%-15.15s state:%c ... pid:%d".
   */
  private static final Pattern TASK_DUMP = Pattern.compile("^Task dump for CPU (?<cpu>\\d+):");

  private static final Pattern SHOW_TASK =
      Pattern.compile(
          "^(?:task:(?<comm>.+?)\\s+state:\\S.*?\\bpid:\\s*(?<pid>\\d+)"
              + "|(?<oldcomm>.{1,15}?)\\s+[A-Za-z?]\\s+(?:running task|[0-9a-f]{8,16})\\s+\\d+"
              + "\\s+(?<oldpid>\\d+)\\s+\\d+\\s+0x[0-9a-f]+)");

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
    fault(lines, span, header, f);
    // Facts are printed right after the header (dump_stack's preamble): no need to look further.
    int limit = Math.min(span.end(), span.start() + 150);
    for (int i = span.start() + 1; i < limit; i++) {
      if (!ReportLocator.sameCaller(span.caller(), lines.caller(i)) || lines.blank(i)) {
        continue;
      }
      byte first = lines.data()[lines.start(i)];
      // Only a few line shapes carry facts; test the first byte before decoding.
      if (FACT_FIRST_BYTES.indexOf(first) < 0 || !mayCarryFact(lines, i, first, f)) {
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
      } else if (f.release == null && t.startsWith("Pid: ")) {
        Matcher m = PID_LINE.matcher(t);
        if (m.matches()) {
          f.release = m.group("release");
          f.rawTaint = m.group("taint") == null ? "" : m.group("taint").trim();
          if (f.hardware == null && m.group("hardware") != null) {
            f.hardware = m.group("hardware");
          }
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
      } else if (f.comm == null && t.startsWith("Task dump for CPU ")) {
        taskDump(lines, span, i, limit, t, f);
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

  /** The task of an RCU stall's "Task dump for CPU n:", from the next line of the same caller. */
  private static void taskDump(
      LogLines lines, ReportLocator.Span span, int i, int limit, String t, Facts f) {
    Matcher cpu = TASK_DUMP.matcher(t);
    if (!cpu.lookingAt()) {
      return;
    }
    for (int j = i + 1; j < limit && j < i + 4; j++) {
      if (!ReportLocator.sameCaller(span.caller(), lines.caller(j)) || lines.blank(j)) {
        continue;
      }
      Matcher m = SHOW_TASK.matcher(lines.text(j));
      if (m.lookingAt()) {
        boolean modern = m.group("comm") != null;
        f.comm = modern ? m.group("comm") : m.group("oldcomm").strip();
        f.pid = parseInt(modern ? m.group("pid") : m.group("oldpid"));
        if (f.cpu == null) {
          f.cpu = parseInt(cpu.group("cpu"));
        }
      }
      return;
    }
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

  /**
   * Line starts that imply an arch, for releases that do not name it; the first that fits wins, so
   * the longer of two overlapping prefixes comes first.
   */
  private static final List<String[]> ARCH_HINTS =
      List.of(
          // x86-64 register dump.
          new String[] {"RIP: ", "x86_64"},
          new String[] {"RSP: ", "x86_64"},
          new String[] {"RAX: ", "x86_64"},
          new String[] {"EIP: ", "i386"},
          // arm32 prints "pc : [<c0123456>]    lr : [<...>]" and "PC is at".
          new String[] {"pc : [<", "arm"},
          new String[] {"PC is at ", "arm"},
          new String[] {"LR is at ", "arm"},
          // x86-64 kernel text and modules live at ffffffff8.../ffffffffa.../ffffffffc...
          new String[] {"[<ffffffff8", "x86_64"},
          new String[] {"[<ffffffffa", "x86_64"},
          new String[] {"[<ffffffffc", "x86_64"},
          new String[] {"pc : ", "aarch64"},
          new String[] {"lr : ", "aarch64"},
          new String[] {"Call trace:", "aarch64"},
          new String[] {"NIP ", "ppc64le"},
          new String[] {"NIP:", "ppc64le"},
          new String[] {"Krnl PSW", "s390x"},
          new String[] {"epc : ", "riscv64"});

  private static final byte[][] ARCH_HINT_BYTES =
      ARCH_HINTS.stream().map(h -> h[0].getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

  /** The arch a register dump or trace line implies, for releases that do not name it. */
  static String archHint(String t) {
    for (String[] h : ARCH_HINTS) {
      if (t.startsWith(h[0])) {
        return h[1];
      }
    }
    return null;
  }

  private static final byte[] CPU = "CPU: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TASK_DUMP_BYTES =
      "Task dump for CPU ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PID = "Pid: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOT_TAINTED = "Not tainted".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAINTED = "Tainted: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MODULES = "Modules linked in:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HARDWARE = "Hardware name: ".getBytes(StandardCharsets.US_ASCII);

  /**
   * Whether line {@code i} (first byte {@code first}) may add a fact {@code f} still lacks: the
   * tests of {@link #extract}'s loop on the line's bytes, so that other lines are not decoded.
   */
  private static boolean mayCarryFact(LogLines lines, int i, byte first, Facts f) {
    if (f.release == null
        && (lines.textStartsWith(i, CPU)
            || lines.textStartsWith(i, PID)
            || lines.textStartsWith(i, NOT_TAINTED)
            || lines.textStartsWith(i, TAINTED))) {
      return true;
    }
    if (f.comm == null && lines.textStartsWith(i, TASK_DUMP_BYTES)) {
      return true;
    }
    if (f.modulesText == null && lines.textStartsWith(i, MODULES)) {
      return true;
    }
    if (f.hardware == null && lines.textStartsWith(i, HARDWARE)) {
      return true;
    }
    if (f.preemptCount == null && (first == 'i' || first == 'p')) {
      return true;
    }
    if (f.arch == null) {
      for (byte[] h : ARCH_HINT_BYTES) {
        if (h[0] == first && lines.textStartsWith(i, h)) {
          return true;
        }
      }
    }
    return false;
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
