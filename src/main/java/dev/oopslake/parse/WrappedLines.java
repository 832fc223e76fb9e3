package dev.oopslake.parse;

import java.util.Arrays;

/**
 * A log whose long lines were cut at a fixed width (a serial console captured by a terminal, a log
 * pasted into a mail or a tracker at 80 columns) put back together. The kernel prefixes every line
 * of a record with its timestamp (and syslog or the journal with theirs), so in a timestamped log a
 * line of exactly the width, followed by a line without a timestamp, was one line: "... Tainted: G
 * OE 5.15.0-" then "91-generic #101". Without the repair the release, the taint and any cut frame
 * are read as fragments.
 */
final class WrappedLines {
  private WrappedLines() {}

  /** Lines looked at to decide whether a log was wrapped: its head shows the width. */
  private static final int SAMPLE_LINES = 512;

  /** Terminal and mail widths; a longer "width" is just the longest line of an unwrapped log. */
  private static final int MIN_WIDTH = 40;

  private static final int MAX_WIDTH = 256;

  /**
   * Lines cut at the width before the log counts as wrapped. One may be chance, so a single cut
   * line counts only when no line of that width ends where it is, the width is a terminal's or a
   * mail's ({@link #ONE_CUT_MAX_WIDTH} at most) and enough other lines show how rarely a line goes
   * on untimestamped: a log with one long line cut at 120 columns.
   */
  private static final int MIN_CUT_LINES = 2;

  private static final int ONE_CUT_MAX_WIDTH = 132;

  private static final int ONE_CUT_MIN_LINES = 16;

  /**
   * How much likelier a line of exactly the width is to be followed by an untimestamped line than
   * any other line is. In a cut log nearly every line of the width goes on; in an uncut one a line
   * of the longest length (a register dump line is 80 columns) is followed like any other.
   */
  private static final int CUT_LIKELIHOOD = 2;

  /**
   * The log with each line cut at the width joined to the untimestamped line after it, or null when
   * the log does not look wrapped (most logs). Decided on the first lines, as split already.
   */
  static byte[] unwrapped(LogLines lines) {
    int sample = Math.min(lines.size(), SAMPLE_LINES);
    int width = 0;
    for (int i = 0; i < sample; i++) {
      // A line is never wider than its bytes: only longer ones are counted.
      if (lines.rawEnd(i) - lines.rawStart(i) > width) {
        width = Math.max(width, columns(lines, i));
      }
    }
    if (width < MIN_WIDTH || width > MAX_WIDTH) {
      return null;
    }
    // Lines of exactly the width and the others, by whether the line after each has a timestamp.
    int cut = 0;
    int cutThenStamped = 0;
    int otherThenBare = 0;
    int other = 0;
    int stamped = 0;
    for (int i = 0; i < sample; i++) {
      boolean nextStamped = i + 1 < sample && stamped(lines, i + 1);
      stamped += stamped(lines, i) ? 1 : 0;
      if (i + 1 == sample) {
        break;
      }
      if (ofWidth(lines, i, width)) {
        if (nextStamped) {
          cutThenStamped++;
        } else {
          cut++;
        }
      } else {
        other++;
        otherThenBare += nextStamped ? 0 : 1;
      }
    }
    // Most lines the kernel printed carry a timestamp; the pieces cut off them do not.
    boolean timestamped = stamped * 2 >= sample - cut;
    boolean cutGoesOn =
        (long) cut * other > (long) CUT_LIKELIHOOD * otherThenBare * (cut + cutThenStamped);
    boolean oneCut =
        cut == 1 && cutThenStamped == 0 && width <= ONE_CUT_MAX_WIDTH && other >= ONE_CUT_MIN_LINES;
    if (!timestamped || !cutGoesOn || cut < MIN_CUT_LINES && !oneCut) {
      return null;
    }
    return join(lines, width);
  }

  /** The lines as split, each cut one joined to the untimestamped line after it. */
  private static byte[] join(LogLines lines, int width) {
    byte[] data = lines.data();
    int n = lines.size();
    int total = 0;
    for (int i = 0; i < n; i++) {
      total += lines.rawEnd(i) - lines.rawStart(i) + 1;
    }
    byte[] out = new byte[total];
    int o = 0;
    for (int i = 0; i < n; i++) {
      int start = lines.rawStart(i);
      int len = lines.rawEnd(i) - start;
      System.arraycopy(data, start, out, o, len);
      o += len;
      boolean continues = i + 1 < n && !stamped(lines, i + 1) && ofWidth(lines, i, width);
      if (!continues) {
        out[o++] = '\n';
      }
    }
    return Arrays.copyOf(out, o);
  }

  private static boolean ofWidth(LogLines lines, int line, int width) {
    return lines.rawEnd(line) - lines.rawStart(line) >= width && columns(lines, line) == width;
  }

  /**
   * The line's width on a terminal: UTF-8 continuation bytes take no column, so a cut line holding
   * a multi-byte character is as wide as the others.
   */
  private static int columns(LogLines lines, int line) {
    byte[] data = lines.data();
    int end = lines.rawEnd(line);
    int columns = 0;
    for (int p = lines.rawStart(line); p < end; p++) {
      columns += (data[p] & 0xC0) == 0x80 ? 0 : 1;
    }
    return columns;
  }

  /**
   * Whether the line opens with a decoration the console or a log collector prints before every
   * record (a dmesg timestamp, a syslog or journal time, a printk level, a dropped-messages note):
   * the piece cut off a line has none.
   */
  private static boolean stamped(LogLines lines, int line) {
    int raw = lines.rawStart(line);
    if (raw >= lines.end(line)) {
      return false;
    }
    byte first = lines.data()[raw];
    return first != ' ' && first != '\t' && lines.start(line) > raw;
  }
}
