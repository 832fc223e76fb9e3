package dev.oopslake.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte-level prefilter run on every line before any regex: could a crash header start here? Its
 * tables are derived from the crash class table, the triggers of {@link CrashClasses#ALL} and the
 * subsystem prefixes {@link CrashClasses#SUB_PREFIXES}, so adding a class never needs an edit here.
 * Every test is a superset of {@link CrashClasses#match}: a line it lets through costs the exact
 * test, a line it stops is certainly no header.
 */
final class HeaderPrefilter {
  private HeaderPrefilter() {}

  /** Every literal a header may start with: the table's triggers and subsystem prefixes. */
  static List<String> literals() {
    List<String> literals = new ArrayList<>();
    for (CrashClass c : CrashClasses.ALL) {
      literals.add(c.trigger());
    }
    literals.addAll(CrashClasses.SUB_PREFIXES);
    return literals;
  }

  /** Distinct triggers and sub-prefixes indexed by their first byte, for the byte prefilter. */
  private static final byte[][][] BY_FIRST_BYTE = new byte[256][][];

  private static final boolean[] FIRST_BYTE = new boolean[256];

  /**
   * First four bytes of every trigger/sub-prefix of that length or more, as little-endian ints in
   * an open-addressing table (0: empty slot; no literal starts with NULs).
   */
  private static final int[] FIRST_FOUR = new int[256];

  /** First two bytes of the literals shorter than four bytes ("[ "). */
  private static final boolean[] SHORT_LITERAL_TWO = new boolean[1 << 16];

  private static void addFour(int key) {
    int h = (key * 0x9E3779B9) >>> 24;
    while (FIRST_FOUR[h] != 0 && FIRST_FOUR[h] != key) {
      h = (h + 1) & 255;
    }
    FIRST_FOUR[h] = key;
  }

  /** Whether some trigger or sub-prefix may start at {@code d[p]}: its first four bytes agree. */
  static boolean literalMayStartAt(byte[] d, int p) {
    if (SHORT_LITERAL_TWO[(d[p] & 0xff) << 8 | (d[p + 1] & 0xff)]) {
      return true;
    }
    int key = LogLines.intAt(d, p);
    int h = (key * 0x9E3779B9) >>> 24;
    while (true) {
      int k = FIRST_FOUR[h];
      if (k == key) {
        return true;
      }
      if (k == 0) {
        return false;
      }
      h = (h + 1) & 255;
    }
  }

  /** First two bytes of every trigger/sub-prefix, indexed {@code b0 << 8 | b1}. */
  private static final boolean[] FIRST_TWO = new boolean[1 << 16];

  static {
    List<List<byte[]>> buckets = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      buckets.add(new ArrayList<>());
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    List<String> literals = literals();
    for (String lit : literals) {
      if (seen.add(lit)) {
        byte[] b = lit.getBytes(StandardCharsets.US_ASCII);
        buckets.get(b[0] & 0xff).add(b);
        FIRST_BYTE[b[0] & 0xff] = true;
        FIRST_TWO[(b[0] & 0xff) << 8 | (b[1] & 0xff)] = true;
        if (b.length >= 4) {
          addFour(LogLines.intAt(b, 0));
        } else {
          SHORT_LITERAL_TWO[(b[0] & 0xff) << 8 | (b[1] & 0xff)] = true;
        }
      }
    }
    for (int i = 0; i < 256; i++) {
      BY_FIRST_BYTE[i] = buckets.get(i).toArray(new byte[0][]);
    }
  }

  private static boolean triggerAt(LogLines lines, int p, int e) {
    byte[] d = lines.data();
    if (e - p < 2 || !FIRST_TWO[(d[p] & 0xff) << 8 | (d[p + 1] & 0xff)]) {
      return false;
    }
    for (byte[] t : BY_FIRST_BYTE[d[p] & 0xff]) {
      if (lines.regionMatches(p, e, t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Cheap byte test run on every line: could the message start a report? Only lines passing it are
   * decoded and matched against the regexes.
   */
  static boolean mayBeHeader(LogLines lines, int line) {
    int p = lines.start(line);
    int e = lines.end(line);
    if (p >= e) {
      return false;
    }
    return FIRST_BYTE[lines.data()[p] & 0xff] && triggerAt(lines, p, e);
  }

  /**
   * A superset of {@link #mayBeHeader} for the sieve run on every line: one table lookup on the
   * message's first two bytes, no branch on the first byte alone (which varies line by line).
   */
  static boolean mayStartHeader(LogLines lines, int line) {
    int p = lines.start(line);
    byte[] d = lines.data();
    return lines.end(line) - p >= 2 && FIRST_TWO[(d[p] & 0xff) << 8 | (d[p + 1] & 0xff)];
  }

  /**
   * First half of a superset of {@link ReportLocator#mayHoldHeader} for a line that had a plain
   * timestamp, computed before the line's end is known (the CPU overlaps it with the newline
   * search): {@code p} is where the message starts, 40 bytes from it are readable, {@code pairs} is
   * {@link LogLines#colonSpacePairs} at {@code p}. Returns the offset of the first separator (32:
   * none) | {@link #SIEVE_AFTER} when a header or '[' may follow it | {@link #SIEVE_START} when a
   * header may start the message. Table lookups, no branch on what the message says.
   */
  static int plainSieveBits(byte[] d, int p, int pairs) {
    boolean start = FIRST_TWO[(d[p] & 0xff) << 8 | (d[p + 1] & 0xff)];
    int first = Integer.numberOfTrailingZeros(pairs & ~1);
    int q = p + first + 2;
    // More spaces after the separator: whatever follows is for the exact test.
    boolean after = AFTER_SEPARATOR[(d[q] & 0xff) << 8 | (d[q + 1] & 0xff)] | d[q] == ' ';
    return first | (after ? SIEVE_AFTER : 0) | (start ? SIEVE_START : 0);
  }

  static final int SIEVE_AFTER = 64;
  static final int SIEVE_START = 128;

  /**
   * Second half: whether the line {@code [p, e)} may hold a header given {@link #plainSieveBits}.
   * The separator counts only inside the window, with its space before the line's end. Where the
   * two-byte tables agree, the first four bytes are checked too ("usb 1-1" against "usercopy: ",
   * "[mem" against a decoration): a line let through costs the exact test.
   */
  static boolean plainSieveVerdict(byte[] d, int bits, int p, int e) {
    int win = Math.min(e - p, MID_LINE_WINDOW);
    boolean mid = (bits & SIEVE_AFTER) != 0 & (bits & 63) <= win - 2;
    boolean start = (bits & SIEVE_START) != 0;
    if (!(start | mid)) {
      return false;
    }
    return (start && literalMayStartAt(d, p))
        || (mid && mayMatterAfterSeparator(d, p + (bits & 63) + 2));
  }

  /**
   * Whether what follows a separator at {@code q} may be a header, or a decoration {@link
   * LogLines#skipDecorationsAt} may skip, or more spaces.
   */
  private static boolean mayMatterAfterSeparator(byte[] d, int q) {
    byte b = d[q];
    if (b == ' ') {
      return true;
    }
    if (b == '[') {
      byte n = d[q + 1];
      return n == ' ' || n == 'T' || n == 'C' || (n >= '0' && n <= '9') || d[q + 6] == '.';
    }
    return literalMayStartAt(d, q);
  }

  /** How far into a line a header may start after other text ("syzkaller login: BUG: ..."). */
  private static final int MID_LINE_WINDOW = 32;

  /**
   * The offset in the line's message where a header may start after a separator (": ", "] ", "**
   * "), or -1. Console output is not line-atomic: a login prompt, a device prefix ("usb 5-1: ") or
   * a dropped-messages note can precede a header on the same line.
   */
  static int midLineHeader(LogLines lines, int line) {
    int q = midLineSeparator(lines, line);
    if (q < 0) {
      return -1;
    }
    int end = lines.end(line);
    byte[] d = lines.data();
    if (q < end && d[q] == '[') {
      q = lines.skipDecorationsAt(line, q);
    }
    if (q < end && FIRST_BYTE[d[q] & 0xff] && d[q] != '[' && triggerAt(lines, q, end)) {
      return q - lines.start(line);
    }
    return -1;
  }

  /**
   * Whether {@link #midLineHeader} may find a header on the line, or would look at decorations
   * after its separator (which records the caller id it finds there): a byte test without side
   * effects, run on every line while it is split. A superset of {@link #midLineHeader}: it takes
   * the first ": " in the same window, without the 40-byte limit on the raw line's first colon.
   */
  static boolean mayHaveMidLineHeader(LogLines lines, int line) {
    int p = lines.start(line);
    byte[] d = lines.data();
    if (p + MID_LINE_WINDOW + 1 > d.length) {
      // The last bytes of the buffer: too few for the word-wise test.
      return midLineCandidateAt(lines, line, midLineSeparator(lines, line));
    }
    return mayHaveMidLineHeader(lines, line, LogLines.colonSpacePairs(d, p));
  }

  /**
   * {@link #mayHaveMidLineHeader} given {@link LogLines#colonSpacePairs} at the message start. Bit
   * k of {@code pairs}: a ':' at start+k followed by ' '; only k in [1, window-2] count (the
   * separator's space inside the window). Word-wise and without branches: which noise line has a
   * separator where is random, and a mispredicted branch per line costs more than the whole test.
   */
  static boolean mayHaveMidLineHeader(LogLines lines, int line, int pairs) {
    int p = lines.start(line);
    int end = lines.end(line);
    int win = Math.min(end - p, MID_LINE_WINDOW);
    if (win < 3) {
      return false;
    }
    int inWindow = pairs & ((int) ((1L << (win - 1)) - 1) & ~1);
    if (inWindow == 0) {
      return false;
    }
    byte[] d = lines.data();
    int q = p + Integer.numberOfTrailingZeros(inWindow) + 2;
    while (q < end && d[q] == ' ') {
      q++;
    }
    if (q + 1 >= end) {
      return midLineCandidateAt(lines, line, q);
    }
    // One lookup on the two bytes after the separator rather than a branch on the first: what
    // follows "usb 1-1: " or "ACPI: " varies line by line.
    return AFTER_SEPARATOR[(d[q] & 0xff) << 8 | (d[q + 1] & 0xff)]
        && midLineCandidateAt(lines, line, q);
  }

  /** The first two bytes of every trigger/sub-prefix, and '[' with any byte after it. */
  private static final boolean[] AFTER_SEPARATOR = FIRST_TWO.clone();

  static {
    for (int b = 0; b < 256; b++) {
      AFTER_SEPARATOR['[' << 8 | b] = true;
    }
  }

  private static boolean midLineCandidateAt(LogLines lines, int line, int q) {
    int end = lines.end(line);
    byte[] d = lines.data();
    if (q < 0 || q >= end) {
      return false;
    }
    if (d[q] == '[') {
      // "pci 0000:00:1f.2: [8086:2922] type 00", "sd 0:0:0:0: [sda]": what midLineHeader decides
      // after the decorations it skips, unless it would change the caller id on the way.
      int r = lines.decorationsEndWithoutEffects(line, q);
      if (r < 0) {
        return true;
      }
      q = r;
      if (q >= end || d[q] == '[') {
        return false;
      }
    }
    return FIRST_BYTE[d[q] & 0xff] && triggerAt(lines, q, end);
  }

  /**
   * The first byte after the first ": " separator within {@link #MID_LINE_WINDOW} bytes of the
   * message (and the spaces after it), or -1. Only the first separator counts: what follows a
   * prompt or a device name.
   */
  private static int midLineSeparator(LogLines lines, int line) {
    int p = lines.start(line);
    int end = lines.end(line);
    int e = Math.min(end, p + MID_LINE_WINDOW);
    byte[] d = lines.data();
    int first = lines.firstColon(line);
    if (first < 0 || first >= e - 1) {
      return -1;
    }
    int i = first > p ? first : p + 1;
    while (i < e - 2) {
      int colon = i == first ? first : LogLines.indexOfByte(d, i, e - 1, (byte) ':');
      if (colon < 0) {
        return -1;
      }
      if (d[colon + 1] != ' ') {
        // "pci 0000:00:01.1: " - a colon inside a word is no separator.
        i = colon + 1;
        continue;
      }
      int q = colon + 2;
      while (q < end && d[q] == ' ') {
        q++;
      }
      return q;
    }
    return -1;
  }
}
