package dev.oopslake.archive;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The compressions an archived log may come in, each recognised by its magic bytes first and its
 * file name second. Every decoder reads concatenated members/streams/frames to the end, since log
 * rotation and {@code cat a.gz b.gz} produce them.
 */
public enum Codec {
  /** No compression recognised: the bytes are the log. */
  PLAIN("plain", List.of(), new int[0]) {
    @Override
    InputStream open(InputStream in) {
      return in;
    }
  },
  /** RFC 1952; kdump's own `core_collector` output gzipped by cron/logrotate (most archives). */
  GZIP("gzip", List.of(".gz", ".gzip"), new int[] {0x1f, 0x8b}) {
    @Override
    InputStream open(InputStream in) throws IOException {
      // Commons' reader, not java.util.zip's: GZIPInputStream decides whether another member
      // follows
      // from in.available(), which object-store streams answer with 0 — it would silently stop
      // after the first member.
      return new GzipCompressorInputStream(in, true);
    }
  },
  /** xz/LZMA2; `xz -9` archives of old years. */
  XZ("xz", List.of(".xz"), new int[] {0xfd, '7', 'z', 'X', 'Z', 0x00}) {
    @Override
    InputStream open(InputStream in) throws IOException {
      // A crafted header may ask for a multi-GB dictionary; xz -9 needs 65 MiB, allow a margin.
      return new XZInputStream(in, XZ_MEMORY_LIMIT_KIB);
    }
  },
  /** Zstandard frames (RFC 8878); newer logrotate setups with `compresscmd zstd`. */
  ZSTD("zstd", List.of(".zst", ".zstd"), new int[] {0x28, 0xb5, 0x2f, 0xfd}) {
    @Override
    InputStream open(InputStream in) throws IOException {
      // NoFinalizer: the reader closes it, native memory is freed at once rather than at GC.
      return new ZstdInputStreamNoFinalizer(in);
    }
  },
  /** bzip2 ("BZh" + block size digit); older archives. */
  BZIP2("bzip2", List.of(".bz2", ".bzip2"), new int[] {'B', 'Z', 'h'}) {
    @Override
    boolean matches(byte[] head, int length) {
      // "BZh" alone is printable text; also require the block-size digit and a block or
      // end-of-stream magic so a log line starting with "BZh" stays plain.
      if (!super.matches(head, length) || length < 10 || head[3] < '1' || head[3] > '9') {
        return false;
      }
      return startsWith(head, 4, BZIP2_BLOCK) || startsWith(head, 4, BZIP2_END);
    }

    @Override
    InputStream open(InputStream in) throws IOException {
      return new BZip2CompressorInputStream(in, true);
    }
  },
  /** LZ4 frame format (lz4 CLI's default); `lz4` compressed rotations. */
  LZ4("lz4", List.of(".lz4"), new int[] {0x04, 0x22, 0x4d, 0x18}) {
    @Override
    InputStream open(InputStream in) throws IOException {
      // The pure-Java safe decoder: the native/unsafe ones of lz4-java 1.8.0 can read out of
      // bounds on crafted input (CVE-2025-12183), and these files come from anywhere.
      return new LZ4FrameInputStream(
          in, LZ4Factory.safeInstance().safeDecompressor(), XXHashFactory.safeInstance().hash32());
    }
  };

  /**
   * Bytes the reader sniffs before choosing a codec: the longest magic plus bzip2's block magic.
   */
  static final int HEAD_BYTES = 16;

  static final int XZ_MEMORY_LIMIT_KIB = 96 * 1024;

  private static final int[] BZIP2_BLOCK = {0x31, 0x41, 0x59, 0x26, 0x53, 0x59};
  private static final int[] BZIP2_END = {0x17, 0x72, 0x45, 0x38, 0x50, 0x90};

  private final String id;
  private final List<String> extensions;
  private final int[] magic;

  Codec(String id, List<String> extensions, int[] magic) {
    this.id = id;
    this.extensions = extensions;
    this.magic = magic;
  }

  /** The name used in tables and reasons, e.g. {@code gzip}. */
  public String id() {
    return id;
  }

  /** Wraps the raw (compressed) stream in this codec's decoder. */
  abstract InputStream open(InputStream in) throws IOException;

  /** Whether the first bytes of a file carry this codec's magic. */
  boolean matches(byte[] head, int length) {
    return magic.length > 0 && length >= magic.length && startsWith(head, 0, magic);
  }

  /** The codec whose magic the first bytes carry, or {@link #PLAIN}. */
  static Codec byMagic(byte[] head, int length) {
    for (Codec codec : values()) {
      if (codec.matches(head, length)) {
        return codec;
      }
    }
    return PLAIN;
  }

  /** The codec a file name's extension announces, or {@link #PLAIN}. */
  static Codec byName(String name) {
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    for (Codec codec : values()) {
      for (String extension : codec.extensions) {
        if (lower.endsWith(extension)) {
          return codec;
        }
      }
    }
    return PLAIN;
  }

  private static boolean startsWith(byte[] head, int offset, int[] expected) {
    if (head.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((head[offset + i] & 0xff) != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
