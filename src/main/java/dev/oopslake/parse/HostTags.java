package dev.oopslake.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A journal read with {@code journalctl -o short-monotonic} keeps the kernel's timestamp and puts
 * the host and the "kernel:" tag after it: {@code [ 812.331102] web-01 kernel: BUG: ...}. The
 * timestamp is skipped like any dmesg timestamp, so the message would start with the host; this
 * takes the tag out when three in four of the log's first timestamped lines carry one host's.
 */
final class HostTags {
  private HostTags() {}

  /** Lines looked at to decide: the head of a journal shows its form. */
  private static final int SAMPLE_LINES = 16;

  /**
   * Lines of the sample that must carry the host's tag, and at least three in four of those read.
   */
  private static final int MIN_TAGGED = 2;

  /**
   * Timestamped lines without the tag before the first with it, at most (a harness's own notes).
   */
  private static final int MAX_UNTAGGED_FIRST = 3;

  /** A host name is at most this long before its " kernel: ". */
  private static final int MAX_HOST = 64;

  private static final byte[] TAG = " kernel: ".getBytes(StandardCharsets.US_ASCII);

  /**
   * The log without "{@code <host> kernel: }" after each line's decorations, or null when its first
   * lines do not carry one host's tag.
   */
  static byte[] stripped(LogLines lines) {
    byte[] host = null;
    int seen = 0;
    int tagged = 0;
    for (int i = 0; i < lines.size() && seen < SAMPLE_LINES; i++) {
      if (lines.start(i) == lines.rawStart(i)) {
        // No timestamp: a program's output on the console, or an empty line.
        continue;
      }
      seen++;
      int tagAt = tagAt(lines, i);
      if (tagAt < 0) {
        // Most logs say no on their first timestamped lines.
        if (host == null && seen > MAX_UNTAGGED_FIRST) {
          return null;
        }
        continue;
      }
      byte[] h = Arrays.copyOfRange(lines.data(), lines.start(i), tagAt);
      if (host == null) {
        host = h;
      }
      tagged += Arrays.equals(host, h) ? 1 : 0;
    }
    if (host == null || tagged < MIN_TAGGED || tagged * 4 < seen * 3) {
      return null;
    }
    byte[] data = lines.data();
    byte[] out = new byte[lines.rawEnd(lines.size() - 1) + 1];
    int o = 0;
    for (int i = 0; i < lines.size(); i++) {
      int raw = lines.rawStart(i);
      int end = lines.rawEnd(i);
      int tagAt = tagAt(lines, i);
      boolean ours =
          tagAt == lines.start(i) + host.length
              && Arrays.equals(data, lines.start(i), tagAt, host, 0, host.length);
      if (ours) {
        // The decorations, then the message after the tag.
        System.arraycopy(data, raw, out, o, lines.start(i) - raw);
        o += lines.start(i) - raw;
        int from = tagAt + TAG.length;
        System.arraycopy(data, from, out, o, end - from);
        o += end - from;
      } else {
        System.arraycopy(data, raw, out, o, end - raw);
        o += end - raw;
      }
      out[o++] = '\n';
    }
    return Arrays.copyOf(out, o);
  }

  /** Where " kernel: " follows a one-word host at the message's start, or -1. */
  private static int tagAt(LogLines lines, int line) {
    byte[] d = lines.data();
    int s = lines.start(line);
    // Up to the raw end: an empty message's tag ends in the blank the line's text leaves out.
    int e = lines.rawEnd(line);
    int limit = Math.min(e, s + MAX_HOST);
    for (int p = s; p < limit; p++) {
      byte b = d[p];
      if (b == ' ') {
        boolean tag =
            p + TAG.length <= e && Arrays.equals(d, p, p + TAG.length, TAG, 0, TAG.length);
        return p > s && tag ? p : -1;
      }
      if (b == ':' || b == '[' || b == '(' || b < 0x21) {
        return -1;
      }
    }
    return -1;
  }
}
