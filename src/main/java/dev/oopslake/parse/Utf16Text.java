package dev.oopslake.parse;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A log saved as UTF-16, as Windows tools write "Unicode" text (Notepad, PowerShell's redirection
 * and {@code Out-File}, some serial-console programs), read as the UTF-8 it holds. Its every other
 * byte is NUL, so the binary check takes it for binary; it is a text file all the same.
 */
final class Utf16Text {
  private Utf16Text() {}

  /** Bytes looked at to tell the byte order of a log without a byte-order mark. */
  private static final int SAMPLE = 1024;

  /**
   * Share of the sample's characters that must be ASCII: a kernel log is, and random bytes read as
   * UTF-16 are mostly not (they become CJK and other letters).
   */
  private static final double MIN_ASCII = 0.9;

  /**
   * The log re-encoded as UTF-8 when it is UTF-16 text (with a byte-order mark, or ASCII with a NUL
   * beside every byte), else null.
   */
  static byte[] asUtf8(byte[] data, int offset, int length) {
    if (length < 4) {
      return null;
    }
    byte b0 = data[offset];
    byte b1 = data[offset + 1];
    Charset charset;
    int skip = 0;
    if (b0 == (byte) 0xFF && b1 == (byte) 0xFE) {
      charset = StandardCharsets.UTF_16LE;
      skip = 2;
    } else if (b0 == (byte) 0xFE && b1 == (byte) 0xFF) {
      charset = StandardCharsets.UTF_16BE;
      skip = 2;
    } else {
      charset = byteOrderOfAscii(data, offset, length);
    }
    if (charset == null) {
      return null;
    }
    int n = (length - skip) & ~1;
    String text = new String(data, offset + skip, n, charset);
    return mostlyAscii(text) ? text.getBytes(StandardCharsets.UTF_8) : null;
  }

  /** UTF-16LE or BE when the sample is ASCII with a NUL after (or before) each byte, else null. */
  private static Charset byteOrderOfAscii(byte[] data, int offset, int length) {
    int n = Math.min(length, SAMPLE) & ~1;
    int little = 0;
    int big = 0;
    for (int i = 0; i < n; i += 2) {
      byte a = data[offset + i];
      byte b = data[offset + i + 1];
      if (a != 0 && b == 0) {
        little++;
      } else if (a == 0 && b != 0) {
        big++;
      }
    }
    int chars = n / 2;
    if (little >= chars * MIN_ASCII) {
      return StandardCharsets.UTF_16LE;
    }
    return big >= chars * MIN_ASCII ? StandardCharsets.UTF_16BE : null;
  }

  private static boolean mostlyAscii(String text) {
    int n = Math.min(text.length(), SAMPLE);
    int ascii = 0;
    for (int i = 0; i < n; i++) {
      ascii += text.charAt(i) < 0x80 ? 1 : 0;
    }
    return n > 0 && ascii >= n * MIN_ASCII;
  }
}
