package dev.oopslake.parse;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One row of the crash class table: how a kernel path announces a crash and how its title is built.
 *
 * @param id stable lower-kebab id (e.g. {@code scheduling-while-atomic})
 * @param type syzbot-style type; {@code {ACCESS}} is replaced by READ/WRITE when the report says
 * @param trigger the literal the header line's message starts with (checked on bytes, before any
 *     regex runs)
 * @param header matched on the message from the trigger on; named groups feed the title
 * @param title template: {@code {func}} is the guilty function, {@code {name}} a named group of the
 *     header or context pattern
 * @param guilty where the guilty function comes from
 * @param context optional pattern searched in the lines right after the header (e.g. KASAN's "Read
 *     of size 8"); its named groups feed the title too
 * @param stackStart optional marker after which the report's own stack begins (lockdep prints
 *     dependency chains with frames first, then "stack backtrace:")
 * @param skip extra skip patterns for the guilty frame, on top of {@link SkipLists}
 * @param joinsPrevious a header that, printed right after another report's header, is part of that
 *     report (arm64 "Internal error: Oops" after "Unable to handle kernel ...")
 * @param culprit which of the report's stacks names the culprit; {@code stackStart}, when set,
 *     overrides where that stack begins
 */
record CrashClass(
    String id,
    String type,
    String trigger,
    Pattern header,
    String title,
    Guilty guilty,
    Pattern context,
    Pattern stackStart,
    List<String> skip,
    boolean joinsPrevious,
    CulpritStack culprit) {

  /**
   * Which of a report's stacks names the culprit. A report may print several: a sanitizer prints
   * where the bad access happened and where the object was allocated and freed, kmemleak only where
   * the leaked object was allocated, lockdep the chain of locks held and then the current stack.
   */
  enum CulpritStack {
    /** The report's own call trace, the first after the header. */
    TRACE(null),
    /**
     * KASAN, KFENCE, KMSAN: the access stack, printed first and ended by "Allocated by task" (the
     * allocation and free stacks say where the object came from, not who misused it).
     */
    ACCESS(null),
    /**
     * kmemleak: the allocation stack after "backtrace:": the function that asked for the memory
     * that was never freed, below the allocator's entry points.
     */
    ALLOCATION("^backtrace"),
    /**
     * lockdep: the held-lock chain (the "at:" lines of the locks involved, read by {@link
     * Guilty#LOCKDEP}), then the stack after "stack backtrace:" rather than the dependency chain's
     * frames printed before it.
     */
    HELD_LOCKS("^stack backtrace:");

    private final Pattern start;

    CulpritStack(String start) {
      this.start = start == null ? null : Pattern.compile(start);
    }
  }

  /** Where the culprit's stack begins, or null when it is the first one after the header. */
  Pattern start() {
    return stackStart != null ? stackStart : culprit.start;
  }

  /** Where a class takes its guilty function from. */
  enum Guilty {
    /** The title names no function. */
    NONE,
    /** First frame of the report's stack that is not plumbing. */
    STACK,
    /**
     * The stack when it has a non-plumbing frame, else the {@code hfunc} group of the header: a
     * sanitizer names the function even when the stack is lost, but the stack skips helpers.
     */
    HEADER,
    /** The {@code hfunc} group first (KCSAN names both racing functions), then the stack. */
    HEADER_FIRST,
    /** Like {@link #HEADER}, but a report without any stack is corrupted (WARN_ON splats). */
    HEADER_WITH_STACK,
    /**
     * Stalls and lockups: the stack loops somewhere random, so a representative frame deeper in the
     * stack is chosen (the caller of the first generic dispatcher).
     */
    STALL,
    /** Lockdep: the function in the "at:" lines of the lock being acquired, else the stack. */
    LOCKDEP
  }

  CrashClass {
    if (id == null || !id.matches("[a-z0-9]+(?:-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("crash class id must be lower-kebab: " + id);
    }
    if (trigger == null || trigger.isEmpty() || header == null || title == null) {
      throw new IllegalArgumentException("crash class " + id + " needs trigger, header and title");
    }
    skip = List.copyOf(skip);
    if (culprit == null) {
      throw new IllegalArgumentException("crash class " + id + " needs a culprit stack");
    }
  }
}
