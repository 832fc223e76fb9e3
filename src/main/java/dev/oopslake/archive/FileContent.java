package dev.oopslake.archive;

/**
 * One file's decompressed bytes within the size cap, or why it could not be read.
 *
 * <p>{@code bytes} is the reader's reusable buffer: only {@code bytes[0, length)} is the file, and
 * it is valid until the same {@link ContentReader} reads the next file. Copy what must outlive it.
 *
 * @param bytes the buffer holding the content (empty when rejected)
 * @param length how many bytes of {@code bytes} are the file's decompressed content
 * @param compressedBytes how many raw bytes were read from the source
 * @param codec the compression detected (by magic bytes first, file name second)
 * @param truncated true when the content went on past the cap: its head and end were kept, the
 *     middle dropped at line ends
 * @param rejectReason why the file could not be read (e.g. {@code xz: truncated input}), or null
 */
public record FileContent(
    byte[] bytes,
    int length,
    long compressedBytes,
    Codec codec,
    boolean truncated,
    String rejectReason) {

  private static final byte[] NONE = new byte[0];

  public FileContent {
    if (bytes == null || codec == null) {
      throw new IllegalArgumentException("bytes and codec must not be null");
    }
    if (length < 0 || length > bytes.length) {
      throw new IllegalArgumentException(
          "length " + length + " must lie within the buffer of " + bytes.length);
    }
    if (compressedBytes < 0) {
      throw new IllegalArgumentException("compressedBytes must not be negative");
    }
    if (rejectReason != null && (rejectReason.isBlank() || length != 0 || truncated)) {
      throw new IllegalArgumentException("a rejected file has a reason and no content");
    }
  }

  static FileContent rejected(Codec codec, long compressedBytes, String reason) {
    return new FileContent(NONE, 0, compressedBytes, codec, false, reason);
  }

  /** Whether the file was read (perhaps truncated) rather than rejected. */
  public boolean readable() {
    return rejectReason == null;
  }
}
