package dev.oopslake.archive;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one archived file at a time into a reused buffer: detects the compression from the magic
 * bytes (then the name), keeps at most {@code capBytes} of the decompressed content (a longer
 * file's head and end, flagged truncated), and turns an undecodable file into a rejected {@link
 * FileContent} with its reason.
 *
 * <p>One reader per partition/thread (not thread-safe): its output buffer grows to the largest file
 * seen and is reused, so a partition of thousands of files allocates it a handful of times. A
 * failure of the source itself (the file system or the network) is not the file's fault and is
 * thrown as {@link UncheckedIOException} so the task is retried instead of the file being rejected.
 */
public final class ContentReader {

  /** The largest cap: Java arrays index with int; keep a margin for the VM's array header. */
  public static final long MAX_CAP_BYTES = Integer.MAX_VALUE - 64L;

  private static final int INITIAL_BUFFER = 256 * 1024;
  private static final int DECODER_INPUT_BUFFER = 64 * 1024;
  private static final int TEXT_SNIFF_BYTES = Codec.HEAD_BYTES;

  /** Formats recognised only to say why they are refused; one line each, with where they arise. */
  private static final List<Unsupported> UNSUPPORTED =
      List.of(
          // Someone zipped a crash folder by hand; a zip holds many entries, not one log.
          new Unsupported(
              new int[] {'P', 'K', 0x03, 0x04}, "zip: archives of several files are not supported"),
          // 7-Zip containers, same story as zip.
          new Unsupported(
              new int[] {'7', 'z', 0xbc, 0xaf, 0x27, 0x1c},
              "7z: archives of several files are not supported"),
          // `lz4 -l` legacy format (Linux kernel images use it), not the frame format.
          new Unsupported(
              new int[] {0x02, 0x21, 0x4c, 0x18},
              "lz4: legacy format is not supported, only the frame format"),
          // Unix compress (.Z, LZW) from very old archives.
          new Unsupported(new int[] {0x1f, 0x9d}, "compress: .Z (LZW) is not supported"));

  private final long capBytes;
  private final long readBudget;
  private final byte[] head = new byte[Codec.HEAD_BYTES];
  private byte[] buffer;

  /**
   * @param capBytes the most decompressed bytes kept per file; beyond it the file is truncated
   */
  public ContentReader(long capBytes) {
    this(capBytes, readBudget(capBytes));
  }

  /**
   * A reader that decompresses at most {@code readBudget} bytes of a file past its cap. Only the
   * fuzz test sets it: the default 64 MiB floor makes a fuzzed gzip cost seconds per input.
   */
  ContentReader(long capBytes, long readBudget) {
    if (capBytes <= 0 || capBytes > MAX_CAP_BYTES) {
      throw new IllegalArgumentException(
          "Cannot set the size cap to " + capBytes + ", it must lie in 1.." + MAX_CAP_BYTES);
    }
    if (readBudget < capBytes) {
      throw new IllegalArgumentException(
          "Cannot set the read budget to " + readBudget + ", below the cap " + capBytes);
    }
    this.capBytes = capBytes;
    this.readBudget = readBudget;
    this.buffer = new byte[(int) Math.min(INITIAL_BUFFER, capBytes + 1)];
  }

  public long capBytes() {
    return capBytes;
  }

  /**
   * Reads and decompresses one file, closing {@code in}.
   *
   * @param in the raw bytes of the file, as stored
   * @param name the file's name or path (its extension is the fallback hint for the codec)
   * @param sizeHint the stored size if known (0 when not), to size the buffer of a plain file once
   */
  public FileContent read(InputStream in, String name, long sizeHint) {
    SourceStream source = new SourceStream(in);
    Codec codec = Codec.PLAIN;
    try (source) {
      int headLength = source.readNBytes(head, 0, head.length);
      codec = Codec.byMagic(head, headLength);
      if (codec == Codec.PLAIN) {
        String refusal = refusal(headLength);
        if (refusal != null) {
          return FileContent.rejected(codec, source.count, refusal);
        }
        Codec named = Codec.byName(name);
        if (named != Codec.PLAIN && !looksLikeText(headLength)) {
          // Named as compressed, neither its magic nor text: report it the way its decoder would.
          return FileContent.rejected(
              named, source.count, named.id() + ": not in " + named.id() + " format at byte 0");
        }
        if (headLength <= capBytes) {
          ensureCapacity(Math.max(headLength, Math.min(sizeHint, capBytes) + 1));
          System.arraycopy(head, 0, buffer, 0, headLength);
          return drain(source, source, codec, headLength);
        }
        // A cap smaller than the sniffed head: the head goes through the cut like any other bytes.
        return drain(replay(headLength, source), source, codec, 0);
      }
      InputStream replay = replay(headLength, source);
      InputStream decoder = codec.open(new BufferedInputStream(replay, DECODER_INPUT_BUFFER));
      try (decoder) {
        return drain(decoder, source, codec, 0);
      }
    } catch (IOException | RuntimeException e) {
      if (source.failure != null) {
        throw new UncheckedIOException("reading " + name, source.failure);
      }
      return FileContent.rejected(codec, source.count, reason(codec, e));
    }
  }

  /** The sniffed head followed by the rest of the file. */
  private InputStream replay(int headLength, InputStream rest) {
    return new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOf(head, headLength)), rest);
  }

  /**
   * Copies decoded bytes into the buffer up to the cap. A file that goes on past it keeps its head
   * and its end: kdump's log ends with the crash, and starts with the banner (release, command
   * line) the decoders read, so a cut that kept only the start would lose the crash itself.
   */
  private FileContent drain(InputStream decoded, SourceStream source, Codec codec, int start)
      throws IOException {
    int length = start;
    while (length < capBytes) {
      if (length == buffer.length) {
        ensureCapacity((long) buffer.length * 2);
      }
      int room = (int) Math.min(buffer.length - length, capBytes - length);
      int n = decoded.read(buffer, length, room);
      if (n < 0) {
        return new FileContent(buffer, length, source.count, codec, false, null);
      }
      length += n;
    }
    return drainPastCap(decoded, source, codec);
  }

  /** Share of the cap that keeps the file's start when it is cut; the rest keeps its end. */
  private static final int HEAD_SHARE_DIVISOR = 4;

  /**
   * How much a cut file is decompressed, at most, looking for its end: 16 times the cap, and never
   * less than 64 MiB, twice the largest kernel log buffer (log_buf_len), so a real log is always
   * read to its end. It bounds the work a bomb or a multi-GB garbage file causes; such a file's
   * "end" is wherever the budget ran out.
   */
  static long readBudget(long capBytes) {
    return Math.max(16 * capBytes, 64L << 20);
  }

  /**
   * The buffer holds the first {@code capBytes}: keep a quarter as the head, read on through the
   * other three quarters as a ring (the file's latest bytes), then join head and tail at line ends.
   */
  private FileContent drainPastCap(InputStream decoded, SourceStream source, Codec codec)
      throws IOException {
    int cap = (int) capBytes;
    int headKeep = cap / HEAD_SHARE_DIVISOR;
    int ringStart = headKeep;
    int ringSize = cap - headKeep;
    int pos = 0; // next write in the ring; the ring is full, so also its oldest byte
    boolean truncated = false;
    long budget = readBudget - capBytes;
    while (budget > 0) {
      int n = decoded.read(buffer, ringStart + pos, (int) Math.min(ringSize - pos, budget));
      if (n < 0) {
        break;
      }
      truncated |= n > 0;
      budget -= n;
      pos += n;
      if (pos == ringSize) {
        pos = 0;
      }
    }
    if (!truncated) {
      return new FileContent(buffer, cap, source.count, codec, false, null);
    }
    // Oldest ring byte first. Without a wrap the ring's bytes [pos, ringSize) are older than [0,
    // pos): they are the cap's own bytes, still in order after them.
    rotateLeft(buffer, ringStart, ringStart + ringSize, pos);
    int headEnd = lastIndexOf(buffer, 0, headKeep, (byte) '\n') + 1;
    int nl = indexOf(buffer, ringStart, ringStart + ringSize, (byte) '\n');
    // The tail's first line is cut off at its start: drop it (unless the tail is one line).
    int tailStart = nl < 0 ? ringStart : nl + 1;
    int tailLength = ringStart + ringSize - tailStart;
    System.arraycopy(buffer, tailStart, buffer, headEnd, tailLength);
    return new FileContent(buffer, headEnd + tailLength, source.count, codec, true, null);
  }

  /** Rotates {@code a[from, to)} left by {@code by}, in place (three reversals). */
  static void rotateLeft(byte[] a, int from, int to, int by) {
    if (by == 0 || by == to - from) {
      return;
    }
    reverse(a, from, from + by);
    reverse(a, from + by, to);
    reverse(a, from, to);
  }

  private static void reverse(byte[] a, int from, int to) {
    for (int i = from, j = to - 1; i < j; i++, j--) {
      byte t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static int indexOf(byte[] a, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] a, int from, int to, byte b) {
    for (int i = to - 1; i >= from; i--) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private void ensureCapacity(long wanted) {
    long size = Math.min(Math.max(wanted, buffer.length), capBytes + 1);
    if (size > buffer.length) {
      buffer = Arrays.copyOf(buffer, (int) size);
    }
  }

  private String refusal(int headLength) {
    for (Unsupported format : UNSUPPORTED) {
      if (format.matches(head, headLength)) {
        return format.reason;
      }
    }
    return null;
  }

  /** No control bytes but whitespace and ESC: what a log (even a UTF-8 one) starts with. */
  private boolean looksLikeText(int headLength) {
    for (int i = 0; i < Math.min(headLength, TEXT_SNIFF_BYTES); i++) {
      int b = head[i] & 0xff;
      if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != 0x1b) {
        return false;
      }
    }
    return true;
  }

  private static String reason(Codec codec, Exception e) {
    if (e instanceof java.io.EOFException) {
      // Decoders throw a bare EOFException when the stream ends mid-block: a cut-off upload/copy.
      return codec.id() + ": truncated input";
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return codec.id() + ": " + message.strip();
  }

  private record Unsupported(int[] magic, String reason) {
    boolean matches(byte[] head, int length) {
      if (length < magic.length) {
        return false;
      }
      for (int i = 0; i < magic.length; i++) {
        if ((head[i] & 0xff) != magic[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The raw file: counts what was read and remembers a failure of the source, so the reader can
   * tell "the storage failed" (retry the task) from "the bytes are bad" (reject the file).
   */
  private static final class SourceStream extends InputStream {
    private final InputStream in;
    long count;
    IOException failure;

    SourceStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      try {
        int b = in.read();
        if (b >= 0) {
          count++;
        }
        return b;
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          count += n;
        }
        return n;
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
