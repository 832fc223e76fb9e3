package dev.oopslake.parse;

import java.util.List;

/**
 * Which of a file's reports is its crash. A console or vmcore-dmesg holds a cascade: the first
 * report is the bug, the later ones its consequences (the panic it called, the oopses of tasks that
 * touched what it left). But kdump keeps the whole ring buffer, so a report the kernel survived
 * long before (a driver's WARNING at boot, an OOM kill) sits ahead of the cascade that brought the
 * host down, and that cascade is the crash a fleet ranks. A report is survived when the kernel's
 * own clock ran on {@link #SURVIVED_MICROS} past it before the next report began, with the clock
 * read in order from there to the end of the file (an interleaved console, whose timestamps go
 * back, says nothing about time passing; neither does a log without timestamps).
 */
final class PrimaryReport {
  private PrimaryReport() {}

  /**
   * Ten minutes of kernel time between two reports: a cascade's reports come within seconds of each
   * other (under 4 s over the corpus's working fifth, a hung-task panic 156 s after its report), a
   * repeated stall or hung-task warning within a few minutes.
   */
  static final long SURVIVED_MICROS = 600_000_000L;

  /** How far a printk clock may step back between lines and still read in order (CPUs' clocks). */
  private static final long CLOCK_SKEW_MICROS = 1_000_000L;

  /** The index of the primary report among {@code spans}. */
  static int index(LogLines lines, List<ReportLocator.Span> spans) {
    int primary = -1;
    long previous = -1;
    for (int k = 0; k < spans.size(); k++) {
      if (context(spans.get(k))) {
        continue;
      }
      long at = kernelMicros(lines, spans.get(k).start());
      if (primary < 0) {
        primary = k;
      } else if (previous >= 0
          && at - previous > SURVIVED_MICROS
          && !dumpOfAHang(spans.get(primary), spans.get(k))
          && inOrder(lines, spans.get(primary).start())) {
        primary = k;
      }
      previous = at;
    }
    return primary < 0 ? 0 : primary;
  }

  /**
   * Whether {@code later} is a panic with no bug of its own (sysrq's "sysrq triggered crash", an
   * NMI a hung-host watchdog sent, "Not continuing") after a hang: a hung machine keeps hanging
   * after its detectors fall silent (hung-task warnings stop after ten), and whoever forced the
   * dump forced it because of that hang, which stays the crash.
   */
  private static boolean dumpOfAHang(ReportLocator.Span hang, ReportLocator.Span later) {
    return "HANG".equals(hang.hit().crashClass().type())
        && later.hit().crashClass().id().equals("panic");
  }

  /** A report that is context for a crash, never the crash while there is another. */
  private static boolean context(ReportLocator.Span span) {
    return span.hit().crashClass().id().equals("out-of-memory");
  }

  /** Whether the kernel's clock never steps back from {@code from} to the end of the file. */
  private static boolean inOrder(LogLines lines, int from) {
    long latest = -1;
    for (int i = from; i < lines.size(); i++) {
      long t = kernelMicros(lines, i);
      if (t < 0) {
        continue;
      }
      if (t < latest - CLOCK_SKEW_MICROS) {
        return false;
      }
      latest = Math.max(latest, t);
    }
    return true;
  }

  /**
   * The dmesg timestamp ({@code [%5lu.%06lu]}, wider after 27 hours up) in the decorations before
   * the line's message, in microseconds, or -1 when it has none.
   */
  static long kernelMicros(LogLines lines, int line) {
    byte[] d = lines.data();
    int e = lines.start(line);
    for (int p = lines.rawStart(line); p < e; p++) {
      if (d[p] != '[') {
        continue;
      }
      int q = p + 1;
      while (q < e && d[q] == ' ') {
        q++;
      }
      long secs = 0;
      int digits = 0;
      while (q < e && digits < 10 && isDigit(d[q])) {
        secs = secs * 10 + (d[q++] - '0');
        digits++;
      }
      if (digits == 0 || q >= e || d[q] != '.') {
        continue;
      }
      long micros = 0;
      int k = q + 1;
      for (; k < q + 7 && k < e && isDigit(d[k]); k++) {
        micros = micros * 10 + (d[k] - '0');
      }
      if (k == q + 7 && k < e && d[k] == ']') {
        return secs * 1_000_000L + micros;
      }
    }
    return -1;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
