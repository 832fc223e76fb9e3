package dev.oopslake.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A kernel log split into lines in one pass over its bytes, with each line's printk decorations
 * located: the content start skips dmesg timestamps ({@code [ 123.456789]}), CPU columns ({@code [
 * 14]}), printk caller ids ({@code [T1234]}, {@code [C14]}), {@code <N>} levels and syslog/journal
 * prefixes ({@code Nov 21 03:12:44 host kernel: }). Nothing is decoded to a String until asked, so
 * the bulk of a boot log costs only the byte scan.
 */
final class LogLines {

  /** Caller id of a line without a {@code [T..]}/{@code [C..]} field. */
  static final int NO_CALLER = 0;

  private final byte[] data;
  private final int offset;
  private final int limit;
  private int count;
  private int[] contentStart;
  private int[] end;

  /** Caller ids by line; null until the first line with one (most logs have none). */
  private int[] caller;

  private String[] text;

  /** Lines that {@link ReportLocator#mayHoldHeader} kept while splitting, in order. */
  private int[] candidates = new int[16];

  private int candidateCount;

  /** The first line whose message starts with "Linux version ", or -1. */
  private int linuxVersionLine = -1;

  private static final byte[] LINUX_VERSION = "Linux version ".getBytes(StandardCharsets.US_ASCII);

  private LogLines(byte[] data, int offset, int limit, int expectedLines) {
    this.data = data;
    this.offset = offset;
    this.limit = limit;
    // Two arrays per line, no more: a megabyte of log has ~13,000 lines, and zeroing the arrays
    // of a fresh split is a measurable part of it.
    int cap = Math.max(16, expectedLines);
    contentStart = new int[cap];
    end = new int[cap];
  }

  /** Splits {@code data[offset, offset+length)} into lines; CR before LF and NULs are tolerated. */
  static LogLines split(byte[] data, int offset, int length) {
    LogLines lines = new LogLines(data, offset, offset + length, length / 64);
    int limit = offset + length;
    // A line starting up to here has the ROOM bytes the timestamp test and the word-wise separator
    // test read inside the array (past the line's end, maybe; the results are checked against it).
    int roomy = data.length - ROOM;
    int pos = offset;
    while (pos < limit) {
      // What depends only on where the line starts comes before the newline search: the CPU runs
      // it alongside that search, whose end it cannot predict.
      boolean stamped = false;
      if (pos <= roomy && pos + 16 <= limit) {
        long w0 = (long) LONGS.get(data, pos);
        long w1 = (long) LONGS.get(data, pos + 8);
        // A plain timestamp without a '\n' in its unchecked digits: the search starts after it.
        stamped = plainTimestamp(w0, w1) && !hasByte(w0, NEWLINES) && !hasByte(w1, NEWLINES);
      }
      int pairs = 0;
      int sieve = 0;
      int nl;
      if (stamped) {
        int p = pos + TIMESTAMP_BYTES;
        // The message's bytes 1..16 as two words, shared by the separator and newline tests.
        long w2 = (long) LONGS.get(data, pos + 16);
        long w3 = (long) LONGS.get(data, pos + 24);
        pairs =
            (colonSpaceBits(w2, (long) LONGS.get(data, pos + 17))
                    | colonSpaceBits(w3, (long) LONGS.get(data, pos + 25)) << 8)
                << 1;
        if (pairs == 0) {
          // Most separators ("usb 1-1: ", "ACPI: ") end within 16 bytes; look further only then.
          pairs = colonSpacePairs(data, p);
        }
        sieve = HeaderPrefilter.plainSieveBits(data, p, pairs);
        if (pos + 32 <= limit) {
          long t2 = newlineBytes(w2);
          long t3 = newlineBytes(w3);
          nl =
              t2 != 0
                  ? pos + 16 + (Long.numberOfTrailingZeros(t2) >>> 3)
                  : t3 != 0
                      ? pos + 24 + (Long.numberOfTrailingZeros(t3) >>> 3)
                      : indexOfNewline(data, pos + 32, limit);
        } else {
          nl = indexOfNewline(data, pos + 16, limit);
        }
      } else {
        nl = indexOfNewline(data, pos, limit);
      }
      // CRLF logs (Windows copies, serial consoles): the CR is not content.
      int raw = nl;
      while (raw > pos && (data[raw - 1] == '\r' || data[raw - 1] == 0)) {
        raw--;
      }
      // Nor is the padding a terminal or a copy from one leaves after the text ("Preemption
      // disabled at:   "); decorations are still read up to the raw end, blanks and all.
      int e = raw;
      while (e > pos && isLineEndPadding(data[e - 1])) {
        e--;
      }
      int line = lines.count;
      // stripPrefixes' own fast path, taken when the timestamp lies inside the line.
      boolean plain = stamped && pos + TIMESTAMP_BYTES < e;
      lines.add(pos, raw, e, plain);
      if (lines.linuxVersionLine < 0 && lines.startsWith(line, LINUX_VERSION)) {
        lines.linuxVersionLine = line;
      }
      // Sieved here, on bytes just read: the locator then visits the few kept lines only.
      if (plain
          ? HeaderPrefilter.plainSieveVerdict(data, sieve, pos + TIMESTAMP_BYTES, e)
              && ReportLocator.mayHoldHeader(lines, line, pairs)
          : ReportLocator.mayHoldHeader(lines, line)) {
        lines.addCandidate(line);
      }
      pos = nl + 1;
    }
    return lines;
  }

  /**
   * Bytes after a line's start read before its end is known: the timestamp, 33 bytes of separator
   * test and the two bytes after the last possible separator.
   */
  private static final int ROOM = 56;

  /** Length of "[%5lu.%06lu] ", the dmesg timestamp and its space. */
  private static final int TIMESTAMP_BYTES = 15;

  /**
   * Whether {@code d[p..]} starts with "[%5lu.%06lu] " followed by the message itself (not a caller
   * id, a CPU column or indentation): the bytes {@link #stripPrefixes} checks for its fast path.
   * Needs 16 bytes from {@code p}.
   */
  private static boolean plainTimestampAt(byte[] d, int p) {
    return plainTimestamp((long) LONGS.get(d, p), (long) LONGS.get(d, p + 8));
  }

  /**
   * {@link #plainTimestampAt} on the line's first 16 bytes as two little-endian words: '[' at 0,
   * digits at 5 and 12, '.' at 6, ']' at 13, ' ' at 14; the other digits are not checked.
   */
  private static boolean plainTimestamp(long w0, long w1) {
    if ((w0 & 0x00FF_0000_0000_00FFL) != 0x002E_0000_0000_005BL
        || (w1 & 0x00FF_FF00_0000_0000L) != 0x0020_5D00_0000_0000L
        || !isDigit((byte) (w0 >>> 40))
        || !isDigit((byte) (w1 >>> 32))) {
      return false;
    }
    byte c = (byte) (w1 >>> 56);
    return c != ' ' && c != '[' && c != '\t' && c != '<' && c != '*';
  }

  /** Whether a byte of {@code w} equals the byte repeated in {@code pattern}. */
  private static boolean hasByte(long w, long pattern) {
    long x = w ^ pattern;
    return ((x - ONES) & ~x & HIGHS) != 0;
  }

  /** The first line whose message starts with "Linux version " (the boot banner), or -1. */
  int linuxVersionLine() {
    return linuxVersionLine;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** Bytes from a line's raw start in which the first ':' is looked for. */
  private static final int COLON_BYTES = 40;

  /**
   * The next '\n' in [from, to), or {@code to}. Reads eight bytes at a time (SWAR): the lowest byte
   * flagged by the zero-byte test is exact, which is the only one used.
   */
  static int indexOfNewline(byte[] d, int from, int to) {
    int i = from;
    while (i + 8 <= to) {
      long x = (long) LONGS.get(d, i) ^ NEWLINES;
      long t = (x - ONES) & ~x & HIGHS;
      if (t != 0) {
        return i + (Long.numberOfTrailingZeros(t) >>> 3);
      }
      i += 8;
    }
    while (i < to && d[i] != '\n') {
      i++;
    }
    return i;
  }

  /** The first {@code b} in [from, to), or -1; eight bytes at a time like the newline search. */
  static int indexOfByte(byte[] d, int from, int to, byte b) {
    long pattern = (b & 0xffL) * ONES;
    int i = from;
    while (i + 8 <= to) {
      long x = (long) LONGS.get(d, i) ^ pattern;
      long t = (x - ONES) & ~x & HIGHS;
      if (t != 0) {
        return i + (Long.numberOfTrailingZeros(t) >>> 3);
      }
      i += 8;
    }
    while (i < to) {
      if (d[i] == b) {
        return i;
      }
      i++;
    }
    return -1;
  }

  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** The four bytes at {@code p} as a little-endian int. */
  static int intAt(byte[] d, int p) {
    return (int) INTS.get(d, p);
  }

  private static final long LOWS7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long COLONS = 0x3A3A3A3A3A3A3A3AL;
  private static final long SPACES = 0x2020202020202020L;

  /** 0x80 in each byte of {@code x} equal to the byte repeated in {@code pattern}; exact. */
  private static long equalBytes(long x, long pattern) {
    long v = x ^ pattern;
    return ~(((v & LOWS7) + LOWS7) | v | LOWS7);
  }

  /** Bit k set when byte k of {@code m} is 0x80 (m holds only 0x80 and 0 bytes). */
  private static int gather(long m) {
    return (int) (((m >>> 7) * 0x0102040810204080L) >>> 56);
  }

  /**
   * Bit k (0..7): byte k of {@code w} is ':' and byte k of {@code next} (the word one byte on) ' '.
   */
  private static int colonSpaceBits(long w, long next) {
    return gather(equalBytes(w, COLONS) & equalBytes(next, SPACES));
  }

  /** The zero-byte flags of the newline search: the lowest is exact. */
  private static long newlineBytes(long w) {
    long x = w ^ NEWLINES;
    return (x - ONES) & ~x & HIGHS;
  }

  /**
   * Bit k (0..31) set when {@code d[p+k] == ':'} and {@code d[p+k+1] == ' '}; reads 33 bytes from
   * {@code p}, which the caller makes sure exist.
   */
  static int colonSpacePairs(byte[] d, int p) {
    int m0 =
        gather(
            equalBytes((long) LONGS.get(d, p), COLONS)
                & equalBytes((long) LONGS.get(d, p + 1), SPACES));
    int m1 =
        gather(
            equalBytes((long) LONGS.get(d, p + 8), COLONS)
                & equalBytes((long) LONGS.get(d, p + 9), SPACES));
    int m2 =
        gather(
            equalBytes((long) LONGS.get(d, p + 16), COLONS)
                & equalBytes((long) LONGS.get(d, p + 17), SPACES));
    int m3 =
        gather(
            equalBytes((long) LONGS.get(d, p + 24), COLONS)
                & equalBytes((long) LONGS.get(d, p + 25), SPACES));
    return m0 | m1 << 8 | m2 << 16 | m3 << 24;
  }

  /** Whether the line's message contains byte {@code b}. */
  boolean contains(int line, byte b) {
    return indexOfByte(data, contentStart[line], end[line], b) >= 0;
  }

  /** {@code plain}: the line starts with a plain timestamp (see {@link #plainTimestampAt}). */
  private void add(int start, int raw, int e, boolean plain) {
    if (count == end.length) {
      int cap = count * 2;
      contentStart = Arrays.copyOf(contentStart, cap);
      end = Arrays.copyOf(end, cap);
      if (caller != null) {
        caller = Arrays.copyOf(caller, cap);
      }
    }
    end[count] = e;
    // A new line has no caller id yet: the plain case needs nothing of stripPrefixes.
    // A decoration before an empty message ends in the blank that is no part of the line.
    contentStart[count] =
        plain ? start + TIMESTAMP_BYTES : Math.min(stripPrefixes(start, raw, count), e);
    count++;
  }

  private void setCaller(int line, int id) {
    if (caller == null) {
      if (id == NO_CALLER) {
        return;
      }
      caller = new int[end.length];
    }
    caller[line] = id;
  }

  private static boolean isLineEndPadding(byte b) {
    return b == '\r' || b == 0 || b == ' ' || b == '\t';
  }

  /** Where the raw line starts (before decorations): after the previous line's '\n'. */
  int rawStart(int line) {
    if (line == 0) {
      return offset;
    }
    // Only CRs, NULs and trailing blanks lie between the previous line's end and its '\n'.
    int s = end[line - 1];
    while (data[s] != '\n') {
      s++;
    }
    return s + 1;
  }

  /**
   * Where the raw line ends: before its '\n' and any CR or NUL, but after trailing blanks, which
   * {@link #end} leaves out. A line cut at a terminal's width may end in a space of its text.
   */
  int rawEnd(int line) {
    int e = end[line];
    while (e < limit && data[e] != '\n') {
      e++;
    }
    while (e > end[line] && (data[e - 1] == '\r' || data[e - 1] == 0)) {
      e--;
    }
    return e;
  }

  private void addCandidate(int line) {
    if (candidateCount == candidates.length) {
      candidates = Arrays.copyOf(candidates, candidateCount * 2);
    }
    candidates[candidateCount++] = line;
  }

  /** How many lines the header sieve kept. */
  int candidateCount() {
    return candidateCount;
  }

  /** The {@code k}-th line the header sieve kept; ascending in {@code k}. */
  int candidate(int k) {
    return candidates[k];
  }

  /**
   * Skips the decorations printk, the console and log collectors put in front of a message. Loops
   * because they stack: a syslog prefix before a dmesg timestamp before a caller id.
   */
  private int stripPrefixes(int p, int e, int line) {
    return stripPrefixes(p, e, line, true);
  }

  /**
   * {@link #stripPrefixes}; without {@code record} it changes nothing and returns {@link
   * #CALLER_ID} where it would record a caller id.
   */
  private int stripPrefixes(int p, int e, int line, boolean record) {
    if (record) {
      setCaller(line, NO_CALLER);
    }
    if (p + TIMESTAMP_BYTES < e && plainTimestampAt(data, p)) {
      // The common case, "[%5lu.%06lu] message": nothing else can follow a dmesg timestamp
      // except a caller id, a CPU column or the message's own indentation.
      return p + TIMESTAMP_BYTES;
    }
    for (int guard = 0; guard < 8 && p < e; guard++) {
      byte b = data[p];
      int after;
      if (b == '[') {
        if (isTimestampAt(p, e)) {
          // The common dmesg timestamp "[%5lu.%06lu]".
          p += 14;
          continue;
        }
        int close = bracketEnd(p, e, line, record);
        if (close == CALLER_ID) {
          return CALLER_ID;
        }
        if (close < 0) {
          break;
        }
        p = close + 1;
      } else if (b == '<') {
        // printk level "<3>" or "<3>[" from /dev/kmsg-style dumps.
        int q = p + 1;
        while (q < e && q < p + 5 && data[q] >= '0' && data[q] <= '9') {
          q++;
        }
        if (q == p + 1 || q >= e || data[q] != '>') {
          break;
        }
        p = q + 1;
      } else if (b == ' ' || b == '\t') {
        p++;
      } else if (b == '>' && p + 1 < e && (data[p + 1] == ' ' || data[p + 1] == '>')) {
        // A log quoted in a mail reply or a tracker comment: "> [  812.331102] BUG: ...".
        p++;
      } else if (b == '*' && p + 1 < e && data[p + 1] == '*') {
        // printk's "** 93 printk messages dropped ** " note before the next message.
        int k = indexOf(STARS, p + 2, Math.min(e, p + 64));
        if (k < 0) {
          break;
        }
        p = k + STARS.length;
      } else if (isDigit(b) && (after = afterKmsgFields(p, e)) > 0) {
        // /dev/kmsg records as read raw: "4,1234,5678901,-;message" (level,seq,usec,flags;).
        p = after;
      } else if (isDigit(b) && (after = afterRfc5424Header(p, e)) > 0) {
        // RFC 5424 syslog after its "<4>": "1 2026-12-07T16:37:20.1+00:00 host kernel - - - ".
        p = after;
      } else if (isLower(b) && (after = afterFacilityLevel(p, e)) > 0) {
        // dmesg -x: "kern  :warn  : message".
        p = after;
      } else if (isGoLogTime(p, e)) {
        // "2018/01/09 14:28:48 " from a Go logger (test harnesses) capturing the console.
        p += 20;
      } else if (isSyslogStart(p, e)) {
        // The tag is a word of its own: a message's "rust_kernel: panicked" is no tag.
        int k = indexOf(SPACED_KERNEL_TAG, p, Math.min(e, p + 120));
        if (k >= 0) {
          p = k + SPACED_KERNEL_TAG.length;
          continue;
        }
        // No program tag: netconsole's raw UDP lines as a syslog server stores them ("Dec  7
        // 19:07:01 10.1.2.3 [12345.678901] BUG: ..."), or a log shipper's own prefix. The kernel's
        // timestamp, when the line has one, is where its record starts; else the date and host.
        int window = Math.min(e, p + SHIPPED_PREFIX_WINDOW);
        k = timestampIn(p, window, window);
        if (k < 0) {
          k = afterSyslogHost(p, e);
        }
        if (k < 0) {
          break;
        }
        p = k;
      } else if (b == 'k' && startsWith(p, e, KERNEL_TAG)) {
        // A syslog line with its date cut off (grep -o, cut -d' ' -f5-): "kernel: [ 1.2] ...".
        p += KERNEL_TAG.length;
      } else {
        int k = afterConsoleNoise(p, e);
        if (k < 0) {
          break;
        }
        p = k;
      }
    }
    while (p < e && (data[p] == ' ' || data[p] == '\t')) {
      p++;
    }
    return p;
  }

  private static final byte[] STARS = " ** ".getBytes(StandardCharsets.US_ASCII);

  /** How far into a line console noise may push the kernel's own decorations. */
  private static final int NOISE_WINDOW = 64;

  /**
   * The dmesg timestamp after what a program wrote to the console on the same line, or -1. The
   * console is shared: a progress line ended by a carriage return, colour escapes, a BEL or a cut
   * multi-byte character can precede the kernel's record without a newline. Only a prefix holding
   * such a byte counts, so plain text that mentions "[ 1.000000]" keeps its place.
   */
  private int afterConsoleNoise(int p, int e) {
    int k = timestampIn(p, Math.min(e, p + NOISE_WINDOW), e);
    if (k < 0) {
      return -1;
    }
    for (int i = p; i < k; i++) {
      int b = data[i] & 0xff;
      if (b < 0x20 && b != '\t' || b == 0x7f || b >= 0x80) {
        return k;
      }
    }
    return -1;
  }

  private boolean isGoLogTime(int p, int e) {
    return e - p > 20
        && data[p + 4] == '/'
        && data[p + 7] == '/'
        && data[p + 10] == ' '
        && data[p + 13] == ':'
        && data[p + 16] == ':'
        && data[p + 19] == ' '
        && data[p] >= '0'
        && data[p] <= '9';
  }

  private static final byte[] KERNEL_TAG = "kernel: ".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] SPACED_KERNEL_TAG = " kernel: ".getBytes(StandardCharsets.US_ASCII);

  /** How far into a syslog line without a program tag the kernel's timestamp is looked for. */
  private static final int SHIPPED_PREFIX_WINDOW = 96;

  /**
   * Where the first dmesg timestamp "[%5lu.%06lu]" starting in [p, limit) and ending before {@code
   * e} starts, or -1.
   */
  private int timestampIn(int p, int limit, int e) {
    int k = indexOfByte(data, p, limit, (byte) '[');
    while (k >= 0 && !isTimestampAt(k, e)) {
      k = indexOfByte(data, k + 1, limit, (byte) '[');
    }
    return k;
  }

  /** Whether "[%5lu.%06lu]" starts at {@code k} and ends before {@code e}. */
  private boolean isTimestampAt(int k, int e) {
    return k + 13 < e
        && data[k + 13] == ']'
        && data[k + 6] == '.'
        && isDigit(data[k + 12])
        && isDigit(data[k + 5]);
  }

  /**
   * Where the message starts after a syslog record's date and host ("Dec 7 19:07:01 host " or
   * "2026-12-07T19:07:01.123+00:00 host "), or -1.
   */
  private int afterSyslogHost(int p, int e) {
    int q;
    if (data[p] >= 'A' && data[p] <= 'Z') {
      if (data[p + 9] != ':' || data[p + 12] != ':' || data[p + 15] != ' ') {
        return -1;
      }
      q = p + 16;
    } else {
      int space = indexOfByte(data, p, Math.min(e, p + 40), (byte) ' ');
      if (space < 0) {
        return -1;
      }
      q = space + 1;
    }
    int space = indexOfByte(data, q, Math.min(e, q + 64), (byte) ' ');
    return space < 0 || space + 1 >= e ? -1 : space + 1;
  }

  private boolean startsWith(int p, int e, byte[] prefix) {
    return e - p >= prefix.length
        && Arrays.equals(data, p, p + prefix.length, prefix, 0, prefix.length);
  }

  /**
   * Whether a line starts like a syslog/journal record: {@code Nov 21 03:12:44 } or an ISO time
   * {@code 2024-11-21T03:12:44}. Only then is "kernel: " searched for.
   */
  private boolean isSyslogStart(int p, int e) {
    if (e - p < 16) {
      return false;
    }
    byte b0 = data[p];
    if (b0 >= 'A' && b0 <= 'Z') {
      return data[p + 3] == ' ' && isLower(data[p + 1]) && isLower(data[p + 2]);
    }
    if (b0 >= '0' && b0 <= '9') {
      return data[p + 4] == '-'
          && data[p + 7] == '-'
          && (data[p + 10] == 'T' || data[p + 10] == ' ');
    }
    return false;
  }

  private static final byte[] KERNEL_APP = "kernel ".getBytes(StandardCharsets.US_ASCII);

  /**
   * Where the message starts after an RFC 5424 header from the version on (VERSION TIMESTAMP
   * HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA), or -1; only the kernel's own records count.
   */
  private int afterRfc5424Header(int p, int e) {
    if (e - p < 24 || data[p + 1] != ' ' || !isSyslogStart(p + 2, e)) {
      return -1;
    }
    int q = p + 2;
    for (int field = 0; field < 5; field++) {
      if (field == 2
          && !(q + KERNEL_APP.length <= e
              && Arrays.equals(data, q, q + KERNEL_APP.length, KERNEL_APP, 0, KERNEL_APP.length))) {
        return -1;
      }
      int space = indexOfByte(data, q, Math.min(e, q + 256), (byte) ' ');
      if (space < 0) {
        return -1;
      }
      q = space + 1;
    }
    // Structured data: "-", or one or more "[id param=...]".
    if (q < e && data[q] == '-') {
      q++;
    } else {
      while (q < e && data[q] == '[') {
        int close = indexOfByte(data, q, e, (byte) ']');
        if (close < 0) {
          return -1;
        }
        q = close + 1;
      }
    }
    return q < e && data[q] == ' ' ? q + 1 : -1;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean isLower(byte b) {
    return b >= 'a' && b <= 'z';
  }

  /** What the side-effect-free prefix skip returns where a caller id would be recorded. */
  private static final int CALLER_ID = -2;

  /**
   * The index of the ']' closing a printk decoration at {@code p}, or -1 when the bracket holds
   * something else (a frame address {@code [<ffff...>]}, a module name). Records a caller id, or
   * without {@code record} returns {@link #CALLER_ID} for one.
   */
  private int bracketEnd(int p, int e, int line, boolean record) {
    int q = p + 1;
    int limit = Math.min(e, p + 24);
    while (q < limit && data[q] == ' ') {
      q++;
    }
    if (q >= limit) {
      return -1;
    }
    byte first = data[q];
    if (first == 'T' || first == 'C') {
      // printk caller id: [T1234] task or [C14] cpu context.
      int r = q + 1;
      int v = 0;
      while (r < limit && data[r] >= '0' && data[r] <= '9') {
        v = v * 10 + (data[r] - '0');
        r++;
      }
      if (r == q + 1 || r >= limit || data[r] != ']') {
        return -1;
      }
      if (!record) {
        return CALLER_ID;
      }
      setCaller(line, first == 'T' ? v + 1 : -(v + 1));
      return r;
    }
    if (first == '+' && q + 1 < limit) {
      // dmesg -H: the time since the line before, "[  +0.000123]".
      first = data[++q];
    } else if (first >= 'A' && first <= 'Z') {
      return wallClockEnd(q, e);
    }
    if (first < '0' || first > '9') {
      return -1;
    }
    // Timestamp "[ 2004.917769]" or CPU column "[ 14]": digits, dots and spaces up to ']'.
    int r = indexOfByte(data, q, limit, (byte) ']');
    if (r < 0) {
      return -1;
    }
    byte last = data[r - 1];
    return last >= '0' && last <= '9' ? r : -1;
  }

  /**
   * The ']' closing a wall-clock time as {@code dmesg -T} ("[Mon Dec 7 16:37:20 2026]") and {@code
   * dmesg -H} ("[Dec 7 16:37]") print it, from its first letter at {@code q}; or -1. A bracket of
   * words without a clock time ("[Firmware Bug]", "[Hardware Error]") is the message's own.
   */
  private int wallClockEnd(int q, int e) {
    int r = indexOfByte(data, q, Math.min(e, q + 32), (byte) ']');
    if (r < 0 || !isLower(data[q + 1]) || !isLower(data[q + 2]) || data[q + 3] != ' ') {
      return -1;
    }
    for (int i = q + 4; i + 2 < r; i++) {
      if (data[i] == ':' && isDigit(data[i - 1]) && isDigit(data[i + 1]) && isDigit(data[i + 2])) {
        return r;
      }
    }
    return -1;
  }

  /**
   * Where the message starts after a /dev/kmsg record's fields, "level,sequence,microseconds,flag"
   * (and more fields on newer kernels) then ';', or -1.
   */
  private int afterKmsgFields(int p, int e) {
    int limit = Math.min(e, p + 64);
    int commas = 0;
    for (int i = p; i < limit; i++) {
      byte b = data[i];
      if (b == ';') {
        return commas >= 3 ? i + 1 : -1;
      }
      if (b == ',') {
        commas++;
      } else if (commas < 3 && !isDigit(b)) {
        return -1;
      }
    }
    return -1;
  }

  private static final byte[][] FACILITIES =
      words(
          "kern",
          "user",
          "mail",
          "daemon",
          "auth",
          "syslog",
          "lpr",
          "news",
          "uucp",
          "cron",
          "authpriv",
          "ftp",
          "local0",
          "local1",
          "local2",
          "local3",
          "local4",
          "local5",
          "local6",
          "local7");

  private static final byte[][] LEVELS =
      words("emerg", "alert", "crit", "err", "warn", "notice", "info", "debug");

  /**
   * Where the message starts after {@code dmesg -x}'s "facility:level : " columns ("kern :warn :
   * "), or -1. Only syslog's own facility and level names count.
   */
  private int afterFacilityLevel(int p, int e) {
    int q = afterWordThenColon(p, e, FACILITIES);
    q = q < 0 ? -1 : afterWordThenColon(q, e, LEVELS);
    return q < 0 || q >= e || data[q] != ' ' ? -1 : q + 1;
  }

  /** After one of {@code words}, its padding spaces and ':'; or -1. */
  private int afterWordThenColon(int p, int e, byte[][] words) {
    for (byte[] w : words) {
      if (p + w.length < e && Arrays.equals(data, p, p + w.length, w, 0, w.length)) {
        int q = p + w.length;
        while (q < e && q < p + 10 && data[q] == ' ') {
          q++;
        }
        if (q < e && data[q] == ':') {
          return q + 1;
        }
      }
    }
    return -1;
  }

  private static byte[][] words(String... words) {
    return Arrays.stream(words)
        .map(w -> w.getBytes(StandardCharsets.US_ASCII))
        .toArray(byte[][]::new);
  }

  private int indexOf(byte[] needle, int from, int to) {
    outer:
    for (int i = from; i <= to - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * Skips decorations that start in the middle of a line ("syzkaller login: [ 59.8][ T6792] BUG:
   * ..."): the message after them is the line's real content, and its caller id is recorded.
   */
  int skipDecorationsAt(int line, int p) {
    return stripPrefixes(p, end[line], line);
  }

  /**
   * Where {@link #skipDecorationsAt} at {@code p} (a '[') would end, without changing anything: -1
   * when it would change the line's caller id (the line has one, which it resets, or it would
   * record one).
   */
  int decorationsEndWithoutEffects(int line, int p) {
    if (caller(line) != NO_CALLER) {
      return -1;
    }
    int r = stripPrefixes(p, end[line], line, false);
    return r == CALLER_ID ? -1 : r;
  }

  /**
   * Offset of the first ':' near the start of the raw line (within its first 40 bytes), or -1. May
   * lie inside a prefix (syslog times); callers check against {@link #start}.
   */
  int firstColon(int line) {
    int s = rawStart(line);
    int e = end[line];
    return indexOfByte(data, s, Math.min(e, s + COLON_BYTES), (byte) ':');
  }

  int size() {
    return count;
  }

  byte[] data() {
    return data;
  }

  /** First byte of the message after decorations. */
  int start(int line) {
    return contentStart[line];
  }

  /** End (exclusive) of the line without its line terminator. */
  int end(int line) {
    return end[line];
  }

  /** Printk caller of the line: positive task ids, negative cpu ids, {@link #NO_CALLER}. */
  int caller(int line) {
    return caller == null ? NO_CALLER : caller[line];
  }

  /** The message of a line as text; invalid UTF-8 becomes U+FFFD and NULs become spaces. */
  String text(int line) {
    if (text == null) {
      text = new String[count];
    }
    String s = text[line];
    if (s == null) {
      int s0 = contentStart[line];
      int len = Math.max(0, end[line] - s0);
      s = new String(data, s0, len, StandardCharsets.UTF_8);
      if (s.indexOf('\0') >= 0) {
        s = s.replace('\0', ' ');
      }
      text[line] = s;
    }
    return s;
  }

  /**
   * Whether {@link #text} of the line starts with the given ASCII bytes, without decoding it: NUL
   * reads as the space text() turns it into; a non-ASCII byte never equals an ASCII one.
   */
  boolean textStartsWith(int line, byte[] prefix) {
    int p = contentStart[line];
    if (end[line] - p < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      byte b = data[p + k];
      if (b != prefix[k] && !(b == 0 && prefix[k] == ' ')) {
        return false;
      }
    }
    return true;
  }

  /** Whether the line's message starts with the given ASCII bytes. */
  boolean startsWith(int line, byte[] prefix) {
    return regionMatches(contentStart[line], end[line], prefix);
  }

  boolean regionMatches(int p, int e, byte[] prefix) {
    if (e - p < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[p + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the message is empty after decorations. */
  boolean blank(int line) {
    return contentStart[line] >= end[line];
  }
}
