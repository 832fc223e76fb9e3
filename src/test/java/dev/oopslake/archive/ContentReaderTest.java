package dev.oopslake.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContentReaderTest {

  private static final long CAP = 1 << 20;

  /** A kernel-log-like text, varied enough not to compress to nothing. */
  private static byte[] log(int lines, long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      text.append(
          String.format(
              "[%5d.%06d] usb 1-%d: new device number %d%n",
              i, random.nextInt(1_000_000), random.nextInt(9), random.nextInt()));
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static FileContent read(ContentReader reader, byte[] stored, String name) {
    return reader.read(new ByteArrayInputStream(stored), name, stored.length);
  }

  private static byte[] content(FileContent c) {
    return Arrays.copyOf(c.bytes(), c.length());
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void everyCodecIsDetectedByContentEvenUnderAPlainName(Codec codec) {
    byte[] text = log(2000, 1);
    FileContent c = read(new ContentReader(CAP), Compress.with(codec, text), "vmcore-dmesg.txt");

    assertThat(c.rejectReason()).as("a well-formed %s file is readable", codec).isNull();
    assertThat(c.codec()).as("the magic bytes decide, not the name").isEqualTo(codec);
    assertThat(content(c)).as("decompressed bytes are the original").isEqualTo(text);
    assertThat(c.truncated()).as("under the cap").isFalse();
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void concatenatedMembersAreAllRead(Codec codec) {
    byte[] a = log(300, 2);
    byte[] b = log(300, 3);
    byte[] stored = concat(Compress.with(codec, a), Compress.with(codec, b));

    FileContent c = read(new ContentReader(CAP), stored, "x");

    assertThat(content(c))
        .as("%s: `cat a b` of two compressed files reads as both (log rotation does this)", codec)
        .isEqualTo(concat(a, b));
  }

  @Test
  void multiMemberGzipIsReadThroughAStreamThatReportsNothingAvailable() {
    byte[] a = log(300, 4);
    byte[] b = log(300, 5);
    byte[] stored = concat(Compress.with(Codec.GZIP, a), Compress.with(Codec.GZIP, b));
    InputStream objectStore =
        new ByteArrayInputStream(stored) {
          @Override
          public synchronized int available() {
            return 0; // as s3a's stream may answer
          }
        };

    FileContent c = new ContentReader(CAP).read(objectStore, "vmcore-dmesg.txt.gz", 0);

    assertThat(c.length())
        .as("java.util.zip would stop after the first member here")
        .isEqualTo(a.length + b.length);
  }

  @ParameterizedTest
  @EnumSource(Codec.class)
  void contentPastTheCapKeepsItsHeadAndItsEndJoinedAtLineEnds(Codec codec) {
    byte[] text = log(5000, 6);
    int cap = 10_000;
    FileContent c = read(new ContentReader(cap), Compress.with(codec, text), "f");

    assertThat(c.truncated()).as("%s content goes past the cap", codec).isTrue();
    assertThat(c.length()).as("never more than the cap").isLessThanOrEqualTo(cap);
    String kept = new String(content(c), StandardCharsets.UTF_8);
    String all = new String(text, StandardCharsets.UTF_8);
    List<String> lines = List.of(all.split("\n"));
    List<String> keptLines = List.of(kept.split("\n"));
    assertThat(kept).as("whole lines only").endsWith("\n");
    assertThat(all).as("the head is the file's start").startsWith(keptLines.get(0) + "\n");
    assertThat(keptLines.get(0)).isEqualTo(lines.get(0));
    assertThat(keptLines.get(keptLines.size() - 1))
        .as("the end is the file's end (where kdump's crash is)")
        .isEqualTo(lines.get(lines.size() - 1));
    int gap = lines.indexOf(keptLines.get(1));
    for (int i = 1; i < keptLines.size(); i++) {
      assertThat(lines)
          .as("every kept line is a whole line of the file")
          .contains(keptLines.get(i));
    }
    assertThat(kept.length())
        .as("a quarter of the cap for the head, the rest for the end, minus the two cut lines")
        .isGreaterThan(cap - 2 * 60);
    assertThat(gap).isPositive();
  }

  @Test
  void aCrashAtTheEndOfALogLongerThanTheCapIsStillFound() {
    byte[] boot = log(20_000, 8);
    byte[] crash =
        ("[99999.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
                + "[99999.000002] Kernel panic - not syncing: Fatal exception\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] text = Arrays.copyOf(boot, boot.length + crash.length);
    System.arraycopy(crash, 0, text, boot.length, crash.length);

    FileContent c = read(new ContentReader(64 * 1024), Compress.with(Codec.GZIP, text), "f.gz");

    assertThat(c.truncated()).isTrue();
    assertThat(new String(content(c), StandardCharsets.UTF_8))
        .startsWith(new String(Arrays.copyOf(boot, 40), StandardCharsets.UTF_8))
        .endsWith(new String(crash, StandardCharsets.UTF_8));
  }

  @Test
  void rotateLeftMovesTheOldestBytesFirst() {
    byte[] a = "xxabcdefyy".getBytes(StandardCharsets.US_ASCII);
    ContentReader.rotateLeft(a, 2, 8, 2);
    assertThat(new String(a, StandardCharsets.US_ASCII)).isEqualTo("xxcdefabyy");
    ContentReader.rotateLeft(a, 2, 8, 0);
    assertThat(new String(a, StandardCharsets.US_ASCII)).isEqualTo("xxcdefabyy");
  }

  @Test
  void contentOfExactlyTheCapIsNotTruncated() {
    byte[] text = log(100, 7);
    FileContent c = read(new ContentReader(text.length), Compress.with(Codec.GZIP, text), "f");

    assertThat(c.truncated()).as("nothing was cut").isFalse();
    assertThat(c.length()).isEqualTo(text.length);
  }

  @Test
  void aZipBombIsReadNoFurtherThanItsBudget() throws IOException {
    // 1 GiB of zeros as 1024 concatenated 1 MiB members (~1 MiB stored); only the cap is kept, and
    // only the read budget inflated looking for the end.
    byte[] member = Compress.with(Codec.GZIP, new byte[1 << 20]);
    java.io.ByteArrayOutputStream stored = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < 1024; i++) {
      stored.write(member);
    }
    ContentReader reader = new ContentReader(CAP);

    FileContent c = read(reader, stored.toByteArray(), "bomb.gz");

    assertThat(c.truncated()).as("the bomb goes past the cap").isTrue();
    assertThat(c.length()).isLessThanOrEqualTo((int) CAP);
    assertThat(c.bytes().length)
        .as("the buffer never grows past the cap (+1)")
        .isLessThanOrEqualTo((int) CAP + 1);
    assertThat(ContentReader.readBudget(CAP)).isEqualTo(64L << 20);
    assertThat(c.compressedBytes())
        .as("64 of the 1024 MiB are inflated looking for the end; most of the file is not read")
        .isLessThan(stored.size() / 4);
  }

  @ParameterizedTest
  @EnumSource(
      value = Codec.class,
      names = {"PLAIN"},
      mode = EnumSource.Mode.EXCLUDE)
  void aCutOffCompressedFileIsRejectedWithItsCodec(Codec codec) {
    byte[] stored = Compress.with(codec, log(3000, 8));
    byte[] cut = Arrays.copyOf(stored, stored.length / 2);

    FileContent c = read(new ContentReader(CAP), cut, "vmcore-dmesg.txt");

    assertThat(c.readable()).as("%s cut in half cannot be decoded", codec).isFalse();
    assertThat(c.rejectReason()).as("the reason names the codec").startsWith(codec.id() + ": ");
    assertThat(c.length()).as("a rejected file carries no content").isZero();
  }

  @Test
  void aCutOffXzSaysTruncatedInput() {
    byte[] stored = Compress.with(Codec.XZ, log(3000, 9));
    FileContent c =
        read(new ContentReader(CAP), Arrays.copyOf(stored, stored.length - 100), "f.xz");

    assertThat(c.rejectReason()).isEqualTo("xz: truncated input");
  }

  @Test
  void binaryGarbageNamedGzIsRejectedAtByteZero() {
    byte[] garbage = new byte[4096];
    new Random(10).nextBytes(garbage);
    garbage[0] = 0x00; // no codec's magic

    FileContent c =
        read(new ContentReader(CAP), garbage, "10.0.0.1-2024-01-01-00:00:00/vmcore-dmesg.txt.gz");

    assertThat(c.rejectReason()).isEqualTo("gzip: not in gzip format at byte 0");
    assertThat(c.codec()).as("the name's codec is reported").isEqualTo(Codec.GZIP);
  }

  @Test
  void plainTextNamedGzIsReadAsPlain() {
    byte[] text = log(10, 11);
    FileContent c = read(new ContentReader(CAP), text, "vmcore-dmesg.txt.gz");

    assertThat(c.codec()).as("someone renamed it; the content is the log").isEqualTo(Codec.PLAIN);
    assertThat(content(c)).isEqualTo(text);
  }

  @Test
  void aCorruptGzipBodyIsRejectedWithTheDecoderMessage() {
    byte[] stored = Compress.with(Codec.GZIP, log(2000, 12));
    for (int i = 20; i < 200; i++) {
      stored[i] = (byte) 0xff;
    }
    FileContent c = read(new ContentReader(CAP), stored, "f.gz");

    assertThat(c.rejectReason())
        .as("corrupt deflate data")
        .startsWith("gzip: ")
        .hasSizeGreaterThan(7);
  }

  @Test
  void zipArchivesAreRefusedWithAReason() {
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
    FileContent c = read(new ContentReader(CAP), zip, "crash.zip");

    assertThat(c.rejectReason()).startsWith("zip: ");
  }

  @Test
  void aLogLineStartingWithBZhIsNotBzip2() {
    byte[] text = "BZh9 is not a header here\n".getBytes(StandardCharsets.US_ASCII);
    FileContent c = read(new ContentReader(CAP), text, "vmcore-dmesg.txt");

    assertThat(c.codec()).isEqualTo(Codec.PLAIN);
    assertThat(content(c)).isEqualTo(text);
  }

  @Test
  void emptyAndTinyFilesAreReadAsPlain() {
    ContentReader reader = new ContentReader(CAP);
    assertThat(read(reader, new byte[0], "f").length()).isZero();
    assertThat(content(read(reader, new byte[] {'x'}, "f.gz"))).containsExactly('x');
  }

  @Test
  void theBufferIsReusedAcrossFiles() {
    ContentReader reader = new ContentReader(CAP);
    byte[] first = read(reader, Compress.with(Codec.GZIP, log(2000, 13)), "a").bytes();
    FileContent second = read(reader, log(100, 14), "b");

    assertThat(second.bytes()).as("no new buffer for a smaller file").isSameAs(first);
    assertThat(content(second)).isEqualTo(log(100, 14));
  }

  @Test
  void aFailingSourceIsThrownNotRejected() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };
    assertThatThrownBy(() -> new ContentReader(CAP).read(broken, "f.gz", 0))
        .as("a storage failure must fail the task so Spark retries it, not mark the file bad")
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("connection reset");
  }

  /**
   * Caps below the 16 bytes sniffed for the codec: a plain file over the cap is cut (it once came
   * back whole and flagged complete, or was rejected with an index error), one within it is whole.
   */
  @Test
  void capsSmallerThanTheSniffedHeadStillCutAndKeep() {
    byte[] text =
        "[    0.000000] Linux version 6.1.0\n[    1.000000] BUG: x\n"
            .getBytes(StandardCharsets.US_ASCII);
    for (int cap = 1; cap <= 20; cap++) {
      ContentReader reader = new ContentReader(cap);
      for (int size : new int[] {cap - 1, cap, cap + 1, 16, 17, text.length}) {
        byte[] stored = Arrays.copyOf(text, size);
        FileContent c = read(reader, stored, "vmcore-dmesg.txt");
        assertThat(c.readable()).as("cap %d, %d bytes: %s", cap, size, c.rejectReason()).isTrue();
        assertThat(c.length()).as("cap %d, %d bytes", cap, size).isLessThanOrEqualTo(cap);
        assertThat(c.truncated()).as("cap %d, %d bytes cut", cap, size).isEqualTo(size > cap);
        if (size <= cap) {
          assertThat(content(c)).isEqualTo(stored);
        }
      }
    }
  }

  @Test
  void aSmallerReadBudgetStopsTheSearchForTheEndSooner() {
    byte[] text = log(20_000, 9);
    byte[] stored = Compress.with(Codec.GZIP, text);
    int cap = 4096;

    FileContent whole = read(new ContentReader(cap), stored, "f.gz");
    FileContent budgeted = read(new ContentReader(cap, 4L * cap), stored, "f.gz");

    assertThat(whole.truncated()).isTrue();
    assertThat(budgeted.truncated()).isTrue();
    assertThat(new String(content(whole), StandardCharsets.UTF_8))
        .as("the default budget reads to the file's end")
        .endsWith(new String(Arrays.copyOfRange(text, text.length - 100, text.length)));
    assertThat(budgeted.compressedBytes())
        .as("4 caps inflated, far from the whole file")
        .isLessThan(whole.compressedBytes() / 4);
    assertThatThrownBy(() -> new ContentReader(cap, cap - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read budget");
  }

  @Test
  void theCapIsChecked() {
    assertThatThrownBy(() -> new ContentReader(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size cap");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
