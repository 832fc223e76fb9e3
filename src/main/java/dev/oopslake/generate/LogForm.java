package dev.oopslake.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms a console log reaches a reader in besides kdump's own {@code vmcore-dmesg.txt}: through
 * syslog or the journal, without timestamps, with CR line ends, cut at a terminal's or a mail's
 * width. Each form rewrites a log's lines as that collector or terminal would have; a parser that
 * reads crashes it has never seen must read them in every form alike, so {@code eval-corpus --as}
 * scores a corpus in each. Each row says where the form comes from.
 */
public enum LogForm {
  /** As the kernel's ring buffer prints it ({@code dmesg}, kdump's vmcore-dmesg.txt): unchanged. */
  DMESG("dmesg", line -> line),
  /** rsyslog's file output: a BSD time, the host and the tag before the dmesg line. */
  SYSLOG("syslog", line -> concat(Prefix.SYSLOG, line)),
  /**
   * netconsole's UDP lines as a syslog server stores them: no priority and no program tag, so the
   * sender's address stands as the host and the dmesg record follows as sent.
   */
  NETCONSOLE("netconsole", line -> concat(bytes("Dec  7 16:37:20 10.1.2.3 "), line)),
  /** {@code journalctl -k}: the journal's time, host and "kernel:" instead of the dmesg stamp. */
  JOURNAL("journal", line -> concat(Prefix.JOURNAL, withoutTimestamp(line))),
  /** {@code journalctl -k -o short-monotonic}: the kernel's timestamp, then the host and tag. */
  JOURNAL_MONOTONIC(
      "journal-monotonic",
      line -> {
        byte[] bare = withoutTimestamp(line);
        if (bare == line) {
          return line;
        }
        byte[] stamp = Arrays.copyOf(line, line.length - bare.length);
        return concat(concat(stamp, bytes("host42 kernel: ")), bare);
      }),
  /**
   * rsyslog's RFC 5424 file format (RSYSLOG_SyslogProtocol23Format), as central log stores keep.
   */
  RFC5424(
      "rfc5424",
      line -> concat(bytes("<4>1 2026-12-07T16:37:20.123456+00:00 host42 kernel - - - "), line)),
  /** {@code dmesg -t}, or a log copied from a console that had printk.time off. */
  NO_TIMESTAMPS("no-timestamps", LogForm::withoutTimestamp),
  /** {@code dmesg -T}, as most logs pasted into a bug tracker are: the wall-clock time. */
  DMESG_T("dmesg-T", line -> replaceTimestamp(line, bytes("[Mon Dec  7 16:37:20 2026] "))),
  /** {@code dmesg -H}: the time since the line before ("[Dec 7 16:37]" opens each minute). */
  DMESG_H("dmesg-H", line -> replaceTimestamp(line, bytes("[  +0.000012] "))),
  /** {@code dmesg -x}: the facility and level columns before the timestamp. */
  DMESG_X("dmesg-x", line -> concat(bytes("kern  :warn  : "), line)),
  /** /dev/kmsg read raw (some collectors ship it): "level,sequence,usec,flags;message". */
  KMSG("kmsg", line -> replaceTimestamp(line, bytes("4,1234,5678901,-;"))),
  /**
   * A pstore/ramoops dump (Android, Chromebooks, firmware-kept logs): the level before the time.
   */
  PSTORE("pstore", line -> line.length > 0 && line[0] == '[' ? concat(bytes("<4>"), line) : line),
  /** A log quoted in a mail reply or a tracker comment. */
  QUOTED("quoted", line -> concat(bytes("> "), line)),
  /** A terminal capture or a copy from one: blanks pad each line after its text. */
  TRAILING_BLANKS("trailing-blanks", line -> concat(line, bytes("   "))),
  /** A serial console captured on Windows, or a log saved from a web tracker: CR LF line ends. */
  CRLF("crlf", line -> concat(line, new byte[] {'\r'})),
  /** A capture tool that keeps the console's CR and drops its LF, or a classic Mac file. */
  CR("cr", line -> line) {
    @Override
    public byte[] apply(byte[] log) {
      byte[] out = log.clone();
      for (int i = 0; i < out.length; i++) {
        if (out[i] == '\n') {
          out[i] = '\r';
        }
      }
      return out;
    }
  },
  /** Saved by a Windows tool as "Unicode" (Notepad, PowerShell's Out-File): UTF-16LE with a BOM. */
  UTF16("utf16", line -> line) {
    @Override
    public byte[] apply(byte[] log) {
      String text = new String(log, StandardCharsets.UTF_8);
      byte[] body = text.getBytes(StandardCharsets.UTF_16LE);
      byte[] out = new byte[body.length + 2];
      out[0] = (byte) 0xFF;
      out[1] = (byte) 0xFE;
      System.arraycopy(body, 0, out, 2, body.length);
      return out;
    }
  },
  /** A console captured by an 80-column terminal, or pasted into a mail: long lines cut. */
  CUT80("cut80", line -> cut(line, 80)),
  /** A syslog file pasted into a ticket at 80 columns. */
  SYSLOG_CUT80("syslog-cut80", line -> cut(concat(Prefix.SYSLOG, line), 80)),
  /**
   * Run through the kernel's scripts/decode_stacktrace.sh, as oopses pasted into bug trackers often
   * are: each line that ends in "f+0x1/0x2 [mod]" is split into words, loses its "[<addr>]" words,
   * and ends in "f (path/file.c:NN) mod"; "RIP: 0010:f+0x1/0x2" becomes "RIP: 0010:f
   * (path/file.c:NN)". The source path is invented from the name (the shape is what matters).
   */
  DECODED("decoded", LogForm::decoded),
  /**
   * Run through syzkaller's symbolizer, as syzbot's reports are: every "f+0x1/0x2" gains its source
   * position after it ("f+0x1/0x2 path/file.c:NN", before a " [mod]"), header lines included. The
   * path is invented from the name, as for {@link #DECODED}.
   */
  SYMBOLIZED("symbolized", LogForm::symbolized);

  /** What the collectors put before each line (a fixed time and host: only the shape matters). */
  private static final class Prefix {
    static final byte[] SYSLOG = bytes("Dec  7 16:37:20 host42 kernel: ");
    static final byte[] JOURNAL = bytes("Dec 07 16:37:20 host42 kernel: ");
  }

  private final String id;

  private final UnaryOperator<byte[]> line;

  LogForm(String id, UnaryOperator<byte[]> line) {
    this.id = id;
    this.line = line;
  }

  /** The name {@code --as} takes. */
  public String id() {
    return id;
  }

  /** The form named {@code id}, or null. */
  public static LogForm byId(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst().orElse(null);
  }

  /** Every form's name, for messages. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(LogForm::id).toList();
  }

  /** The log in this form; empty lines stay empty (a collector prints no record for them). */
  public byte[] apply(byte[] log) {
    if (this == DMESG) {
      return log;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(log.length + log.length / 4);
    int start = 0;
    while (start <= log.length) {
      int nl = indexOf(log, (byte) '\n', start);
      int end = nl < 0 ? log.length : nl;
      if (end > start) {
        out.writeBytes(line.apply(Arrays.copyOfRange(log, start, end)));
      }
      if (nl < 0) {
        break;
      }
      out.write('\n');
      start = nl + 1;
    }
    return out.toByteArray();
  }

  /** A symbol as decode_stacktrace.sh takes it: "(seg:f+0x1/0x2)", parentheses and segment. */
  private static final Pattern DECODABLE =
      Pattern.compile("\\(?([0-9a-f]{4}:)?([A-Za-z_.$][\\w.$]*)\\+0x[0-9a-f]+/0x[0-9a-f]+\\)?");

  private static final Pattern ADDRESS_WORD = Pattern.compile("\\[<[0-9a-f]+>\\]");

  /** The line as decode_stacktrace.sh prints it; see {@link #DECODED}. */
  static byte[] decoded(byte[] line) {
    byte[] message = withoutTimestamp(line);
    byte[] stamp = Arrays.copyOf(line, line.length - message.length);
    List<String> words =
        new ArrayList<>(
            Arrays.asList(new String(message, StandardCharsets.UTF_8).trim().split("\\s+")));
    // The script drops every word holding an address ("0010:[<ffffffff8575b41c>]" too).
    words.removeIf(w -> ADDRESS_WORD.matcher(w).find());
    if (words.isEmpty()) {
      return line;
    }
    String module = null;
    String last = words.get(words.size() - 1);
    if (words.size() > 1 && last.matches("\\[[\\w\\-]+\\]\\)?")) {
      module = last.substring(1, last.indexOf(']'));
      words.remove(words.size() - 1);
    }
    Matcher m = DECODABLE.matcher(words.get(words.size() - 1));
    if (!m.matches()) {
      return line;
    }
    String name = m.group(2);
    String position = sourcePosition(name);
    String segment = m.group(1) == null ? "" : m.group(1);
    words.set(words.size() - 1, segment + name + " (" + position + ")");
    if (module != null) {
      words.add(module);
    }
    return concat(stamp, String.join(" ", words).getBytes(StandardCharsets.UTF_8));
  }

  /** A symbol with its offset, where syzkaller's symbolizer adds the source position. */
  private static final Pattern SYMBOL_OFFSET =
      Pattern.compile("([A-Za-z_.$][\\w.$]*)\\+0x[0-9a-f]+/0x[0-9a-f]+(?=\\s|\\)|$)");

  /** The line as syzkaller's symbolizer prints it; see {@link #SYMBOLIZED}. */
  static byte[] symbolized(byte[] line) {
    String text = new String(line, StandardCharsets.UTF_8);
    Matcher m = SYMBOL_OFFSET.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 32);
    boolean any = false;
    while (m.find()) {
      any = true;
      m.appendReplacement(
          out, Matcher.quoteReplacement(m.group() + " " + sourcePosition(m.group(1))));
    }
    if (!any) {
      return line;
    }
    m.appendTail(out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An invented but stable source position for a function. */
  private static String sourcePosition(String function) {
    return "kernel/"
        + function.replace('.', '_')
        + ".c:"
        + (Math.floorMod(function.hashCode(), 2000) + 1);
  }

  /** The line with {@code prefix} where its dmesg timestamp was; unchanged without one. */
  static byte[] replaceTimestamp(byte[] line, byte[] prefix) {
    byte[] bare = withoutTimestamp(line);
    return bare == line ? line : concat(prefix, bare);
  }

  /** The line without its leading {@code [%5lu.%06lu]} and the space after it. */
  static byte[] withoutTimestamp(byte[] line) {
    // Latin-1 keeps one char per byte, so the match's end is a byte offset.
    Matcher m = LogVariation.TIMESTAMP.matcher(new String(line, StandardCharsets.ISO_8859_1));
    if (!m.lookingAt()) {
      return line;
    }
    int from = m.end() < line.length && line[m.end()] == ' ' ? m.end() + 1 : m.end();
    return Arrays.copyOfRange(line, from, line.length);
  }

  /**
   * The line cut every {@code width} columns as a terminal or {@code fold -w} cuts it: a UTF-8
   * character takes one column and is never split.
   */
  static byte[] cut(byte[] line, int width) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + line.length / width + 1);
    int columns = 0;
    for (int i = 0; i < line.length; i++) {
      boolean continuation = (line[i] & 0xC0) == 0x80;
      if (!continuation) {
        if (columns == width) {
          out.write('\n');
          columns = 0;
        }
        columns++;
      }
      out.write(line[i]);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static int indexOf(byte[] d, byte b, int from) {
    for (int i = from; i < d.length; i++) {
      if (d[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
