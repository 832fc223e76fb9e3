package dev.oopslake.generate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The bytes of one vmcore-dmesg file as the kernel's log buffer prints them: each record gets the
 * {@code [ seconds.micros]} timestamp, optionally the vendor CPU column or the printk caller id,
 * and the file's line end. Time only moves forward.
 */
final class ConsoleBuffer {
  private byte[] bytes = new byte[64 * 1024];
  private int length;
  private long micros;
  private final SplittableRandom random;
  private final boolean crlf;
  private final boolean cpuPrefix;
  private final boolean callerIds;
  private int cpu;
  private String caller = "T1";

  ConsoleBuffer(SplittableRandom random, boolean crlf, boolean cpuPrefix, boolean callerIds) {
    this.random = random;
    this.crlf = crlf;
    this.cpuPrefix = cpuPrefix;
    this.callerIds = callerIds;
  }

  int length() {
    return length;
  }

  long micros() {
    return micros;
  }

  /** Moves the clock to at least this time (a later phase of the machine's life). */
  void jumpTo(long atMicros) {
    micros = Math.max(micros, atMicros);
  }

  /** Advances the clock by a random step in [min, max] microseconds. */
  void tick(long min, long max) {
    micros += min + (max > min ? random.nextLong(max - min + 1) : 0);
  }

  /** The CPU and the printk caller the next lines are printed from. */
  void context(int cpu, String caller) {
    this.cpu = cpu;
    this.caller = caller;
  }

  /** One log record with the standard prefix, after a small clock step. */
  void line(String text) {
    tick(1, 40);
    prefix();
    ascii(text);
    eol();
  }

  /** One log record at the current time (the records of one report share microseconds). */
  void lineNow(String text) {
    prefix();
    ascii(text);
    eol();
  }

  /** A line kept exactly as given, its prefix included (literal reports). */
  void raw(String text) {
    ascii(text);
    eol();
  }

  /** Bytes that are not UTF-8 (a garbled serial line or firmware string), then a line end. */
  void garbage(byte[] junk, String text) {
    tick(1, 40);
    prefix();
    ensure(junk.length);
    System.arraycopy(junk, 0, bytes, length, junk.length);
    length += junk.length;
    ascii(text);
    eol();
  }

  /** Cuts the file at this many bytes (a crash whose tail never reached the disk). */
  void truncate(int at) {
    length = Math.min(length, Math.max(0, at));
  }

  byte[] toBytes() {
    return Arrays.copyOf(bytes, length);
  }

  private void prefix() {
    long secs = micros / 1_000_000;
    long frac = micros % 1_000_000;
    ensure(48);
    bytes[length++] = '[';
    pad(Long.toString(secs), 5);
    bytes[length++] = '.';
    String f = Long.toString(frac);
    for (int i = f.length(); i < 6; i++) {
      bytes[length++] = '0';
    }
    ascii(f);
    bytes[length++] = ']';
    if (cpuPrefix) {
      bytes[length++] = '[';
      pad(Integer.toString(cpu), 3);
      bytes[length++] = ']';
    } else if (callerIds) {
      bytes[length++] = '[';
      pad(caller, 6);
      bytes[length++] = ']';
    }
    bytes[length++] = ' ';
  }

  private void pad(String s, int width) {
    for (int i = s.length(); i < width; i++) {
      bytes[length++] = ' ';
    }
    ascii(s);
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes[length++] = (byte) c;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length + n - i);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
      }
    }
  }

  private void eol() {
    ensure(2);
    if (crlf) {
      bytes[length++] = '\r';
    }
    bytes[length++] = '\n';
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more + 1024));
    }
  }
}
