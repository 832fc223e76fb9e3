package dev.oopslake.generate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a real console log into another crash of the same bug, as a fleet would print it: what
 * differs between two machines hitting one bug (timestamps, addresses, PIDs, CPUs, the kernel build
 * with its function sizes and inlining, unreliable {@code ?} frames) changes; the bug's other
 * frames, their order and the report's wording do not. Each rewrite is a row of {@link #REWRITES}
 * with the reason it varies in a fleet.
 */
final class LogVariation {

  /** Share of the template's unreliable frames a crash does not print (stack contents differ). */
  static final double DROP_UNRELIABLE = 0.3;

  /** Chance of a new unreliable frame after a reliable one (stale return addresses). */
  static final double ADD_UNRELIABLE = 0.12;

  /**
   * Share of a rebuilt kernel's functions the compiler inlines into their callers (another
   * compiler, config or patch set): the frame is gone from that build's traces.
   */
  static final double INLINED = 0.1;

  /**
   * One kernel build a template's bug is seen on.
   *
   * @param suffix appended to the release ({@code -g<hash>}), empty for the template's own build
   * @param number the {@code #N} build counter {@code uname -v} starts with
   * @param salt decides every function's size and call-site offsets in this build
   */
  record Build(String suffix, int number, long salt) {}

  /** What one file draws: the build, where its clock and address space sit, its PIDs and CPUs. */
  record Draw(
      Build build,
      long shiftMicros,
      long textSlide,
      long heapSlide,
      int cpuOffset,
      int cpuCount,
      long pidSalt) {}

  /** One rewrite: what it matches and why that text differs between crashes of one bug. */
  private record Rewrite(
      String what, Pattern pattern, BiFunction<Matcher, Draw, String> replace, String why) {}

  /** A printk timestamp, {@code [ 55.950418]}. */
  static final Pattern TIMESTAMP = Pattern.compile("\\[\\s*(\\d{1,7})\\.(\\d{6})\\]");

  /** A frame as x86 and arm64 print it, {@code func+0x1f7/0x5a00}. */
  private static final Pattern OFFSET =
      Pattern.compile("(?<![\\w.$])([A-Za-z_][\\w.$]*)\\+0x([0-9a-f]{1,8})/0x([0-9a-f]{1,8})\\b");

  /** A whole frame line after the console prefix, to add or drop unreliable frames. */
  private static final Pattern FRAME_LINE =
      Pattern.compile(
          "^((?:\\[[^\\]]*\\])*)(\\s+)(\\?\\s+)?([A-Za-z_][\\w.$]*)\\+0x[0-9a-f]+/0x[0-9a-f]+"
              + "(?:\\s+\\[[\\w\\-]+\\])?\\s*$");

  /** The release after the taint on the CPU line, or in the {@code Linux version} banner. */
  static final Pattern RELEASE =
      Pattern.compile(
          "((?:Not tainted|Tainted: [A-Z ]*?|Linux version)\\s+)(\\d+\\.\\d+(?:\\.\\d+)?[\\w.\\-~]*?)"
              + "(\\+?)(?:\\s+#(\\d+))?(?=\\s|$)");

  /** A CPU number as report headers print it ({@code CPU: 1}, {@code CPU#1}, {@code cpu 1}). */
  private static final Pattern CPU = Pattern.compile("((?:CPU|cpu)(?::\\s*|#|\\s+))(\\d{1,4})\\b");

  /** A printk caller id, {@code [ T8377]} (task) or {@code [ C1]} (CPU). */
  private static final Pattern CALLER = Pattern.compile("\\[(\\s*)([TC])(\\d+)\\]");

  private static final List<Rewrite> REWRITES =
      List.of(
          new Rewrite(
              "timestamps",
              TIMESTAMP,
              (m, d) -> timestamp(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), d),
              "uptime at the crash: each machine crashes at its own moment after boot"),
          new Rewrite(
              "kernel text addresses",
              Pattern.compile("(?<![0-9a-fA-F])(ffffffff[89a-f][0-9a-f]{7})(?![0-9a-fA-F])"),
              (m, d) -> slide(m.group(1), d.textSlide()),
              "KASLR moves the kernel image by a random multiple of 2 MiB at every boot"),
          new Rewrite(
              "kernel data addresses",
              Pattern.compile("(?<![0-9a-fA-F])(ffff[0-9a-e][0-9a-f]{11})(?![0-9a-fA-F])"),
              (m, d) -> slide(m.group(1), d.heapSlide()),
              "the direct map and the objects in it sit elsewhere on every boot and machine"),
          new Rewrite(
              "function offsets and sizes",
              OFFSET,
              (m, d) -> offset(m.group(1), m.group(2), m.group(3), d.build()),
              "every build compiles a function to its own size and call sites"),
          new Rewrite(
              "release",
              RELEASE,
              (m, d) ->
                  m.group(1)
                      + m.group(2)
                      + d.build().suffix()
                      + m.group(3)
                      + (m.group(4) == null ? "" : " #" + d.build().number()),
              "the same bug is hit on several builds of a release"),
          new Rewrite(
              "PIDs",
              Pattern.compile("((?:PID|pid)(?::\\s*|=|\\s+))(\\d+)\\b"),
              (m, d) -> m.group(1) + pid(Integer.parseInt(m.group(2)), d),
              "whichever process hits the bug has a PID of that machine's history"),
          new Rewrite(
              "task/pid",
              Pattern.compile("(?<=[A-Za-z][\\w\\-.]{0,15})/(\\d{2,7})(?=[\\s:\\]),]|$)"),
              (m, d) -> "/" + pid(Integer.parseInt(m.group(1)), d),
              "lockdep and hung-task reports name tasks as comm/pid"),
          new Rewrite(
              "caller ids",
              CALLER,
              (m, d) -> callerId(m.group(1), m.group(2), Integer.parseInt(m.group(3)), d),
              "printk caller ids name the printing task or CPU"),
          new Rewrite(
              "CPU numbers",
              CPU,
              (m, d) -> m.group(1) + cpu(Integer.parseInt(m.group(2)), d),
              "the bug runs on whichever CPU the scheduler chose"));

  /**
   * Functions a stale return address on the stack often points into, beside the template's own
   * frames: what a crash prints as {@code ? func+0x...} varies with what ran before on that stack.
   */
  static final List<String> STALE_FRAMES =
      List.of(
          "__sanitizer_cov_trace_pc", // KCOV's hook, called at every basic block of syzbot kernels
          "trace_hardirqs_on_thunk", // irq-flag tracing thunk left on the stack by interrupts
          "lockdep_hardirqs_on", // lockdep's irq tracking, run at every local_irq_enable
          "__lock_is_held", // lockdep's held-lock lookup behind lockdep_assert_held
          "debug_lockdep_rcu_enabled", // RCU lockdep check behind every rcu_dereference
          "mark_held_locks", // lockdep bookkeeping on irq state changes
          "kasan_check_read", // KASAN's explicit access check
          "check_preemption_disabled", // smp_processor_id() debug check
          "retint_kernel", // x86 interrupt-return path on 4.x
          "rcu_read_lock_held", // RCU debug assertion
          "preempt_count_add", // preempt_disable() when traced
          "_raw_spin_unlock_irqrestore"); // the last unlock before the crash

  private LogVariation() {}

  /** The template's first timestamp in microseconds, or -1 when its lines carry none. */
  static long firstMicros(List<String> lines) {
    for (String line : lines) {
      Matcher m = TIMESTAMP.matcher(line);
      if (m.find()) {
        return Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2));
      }
    }
    return -1;
  }

  /** The release the template prints, or null. */
  static String release(List<String> lines) {
    for (String line : lines) {
      Matcher m = RELEASE.matcher(line);
      if (m.find()) {
        return m.group(2) + m.group(3);
      }
    }
    return null;
  }

  /** The highest CPU number the template names (CPU numbers must stay below the CPU count). */
  static int maxCpu(List<String> lines) {
    int max = 0;
    for (String line : lines) {
      Matcher m = CPU.matcher(line);
      while (m.find()) {
        max = Math.max(max, Integer.parseInt(m.group(2)));
      }
      Matcher c = CALLER.matcher(line);
      while (c.find()) {
        if (c.group(2).equals("C")) {
          max = Math.max(max, Integer.parseInt(c.group(3)));
        }
      }
    }
    return max;
  }

  /** Draws one file's variation of a template seen on {@code build}. */
  static Draw draw(
      SplittableRandom random, Build build, long shiftMicros, int templateMaxCpu, int cpus) {
    int cpuCount = Math.max(cpus, Integer.highestOneBit(Math.max(1, templateMaxCpu)) * 2);
    return new Draw(
        build,
        shiftMicros,
        // The template's own placement plus up to 511 steps of 2 MiB, as KASLR's 1 GiB range.
        (random.nextLong(512) - 256) * 0x200000L,
        (random.nextLong(1 << 20) - (1 << 19)) * 0x1000L,
        random.nextInt(cpuCount),
        cpuCount,
        random.nextLong());
  }

  /**
   * The varied lines of one crash of the template.
   *
   * @param keep functions never inlined away (the one the title names: inlining it would make
   *     another bug title, not another build of this one)
   */
  static List<String> vary(
      List<String> template, Draw draw, SplittableRandom random, Set<String> keep) {
    Set<String> ownFrames = new LinkedHashSet<>();
    for (String line : template) {
      Matcher m = FRAME_LINE.matcher(line);
      if (m.matches()) {
        ownFrames.add(m.group(4));
      }
    }
    List<String> stale = new ArrayList<>(ownFrames);
    stale.addAll(STALE_FRAMES);
    List<String> out = new ArrayList<>(template.size() + 16);
    boolean firstOfTrace = true;
    for (String line : template) {
      Matcher m = FRAME_LINE.matcher(line);
      if (!m.matches()) {
        firstOfTrace = true;
        out.add(rewrite(line, draw));
        continue;
      }
      if (m.group(3) != null && random.nextDouble() < DROP_UNRELIABLE) {
        continue;
      }
      if (m.group(3) == null) {
        // The frame a trace starts with is where the CPU was: kept so the report stays the same.
        boolean first = firstOfTrace;
        firstOfTrace = false;
        if (!first && !keep.contains(m.group(4)) && inlined(m.group(4), draw.build())) {
          continue;
        }
      }
      out.add(rewrite(line, draw));
      if (m.group(3) == null && random.nextDouble() < ADD_UNRELIABLE) {
        String function = stale.get(random.nextInt(stale.size()));
        int size = 0x20 + 0x10 * random.nextInt(200);
        String frame =
            m.group(1)
                + m.group(2)
                + "? "
                + function
                + "+0x"
                + Integer.toHexString(random.nextInt(size))
                + "/0x"
                + Integer.toHexString(size);
        out.add(rewrite(frame, draw));
      }
    }
    return out;
  }

  /** Whether this build inlined the function (its frame is never printed). */
  static boolean inlined(String function, Build build) {
    if (build.salt() == 0) {
      return false;
    }
    long h = Stable.mix(build.salt() * 31 ^ Stable.hash("inline", function));
    return Stable.pick(h, 1000) < INLINED * 1000;
  }

  static String rewrite(String line, Draw draw) {
    String s = line;
    for (Rewrite r : REWRITES) {
      Matcher m = r.pattern().matcher(s);
      if (!m.find()) {
        continue;
      }
      StringBuilder sb = new StringBuilder(s.length() + 16);
      do {
        m.appendReplacement(sb, Matcher.quoteReplacement(r.replace().apply(m, draw)));
      } while (m.find());
      m.appendTail(sb);
      s = sb.toString();
    }
    return s;
  }

  private static String timestamp(long secs, long micros, Draw d) {
    long t = secs * 1_000_000L + micros + d.shiftMicros();
    return String.format(Locale.ROOT, "[%5d.%06d]", t / 1_000_000L, t % 1_000_000L);
  }

  /** Moves an address within its 40-bit region, so the region prefix and alignment stay. */
  private static String slide(String hex, long by) {
    long v = Long.parseUnsignedLong(hex, 16);
    long mask = (1L << 40) - 1;
    long moved = (v & ~mask) | ((v + by) & mask);
    String out = Long.toHexString(moved);
    return out.length() == hex.length() ? out : hex;
  }

  private static String offset(String function, String offsetHex, String sizeHex, Build build) {
    long size = Long.parseLong(sizeHex, 16);
    long offset = Long.parseLong(offsetHex, 16);
    if (build.salt() == 0 || size == 0) {
      return function + "+0x" + offsetHex + "/0x" + sizeHex;
    }
    long h = Stable.mix(build.salt() ^ Stable.hash(function));
    // Code added or removed in this build moves the call site and changes the function's size.
    long grow = 0x10L * (Stable.pick(h, 13) - 4);
    long newSize = Math.max(0x10, size + grow);
    long newOffset = Math.max(0, offset + Math.max(-offset, grow / 2));
    if (newOffset >= newSize) {
      newSize = newOffset + 0x10;
    }
    return function + "+0x" + Long.toHexString(newOffset) + "/0x" + Long.toHexString(newSize);
  }

  private static int pid(int pid, Draw d) {
    // PID 0 is the idle task and 1 is init: the same on every machine.
    if (pid <= 1) {
      return pid;
    }
    return 2 + Stable.pick(Stable.mix(d.pidSalt() ^ pid), 32_000);
  }

  private static int cpu(int cpu, Draw d) {
    return (cpu + d.cpuOffset()) % d.cpuCount();
  }

  private static String callerId(String pad, String kind, int id, Draw d) {
    String body = kind + (kind.equals("T") ? pid(id, d) : cpu(id, d));
    int width = pad.length() + 1 + Integer.toString(id).length();
    StringBuilder sb = new StringBuilder("[");
    for (int i = body.length(); i < width; i++) {
      sb.append(' ');
    }
    return sb.append(body).append(']').toString();
  }
}
