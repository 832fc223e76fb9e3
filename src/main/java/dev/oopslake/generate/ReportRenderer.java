package dev.oopslake.generate;

import dev.oopslake.generate.EntrySet.EntryPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints one crash report of a template onto a file's console: fills the shape's placeholders,
 * builds the call trace from the template's frames, the build's inlining and clone suffixes, a
 * drawn entry path and random unreliable frames, and prints registers and code as the architecture
 * does.
 */
final class ReportRenderer {
  /** A timestamp prefix of a literal line: {@code [ 2004.917769]} then maybe {@code [ 14]}. */
  private static final Pattern LITERAL_PREFIX = Pattern.compile("^\\[( *)(\\d+)\\.(\\d{6})\\]");

  /** printk's record limit as the module list hits it; RHEL 7 flushed its cont buffer earlier. */
  private static final int WRAP_OLD = 796;

  private static final int WRAP = 992;

  private final GeneratedFile ctx;
  private final SplittableRandom random;
  private final String traceId;
  private final long identity;
  private List<String> recording;
  private List<String> regsLines = List.of();
  private List<String> codeLines = List.of();

  ReportRenderer(GeneratedFile ctx) {
    this.ctx = ctx;
    this.random = ctx.random;
    this.traceId =
        ctx.family.zeroTraceId() ? "0000000000000000" : FrameStyle.hex16(random.nextLong());
    this.identity = random.nextLong();
  }

  /** One frame of a trace, or a context marker ({@code <IRQ>}, {@code </TASK>}, ...). */
  record TraceLine(String name, String module, boolean unreliable, String marker, boolean culprit) {
    TraceLine(String name, String module, boolean unreliable, String marker) {
      this(name, module, unreliable, marker, false);
    }

    static TraceLine marker(String m) {
      return new TraceLine(null, null, false, m);
    }

    boolean isMarker() {
      return marker != null;
    }
  }

  /** What the renderer decided for one report, for the file to continue from. */
  record Rendered(boolean irq, String comm, int pid, int cpu) {}

  // ---------------------------------------------------------------- literal templates

  /** Prints a literal report verbatim; repeats are the same text later in time. */
  void renderLiteral(CrashTemplate t) {
    List<String> lines = t.literal().lines().toList();
    int repeats = between(t.repeat().get(0), t.repeat().get(1));
    long shift = 0;
    List<String> later = t.again() == null ? lines : t.again().lines().toList();
    for (int r = 0; r < repeats; r++) {
      for (String line : r == 0 ? lines : later) {
        ctx.console.raw(shift == 0 ? line : shifted(line, shift));
      }
      // The same bug hits again a few seconds to minutes later, until something gives.
      shift += 2_000_000L + random.nextLong(90_000_000L);
    }
    if (t.tail() != null) {
      for (String line : t.tail().lines().toList()) {
        ctx.console.raw(shift <= 0 ? line : shifted(line, shift));
      }
    }
  }

  /** The micros of the first timestamp of a literal, where the crash happens. */
  static long literalStart(CrashTemplate t) {
    Matcher m = LITERAL_PREFIX.matcher(t.literal());
    if (!m.find()) {
      throw new IllegalArgumentException("literal of " + t.id() + " has no timestamp");
    }
    return Long.parseLong(m.group(2)) * 1_000_000L + Long.parseLong(m.group(3));
  }

  /** The line with its timestamp moved later, keeping the literal's own padding habits. */
  static String shifted(String line, long shift) {
    Matcher m = LITERAL_PREFIX.matcher(line);
    if (!m.find()) {
      return line;
    }
    long micros = Long.parseLong(m.group(2)) * 1_000_000L + Long.parseLong(m.group(3)) + shift;
    String secs = Long.toString(micros / 1_000_000L);
    String frac = Long.toString(micros % 1_000_000L);
    int width = m.group(1).length() + m.group(2).length();
    String pad = m.group(1).isEmpty() ? "" : " ".repeat(Math.max(0, width - secs.length()));
    return "["
        + pad
        + secs
        + "."
        + "0".repeat(6 - frac.length())
        + frac
        + "]"
        + line.substring(m.end());
  }

  // ---------------------------------------------------------------- structured templates

  /** Prints one report of a structured template at the console's current time. */
  Rendered render(CrashTemplate t) {
    Shape shape = ctx.catalog.shapes().get(t.shape());
    // Who hits the bug (task, CPU, entry, parameters) is fixed per file and bug, so a bug printed
    // again in the same file is the same task again; the unwinder's noise still varies.
    SplittableRandom who = new SplittableRandom(identity ^ Stable.hash(t.id()));
    String entryRef = t.entries().get(who.nextInt(t.entries().size()));
    int colon = entryRef.indexOf(':');
    String kind = colon < 0 ? entryRef : entryRef.substring(0, colon);
    String sys = colon < 0 ? "ioctl" : entryRef.substring(colon + 1);
    EntryPath entry = ctx.entrySet.paths().get(kind);

    int cpu = who.nextInt(ctx.cpus);
    String comm;
    int pid;
    if (entry.irq()) {
      comm = "swapper/" + cpu;
      pid = 0;
    } else if (kind.equals("ksoftirqd")) {
      comm = "ksoftirqd/" + cpu;
      pid = 9 + 6 * cpu + (cpu == 0 ? 0 : 1);
    } else if (kind.equals("workqueue") && !t.params().containsKey("comm")) {
      comm =
          who.nextBoolean()
              ? "kworker/" + cpu + ":" + who.nextInt(4)
              : "kworker/u" + (2 * ctx.cpus) + ":" + who.nextInt(8);
      pid = 40 + who.nextInt(60_000);
    } else {
      comm = param(who, t, "comm", "kthreadd");
      pid = kind.equals("kthread") ? 50 + who.nextInt(3000) : 1000 + who.nextInt(4_000_000);
    }
    ctx.console.context(cpu, entry.irq() ? "C" + cpu : "T" + pid);

    List<TraceLine> stack = resolve(t.stack());
    // The frame the report names: where the fault is (RIP/pc) for faults and warnings, else the
    // frame marked '!' in the template (a hung task's own code, not the scheduler it sleeps in).
    TraceLine first = stack.stream().filter(f -> !f.isMarker()).findFirst().orElse(null);
    // A shape that prints registers names the faulting pc, whatever the template calls culprit.
    boolean faultSite = shape.traceFromCaller() || shape.text().contains("{regs}");
    TraceLine top =
        faultSite ? first : stack.stream().filter(TraceLine::culprit).findFirst().orElse(first);
    TraceLine second = frameAfter(stack, top);
    List<TraceLine> trace = assemble(shape, stack, top, entry, sys, true);

    Map<String, String> vars = new HashMap<>();
    for (Map.Entry<String, List<String>> p : t.params().entrySet()) {
      vars.put(p.getKey(), p.getValue().get(who.nextInt(p.getValue().size())));
    }
    vars.put("comm", comm);
    vars.put("comm15", String.format("%-15.15s", comm));
    vars.put("pid", Integer.toString(pid));
    vars.put("cpu_n", Integer.toString(cpu));
    vars.put("ncpu", Integer.toString(ctx.cpus));
    vars.put("release", ctx.build.release());
    vars.put("cputag", ctx.build.cpuTag());
    vars.put("oopsflags", ctx.family.oopsFlags());
    vars.put("sys", ctx.entrySet.sysPrefix() + sys);
    if (top != null) {
      vars.put("top", symbol(top, t.id()));
      vars.put("topfn", top.name());
      vars.put("topaddr", FrameStyle.hex(address(top, t.id())));
      vars.put("second", symbol(second, top.name()));
    }

    boolean irq = entry.irq();
    String wq = null;
    if (kind.equals("workqueue")) {
      TraceLine work = lastFrame(stack);
      wq =
          "Workqueue: "
              + param(t, "wq", "events")
              + " "
              + work.name()
              + (work.module() == null ? "" : " [" + work.module() + "]");
    }
    for (String line : shape.text().split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      String trimmed = line.strip();
      switch (trimmed) {
        case "{trace}" ->
            // The first printed frame is the faulting one (site: the bug) unless the trace
            // starts at its caller (site: the call into the faulting function).
            printTrace(trace, shape.traceFromCaller() && top != null ? top.name() : t.id());
        case "{regs}" -> {
          recording = new ArrayList<>();
          printRegs(vars, top, second, t.id());
          regsLines = recording;
          recording = null;
        }
        case "{code}" -> {
          recording = new ArrayList<>();
          printCode(top, t.id());
          codeLines = recording;
          recording = null;
        }
        case "{summary}" -> {
          // 4.17+ x86 repeats the first register set after the end marker, for the summary.
          say("RIP: 0010:" + vars.get("top"));
          codeLines.forEach(this::say);
          regsLines.forEach(this::say);
        }
        case "{blank}" -> say("");
        case "{tasks}" -> printTasks();
        case "{modules}" -> printModules();
        case "{cpu}" -> say(cpuLine(comm, pid, cpu));
        case "{hw}" -> say("Hardware name: " + ctx.machine.dmi());
        case "{wq}" -> {
          if (wq != null) {
            say(wq);
          }
        }
        case "{stackwords}" -> printStackWords();
        case "{end}" -> say("---[ end trace " + traceId + " ]---");
        case "{panic}" -> {
          // panic_on_oops: the Oops ends in panic(), which skips its own dump after a die().
          ctx.taint.addAll(chars(shape.taintAfter()));
          say("Kernel panic - not syncing: Fatal exception" + (irq ? " in interrupt" : ""));
        }
        default -> say(fill(line, vars));
      }
    }
    ctx.taint.addAll(chars(shape.taintAfter()));
    if (t.panic() != null) {
      printPanic(t, entry, sys, comm, pid, cpu);
    }
    return new Rendered(irq, comm, pid, cpu);
  }

  /** A panic that dumps its own stack: panic() called from the detector, on the same task. */
  private void printPanic(
      CrashTemplate t, EntryPath entry, String sys, String comm, int pid, int cpu) {
    ctx.console.tick(1_000, 400_000);
    say("Kernel panic - not syncing: " + t.panic());
    if (t.params().containsKey("panic_comm")) {
      // Panics raised by a watchdog thread (khungtaskd) run on that thread, not the victim.
      comm = param(t, "panic_comm", comm);
      pid = 40 + random.nextInt(400);
    }
    say(cpuLine(comm, pid, cpu));
    say("Hardware name: " + ctx.machine.dmi());
    List<String> specs = new ArrayList<>();
    if (!t.panicStack().contains("{dump_stack}")) {
      specs.add("{dump_stack}");
      specs.add("panic");
    }
    boolean withEntry = false;
    for (String s : t.panicStack()) {
      if (s.equals("{stack}")) {
        specs.addAll(t.stack());
      } else if (s.equals("{entry}")) {
        withEntry = true;
      } else {
        specs.add(s);
      }
    }
    List<TraceLine> stack = resolve(specs);
    Shape plain = new Shape("panic", "{trace}", false, true, false, null, "");
    printTrace(assemble(plain, stack, null, entry, sys, withEntry), t.id() + "/panic");
  }

  // ---------------------------------------------------------------- frames

  /** Template frame specs to this build's frames: inlined ones dropped, clones suffixed. */
  List<TraceLine> resolve(List<String> specs) {
    List<TraceLine> out = new ArrayList<>(specs.size() + 4);
    String release = ctx.build.release();
    for (String spec : specs) {
      String s = spec.strip();
      if (s.equals("{dump_stack}")) {
        for (String f : dumpStackHead()) {
          out.add(new TraceLine(f, null, false, null));
        }
        continue;
      }
      if (s.startsWith("<")) {
        out.add(TraceLine.marker(s));
        continue;
      }
      boolean optional = false;
      boolean clone = false;
      boolean culprit = false;
      while (s.startsWith("~") || s.startsWith("$") || s.startsWith("!")) {
        optional |= s.charAt(0) == '~';
        clone |= s.charAt(0) == '$';
        culprit |= s.charAt(0) == '!';
        s = s.substring(1);
      }
      String module = null;
      int bracket = s.indexOf(" [");
      if (bracket > 0) {
        module = s.substring(bracket + 2, s.length() - 1);
        s = s.substring(0, bracket);
      }
      if (optional && Stable.pick(Stable.hash(release, s, "inline"), 2) == 0) {
        continue; // this build's compiler inlined it into its caller
      }
      if (clone && ctx.family.compilerSuffixes()) {
        s =
            s
                + CLONE_SUFFIXES[
                    Stable.pick(Stable.hash(release, s, "clone"), CLONE_SUFFIXES.length)];
      }
      out.add(new TraceLine(s, module, false, null, culprit));
    }
    return out;
  }

  /** gcc's clone suffixes; most builds keep the plain name. */
  private static final String[] CLONE_SUFFIXES = {"", "", ".isra.0", ".constprop.0", ".part.0"};

  /** The frames dump_stack() itself prints above the reporting function, per generation. */
  private List<String> dumpStackHead() {
    String r = ctx.build.release();
    boolean lvl = !(r.startsWith("3.") || r.startsWith("4.") || r.startsWith("5.10"));
    List<String> head = new ArrayList<>();
    if (ctx.family.style().equals("arm64")) {
      head.add("dump_backtrace");
      head.add("show_stack");
      if (lvl) {
        head.add("dump_stack_lvl");
      }
      head.add("dump_stack");
    } else if (ctx.family.style().equals("ppc64") || ctx.family.style().equals("s390")) {
      head.add("dump_stack_lvl");
    } else {
      head.add(lvl ? "dump_stack_lvl" : "dump_stack");
    }
    return head;
  }

  /** The whole printed trace: context markers, handler noise, the bug's frames, the entry. */
  private List<TraceLine> assemble(
      Shape shape,
      List<TraceLine> stack,
      TraceLine top,
      EntryPath entry,
      String sys,
      boolean withEntry) {
    boolean x86 = ctx.family.printsUnreliableFrames();
    // A stack that opens with its own marker (an NMI or IRQ section) places its markers itself.
    boolean manual = !stack.isEmpty() && stack.get(0).isMarker();
    boolean markers = ctx.family.taskMarkers();
    List<TraceLine> out = new ArrayList<>(stack.size() + 24);
    if (manual) {
      boolean opened = stack.stream().anyMatch(f -> "<TASK>".equals(f.marker()));
      for (TraceLine f : stack) {
        out.add(f);
        if (x86 && !f.isMarker() && random.nextInt(100) < 12) {
          out.add(noise(stack, stack.indexOf(f)));
        }
      }
      if (withEntry) {
        for (String f : entry.frames()) {
          out.add(
              new TraceLine(f.replace("{sys}", ctx.entrySet.sysPrefix() + sys), null, false, null));
        }
      }
      if (opened && !stack.get(stack.size() - 1).isMarker()) {
        out.add(TraceLine.marker("</TASK>"));
      }
      return out;
    }
    if (entry.irq() && withEntry) {
      out.add(TraceLine.marker("<IRQ>"));
    } else if (markers) {
      out.add(TraceLine.marker("<TASK>"));
    }
    if (ctx.family.faultNoise() && shape.fault() != null) {
      for (String n : ctx.catalog.faultNoise().get(shape.fault())) {
        out.add(new TraceLine(n, null, true, null));
      }
      if (shape.traceFromCaller() && top != null) {
        out.add(new TraceLine(top.name(), top.module(), true, null));
      }
    }
    List<TraceLine> body = new ArrayList<>(stack);
    if (shape.traceFromCaller() && top != null) {
      body.remove(top);
    }
    if (withEntry) {
      for (String f : entry.frames()) {
        body.add(
            new TraceLine(f.replace("{sys}", ctx.entrySet.sysPrefix() + sys), null, false, null));
      }
    }
    for (int i = 0; i < body.size(); i++) {
      TraceLine f = body.get(i);
      out.add(f);
      if (x86 && !f.isMarker() && random.nextInt(100) < 12) {
        out.add(noise(body, i));
      }
    }
    if (entry.irq() && withEntry) {
      out.add(TraceLine.marker("</IRQ>"));
      if (markers) {
        out.add(TraceLine.marker("<TASK>"));
      }
      for (String f : entry.taskFrames()) {
        out.add(new TraceLine(f, null, false, null));
      }
    }
    if (markers) {
      if (withEntry && !entry.irq() && entry.userRegs()) {
        out.add(TraceLine.marker("{userregs}"));
      }
      out.add(TraceLine.marker("</TASK>"));
    } else if (withEntry && !entry.irq() && entry.userRegs() && x86) {
      out.add(TraceLine.marker("{userregs}"));
    }
    return out;
  }

  /** A stale return address the unwinder found on the stack: {@code ? something}. */
  private TraceLine noise(List<TraceLine> body, int i) {
    List<String> pool = ctx.family.noiseFrames();
    if (pool.isEmpty() || random.nextInt(3) == 0) {
      TraceLine near = body.get(Math.min(body.size() - 1, i + 1));
      if (!near.isMarker()) {
        return new TraceLine(near.name(), near.module(), true, null);
      }
    }
    return new TraceLine(
        pool.isEmpty() ? "schedule" : pool.get(random.nextInt(pool.size())), null, true, null);
  }

  private void printTrace(List<TraceLine> trace, String firstSite) {
    String style = ctx.family.style();
    say(style.equals("arm64") ? "Call trace:" : "Call Trace:");
    String pending = null;
    String callee = firstSite;
    long sp = 0xc000000000000000L | (random.nextLong(0x10000000L) << 8);
    boolean first = true;
    for (TraceLine f : trace) {
      if (f.isMarker()) {
        if (f.marker().equals("{userregs}")) {
          printUserRegs();
          continue;
        }
        boolean task = f.marker().equals("<TASK>") || f.marker().equals("</TASK>");
        if (task && !ctx.family.taskMarkers()) {
          continue;
        }
        switch (style) {
          case "x86-old" -> pending = oldMarker(f.marker());
          case "x86" -> say(" " + newMarker(f.marker()));
          default -> {
            // arm64, ppc64 and s390 print no context markers
          }
        }
        continue;
      }
      if (f.unreliable() && !ctx.family.printsUnreliableFrames()) {
        continue;
      }
      String sym = symbol(f, callee);
      switch (style) {
        case "x86-old" -> {
          String text =
              " [<"
                  + FrameStyle.hex(address(f, callee))
                  + ">] "
                  + (f.unreliable() ? "? " : "")
                  + sym;
          if (pending != null) {
            text = " " + pending + " " + text;
            pending = null;
          }
          say(text);
        }
        case "x86" -> say(" " + (f.unreliable() ? "? " : "") + sym);
        case "arm64" -> say(" " + sym);
        case "ppc64" -> {
          sp += 0x60 + 0x10 * random.nextInt(12);
          say(
              "["
                  + FrameStyle.hex16(sp)
                  + "] ["
                  + FrameStyle.hex16(address(f, callee))
                  + "] "
                  + sym
                  + (first && random.nextBoolean() ? " (unreliable)" : ""));
        }
        default -> say(" [<" + FrameStyle.hex16(address(f, callee)) + ">] " + sym);
      }
      first = false;
      if (!f.unreliable()) {
        callee = f.name();
      }
    }
    if (pending != null) {
      say(" " + pending);
    }
  }

  private static String oldMarker(String m) {
    return switch (m) {
      case "</IRQ>" -> "<EOI>";
      case "</NMI>" -> "<EOE>";
      default -> m;
    };
  }

  private static String newMarker(String m) {
    return switch (m) {
      case "<EOI>" -> "</IRQ>";
      case "<EOE>" -> "</NMI>";
      default -> m;
    };
  }

  private String symbol(TraceLine f, String site) {
    return FrameStyle.symbol(ctx.build.release(), f.name(), f.module(), site);
  }

  private long address(TraceLine f, String site) {
    String r = ctx.build.release();
    return FrameStyle.start(ctx.family.style(), r, f.name(), f.module())
        + FrameStyle.offset(r, f.name(), site);
  }

  private static TraceLine frameAfter(List<TraceLine> stack, TraceLine top) {
    boolean seen = false;
    for (TraceLine f : stack) {
      if (seen && !f.isMarker()) {
        return f;
      }
      seen |= f == top;
    }
    return top;
  }

  private static TraceLine lastFrame(List<TraceLine> stack) {
    for (int i = stack.size() - 1; i >= 0; i--) {
      if (!stack.get(i).isMarker()) {
        return stack.get(i);
      }
    }
    throw new IllegalStateException("no frame");
  }

  // ---------------------------------------------------------------- header lines

  private String cpuLine(String comm, int pid, int cpu) {
    return "CPU: "
        + cpu
        + " PID: "
        + pid
        + " Comm: "
        + comm
        + " "
        + (ctx.family.kdumpTag() ? "Kdump: loaded " : "")
        + ctx.taintText()
        + " "
        + ctx.build.release()
        + " "
        + ctx.build.cpuTag();
  }

  /** print_modules(): one piece per module, flushed into a new record when the line is full. */
  private void printModules() {
    int limit = ctx.family.style().equals("x86-old") ? WRAP_OLD : WRAP;
    StringBuilder sb = new StringBuilder("Modules linked in:");
    for (String m : ctx.modules) {
      if (sb.length() + 1 + m.length() > limit) {
        say(sb.toString());
        sb.setLength(0);
      }
      sb.append(' ').append(m);
    }
    say(sb.toString());
  }

  // ---------------------------------------------------------------- registers and code

  private void printRegs(Map<String, String> vars, TraceLine top, TraceLine second, String site) {
    switch (ctx.family.style()) {
      case "x86-old", "x86" -> x86Regs(vars);
      case "arm64" -> arm64Regs(vars);
      case "ppc64" -> ppcRegs(vars, top, second, site);
      default -> s390Regs(vars);
    }
  }

  private void x86Regs(Map<String, String> vars) {
    boolean old = ctx.family.style().equals("x86-old");
    String sp = "ffff" + (old ? "8800" : "b1c8") + hex(5) + pick("d", "e", "f", "c") + hex(1) + "8";
    say(
        "RSP: 0018:"
            + sp
            + (old ? "  " : " ")
            + "EFLAGS: 000"
            + pick("10246", "10282", "10202", "10086", "10293"));
    String[][] rows = {
      {"RAX", "RBX", "RCX"},
      {"RDX", "RSI", "RDI"},
      {"RBP", "R08", "R09"},
      {"R10", "R11", "R12"},
      {"R13", "R14", "R15"}
    };
    for (String[] row : rows) {
      StringBuilder sb = new StringBuilder();
      for (String r : row) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(r).append(": ").append(regValue());
      }
      say(sb.toString());
    }
    say(
        "FS:  "
            + (random.nextBoolean() ? "00007f" + hex(10) : "0000000000000000")
            + "(0000) GS:ffff"
            + pick("88", "8f", "9a")
            + hex(2)
            + "3fc"
            + hex(2)
            + "000(0000) knlGS:0000000000000000");
    say("CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033");
    String cr2 = vars.getOrDefault("addr", "0000" + hex(12));
    say(
        "CR2: "
            + cr2
            + " CR3: 0000000"
            + hex(6)
            + "00"
            + hex(1)
            + " CR4: 00000000"
            + pick("003606e0", "007706e0", "003406f0", "00770ef0"));
    if (!old && random.nextInt(4) == 0) {
      say("DR0: 0000000000000000 DR1: 0000000000000000 DR2: 0000000000000000");
      say("DR3: 0000000000000000 DR6: 00000000fffe0ff0 DR7: 0000000000000400");
    }
    if (!old && random.nextInt(3) == 0) {
      say("PKRU: 55555554");
    }
  }

  private void arm64Regs(Map<String, String> vars) {
    boolean r419 = ctx.build.release().startsWith("4.");
    say(
        "pstate: "
            + pick("60400009", "80400005", "20400005", "60000005")
            + (r419 ? " (nZCv daif +PAN -UAO)" : " (nZCv daif +PAN -UAO -TCO BTYPE=--)"));
    say("pc : " + vars.get("top"));
    say("lr : " + vars.get("second"));
    String base = r419 ? "ffff0000" : "ffff8000";
    say("sp : " + base + hex(7) + "0");
    int perLine = r419 ? 2 : 3;
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (int x = 29; x >= 0; x--) {
      String name = "x" + x;
      sb.append(name.length() == 2 ? name + " " : name)
          .append(": ")
          .append(arm64Value(base))
          .append(' ');
      if (++n % perLine == 0 || x == 0) {
        say(r419 ? sb.toString() : sb.toString().stripTrailing());
        sb.setLength(0);
      }
    }
  }

  private void ppcRegs(Map<String, String> vars, TraceLine top, TraceLine second, String site) {
    long nip = address(top, site);
    long lr = address(second, top.name());
    say(
        "NIP:  "
            + FrameStyle.hex16(nip)
            + " LR: "
            + FrameStyle.hex16(lr)
            + " CTR: c000000000"
            + hex(6));
    say(
        "REGS: c00000"
            + hex(10)
            + " TRAP: 0300   "
            + ctx.taintText()
            + "  ("
            + ctx.build.release()
            + ")");
    say(
        "MSR:  800000000280b033 <SF,VEC,VSX,EE,FP,ME,IR,DR,RI,LE>  CR: 2"
            + hex(7)
            + "  XER: 20040000");
    say(
        "CFAR: c0000000"
            + hex(8)
            + " DAR: "
            + vars.getOrDefault("addr", "0000000000000008")
            + " DSISR: 40000000 IRQMASK: 0 ");
    for (int g = 0; g < 32; g += 4) {
      StringBuilder sb = new StringBuilder(String.format("GPR%02d: ", g));
      for (int i = 0; i < 4; i++) {
        sb.append(random.nextInt(3) == 0 ? "0000000000000000" : "c000000" + hex(9)).append(' ');
      }
      say(sb.toString());
    }
    say("NIP [" + FrameStyle.hex16(nip) + "] " + vars.get("top"));
    say("LR [" + FrameStyle.hex16(lr) + "] " + vars.get("second"));
  }

  private void s390Regs(Map<String, String> vars) {
    say("Krnl PSW : 0704c00180000000 000003ff" + hex(8) + " (" + vars.get("top") + ")");
    say("           R:0 T:1 IO:1 EX:1 Key:0 M:1 W:0 P:0 AS:3 CC:0 PM:0 RI:0 EA:3");
    for (int i = 0; i < 4; i++) {
      StringBuilder sb = new StringBuilder(i == 0 ? "Krnl GPRS: " : "           ");
      for (int j = 0; j < 4; j++) {
        sb.append(random.nextInt(3) == 0 ? "0000000000000000" : "000000008" + hex(7));
        sb.append(j < 3 ? " " : "");
      }
      say(sb.toString());
    }
    String pc = "000003ff" + hex(8);
    say("Krnl Code: " + pc + ": e31020080004\tlg\t%r1,8(%r2)");
    say("           #" + pc + ": a7f4000b\t\tbrc\t15,000003ff" + hex(8));
    say("          >" + pc + ": e31010000004\tlg\t%r1,0(%r1)");
  }

  private void printCode(TraceLine top, String site) {
    // The same function in the same build has the same bytes.
    SplittableRandom bytes =
        new SplittableRandom(
            Stable.hash(ctx.build.release(), top == null ? site : top.name(), site));
    switch (ctx.family.style()) {
      case "x86-old", "x86" -> {
        StringBuilder sb = new StringBuilder("Code:");
        for (int i = 0; i < 42; i++) {
          String b = FrameStyle.hex(bytes.nextInt(256), 2);
          sb.append(' ').append(i == 21 ? "<" + b + ">" : b);
        }
        say(sb.toString());
      }
      case "arm64" -> {
        StringBuilder sb = new StringBuilder("Code:");
        for (int i = 0; i < 5; i++) {
          String w = FrameStyle.hex(bytes.nextInt() & 0xffffffffL, 8);
          sb.append(' ').append(i == 4 ? "(" + w + ")" : w);
        }
        say(sb.append(' ').toString());
      }
      case "ppc64" -> {
        say("Instruction dump:");
        for (int l = 0; l < 2; l++) {
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < 8; i++) {
            String w = FrameStyle.hex(bytes.nextInt() & 0xffffffffL, 8);
            sb.append(l == 1 && i == 4 ? "<" + w + ">" : w).append(' ');
          }
          say(sb.toString());
        }
      }
      default -> {
        // s390 prints its code inside the register block
      }
    }
  }

  /** The raw stack words 3.10 prints after the header (three lines of four). */
  private void printStackWords() {
    for (int l = 0; l < 3; l++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 4; i++) {
        sb.append(' ').append(random.nextInt(3) == 0 ? "ffffffff81" + hex(6) : "ffff8800" + hex(8));
      }
      say(sb.toString());
    }
  }

  private void printUserRegs() {
    String ip = "00007f" + hex(10);
    say("RIP: 0033:0x" + ip.replaceFirst("^0+", ""));
    StringBuilder code = new StringBuilder("Code:");
    for (int i = 0; i < 42; i++) {
      String b = FrameStyle.hex(random.nextInt(256), 2);
      code.append(' ').append(i == 21 ? "<" + b + ">" : b);
    }
    say(code.toString());
    say("RSP: 002b:00007ffd" + hex(8) + " EFLAGS: 00000246 ORIG_RAX: 00000000000000" + hex(2));
    say("RAX: ffffffffffffffda RBX: 0000" + hex(12) + " RCX: " + ip);
    say("RDX: " + regValue() + " RSI: " + regValue() + " RDI: 00000000000000" + hex(2));
    say("RBP: 00007ffd" + hex(8) + " R08: " + regValue() + " R09: " + regValue());
    say("R10: " + regValue() + " R11: 0000000000000246 R12: 0000" + hex(12));
    say("R13: " + regValue() + " R14: " + regValue() + " R15: " + regValue());
  }

  private String regValue() {
    int k = random.nextInt(10);
    if (k < 4) {
      return "0000000000000000";
    }
    if (k < 6) {
      return "00000000000000" + hex(2);
    }
    // Kernel pointers: the direct map (ffff88.., ffff9..), vmalloc/stack (ffffb..), text
    // (ffffffff8..).
    return k == 9
        ? "ffffffff8" + hex(7)
        : pick("ffff888", "ffff8f1", "ffff9a5", "ffffb1c") + hex(9);
  }

  private String arm64Value(String base) {
    int k = random.nextInt(10);
    if (k < 3) {
      return "0000000000000000";
    }
    if (k < 5) {
      return "00000000000000" + hex(2);
    }
    return (k < 8 ? "ffff0020" : base) + hex(8);
  }

  // ---------------------------------------------------------------- helpers

  private void say(String text) {
    if (recording != null) {
      recording.add(text);
    }
    ctx.console.tick(150, 1500); // a serial console takes about a millisecond a line
    ctx.console.lineNow(text);
  }

  /** The oom-killer's task table, a line per process. */
  private void printTasks() {
    say("Tasks state (memory values in pages):");
    say("[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
    String[] names = {
      "systemd-journal",
      "systemd-udevd",
      "auditd",
      "sssd",
      "chronyd",
      "dbus-daemon",
      "NetworkManager",
      "sshd",
      "rsyslogd",
      "crond",
      "containerd",
      "dockerd",
      "kubelet",
      "node_exporter",
      "java",
      "python3",
      "postgres",
      "nginx"
    };
    int n = 10 + random.nextInt(30);
    int pid = 500;
    for (int i = 0; i < n; i++) {
      pid += 1 + random.nextInt(4000);
      String name =
          names[Math.min(names.length - 1, i < names.length ? i : 14 + random.nextInt(4))];
      long vm = 10_000 + random.nextInt(3_000_000);
      say(
          String.format(
              "[%7d] %5d %7d %8d %8d %14d %8d %13d %s",
              pid,
              i < 10 ? 0 : 1000,
              pid,
              vm,
              vm / (2 + random.nextInt(8)),
              (vm / 64) * 1024,
              0,
              i < 3 ? -1000 : 0,
              name));
    }
  }

  private String fill(String line, Map<String, String> vars) {
    if (line.indexOf('{') < 0) {
      return line;
    }
    StringBuilder sb = new StringBuilder(line.length() + 32);
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      int close = c == '{' ? line.indexOf('}', i) : -1;
      if (close > i) {
        String name = line.substring(i + 1, close);
        String value = placeholder(name, vars);
        if (value != null) {
          sb.append(value);
          i = close + 1;
          continue;
        }
      }
      sb.append(c);
      i++;
    }
    return sb.toString();
  }

  private String placeholder(String name, Map<String, String> vars) {
    return switch (name) {
      case "hex16" -> hex(16);
      case "hex8" -> hex(8);
      case "kaddr", "ptr" -> kernelPointer();
      case "taint" -> ctx.taintText();
      case "taint_short" -> ctx.taintText().replace("Tainted: ", "").strip();
      case "secs" -> Integer.toString(120 + random.nextInt(6) * 123);
      default -> vars.get(name);
    };
  }

  private String kernelPointer() {
    return switch (ctx.family.style()) {
      case "arm64" -> "ffff0000" + hex(8);
      case "ppc64" -> "c00000" + hex(10);
      case "s390" -> "00000000" + hex(8);
      default -> "ffff88" + hex(10);
    };
  }

  private String hex(int digits) {
    return Stable.hex(random, digits);
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private String param(CrashTemplate t, String key, String fallback) {
    return param(random, t, key, fallback);
  }

  private static String param(SplittableRandom from, CrashTemplate t, String key, String fallback) {
    List<String> values = t.params().get(key);
    return values == null ? fallback : values.get(from.nextInt(values.size()));
  }

  private int between(int min, int max) {
    return min + (max > min ? random.nextInt(max - min + 1) : 0);
  }

  private static List<Character> chars(String s) {
    List<Character> out = new ArrayList<>();
    for (char c : s.toCharArray()) {
      out.add(c);
    }
    return out;
  }
}
