package dev.oopslake.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step 2 of parsing: the frames of one report's own stack, and the guilty frame chosen from them by
 * the skip lists.
 */
final class StackExtractor {
  private StackExtractor() {}

  /**
   * Lines that end the report's own stack: what follows belongs to another stack (allocation and
   * free stacks of KASAN, other CPUs, lock listings) or to the next message.
   */
  private static final List<String> STOP_LINES =
      List.of(
          // mm/kasan: allocation/free stacks and the shadow dump.
          "Allocated by task",
          "Freed by task",
          "The buggy address",
          "Memory state around",
          "Last potentially related work creation",
          "Second to last potentially related",
          // mm/kmsan: origin stacks.
          "Uninit was (?:created|stored)",
          "Local variable",
          "Bytes \\d+-\\d+ of \\d+ are uninitialized",
          // kernel/hung_task.c and lockdep listings.
          "Showing all locks held",
          "Showing busy workqueues",
          // other CPUs and the end of an oops.
          "NMI backtrace for cpu",
          "Sending NMI from CPU",
          "---\\[ end trace",
          "Kernel Offset:",
          "Rebooting in",
          // kfence object description.
          "kfence-#\\d+",
          "allocated by task",
          "freed by task");

  private static final Pattern STOP = Pattern.compile("^(?:" + String.join("|", STOP_LINES) + ")");

  /**
   * The literal start of each stop line (up to its first regex construct): others need no regex.
   */
  private static final List<String> STOP_LITERALS =
      STOP_LINES.stream().map(StackExtractor::literalStart).toList();

  private static String literalStart(String regex) {
    int k = 0;
    while (k < regex.length() && "\\[](){}.*+?^$|".indexOf(regex.charAt(k)) < 0) {
      k++;
    }
    return regex.substring(0, k);
  }

  private static boolean isFrameNote(String line) {
    for (String note : FRAME_NOTES) {
      if (line.startsWith(note)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isStop(String line) {
    for (String lit : STOP_LITERALS) {
      if (line.startsWith(lit)) {
        return STOP.matcher(line).lookingAt();
      }
    }
    return false;
  }

  /**
   * Headers of other dumps that print onto the console in the middle of a stack: fault injection
   * (lib/fault-inject.c fail_dump) and the allocation-failure report (mm/page_alloc.c warn_alloc).
   */
  private static final Pattern INTERLEAVED =
      Pattern.compile("^(?:FAULT_INJECTION: forcing a failure|\\S+: page allocation failure: )");

  /** The literals {@link #INTERLEAVED} requires: most lines have neither and skip the regex. */
  private static boolean mayBeInterleavedHeader(String line) {
    return line.startsWith("FAULT_INJECTION") || line.contains(": page allocation failure: ");
  }

  /** Section of frames printed after an interleaved dump began: their owner is unknown. */
  static final String INTERLEAVED_SECTION = "interleaved";

  private static final SkipLists.Compiled PLUMBING = SkipLists.compile(SkipLists.PLUMBING);
  private static final SkipLists.Compiled STALL_ANCHOR = SkipLists.compile(SkipLists.STALL_ANCHORS);
  private static final SkipLists.Compiled STALL_IRQ_ENTRY =
      SkipLists.compile(SkipLists.STALL_IRQ_ENTRY);
  private static final Map<List<String>, SkipLists.Compiled> CLASS_SKIP = new HashMap<>();

  /**
   * Non-frame lines tolerated inside a stack: a register dump between "RIP:" and "Call Trace:", a
   * lock listing, a hex dump.
   */
  private static final int MAX_GAP = 40;

  /**
   * Lines read per report: a stack overflow's trace is a recursion cycle hundreds of frames long.
   */
  private static final int MAX_LINES = 1500;

  /** mm/kmemleak.c's pr_fmt, before each line of a leak report printed to the console. */
  private static final String KMEMLEAK = "kmemleak: ";

  /** Frames in [start, end) belonging to the report, in print order. */
  static List<Frame> frames(LogLines lines, ReportLocator.Span span, CrashClass c) {
    List<Frame> out = frames(lines, span, c, c.start() == null);
    if (out.isEmpty() && c.start() != null) {
      // Older kernels print the stack without the marker line.
      out = frames(lines, span, c, true);
    }
    return out;
  }

  private static List<Frame> frames(
      LogLines lines, ReportLocator.Span span, CrashClass c, boolean startNow) {
    List<Frame> out = new ArrayList<>();
    String section = "task";
    boolean started = startNow;
    int seen = 0;
    int sinceFrame = 0;
    int addressedUnreliable = 0;
    boolean skipNextFrame = false;
    boolean interleaved = false;
    String lastLine = null;
    int inlinedFrom = -1;
    for (int i = span.start() + 1; i < span.end() && seen < MAX_LINES; i++) {
      if (!ReportLocator.sameCaller(span.caller(), lines.caller(i)) || lines.blank(i)) {
        continue;
      }
      seen++;
      if (started && !mayMatter(lines, i)) {
        if (!out.isEmpty() && ++sinceFrame > MAX_GAP) {
          break;
        }
        continue;
      }
      String t = lines.text(i);
      if (t.startsWith(KMEMLEAK)) {
        // kmemleak prints every line of its report through pr_warn with its pr_fmt prefix.
        t = t.substring(KMEMLEAK.length()).stripLeading();
      }
      if (!started) {
        started = c.start().matcher(t).lookingAt();
        continue;
      }
      if (!out.isEmpty()
          && isStop(t)
          && !(c.guilty().stackGoesOnThroughNmiBacktraces()
              && (t.startsWith("NMI backtrace") || t.startsWith("Sending NMI")))) {
        break;
      }
      if (!out.isEmpty() && mayBeInterleavedHeader(t) && INTERLEAVED.matcher(t).lookingAt()) {
        // Another dump's header inside this stack: the frames that follow may be either's.
        interleaved = true;
        continue;
      }
      String marker = FrameFormats.sectionMarker(t, section);
      if (marker != null) {
        section = marker;
        continue;
      }
      int inline = FrameFormats.frameAfterMarker(t);
      if (inline > 0) {
        section = FrameFormats.sectionMarker(t.substring(0, inline).trim(), section);
        t = t.substring(inline);
      }
      if (isFrameNote(t)) {
        // The frame printed with it (same or next line) says where preemption was disabled or
        // which work ran, not who called whom.
        skipNextFrame = t.endsWith(":");
        continue;
      }
      if (t.stripTrailing().endsWith(", at:")) {
        // A held-lock listing split over lines ("#0: (&vcpu->mutex){+.+.}, at:" then the frame):
        // the frame is where the lock was taken, not part of the stack.
        skipNextFrame = true;
        continue;
      }
      Frame f = FrameFormats.parse(t, section);
      if (f != null && skipNextFrame) {
        skipNextFrame = false;
        continue;
      }
      if (f != null && !out.isEmpty() && sameFrame(out.get(out.size() - 1), f)) {
        // "pc : f+0x2c" then "Call trace: f+0x2c": frame 0 printed twice.
        sinceFrame = 0;
      } else if (f != null) {
        if (interleaved) {
          f =
              new Frame(
                  f.function(),
                  f.offset(),
                  f.module(),
                  f.reliable(),
                  INTERLEAVED_SECTION,
                  f.symbol());
        }
        if (!t.endsWith("[inline]")) {
          // A symbolizer prints the functions inlined into a module's function on lines of their
          // own, without the module: they are that module's code.
          for (int k = inlinedFrom; k >= 0 && k < out.size() && !f.module().isEmpty(); k++) {
            Frame g = out.get(k);
            out.set(
                k,
                new Frame(
                    g.function(), g.offset(), f.module(), g.reliable(), g.section(), g.symbol()));
          }
          inlinedFrom = -1;
        } else if (inlinedFrom < 0) {
          inlinedFrom = out.size();
        }
        out.add(f);
        addressedUnreliable += !f.reliable() && t.contains("[<") ? 1 : 0;
        sinceFrame = 0;
        lastLine = t;
      } else if (!out.isEmpty() && ++sinceFrame > MAX_GAP) {
        // The stack ended long ago; the rest is other output.
        break;
      }
    }
    if (lastLine != null && !interleaved) {
      // arm32 prints each frame with its caller ("(f) from [<pc>] (caller+0x54/0xa0)"): when the
      // trace is cut, the caller named on the last line is still a frame of the stack.
      Matcher m = ARM32_FROM.matcher(lastLine);
      if (m.find()) {
        Frame last = out.get(out.size() - 1);
        out.add(
            new Frame(
                FrameFormats.normalize(m.group(1)),
                m.group(2),
                "",
                true,
                last.section(),
                m.group(1)));
      }
    }
    return out.isEmpty() || addressedUnreliable < out.size() ? out : allReliable(out);
  }

  /**
   * A stack whose every frame is marked {@code ?} in the "[<address>] ? f+0x1/0x2" form of x86
   * kernels before 4.x: their unwinder scanned the stack and, in kernels built without frame
   * pointers (RHEL 5 and 6 among them), marked every address it found so; the mark tells no frame
   * from another, and an expert reads the stack as printed. Newer kernels (ORC, frame pointers)
   * print "? f" only for leftovers beside a reliable chain: a stack of nothing else is lost.
   */
  private static List<Frame> allReliable(List<Frame> frames) {
    List<Frame> out = new ArrayList<>(frames.size());
    for (Frame f : frames) {
      out.add(new Frame(f.function(), f.offset(), f.module(), true, f.section(), f.symbol()));
    }
    return out;
  }

  /** The caller side of an arm32 frame line, as the last thing on the line. */
  private static final Pattern ARM32_FROM =
      Pattern.compile(
          "\\sfrom\\s+(?:\\[<[0-9a-f]+>\\]\\s+\\()?([A-Za-z_.$][\\w.$]*)\\+(0x[0-9a-f]+/0x[0-9a-f]+)\\)?\\s*$");

  private static boolean sameFrame(Frame a, Frame b) {
    return a.function().equals(b.function())
        && a.offset().equals(b.offset())
        && a.module().equals(b.module())
        && a.reliable() == b.reliable();
  }

  /** Lines inside a stack that are no frame but change how the next frame is read. */
  private static final List<String> FRAME_NOTES =
      List.of("Preemption disabled at:", "last function:");

  /**
   * First letters of the stop lines and the frame notes above, derived from them so a new stop line
   * is never filtered out before its test.
   */
  private static final boolean[] STOP_FIRST = new boolean[256];

  static {
    for (String lit : STOP_LITERALS) {
      STOP_FIRST[lit.charAt(0)] = true;
    }
    for (String note : FRAME_NOTES) {
      STOP_FIRST[note.charAt(0)] = true;
    }
  }

  /**
   * Byte-level gate before decoding a line: frames contain '+' (offsets), " from " lines and inline
   * frames contain ' ', markers start with '<', stop lines with a known letter.
   */
  private static boolean mayMatter(LogLines lines, int i) {
    byte[] d = lines.data();
    byte first = d[lines.start(i)];
    // Markers "<IRQ>", address frames "[<...>]" / "[c000...]", s390 "([<", crash(8) "#3 [".
    // A held-lock line split before its ", at:".
    if (first == '<' || first == '[' || first == '(' || first == '#' || first == ',') {
      return true;
    }
    if (STOP_FIRST[first & 0xff]) {
      return true;
    }
    // Symbolized frames carry an offset; inline frames end with "[inline]"; decode_stacktrace.sh
    // frames have their source positions in parentheses.
    return lines.contains(i, (byte) '+')
        || d[lines.end(i) - 1] == ']'
        || lines.contains(i, (byte) ')');
  }

  /** The "at:" functions lockdep prints for the locks involved, in print order. */
  private static final Pattern LOCKDEP_AT =
      Pattern.compile(
          "at: (?:\\[<[0-9a-f]+>\\]\\s+)?(?:\\[<[0-9a-f]+>\\]\\s+)?([A-Za-z_.$][\\w.$]*)(?:\\+0x| \\()");

  private static SkipLists.Compiled skipFor(CrashClass c) {
    if (c.skip().isEmpty()) {
      return null;
    }
    synchronized (CLASS_SKIP) {
      return CLASS_SKIP.computeIfAbsent(c.skip(), SkipLists::compile);
    }
  }

  static boolean isPlumbing(String function, CrashClass c) {
    if (PLUMBING.matchesStart(function)) {
      return true;
    }
    SkipLists.Compiled extra = skipFor(c);
    return extra != null && extra.matchesStart(function);
  }

  /** The chosen culprit: function (syzbot naming) and its module, if any. */
  record Guilt(String function, String module) {}

  /** The guilty frame of a stack, or null when none qualifies. */
  static Guilt guilty(List<Frame> frames, CrashClass c) {
    if (foreignAllocFailureStack(frames, c)) {
      return null;
    }
    Guilt g = guiltyOf(frames, c);
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).section().equals(INTERLEAVED_SECTION)) {
        // Two stacks mixed line by line: a culprit found only past the point where the other dump
        // began cannot be told to be the crash's own.
        return g != null && g.equals(guiltyOf(frames.subList(0, i), c)) ? g : null;
      }
    }
    return g;
  }

  /**
   * Whether the stack printed after the header is a page-allocation-failure dump (mm/page_alloc.c
   * warn_alloc) that landed there, not the report's own: its frames name the failed allocation.
   * Classes that are themselves allocation warnings list warn_alloc in their skip list.
   */
  private static boolean foreignAllocFailureStack(List<Frame> frames, CrashClass c) {
    SkipLists.Compiled own = skipFor(c);
    for (int i = 0; i < frames.size() && i < 4; i++) {
      Frame f = frames.get(i);
      String fn = f.function();
      if (f.reliable() && (fn.equals("warn_alloc") || fn.equals("warn_alloc_failed"))) {
        return own == null || !own.matchesStart(fn);
      }
    }
    return false;
  }

  private static Guilt guiltyOf(List<Frame> frames, CrashClass c) {
    return c.guilty().fromStack(frames, c);
  }

  static Guilt firstNonPlumbing(List<Frame> frames, int from, CrashClass c) {
    for (int i = from; i < frames.size(); i++) {
      Frame f = frames.get(i);
      if (f.reliable() && !isPlumbing(f.function(), c)) {
        return of(f);
      }
    }
    return null;
  }

  private static Guilt of(Frame f) {
    return new Guilt(syzbotName(f.function()), f.module().isEmpty() ? null : f.module());
  }

  /** Syscall entry points have per-arch and per-version wrappers; name them {@code sys_X}. */
  private static final Pattern SYSCALL_WRAPPER =
      Pattern.compile(
          "^(?:__x64_|__ia32_|__arm64_|__s390x_|__riscv_|__se_|__do_|__ia32_compat_|__do_compat_)?"
              + "(?:sys|SyS|compat_sys)_(\\w+)$|^__sys_(\\w+)$");

  /**
   * The syscall body ({@code SyS_x}/{@code sys_x} on old kernels, {@code __se_sys_x}/{@code
   * __do_sys_x} since 4.17): syzbot names it by the call alone; the per-arch entry stubs ({@code
   * __x64_sys_x}) become {@code sys_x}.
   */
  private static final Pattern OLD_SYSCALL =
      Pattern.compile("^(?:SyS|sys|__se_sys|__do_sys)_(\\w+)$");

  /**
   * Functions that are one thing under several names: the RCU grace-period waits are all "waiting
   * for RCU" whatever flavour the kernel picked.
   */
  private static final Pattern RCU_WAIT =
      Pattern.compile("^_{0,2}synchronize_(?:rcu|sched|srcu|rcu_bh)(?:_expedited)?$");

  private static boolean isSyscall(String function) {
    return OLD_SYSCALL.matcher(function).matches() || SYSCALL_WRAPPER.matcher(function).matches();
  }

  static String syzbotName(String function) {
    if (!function.contains("sys_")
        && !function.contains("SyS_")
        && !function.contains("synchronize_")) {
      // None of the renaming patterns below can match (each needs one of these).
      return function;
    }
    if (RCU_WAIT.matcher(function).matches()) {
      return "synchronize_rcu";
    }
    Matcher old = OLD_SYSCALL.matcher(function);
    if (old.matches()) {
      return old.group(1);
    }
    Matcher m = SYSCALL_WRAPPER.matcher(function);
    if (!m.matches()) {
      return function;
    }
    return "sys_" + (m.group(1) != null ? m.group(1) : m.group(2));
  }

  /**
   * Stalls: skip the detector's own frames up to the interrupt entry, then take the frame just
   * before the first generic dispatcher; when there is none, the first non-plumbing frame.
   */
  static Guilt stallFrame(List<Frame> frames, CrashClass c) {
    return stallFrame(frames, c, false);
  }

  /**
   * {@link #stallFrame}; {@code stalledCpusOwn} when the frames are the stalled CPU's own stack
   * (see {@link #stalledCpuFrames}), which need no detector's interrupt to be the stalled code.
   */
  static Guilt stallFrame(List<Frame> frames, CrashClass c, boolean stalledCpusOwn) {
    int from = 0;
    // The soft-lockup watchdog prints the interrupted context itself, with no detector frames:
    // an irq entry in it is part of the looping code's path (softirqs on irq exit).
    // A stack overflow's trace likewise starts at the overflowing frame.
    boolean overflow = c.id().equals("stack-guard-page");
    boolean detectorFrames = !c.id().equals("soft-lockup") && !overflow;
    for (int i = 0; detectorFrames && i < frames.size(); i++) {
      if (!frames.get(i).reliable()) {
        // A stale "? apic_timer_interrupt" left on the stack is no entry: taking it for one
        // made the detector's own tick frames the culprit, and the title changed with stack noise.
        continue;
      }
      String fn = frames.get(i).function();
      if (STALL_IRQ_ENTRY.matchesStart(fn)) {
        from = i + 1;
      } else if (from > 0 || (i > 0 && fn.equals("panic"))) {
        // Past the entry, or into the stack of the panic that followed (soft lockups print the
        // interrupted task's stack directly, without detector frames).
        break;
      }
    }
    if (from == 0 && detectorFrames) {
      // "rcu_sched kthread starved": the grace-period kthread's own stack comes first.
      for (int i = 0; i < frames.size(); i++) {
        String fn = frames.get(i).function();
        if (fn.startsWith("rcu_gp_kthread") || fn.startsWith("rcu_gp_fqs_loop")) {
          for (int j = i; j < frames.size(); j++) {
            if (frames.get(j).function().startsWith("ret_from_fork")) {
              from = j + 1;
              break;
            }
          }
          break;
        }
      }
    }
    if (from == 0 && detectorFrames) {
      // No interrupt entry printed: the detector's frames are the leading irq section (the NMI
      // section when the hard-lockup detector, itself an NMI, panics from it).
      while (from < frames.size() && DETECTOR_SECTIONS.contains(frames.get(from).section())) {
        from++;
      }
      if (from == frames.size()) {
        from = 0;
      }
      if (from == 0 && c.id().equals("rcu-stall") && !stalledCpusOwn) {
        // Neither the interrupt that detected the stall nor the starved kthread was printed: the
        // stacks shown are other tasks', the stalled code's own is missing.
        return null;
      }
    }
    int prev = -1;
    int stop = frames.size();
    boolean sawCode = false;
    for (int i = from; i < frames.size(); i++) {
      String fn = frames.get(i).function();
      sawCode |= !NEXT_DUMP.contains(fn) && !isPlumbing(fn, c);
      if (i > from && sawCode && NEXT_DUMP.contains(fn)) {
        // Another stack dump starts (the starved grace-period kthread, another CPU).
        stop = i;
        break;
      }
    }
    for (int i = from; i < stop; i++) {
      Frame f = frames.get(i);
      if (!f.reliable()) {
        continue;
      }
      String fn = f.function();
      if (STALL_ANCHOR.matchesStart(fn)) {
        if (fn.startsWith("smp_call_function") || fn.startsWith("on_each_cpu")) {
          // Waiting for other CPUs to run a function: the wait itself is the identity.
          return new Guilt("smp_call_function", null);
        }
        if (prev >= 0) {
          return of(frames.get(prev));
        }
        continue;
      }
      if (!isPlumbing(fn, c)) {
        prev = i;
      }
    }
    if (prev >= 0 && prev == stop - 1 && isSyscall(frames.get(prev).function())) {
      // The stack ends in the syscall itself (arm32 prints its entry only as the last "from"):
      // its caller is the entry code, an anchor by definition.
      return of(frames.get(prev));
    }
    if (!overflow) {
      return firstNonPlumbing(frames.subList(0, stop), from, c);
    }
    // An overflow trace that never reaches a dispatcher was cut inside the recursion: the frame
    // that entered it is not printed, any other would be a random point of the cycle.
    return null;
  }

  /** "(detected by 5, t=60002 jiffies, ...)": the CPU that noticed another's stall. */
  private static final Pattern DETECTED_BY = Pattern.compile("\\(detected by (\\d{1,5}),");

  /** 3.x: "detected stalls on CPUs/tasks: { 3 7} (detected by 5, ...)". */
  private static final Pattern STALLED_SET =
      Pattern.compile("CPUs/tasks: \\{((?: ?\\d{1,5})+) ?\\}");

  /** 4.x+: one line per stalled CPU, "3-...!: (1 GPs behind) idle=...". */
  private static final Pattern STALLED_LINE =
      Pattern.compile("^(?:rcu: )?\\s*(\\d{1,5})-\\S{3,5}: ");

  /** 4.17+ expedited stalls: "detected expedited stalls on CPUs/tasks: { 0-...D 3-.... }". */
  private static final Pattern EXPEDITED_SET = Pattern.compile("CPUs/tasks: \\{([^}]*)\\}");

  private static final Pattern EXPEDITED_CPU = Pattern.compile("(?:^|\\s)(\\d{1,5})-");

  /** Where another CPU's stack starts in a stall report: the NMI backtrace, or the task dump. */
  private static final Pattern CPU_STACK =
      Pattern.compile("^(?:NMI backtrace for cpu|Task dump for CPU) (\\d{1,5})\\b");

  /** Lines after a stall header read for the stalled CPUs and the detecting one. */
  private static final int STALL_HEAD_LINES = 24;

  /**
   * The stack of the CPU an RCU stall report says stalled, when another CPU detected it ("detected
   * stalls on CPUs/tasks: { 3} (detected by 5, ...)"): 3.x dumps every CPU ("NMI backtrace for cpu
   * 5" too, or "Task dump for CPU 3:" without NMIs), in no set order, so the first stack after the
   * header may be the detector's idle loop. Empty for a self-detected stall or when the stalled
   * CPU's stack is not in the report.
   */
  static List<Frame> stalledCpuFrames(LogLines lines, ReportLocator.Span span, CrashClass c) {
    String header = lines.text(span.start());
    if (header.contains("self-detected")) {
      return List.of();
    }
    java.util.Set<Integer> stalled = new java.util.HashSet<>();
    int detector = -1;
    Matcher set = STALLED_SET.matcher(header);
    if (set.find()) {
      for (String n : set.group(1).trim().split("\\s+")) {
        stalled.add(Integer.parseInt(n));
      }
    }
    boolean expedited = header.contains("expedited");
    if (expedited) {
      // kernel/rcu/tree_exp.h: "{ 0-...D 3-....  P1234 }" lists the stalled CPUs (P: a blocked
      // task) and no detector; the waiter only says who it is when it sends the NMIs.
      Matcher cpus = EXPEDITED_SET.matcher(header);
      if (cpus.find()) {
        for (Matcher cpu = EXPEDITED_CPU.matcher(cpus.group(1)); cpu.find(); ) {
          stalled.add(Integer.parseInt(cpu.group(1)));
        }
      }
    }
    int head = Math.min(span.end(), span.start() + STALL_HEAD_LINES);
    for (int i = span.start(); i < head && detector < 0; i++) {
      String t = lines.text(i);
      Matcher by = DETECTED_BY.matcher(t);
      if (by.find()) {
        detector = Integer.parseInt(by.group(1));
      }
      Matcher cpu = STALLED_LINE.matcher(t);
      if (i > span.start() && cpu.lookingAt()) {
        stalled.add(Integer.parseInt(cpu.group(1)));
      }
    }
    stalled.remove(detector);
    if (stalled.isEmpty() || detector < 0 && !expedited) {
      return List.of();
    }
    for (int i = span.start() + 1; i < span.end(); i++) {
      Matcher m = CPU_STACK.matcher(lines.text(i));
      if (!m.lookingAt() || !stalled.contains(Integer.parseInt(m.group(1)))) {
        continue;
      }
      if (expedited && !m.group().startsWith("NMI")) {
        // Before 6.0 dump_cpu_task() printed the stalled CPU's task with sched_show_task(),
        // whose stack for a task running elsewhere is stale; 6.0 switched it to an NMI
        // backtrace for that reason. Only the NMI backtrace shows what the CPU was doing.
        continue;
      }
      int end = i + 1;
      while (end < span.end() && !CPU_STACK.matcher(lines.text(end)).lookingAt()) {
        end++;
      }
      return frames(lines, new ReportLocator.Span(i, end, lines.caller(i), span.hit()), c);
    }
    return List.of();
  }

  /** Stack sections a stall detector runs in, ahead of the stalled code's frames. */
  private static final java.util.Set<String> DETECTOR_SECTIONS = java.util.Set.of("irq", "nmi");

  /** First frames of a new stack dump inside a stall report. */
  private static final java.util.Set<String> NEXT_DUMP =
      java.util.Set.of(
          "rcu_gp_kthread",
          "rcu_gp_fqs_loop",
          "dump_stack",
          "dump_stack_lvl",
          "show_stack",
          "unwind_backtrace",
          "sched_show_task",
          "_sched_show_task");

  /** Lockdep's "at:" frames in the report, for {@link Guilty#LOCKDEP}. */
  static List<Frame> lockdepAtFrames(LogLines lines, ReportLocator.Span span) {
    List<Frame> out = new ArrayList<>();
    for (int i = span.start() + 1; i < span.end() && i < span.start() + 60; i++) {
      if (!ReportLocator.sameCaller(span.caller(), lines.caller(i))) {
        continue;
      }
      String t = lines.text(i);
      if (t.startsWith("stack backtrace:") || t.startsWith("other info that might help")) {
        break;
      }
      Matcher m = LOCKDEP_AT.matcher(t);
      if (m.find()) {
        // The frame as printed after "at:" carries the module ("f+0x1/0x2 [mod]", "f (x.c:1) mod").
        Frame at = FrameFormats.parse(t.substring(m.start(1)), "task");
        out.add(
            at != null ? at : new Frame(FrameFormats.normalize(m.group(1)), "", "", true, "task"));
      } else if (t.endsWith(" at:") && i + 1 < span.end()) {
        // "is trying to release lock (mrt_lock) at:" with the frame on the next line.
        Frame next = FrameFormats.parse(lines.text(i + 1), "task");
        if (next != null) {
          out.add(next);
        }
      }
    }
    return out;
  }
}
