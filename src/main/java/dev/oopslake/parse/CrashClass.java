package dev.oopslake.parse;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One entry of the crash class table: how a kernel path announces a crash, how its title is built
 * and how its culprit is picked. Entries are built by name with {@link #builder}.
 *
 * @param id stable lower-kebab id (e.g. {@code scheduling-while-atomic})
 * @param type syzbot-style type; {@code {ACCESS}} is replaced by READ/WRITE when the report says
 * @param trigger the literal the header line's message starts with (checked on bytes, before any
 *     regex runs)
 * @param header matched on the message from the trigger on; named groups feed the title
 * @param title template: {@code {func}} is the guilty function, {@code {name}} a named group of the
 *     header or context pattern
 * @param guilty how the culprit is picked: the strategy this entry carries
 * @param context optional pattern searched in the lines right after the header (e.g. KASAN's "Read
 *     of size 8"); its named groups feed the title too
 * @param stackStart optional marker after which the report's own stack begins (lockdep prints
 *     dependency chains with frames first, then "stack backtrace:")
 * @param skip extra skip patterns for the guilty frame, on top of {@link SkipLists}
 * @param joinsPrevious a header that, printed right after another report's header, is part of that
 *     report (arm64 "Internal error: Oops" after "Unable to handle kernel ...")
 * @param culprit which of the report's stacks names the culprit; {@code stackStart}, when set,
 *     overrides where that stack begins
 * @param needsStack a header too generic to be a crash on its own line: it opens a report only when
 *     the kernel dumped the stack right after it (see {@link ReportLocator})
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
    CulpritStack culprit,
    boolean needsStack) {

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

  CrashClass {
    if (id == null || !id.matches("[a-z0-9]+(?:-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("crash class id must be lower-kebab: " + id);
    }
    if (type == null
        || trigger == null
        || trigger.isEmpty()
        || header == null
        || title == null
        || guilty == null) {
      throw new IllegalArgumentException(
          "crash class " + id + " needs type, trigger, header, title and guilty");
    }
    skip = List.copyOf(skip);
    if (culprit == null) {
      throw new IllegalArgumentException("crash class " + id + " needs a culprit stack");
    }
  }

  /** A builder for the entry {@code id}; type, trigger, header, title and guilty are required. */
  static Builder builder(String id) {
    return new Builder(id);
  }

  /** Names every field of an entry; the optional ones default to none. */
  static final class Builder {
    private final String id;
    private String type;
    private String trigger;
    private Pattern header;
    private String title;
    private Guilty guilty;
    private Pattern context;
    private Pattern stackStart;
    private List<String> skip = List.of();
    private boolean joinsPrevious;
    private CulpritStack culprit = CulpritStack.TRACE;
    private boolean needsStack;

    private Builder(String id) {
      this.id = id;
    }

    Builder type(String type) {
      this.type = type;
      return this;
    }

    Builder trigger(String trigger) {
      this.trigger = trigger;
      return this;
    }

    /** The header regex, compiled here once. */
    Builder header(String regex) {
      this.header = Pattern.compile(regex);
      return this;
    }

    Builder title(String title) {
      this.title = title;
      return this;
    }

    Builder guilty(Guilty guilty) {
      this.guilty = guilty;
      return this;
    }

    Builder context(Pattern context) {
      this.context = context;
      return this;
    }

    /** The stack-start regex, compiled here once. */
    Builder stackStart(String regex) {
      this.stackStart = Pattern.compile(regex);
      return this;
    }

    Builder skip(String... patterns) {
      this.skip = List.of(patterns);
      return this;
    }

    Builder joinsPrevious() {
      this.joinsPrevious = true;
      return this;
    }

    Builder culprit(CulpritStack culprit) {
      this.culprit = culprit;
      return this;
    }

    Builder onlyWithStack() {
      this.needsStack = true;
      return this;
    }

    CrashClass build() {
      return new CrashClass(
          id,
          type,
          trigger,
          header,
          title,
          guilty,
          context,
          stackStart,
          skip,
          joinsPrevious,
          culprit,
          needsStack);
    }
  }
}
