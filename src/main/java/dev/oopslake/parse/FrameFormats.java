package dev.oopslake.parse;

import dev.oopslake.util.Memo;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The call-trace line formats of the architectures and tools a fleet produces, as one table. Each
 * entry turns one log line (decorations already stripped) into a {@link Frame}; the first that
 * matches wins, so the more specific formats come first.
 */
final class FrameFormats {
  private FrameFormats() {}

  /**
   * One printed frame format; groups: sym, off (optional), mod (optional). {@code starts} lists the
   * characters a matching line can start with ({@link #SYM_START} stands for a symbol's first
   * character): a line starting otherwise is not handed to the pattern, which would fail anyway.
   * Likewise a line without {@code literal}, text the pattern requires (null: none).
   */
  private record Format(
      String name,
      Pattern pattern,
      boolean registerLine,
      boolean[] starts,
      String literal,
      boolean hasOff,
      boolean hasMod,
      boolean hasQ,
      boolean hasUnrel,
      boolean hasPrefixMod) {
    Format(String name, String starts, Pattern pattern, boolean registerLine) {
      this(name, starts, null, pattern, registerLine);
    }

    Format(String name, String starts, String literal, Pattern pattern, boolean registerLine) {
      this(
          name,
          pattern,
          registerLine,
          startSet(starts),
          literal,
          pattern.pattern().contains("?<off>"),
          pattern.pattern().contains("?<mod>"),
          pattern.pattern().contains("?<q>"),
          pattern.pattern().contains("?<unrel>"),
          pattern.pattern().contains("?<pmod>"));
    }

    boolean mayMatch(String line, char first) {
      return first < 128 && starts[first] && (literal == null || line.contains(literal));
    }
  }

  /** In a format's start characters: any character {@link #SYM} can start with. */
  private static final char SYM_START = '*';

  private static boolean[] startSet(String chars) {
    boolean[] set = new boolean[128];
    for (char c : chars.toCharArray()) {
      if (c == SYM_START) {
        for (char x = 'A'; x <= 'Z'; x++) {
          set[x] = true;
          set[Character.toLowerCase(x)] = true;
        }
        set['_'] = true;
        set['.'] = true;
        set['$'] = true;
      } else {
        set[c] = true;
      }
    }
    return set;
  }

  private static final String SYM = "(?<sym>[A-Za-z_.$][\\w.$]*)";
  private static final String OFF = "(?<off>0x[0-9a-fA-F]+/0x[0-9a-fA-F]+)";
  private static final String MOD = "(?:\\s+\\[(?<mod>[\\w\\-]+)\\])?";

  /**
   * The source position syzkaller's symbolizer adds after the offset ("f+0x1/0x2 fs/x.c:12 [mod]"):
   * read over, so the module after it is still the frame's.
   */
  private static final String SRC = "(?:\\s+[\\w./\\-]+:\\d+(?=\\s|\\)|$))?";

  /** The frame side of an arm32 "from" line: the offset may be missing (5.x prints none). */
  private static final String ARM32_SYMBOL = SYM + "(?:\\+" + OFF + SRC + ")?" + MOD;

  /**
   * 2.6.18's x86-64 printk_address puts the module first: " [<ffffffff88176f4e>] :ext3:f+0x1/0x2".
   */
  private static final String PREFIX_MOD = "(?::(?<pmod>[\\w\\-]+):)?";

  /**
   * What scripts/decode_stacktrace.sh puts where the offset was: the source positions, inlined
   * calls included, in parentheses, then the module as a word of its own.
   */
  private static final String DECODED_POSITIONS =
      " \\((?:[\\w./\\-]+:\\d+(?: \\(discriminator \\d+\\))? ?)+\\)"
          + "(?: \\[?(?<mod>[\\w\\-]+)\\]?)?\\s*$";

  private static final List<Format> FORMATS =
      List.of(
          // x86-64 register dump (new): "RIP: 0010:func+0x19/0x1b [mod]"; user mode prints an
          // address.
          new Format(
              "x86-rip",
              "REI",
              Pattern.compile(
                  "^[RE]?IP: (?:[0-9a-f]{4}:)?(?:\\[<[0-9a-f]+>\\]\\s+)*(?:\\[<[0-9a-f]+>\\]\\s+)?"
                      + PREFIX_MOD
                      + SYM
                      + "\\+"
                      + OFF
                      + SRC
                      + MOD),
              true),
          // Register lines as scripts/decode_stacktrace.sh rewrites them: "RIP: 0010:func
          // (drivers/x/y.c:212) mod", "pc : func (fs/x.c:12)", "PC is at func (fs/x.c:12)",
          // powerpc's
          // "NIP [c000000000a6fd94] func (x.c:12)", s390's PSW.
          new Format(
              "register-decoded",
              "REIepPNK",
              ":",
              Pattern.compile(
                  "^(?:[RE]?IP: (?:[0-9a-f]{4}:)?|e?pc\\s*:\\s*|PC is at |NIP \\[[0-9a-f]+\\] "
                      + "|Krnl PSW : [0-9a-f]+ [0-9a-f]+ )"
                      + SYM
                      + DECODED_POSITIONS),
              true),
          // x86 old oops tail: "RIP  [<ffffffff812ad5a3>] func+0x13/0x60"; x86-32: "EIP: [<c1...>]
          // func".
          new Format(
              "x86-rip-old",
              "RE",
              Pattern.compile(
                  "^[RE]IP\\s+\\[<[0-9a-f]+>\\]\\s+" + PREFIX_MOD + SYM + "\\+" + OFF + SRC + MOD),
              true),
          // arm64 register dump: "pc : func+0x68/0x88 [mod]"; riscv: "epc : func+0x..".
          new Format(
              "arm64-pc",
              "ep",
              Pattern.compile(
                  "^e?pc\\s*:\\s*(?:\\[<[0-9a-f]+>\\]\\s*)?" + SYM + "\\+" + OFF + SRC + MOD),
              true),
          // arm32 and old arm64: "PC is at func+0x10/0x20 [mod]".
          new Format(
              "arm-pc-is-at",
              "P",
              Pattern.compile("^PC is at " + SYM + "\\+" + OFF + SRC + MOD),
              true),
          // powerpc: "NIP [c000000000a6fd94] func+0xb0/0xf0".
          new Format(
              "ppc-nip",
              "N",
              Pattern.compile("^NIP\\s+\\[[0-9a-f]+\\]\\s+" + SYM + "\\+" + OFF + SRC + MOD),
              true),
          // s390 register dump: "Krnl PSW : 0704d00180000000 000003ff8053e2aa (func+0xd9a/0xe38
          // [mod])".
          new Format(
              "s390-psw",
              "K",
              Pattern.compile(
                  "^Krnl PSW : [0-9a-f]+ [0-9a-f]+ \\(" + SYM + "\\+" + OFF + SRC + MOD + "\\)"),
              true),
          // crash(8) bt: "#3 [ffff88004a157ce8] do_exit at ffffffff8108c766 [mod]".
          new Format(
              "crash-bt",
              "#",
              Pattern.compile(
                  "^#\\d+\\s+\\[[0-9a-f]+\\]\\s+"
                      + SYM
                      + " at [0-9a-f]+(?:\\s+\\[(?<mod>[\\w\\-]+)\\])?"),
              false),
          // powerpc call trace: "[c0000000ed2b3a90] [c000000000a6fd94] dump_stack+0xb0/0xf0
          // (unreliable)".
          new Format(
              "ppc",
              "[",
              Pattern.compile(
                  "^\\[[0-9a-f]+\\]\\s+\\[[0-9a-f]+\\]\\s+"
                      + SYM
                      + "\\+"
                      + OFF
                      + SRC
                      + MOD
                      + "(?<unrel>\\s+\\(unreliable\\))?"),
              false),
          // The same through scripts/decode_stacktrace.sh: "[c0000000ed2b3a90] [c000000000a6fd94]
          // dump_stack (lib/dump_stack.c:118)" (a frame still followed by "(unreliable)" is left
          // undecoded by the script).
          new Format(
              "ppc-decoded",
              "[",
              Pattern.compile("^\\[[0-9a-f]+\\]\\s+\\[[0-9a-f]+\\]\\s+" + SYM + DECODED_POSITIONS),
              false),
          // arm32: "[<c01035d8>] (dump_backtrace+0x0/0x10c) from [<c01038b4>]
          // (show_stack+0x20/0x24)".
          new Format(
              "arm32",
              "[",
              Pattern.compile("^\\[<[0-9a-f]+>\\]\\s+\\(" + ARM32_SYMBOL + "\\)\\s+from\\s"),
              false),
          // arm32 since 5.x without addresses: "dump_backtrace from show_stack+0x18/0x1c".
          new Format(
              "arm32-noaddr",
              "*",
              " from ",
              Pattern.compile("^" + ARM32_SYMBOL + " from [A-Za-z_.$][\\w.$]*(?:\\+0x| \\()"),
              false),
          // arm32 through scripts/decode_stacktrace.sh, which drops the addresses and decodes the
          // caller: "(dump_backtrace+0x0/0x10c) from show_stack (arch/arm/kernel/traps.c:257)".
          new Format(
              "arm32-decoded",
              "(",
              " from ",
              Pattern.compile("^\\(" + ARM32_SYMBOL + "\\)\\s+from\\s"),
              false),
          // x86 old / s390 / riscv / kmemleak: "[<ffffffff81686f13>] ? dump_stack+0x19/0x1b [mod]",
          // s390 wraps the first frame in parentheses: "([<000000000011234e>] func+0x5e/0x78)".
          new Format(
              "bracket-address",
              "([",
              Pattern.compile(
                  "^\\(?\\[<[0-9a-fA-F]+>\\]\\s+(?<q>\\?\\s+)?"
                      + PREFIX_MOD
                      + SYM
                      + "\\s?\\+\\s?"
                      + OFF
                      + MOD),
              false),
          // x86 since 4.x, arm64, with optional source position before or after the module
          // ("? func+0x19/0x1b [mod] f.c:12", syzkaller's symbolizer "func+0x19/0x1b f.c:12
          // [mod]");
          // also arm64 vendor kernels with spaces: "func + 0x618/0x748".
          new Format(
              "symbol-offset",
              "?*",
              Pattern.compile(
                  "^(?<q>\\?\\s+)?"
                      + SYM
                      + "\\s?\\+\\s?"
                      + OFF
                      + "(?:\\s+[\\w./\\-]+:\\d+(?=\\s+\\[))?"
                      + MOD
                      + "(?:\\s|$)"),
              false),
          // inlined frames of symbolized traces: "__dump_stack lib/dump_stack.c:79 [inline]".
          new Format(
              "inline",
              "?*",
              "[inline]",
              Pattern.compile("^(?<q>\\?\\s+)?" + SYM + "\\s+[\\w./\\-]+:\\d+\\s+\\[inline\\]"),
              false),
          // scripts/decode_stacktrace.sh: the offset replaced by the source positions (inlined
          // calls and all), the module after them: "? f (fs/x.c:870 fs/x.c:856) mod".
          new Format(
              "decoded",
              "?*",
              ":",
              Pattern.compile("^(?<q>\\?\\s+)?" + SYM + DECODED_POSITIONS),
              false));

  /** Compiler-generated clone suffixes; the same source function must have one name. */
  private static final Pattern CLONE_SUFFIX =
      Pattern.compile(
          "(?:\\.(?:isra|constprop|part|cold|llvm|lto_priv|clone|localalias|specialized)(?:\\.\\d+)*)+$|(?:\\.\\d+)+$");

  /**
   * Parses one frame line, or returns null. {@code registerOnly} is set for the register dump forms
   * (RIP:, pc :, PC is at) whose frame is the faulting instruction, i.e. frame 0.
   */
  static Frame parse(String line, String section) {
    if (line.isEmpty()) {
      return null;
    }
    char c = line.charAt(0);
    // Cheap gate: every format starts with one of these.
    if (!(c == '['
        || c == '('
        || c == '?'
        || c == '#'
        || c == '_'
        || c == '$'
        || c == '.'
        || Character.isLetter(c))) {
      return null;
    }
    if (line.indexOf('+') < 0
        && line.indexOf(" at ") < 0
        && line.indexOf("[inline]") < 0
        && line.indexOf(" from ") < 0
        && line.indexOf(" (") < 0) {
      return null;
    }
    if ((c == '?' || isSymStart(c)) && !line.contains(" from ")) {
      Frame f = symbolOffset(line, section);
      if (f != null) {
        return f;
      }
    } else if (c == '[' || c == '(') {
      Frame f = bracketAddress(line, section);
      if (f != null) {
        return f;
      }
    }
    return parseWithTable(line, section);
  }

  /** {@link #parse} by the table's patterns alone (the reference for {@link #symbolOffset}). */
  static Frame parseWithTable(String line, String section) {
    if (line.isEmpty()) {
      return null;
    }
    char c = line.charAt(0);
    for (Format f : FORMATS) {
      if (!f.mayMatch(line, c)) {
        continue;
      }
      Matcher m = f.pattern.matcher(line);
      if (!m.lookingAt()) {
        continue;
      }
      String sym = m.group("sym");
      String off = f.hasOff() ? m.group("off") : null;
      String mod = f.hasMod() ? m.group("mod") : null;
      if (mod == null && f.hasPrefixMod()) {
        mod = m.group("pmod");
      }
      boolean unreliable =
          (f.hasQ() && m.group("q") != null) || (f.hasUnrel() && m.group("unrel") != null);
      return new Frame(normalize(sym), off, mod, !unreliable, section, sym);
    }
    return null;
  }

  /**
   * The table's "symbol-offset" format read without its regex, for the bulk of call-trace lines:
   * "[? ]func+0x19/0x1b[ [mod]]" then whitespace or the end. Returns the frame the table would, or
   * null when the line has another shape (the table then decides). No format before it in the table
   * can match such a line: each needs '(' or '[' first, a register or marker word followed by ':'
   * or by whitespace and no '+', or " from " (which the caller excludes).
   */
  static Frame symbolOffset(String line, String section) {
    return symbolOffset(line, 0, false, section);
  }

  /**
   * The table's "bracket-address" format read without its regex: "[<addr>] [? ]func+0x19/0x1b[
   * [mod]]", the old x86 (RHEL 7) and s390 traces, where the frame may be followed by anything.
   * Returns the frame the table would, or null (the table then decides). The formats before it in
   * the table that take a '[' line need "[hex]" (powerpc) or "(" after the address (arm32, whose
   * "(" no symbol starts with).
   */
  static Frame bracketAddress(String line, String section) {
    int n = line.length();
    int i = line.charAt(0) == '(' ? 1 : 0;
    if (!line.startsWith("[<", i)) {
      return null;
    }
    int k = i + 2;
    while (k < n && isHex(line.charAt(k))) {
      k++;
    }
    if (k == i + 2 || !line.startsWith(">]", k)) {
      return null;
    }
    k += 2;
    int spaces = k;
    while (k < n && isRegexSpace(line.charAt(k))) {
      k++;
    }
    return k == spaces || k == n ? null : symbolOffset(line, k, true, section);
  }

  /**
   * The frame from {@code from}: "[? ]func+0x19/0x1b[ [mod]]", then whitespace or the end, or
   * anything when {@code anyTail} (as the bracket-address pattern, which ends with the optional
   * module).
   */
  private static Frame symbolOffset(String line, int from, boolean anyTail, String section) {
    int n = line.length();
    int i = from;
    boolean unreliable = false;
    if (line.charAt(i) == '?') {
      i++;
      while (i < n && isRegexSpace(line.charAt(i))) {
        i++;
      }
      if (i == from + 1) {
        return null;
      }
      unreliable = true;
    }
    int symStart = i;
    if (i >= n || !isSymStart(line.charAt(i))) {
      return null;
    }
    i++;
    while (i < n && isSymChar(line.charAt(i))) {
      i++;
    }
    int symEnd = i;
    if (i < n && isRegexSpace(line.charAt(i))) {
      i++;
    }
    if (i >= n || line.charAt(i) != '+') {
      return null;
    }
    i++;
    if (i < n && isRegexSpace(line.charAt(i))) {
      i++;
    }
    int offStart = i;
    i = hexNumberEnd(line, i);
    if (i < 0 || i >= n || line.charAt(i) != '/') {
      return null;
    }
    i = hexNumberEnd(line, i + 1);
    if (i < 0) {
      return null;
    }
    int offEnd = i;
    String mod = null;
    if (i < n && !isRegexSpace(line.charAt(i))) {
      if (!anyTail) {
        return null;
      }
    } else if (i < n) {
      int j = i;
      while (j < n && isRegexSpace(line.charAt(j))) {
        j++;
      }
      if (!anyTail && j < n && line.charAt(j) != '[') {
        // syzkaller's symbolizer puts the source position before the module.
        int p = sourcePositionEnd(line, j);
        int q = p;
        while (q > 0 && q < n && isRegexSpace(line.charAt(q))) {
          q++;
        }
        if (q > p && q < n && line.charAt(q) == '[') {
          j = q;
        }
      }
      if (j < n && line.charAt(j) == '[') {
        int k = j + 1;
        while (k < n && isModChar(line.charAt(k))) {
          k++;
        }
        if (k > j + 1
            && k < n
            && line.charAt(k) == ']'
            && (anyTail || k + 1 == n || isRegexSpace(line.charAt(k + 1)))) {
          mod = line.substring(j + 1, k);
        }
      }
    }
    String sym = line.substring(symStart, symEnd);
    return new Frame(
        normalize(sym), line.substring(offStart, offEnd), mod, !unreliable, section, sym);
  }

  /** End of a "path/file.c:123" token at {@code i}, or -1. */
  private static int sourcePositionEnd(String line, int i) {
    int n = line.length();
    int k = i;
    while (k < n && (isModChar(line.charAt(k)) || line.charAt(k) == '.' || line.charAt(k) == '/')) {
      k++;
    }
    if (k == i || k >= n || line.charAt(k) != ':') {
      return -1;
    }
    int digits = ++k;
    while (k < n && line.charAt(k) >= '0' && line.charAt(k) <= '9') {
      k++;
    }
    return k == digits ? -1 : k;
  }

  /** End of "0x" and hex digits at {@code i}, or -1. */
  private static int hexNumberEnd(String line, int i) {
    if (!line.startsWith("0x", i)) {
      return -1;
    }
    int k = i + 2;
    while (k < line.length() && isHex(line.charAt(k))) {
      k++;
    }
    return k == i + 2 ? -1 : k;
  }

  private static boolean isSymStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '$';
  }

  private static boolean isSymChar(char c) {
    return isSymStart(c) || (c >= '0' && c <= '9');
  }

  private static boolean isModChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** {@code \s} of java.util.regex without UNICODE_CHARACTER_CLASS. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** Whether the line is a register-dump line (frame 0), not a call-trace entry. */
  static boolean isRegisterLine(String line) {
    return line.startsWith("RIP")
        || line.startsWith("EIP")
        || line.startsWith("pc ")
        || line.startsWith("pc:")
        || line.startsWith("epc")
        || line.startsWith("PC is at")
        || line.startsWith("NIP");
  }

  /** A C++ mangled free-function name: "_Z", then the name's length. */
  private static final Pattern MANGLED = Pattern.compile("_Z(\\d{1,3})[A-Za-z_]");

  /**
   * Normalized names by symbol: every frame of every report is normalized, over the few thousand
   * symbols a fleet's kernels print. It also keeps the regexes out of the per-frame readers, whose
   * compiled code they made several times larger.
   */
  private static final Memo<String, String> NORMALIZED = new Memo<>(16_384);

  /** Removes compiler clone suffixes: {@code do_softirq.part.21} becomes {@code do_softirq}. */
  static String normalize(String symbol) {
    return NORMALIZED.get(symbol, FrameFormats::normalizeUncached);
  }

  private static String normalizeUncached(String symbol) {
    if (symbol.startsWith("_R")) {
      // Kernel Rust (v0 mangling): the demangled path, as people and syzbot name the function.
      String rust = RustSymbols.demangle(symbol);
      if (rust != null) {
        return rust;
      }
    }
    Matcher mangled = symbol.startsWith("_Z") ? MANGLED.matcher(symbol) : null;
    if (mangled != null && mangled.lookingAt()) {
      // C++ (Itanium ABI) free function "_Z<len><name><params>": the source name is the length-
      // prefixed part; parameter encodings would split one function into several names.
      int len = Integer.parseInt(mangled.group(1));
      int from = mangled.end(1);
      if (len > 0 && from + len <= symbol.length()) {
        symbol = symbol.substring(from, from + len);
      }
    }
    if (symbol.indexOf('.') < 0) {
      return symbol;
    }
    String s = CLONE_SUFFIX.matcher(symbol).replaceFirst("");
    return s.isEmpty() ? symbol : s;
  }

  /** The stack section a marker line opens, or null when the line is no marker. */
  static String sectionMarker(String line, String current) {
    if (line.isEmpty() || line.charAt(0) != '<') {
      return null;
    }
    return section(line.trim());
  }

  /**
   * Where the frame printed after a section marker on the same line starts, or -1. x86 kernels
   * before 4.9 printed the marker and the stack's first frame as one line (" <IRQ> [<ffffffff81>]
   * f+0x1/0x2", " <<EOE>> [<...>] g+0x3/0x4"): the marker opens the section, the rest is a frame.
   */
  static int frameAfterMarker(String line) {
    if (line.isEmpty() || line.charAt(0) != '<') {
      return -1;
    }
    int end = line.indexOf(' ');
    if (end < 0 || section(line.substring(0, end)) == null) {
      return -1;
    }
    while (end < line.length() && line.charAt(end) == ' ') {
      end++;
    }
    return end < line.length() ? end : -1;
  }

  private static String section(String marker) {
    return switch (marker) {
      // x86 irq/nmi/softirq stacks, printed since 4.x around the frames of that stack.
      case "<IRQ>" -> "irq";
      case "<NMI>" -> "nmi";
      case "<SOFTIRQ>" -> "softirq";
      case "<#DF>", "<#MC>", "<#DB>" -> "exception";
      // Closing markers; 3.x's "<EOI>" ends the irq stack and "<<EOE>>" an exception stack.
      case "</IRQ>", "</NMI>", "</SOFTIRQ>", "<EOI>", "<<EOE>>", "<EOE>", "<#DF>>" -> "task";
      default -> null;
    };
  }
}
