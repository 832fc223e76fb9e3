package dev.oopslake.parse;

import java.util.Arrays;

/**
 * A log whose long lines were cut at a fixed width (a serial console captured by a terminal, a log
 * pasted into a mail or a tracker at 80 columns) put back together. The kernel prefixes every line
 * of a record with its timestamp, so in a timestamped log a line of exactly the width, followed by
 * a line without a timestamp, was one line: "... Tainted: G OE 5.15.0-" then "91-generic #101".
 * Without the repair the release, the taint and any cut frame are read as fragments.
 */
final class WrappedLines {
  private WrappedLines() {}

  /** Lines looked at to decide whether a log was wrapped: its head shows the width. */
  private static final int SAMPLE_LINES = 512;

  /** Terminal and mail widths; a longer "width" is just the longest line of an unwrapped log. */
  private static final int MIN_WIDTH = 40;

  private static final int MAX_WIDTH = 256;

  /** Lines cut at the width before the log counts as wrapped: one could be chance. */
  private static final int MIN_CUT_LINES = 3;

  /**
   * The log with each line cut at the width joined to the untimestamped line after it, or null when
   * the log does not look wrapped (most logs). Decided on the first lines, as split already.
   */
  static byte[] unwrapped(LogLines lines) {
    int sample = Math.min(lines.size(), SAMPLE_LINES);
    int width = 0;
    int stamped = 0;
    for (int i = 0; i < sample; i++) {
      int start = lines.rawStart(i);
      width = Math.max(width, lines.end(i) - start);
      stamped += stamped(lines, i) ? 1 : 0;
    }
    if (width < MIN_WIDTH || width > MAX_WIDTH || stamped * 2 < sample) {
      return null;
    }
    // Lines of exactly the width, and whether the line after each lacks a timestamp.
    int cut = 0;
    int cutThenStamped = 0;
    for (int i = 0; i + 1 < sample; i++) {
      if (lines.end(i) - lines.rawStart(i) == width) {
        if (stamped(lines, i + 1)) {
          cutThenStamped++;
        } else {
          cut++;
        }
      }
    }
    if (cut < MIN_CUT_LINES || cutThenStamped > cut) {
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
      total += lines.end(i) - lines.rawStart(i) + 1;
    }
    byte[] out = new byte[total];
    int o = 0;
    for (int i = 0; i < n; i++) {
      int start = lines.rawStart(i);
      int len = lines.end(i) - start;
      System.arraycopy(data, start, out, o, len);
      o += len;
      boolean continues = len == width && i + 1 < n && !stamped(lines, i + 1);
      if (!continues) {
        out[o++] = '\n';
      }
    }
    return Arrays.copyOf(out, o);
  }

  private static boolean stamped(LogLines lines, int line) {
    int start = lines.rawStart(line);
    return start < lines.end(line) && lines.data()[start] == '[';
  }
}
