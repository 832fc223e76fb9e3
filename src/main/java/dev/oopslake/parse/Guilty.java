package dev.oopslake.parse;

import dev.oopslake.parse.StackExtractor.Guilt;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a crash class picks its culprit: each constant is the strategy a table entry carries. Every
 * strategy but {@link #NONE} falls back to the first frame of the report's stack that is not
 * plumbing when its own evidence names nothing.
 */
enum Guilty {
  /** The title names no function. */
  NONE {
    @Override
    Guilt pickOwn(Evidence e) {
      return null;
    }
  },
  /**
   * The work item running on the stalled pool: kernel/workqueue.c's watchdog names the pool ("BUG:
   * workqueue lockup - pool cpus=3 node=0 flags=0x0 nice=0 stuck for 45s!") and show_pwq() lists
   * each pool's busy workers (" in-flight: 1234:gizmo_poll_work [gizmo]") under its "pwq N: cpus=3
   * node=0 flags=0x0 nice=0 active=..." line; the first in-flight work of that pool is what kept it
   * busy. Then the stack, as every strategy.
   */
  IN_FLIGHT_WORK {
    @Override
    Guilt pickOwn(Evidence e) {
      LogLines lines = e.lines();
      String header = lines.text(e.span().start());
      int from = header.indexOf(" pool ");
      int to = header.indexOf(" stuck for ");
      if (from < 0 || to < from) {
        return null;
      }
      String pool = header.substring(from + " pool ".length(), to).strip() + " ";
      boolean inPool = false;
      int limit = Math.min(e.span().end(), e.span().start() + 2000);
      for (int i = e.span().start() + 1; i < limit; i++) {
        String t = lines.text(i).strip();
        if (t.startsWith("pwq ")) {
          inPool = t.contains(": " + pool);
        } else if (inPool && t.startsWith("in-flight: ")) {
          return work(t.substring("in-flight: ".length()));
        }
      }
      return null;
    }
  },
  /**
   * kernel/irq/spurious.c __report_bad_irq() lists the line's handlers after its stack ("handlers:"
   * then "[<00000000a1b2c3d4>] quux_isr [quux]"): the stack is only the interrupt path that
   * counted, and a line with one handler names the driver whose device raised an interrupt it did
   * not claim. A shared line does not say which of its handlers failed: no culprit then, and never
   * the stack.
   */
  IRQ_HANDLERS {
    @Override
    Guilt pickOwn(Evidence e) {
      LogLines lines = e.lines();
      Guilt only = null;
      int handlers = -1;
      int limit = Math.min(e.span().end(), e.span().start() + 200);
      for (int i = e.span().start() + 1; i < limit; i++) {
        String t = lines.text(i).strip();
        if (handlers < 0) {
          handlers = t.equals("handlers:") ? 0 : -1;
          continue;
        }
        Matcher m = IRQ_HANDLER.matcher(t);
        if (!m.matches()) {
          break;
        }
        handlers++;
        // request_threaded_irq() with no primary handler installs irq_default_primary_handler,
        // which only wakes the driver's thread.
        boolean defaultPrimary = m.group(1).equals("irq_default_primary_handler");
        only =
            defaultPrimary && m.group(3) != null
                ? new Guilt(FrameFormats.normalize(m.group(3)), m.group(4))
                : new Guilt(FrameFormats.normalize(m.group(1)), m.group(2));
      }
      return handlers == 1 ? only : null;
    }

    @Override
    boolean fallsBackToStack() {
      return false;
    }
  },
  /** First frame of the report's stack that is not plumbing. */
  STACK {
    @Override
    Guilt pickOwn(Evidence e) {
      return null;
    }
  },
  /**
   * The stack when it has a non-plumbing frame, else the {@code hfunc} group of the header: a
   * sanitizer names the function even when the stack is lost, but the stack skips helpers.
   */
  HEADER {
    @Override
    Guilt pickOwn(Evidence e) {
      if (e.frames().isEmpty() && e.headerFunction() != null && hasBody(e)) {
        // The header is all that is left of the report: take its function as printed.
        return new Guilt(FrameFormats.normalize(e.headerFunction()), null);
      }
      if (!e.headerUsable()) {
        return null;
      }
      Guilt g = StackExtractor.guilty(e.frames(), e.crashClass());
      if (g != null) {
        return g;
      }
      String function = FrameFormats.normalize(e.headerFunction());
      return new Guilt(function, moduleOf(e.frames(), function));
    }

    @Override
    boolean keptWithoutStack(String guilty) {
      return guilty != null;
    }
  },
  /** The {@code hfunc} group first (KCSAN names both racing functions), then the stack. */
  HEADER_FIRST {
    @Override
    Guilt pickOwn(Evidence e) {
      return e.headerUsable() ? headerFunction(e) : null;
    }

    @Override
    boolean keptWithoutStack(String guilty) {
      return guilty != null;
    }
  },
  /**
   * The {@code hfunc} group first, like {@link #HEADER_FIRST}, but a report without any stack is
   * corrupted, and so is one whose stack is nothing but the reporting path (WARN_ON splats).
   */
  HEADER_WITH_STACK {
    @Override
    Guilt pickOwn(Evidence e) {
      if (!e.headerUsable() || onlyPlumbing(e.frames(), e.crashClass())) {
        // A WARN splat whose stack is nothing but the reporting path: the body was lost.
        return null;
      }
      return headerFunction(e);
    }
  },
  /**
   * Stalls and lockups: the stack loops somewhere random, so a representative frame deeper in the
   * stack is chosen (the caller of the first generic dispatcher; see {@link StackExtractor}).
   */
  STALL {
    @Override
    Guilt pickOwn(Evidence e) {
      if (!e.crashClass().id().equals("rcu-stall")) {
        return null;
      }
      // Another CPU detected the stall: the stalled CPU's own stack, wherever it was printed.
      List<Frame> own = StackExtractor.stalledCpuFrames(e.lines(), e.span(), e.crashClass());
      return own.isEmpty() ? null : StackExtractor.stallFrame(own, e.crashClass(), true);
    }

    @Override
    Guilt fromStack(List<Frame> frames, CrashClass c) {
      return StackExtractor.stallFrame(frames, c);
    }

    @Override
    boolean stackGoesOnThroughNmiBacktraces() {
      return true;
    }
  },
  /** Lockdep: the function in the "at:" lines of the lock being acquired, else the stack. */
  LOCKDEP {
    @Override
    Guilt pickOwn(Evidence e) {
      for (Frame at : StackExtractor.lockdepAtFrames(e.lines(), e.span())) {
        if (!StackExtractor.isPlumbing(at.function(), e.crashClass())) {
          String module = at.module().isEmpty() ? moduleOf(e.frames(), at.function()) : at.module();
          return new Guilt(at.function(), module);
        }
      }
      return null;
    }

    @Override
    boolean keptWithoutStack(String guilty) {
      return true;
    }
  };

  /**
   * What a strategy may look at: the report's span, its class, its frames and the function its
   * header names ({@code hfunc}, or null).
   */
  record Evidence(
      LogLines lines,
      ReportLocator.Span span,
      CrashClass crashClass,
      List<Frame> frames,
      String headerFunction) {

    /** Whether the header names a function that is not reporting or locking plumbing. */
    boolean headerUsable() {
      return headerFunction != null
          && !StackExtractor.isPlumbing(FrameFormats.normalize(headerFunction), crashClass);
    }
  }

  /** The strategy's own answer, before the stack fallback; null (or no function) when none. */
  abstract Guilt pickOwn(Evidence e);

  /**
   * Whether a culprit found for a report without any stack is kept. Otherwise a header without a
   * stack means the body was lost (truncated log, interleaved output) and the report is corrupted.
   */
  boolean keptWithoutStack(String guilty) {
    return false;
  }

  /** The culprit the stack itself points at: its first frame that is not plumbing. */
  Guilt fromStack(List<Frame> frames, CrashClass c) {
    return StackExtractor.firstNonPlumbing(frames, 0, c);
  }

  /**
   * Whether the report's stack section goes on through "NMI backtrace" and "Sending NMI" lines: a
   * stall report prints the stalled CPUs' stacks after the starved thread's.
   */
  boolean stackGoesOnThroughNmiBacktraces() {
    return false;
  }

  /** The culprit's function and module, or null when the report names none. */
  final Guilt pick(Evidence e) {
    if (this == NONE) {
      return null;
    }
    Guilt own = pickOwn(e);
    if (own != null && own.function() != null) {
      return own;
    }
    return fallsBackToStack() ? StackExtractor.guilty(e.frames(), e.crashClass()) : null;
  }

  /** Whether the stack names the culprit when the strategy's own evidence does not. */
  boolean fallsBackToStack() {
    return true;
  }

  /** A handler line of __report_bad_irq(): "[<%p>] %ps", then " threaded [<%p>] %ps". */
  private static final Pattern IRQ_HANDLER =
      Pattern.compile(
          "\\[<[0-9a-f]+>\\] ([A-Za-z_.$][\\w.$]*)(?:\\+0x[0-9a-f]+/0x[0-9a-f]+)?(?: \\[([\\w-]+)\\])?"
              + "(?: threaded \\[<[0-9a-f]+>\\] ([A-Za-z_.$][\\w.$]*)(?:\\+0x[0-9a-f]+/0x[0-9a-f]+)?"
              + "(?: \\[([\\w-]+)\\])?)?");

  /** "1234:gizmo_poll_work [gizmo], 1240:..." (a rescuer reads "1234(RESCUER):f"): the first. */
  private static final Pattern IN_FLIGHT =
      Pattern.compile(
          "^\\d+(?:\\(RESCUER\\))?:([A-Za-z_.$][\\w.$]*)(?:\\+\\S+)?(?: \\[([\\w-]+)\\])?");

  private static Guilt work(String inFlight) {
    Matcher m = IN_FLIGHT.matcher(inFlight);
    if (!m.lookingAt()) {
      return null;
    }
    return new Guilt(FrameFormats.normalize(m.group(1)), m.group(2));
  }

  private static Guilt headerFunction(Evidence e) {
    String function = FrameFormats.normalize(e.headerFunction());
    return new Guilt(function, moduleOf(e.frames(), function));
  }

  /** Whether every frame is reliable reporting plumbing (nothing of the code that warned). */
  private static boolean onlyPlumbing(List<Frame> frames, CrashClass c) {
    if (frames.isEmpty()) {
      return false;
    }
    for (Frame f : frames) {
      if (!f.reliable() || !StackExtractor.isPlumbing(f.function(), c)) {
        return false;
      }
    }
    return true;
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

  /**
   * Whether the report printed anything past its header and access line (a stack, an object
   * description, a shadow-memory dump). A header naming a helper (copy_from_iter) is taken as the
   * culprit only when the stack is missing from a report that otherwise arrived: a log that ends
   * right after the access line was cut, and the helper alone is no verdict.
   */
  private static boolean hasBody(Evidence e) {
    ReportLocator.Span span = e.span();
    LogLines lines = e.lines();
    for (int i = span.start() + 1; i < span.end(); i++) {
      if (!lines.blank(i)
          && ReportLocator.sameCaller(span.caller(), lines.caller(i))
          && !ACCESS_LINE.matcher(lines.text(i)).lookingAt()) {
        return true;
      }
    }
    return false;
  }

  /** KASAN's access line, printed with the header before the report's body. */
  private static final Pattern ACCESS_LINE = Pattern.compile("(?:Read|Write) of size ");
}
