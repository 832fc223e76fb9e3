package dev.oopslake.parse;

/**
 * Kernel records glued after other text on one console line. A serial console interleaves what the
 * kernel prints with user-space output and with messages that lack their newline, so a record's
 * timestamp may follow other bytes on the same line ("...allocation failure: 34359738352 bytes[
 * 76.471107] BUG: unable to handle kernel paging request"). The kernel's own log buffer never does
 * this; only a file in which no report was found is looked at again with each such record on a line
 * of its own, so the parser's pass over every other file is unchanged.
 */
final class GluedRecords {
  private GluedRecords() {}

  /**
   * {@code data[offset, offset + length)} with a line break before every printk timestamp ({@code [
   * seconds.fraction]}) that follows other bytes on its line; null when there is none.
   */
  static byte[] unglued(byte[] data, int offset, int length) {
    int end = offset + length;
    java.io.ByteArrayOutputStream out = null;
    int copied = offset;
    for (int i = LogLines.indexOfByte(data, offset + 1, end, (byte) '[');
        i >= 0;
        i = LogLines.indexOfByte(data, i + 1, end, (byte) '[')) {
      byte before = data[i - 1];
      // Glued means no separator: a record after a space or a tab is text that quotes one (a
      // replay tool's "replayed [   42.000001] BUG: ...", syslog's "kernel: [ ... ]").
      if (before == '\n'
          || before == '\r'
          || before == ' '
          || before == '\t'
          || !timestampAt(data, i, end)) {
        continue;
      }
      if (out == null) {
        out = new java.io.ByteArrayOutputStream(length + 64);
      }
      out.write(data, copied, i - copied);
      out.write('\n');
      copied = i;
    }
    if (out == null) {
      return null;
    }
    out.write(data, copied, end - copied);
    return out.toByteArray();
  }

  /** Whether {@code [ seconds.fraction]} starts at {@code i}, as printk writes its timestamp. */
  private static boolean timestampAt(byte[] d, int i, int end) {
    int j = i + 1;
    while (j < end && d[j] == ' ') {
      j++;
    }
    int digits = 0;
    while (j < end && d[j] >= '0' && d[j] <= '9') {
      j++;
      digits++;
    }
    if (digits == 0 || j >= end || d[j] != '.') {
      return false;
    }
    j++;
    int fraction = 0;
    while (j < end && d[j] >= '0' && d[j] <= '9') {
      j++;
      fraction++;
    }
    return fraction >= 3 && j < end && d[j] == ']';
  }
}
