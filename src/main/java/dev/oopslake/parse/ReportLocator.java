package dev.oopslake.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Step 1 of parsing: finds where reports start and end. {@link LogLines#split} runs the byte-level
 * sieve {@link #mayHoldHeader} on every line; only the lines it keeps are looked at here, decoded
 * and matched against {@link CrashClasses}.
 */
final class ReportLocator {
  private ReportLocator() {}

  /** Lines after a header within which a {@code joinsPrevious} header belongs to it. */
  private static final int JOIN_WINDOW = 25;

  /**
   * One located report.
   *
   * @param start header line
   * @param end line after the last line that may belong to the report
   * @param caller printk caller of the header, used to drop interleaved lines of other callers
   */
  record Span(int start, int end, int caller, CrashClasses.Hit hit) {}

  /** What the locator saw: the report spans and the file's "Linux version" line, if any. */
  record Located(List<Span> spans, int linuxVersionLine) {}

  static Located locate(LogLines lines) {
    List<Integer> starts = new ArrayList<>();
    List<CrashClasses.Hit> hits = new ArrayList<>();
    List<Boolean> interleaved = new ArrayList<>();
    int n = lines.size();
    int lastHeader = -1;
    for (int k = 0; k < lines.candidateCount(); k++) {
      int i = lines.candidate(k);
      CrashClasses.Hit hit;
      if (HeaderPrefilter.mayBeHeader(lines, i)) {
        if (!mayMatch(lines, i)) {
          // Starts with a sub-prefix only ("rcu: Hierarchical RCU implementation."): a common boot
          // line that match() would decode and reject after stripping the prefix.
          continue;
        }
        hit = CrashClasses.match(lines.text(i));
      } else {
        int mid = HeaderPrefilter.midLineHeader(lines, i);
        if (mid < 0) {
          continue;
        }
        String text = lines.text(i);
        hit = mid <= text.length() ? CrashClasses.match(text.substring(mid)) : null;
        if (hit != null) {
          hit = new CrashClasses.Hit(hit.crashClass(), hit.match(), hit.offset() + mid);
        }
      }
      if (hit == null) {
        continue;
      }
      boolean repeat = inlineRepeat(lines, lastHeader, i, hits, hit);
      lastHeader = i;
      if (repeat) {
        continue;
      }
      if (hit.crashClass().id().equals("unexpected-reboot") && !hasTextBefore(lines, i)) {
        // The boot banner of the log's own boot, not a reboot.
        continue;
      }
      if (hit.crashClass().needsStack()
          && (insideLastHead(lines, starts, i) || !stackDumpedAfter(lines, i, hit))) {
        // A generic wording inside another report's head is that report's text; one with no
        // stack dumped right after it is a message, not a crash.
        continue;
      }
      if (!starts.isEmpty()) {
        int prev = starts.get(starts.size() - 1);
        boolean same = sameCaller(lines.caller(prev), lines.caller(i));
        int window = hit.crashClass().joinsPrevious() ? JOIN_WINDOW : WARN_JOIN_WINDOW;
        if (same
            && (hit.crashClass().joinsPrevious()
                || isWarnSplat(hit)
                || splatText(hits.get(hits.size() - 1), hit))
            && within(lines, lines.caller(prev), prev, i, window)) {
          if (hit.crashClass().joinsPrevious() && isGenericWarning(hits.get(hits.size() - 1))) {
            // A WARN's text after a generic "WARNING: at" line (see splatText) says what the
            // splat does not: it names the report, which still starts at the WARNING line.
            CrashClasses.Hit generic = hits.get(hits.size() - 1);
            hits.set(
                hits.size() - 1,
                new CrashClasses.Hit(hit.crashClass(), hit.match(), generic.offset()));
          }
          continue;
        }
      }
      starts.add(i);
      hits.add(hit);
      interleaved.add(starts.size() > 1 && interleaved(lines, starts.get(starts.size() - 2), i));
    }
    List<Span> spans = new ArrayList<>();
    for (int k = 0; k < starts.size(); k++) {
      int s = starts.get(k);
      int caller = lines.caller(s);
      int end = n;
      for (int j = k + 1; j < starts.size(); j++) {
        // panic() prints its line before the stack of the oops that called it (panic_on_warn,
        // panic_on_oops): a panic does not end the report before it.
        if (sameCaller(caller, lines.caller(starts.get(j)))
            && !interjection(hits.get(j).crashClass())
            && !interleaved.get(j)) {
          end = starts.get(j);
          break;
        }
      }
      spans.add(new Span(s, end, caller, hits.get(k)));
    }
    return new Located(List.copyOf(spans), lines.linuxVersionLine());
  }

  /**
   * The byte sieve {@link LogLines#split} runs on every line: false only for lines on which {@link
   * #locate} would find nothing and change nothing (no header at the start or after a separator).
   */
  static boolean mayHoldHeader(LogLines lines, int line) {
    if (HeaderPrefilter.mayStartHeader(lines, line) && HeaderPrefilter.mayBeHeader(lines, line)) {
      // locate() looks no further on a line that starts like a header.
      return mayMatch(lines, line);
    }
    return HeaderPrefilter.mayHaveMidLineHeader(lines, line);
  }

  /**
   * {@link #mayHoldHeader} with the separator pairs at the line's message start already computed
   * ({@link LogLines#colonSpacePairs}).
   */
  static boolean mayHoldHeader(LogLines lines, int line, int pairs) {
    if (HeaderPrefilter.mayStartHeader(lines, line) && HeaderPrefilter.mayBeHeader(lines, line)) {
      return mayMatch(lines, line);
    }
    return HeaderPrefilter.mayHaveMidLineHeader(lines, line, pairs);
  }

  /** Every trigger of the table and every sub-prefix, as bytes, bucketed by first byte. */
  private static final byte[][][] TRIGGERS_BY_FIRST = new byte[256][][];

  /** The sub-prefixes in {@link CrashClasses#match}'s order, which strips the first that fits. */
  private static final byte[][] SUB_PREFIXES;

  static {
    List<List<byte[]>> buckets = new ArrayList<>();
    for (int b = 0; b < 256; b++) {
      buckets.add(new ArrayList<>());
    }
    for (CrashClass c : CrashClasses.ALL) {
      byte[] t = c.trigger().getBytes(StandardCharsets.UTF_8);
      if (t.length > 0) {
        buckets.get(t[0] & 0xff).add(t);
      }
    }
    for (int b = 0; b < 256; b++) {
      TRIGGERS_BY_FIRST[b] = buckets.get(b).toArray(new byte[0][]);
    }
    SUB_PREFIXES = new byte[CrashClasses.SUB_PREFIXES.size()][];
    for (int k = 0; k < SUB_PREFIXES.length; k++) {
      SUB_PREFIXES[k] = CrashClasses.SUB_PREFIXES.get(k).getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * A byte-level necessary condition for {@link CrashClasses#match} on the line's text: within the
   * same three rounds of sub-prefix stripping, some trigger starts the rest. Triggers are ASCII, so
   * bytes and the decoded chars agree up to the first non-ASCII byte; NUL reads as the space {@link
   * LogLines#text} turns it into.
   */
  static boolean mayMatch(LogLines lines, int line) {
    byte[] d = lines.data();
    int p = lines.start(line);
    int e = lines.end(line);
    for (int round = 0; round < 3 && p < e; round++) {
      for (byte[] t : TRIGGERS_BY_FIRST[d[p] == 0 ? ' ' : d[p] & 0xff]) {
        if (textStartsWith(d, p, e, t)) {
          return true;
        }
      }
      int next = -1;
      for (byte[] sub : SUB_PREFIXES) {
        if (textStartsWith(d, p, e, sub)) {
          next = p + sub.length;
          break;
        }
      }
      if (next < 0) {
        return false;
      }
      p = next;
    }
    return false;
  }

  private static boolean textStartsWith(byte[] d, int p, int e, byte[] t) {
    if (e - p < t.length) {
      return false;
    }
    for (int k = 0; k < t.length; k++) {
      byte b = d[p + k];
      if (b != t[k] && !(b == 0 && t[k] == ' ')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the header at {@code line} is another CPU's output printed into the middle of the
   * report that starts at {@code prev}: it sits inside that report's call trace (frame lines on
   * both sides), or between the oops counter line ("Oops: 0000 [#1]") and the "CPU: N PID:" line
   * that die() prints right after it. Such a header is a report of its own but does not end the one
   * before.
   */
  private static boolean interleaved(LogLines lines, int prev, int line) {
    if (line + 1 < lines.size()
        && line - 1 > prev
        && FrameFormats.parse(lines.text(line - 1), "task") != null
        && FrameFormats.parse(lines.text(line + 1), "task") != null) {
      return true;
    }
    if (line - prev > JOIN_WINDOW) {
      return false;
    }
    boolean oopsCounter = false;
    for (int i = prev + 1; i < line; i++) {
      String t = lines.text(i);
      if (t.startsWith("CPU:") || t.startsWith("Call Trace") || FrameFormats.isRegisterLine(t)) {
        return false;
      }
      oopsCounter |= OOPS_COUNTER.matcher(t).lookingAt();
    }
    return oopsCounter;
  }

  /**
   * Whether the header at {@code line} repeats the one on the line before for the function that one
   * was inlined into: a report run through syzkaller's symbolizer (syzbot's mails) prints "BUG:
   * KASAN: use-after-free in f include/x.h:12 [inline]" and then the same wording "in g+0x1/0x2
   * file.c:34" for the function f was inlined into. One report; the title keeps the innermost
   * function, as the unsymbolized header would.
   */
  private static boolean inlineRepeat(
      LogLines lines, int previous, int line, List<CrashClasses.Hit> hits, CrashClasses.Hit hit) {
    return previous >= 0
        && line == previous + 1
        && !hits.isEmpty()
        && hits.get(hits.size() - 1).crashClass().id().equals(hit.crashClass().id())
        && lines.text(previous).endsWith("[inline]");
  }

  /** die()'s counter line, printed just before the dying CPU's "CPU: N PID:" line. */
  private static final Pattern OOPS_COUNTER = Pattern.compile("Oops: [0-9a-f]{4} \\[#\\d+\\]");

  private static boolean hasTextBefore(LogLines lines, int line) {
    for (int i = 0; i < line; i++) {
      if (!lines.blank(i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lines after a message header within which a WARN/BUG splat is that message's stack dump ("BUG:
   * Dentry still in use" then "------------[ cut here ]" then "WARNING: ... umount_check").
   */
  private static final int WARN_JOIN_WINDOW = 4;

  /**
   * Kernels before 4.15 print a WARN's text after its "WARNING: at" line: a header of the splat's
   * own class right after it (a list_del corruption after a WARNING at lib/list_debug.c) is that
   * text, not a second report.
   */
  private static boolean splatText(CrashClasses.Hit splat, CrashClasses.Hit hit) {
    return isWarnSplat(splat)
        && !isWarnSplat(hit)
        && splat.crashClass().id().equals(hit.crashClass().id());
  }

  private static boolean isGenericWarning(CrashClasses.Hit hit) {
    return hit.crashClass().id().equals("warning");
  }

  private static boolean isWarnSplat(CrashClasses.Hit hit) {
    String trigger = hit.crashClass().trigger();
    return trigger.startsWith("WARNING") || trigger.startsWith("kernel BUG");
  }

  /**
   * Messages that other code prints in the middle of a report (panic() after the oops, the netdev
   * refcount waiter from another CPU): they are reports of their own but do not end the one before.
   */
  private static boolean interjection(CrashClass c) {
    return c.trigger().startsWith("Kernel panic")
        || c.id().equals("netdev-refcount-leak")
        // A test harness or agent logging its own failure onto the same console.
        || c.id().equals("syz-failure")
        || c.id().equals("go-runtime-error");
  }

  /**
   * Whether line {@code to} is at most {@code window} lines of the header's printk caller after
   * {@code from}: other CPUs' output interleaved between a report's header and its next part does
   * not part them. Stops counting past the window.
   */
  private static boolean within(LogLines lines, int caller, int from, int to, int window) {
    int n = 0;
    for (int k = from + 1; k <= to; k++) {
      if (sameCaller(caller, lines.caller(k)) && ++n > window) {
        return false;
      }
    }
    return true;
  }

  /** Whether line {@code i} lies within the join window of the last header found. */
  private static boolean insideLastHead(LogLines lines, List<Integer> starts, int i) {
    if (starts.isEmpty()) {
      return false;
    }
    int last = starts.get(starts.size() - 1);
    return within(lines, lines.caller(last), last, i, JOIN_WINDOW);
  }

  /** Lines after a generic header within which dump_stack()'s first line must come. */
  private static final int DUMP_WINDOW = 4;

  /** Lines after a generic header read for its stack. */
  private static final int DUMP_STACK_LINES = 80;

  /**
   * Whether dump_stack() ran right after the line: its "CPU: 1 PID: 42 Comm: ..." line (2.6's "Pid:
   * 42, comm: ...") or the trace marker within {@link #DUMP_WINDOW} lines of the same caller, and
   * frames after it.
   */
  private static boolean stackDumpedAfter(LogLines lines, int header, CrashClasses.Hit hit) {
    int caller = lines.caller(header);
    int seen = 0;
    for (int k = header + 1; k < lines.size() && seen < DUMP_WINDOW; k++) {
      if (!sameCaller(caller, lines.caller(k)) || lines.blank(k)) {
        continue;
      }
      seen++;
      String t = lines.text(k);
      if (hit.crashClass().id().equals("go-runtime-error")) {
        // Go's traceback: the system stack, a goroutine's, or the signal that killed it first.
        return t.equals("runtime stack:")
            || GO_GOROUTINE.matcher(t).lookingAt()
            || t.startsWith("[signal ");
      }
      if (t.startsWith("CPU: ") && t.contains(" PID: ")
          || t.startsWith("Pid: ") && t.contains(", comm: ")
          || t.startsWith("Call Trace:")
          || t.startsWith("Call trace:")) {
        Span probe = new Span(header, Math.min(lines.size(), k + DUMP_STACK_LINES), caller, hit);
        return !StackExtractor.frames(lines, probe, hit.crashClass()).isEmpty();
      }
    }
    return false;
  }

  /** Go's traceback of a goroutine: "goroutine 1 [running]:". */
  private static final Pattern GO_GOROUTINE = Pattern.compile("goroutine \\d+ \\[");

  /** Lines without a caller id belong to everyone; two ids must be equal. */
  static boolean sameCaller(int a, int b) {
    return a == LogLines.NO_CALLER || b == LogLines.NO_CALLER || a == b;
  }
}
