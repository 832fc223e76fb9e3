package dev.oopslake.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the archive reader (Jazzer): codec detection, concatenated gzip
 * members, xz/zstd/bzip2/lz4 streams, the size cap and the head-and-end cut. An input is one byte
 * choosing the file name (its extension is the codec hint), one byte choosing the cap, then the
 * file as stored; seeds in {@code
 * src/test/resources/dev/oopslake/archive/ContentReaderFuzzTestInputs/read/} are small logs in
 * every codec, cut-off and multi-member files under several caps. Long run: docs/fuzzing.md.
 */
@Tag("fuzz")
class ContentReaderFuzzTest {

  private static final List<String> NAMES =
      List.of(
          "vmcore-dmesg.txt",
          "dmesg.gz",
          "dmesg.xz",
          "dmesg.zst",
          "dmesg.bz2",
          "dmesg.lz4",
          "dmesg.Z",
          "2024/host/vmcore-dmesg");

  private static final long[] CAPS = {1, 2, 17, 100, 1000, 4096, 65_536, 1 << 20};

  /**
   * Four caps decompressed past the cap at most, not the 64 MiB a real reader allows: the same code
   * paths (head kept, ring wrapped, budget spent) at a few thousand inputs a second instead of a
   * few.
   */
  private static ContentReader reader(long cap) {
    return new ContentReader(cap, 4 * cap);
  }

  /** A reader reused across inputs, as a partition reuses it across files. */
  private static final ContentReader[] REUSED = new ContentReader[CAPS.length];

  /**
   * Any stored bytes: read or rejected with a reason, never an exception; never more than the cap
   * kept, never more read than stored; a plain file under the cap comes back unchanged; the same
   * bytes read the same by a fresh reader and by one whose buffer held other files.
   */
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "15m")
  void read(byte[] data) {
    if (data.length < 2) {
      return;
    }
    String name = NAMES.get((data[0] & 0xff) % NAMES.size());
    int capIndex = (data[1] & 0xff) % CAPS.length;
    long cap = CAPS[capIndex];
    byte[] stored = Arrays.copyOfRange(data, 2, data.length);

    FileContent fresh = reader(cap).read(new ByteArrayInputStream(stored), name, 0);
    checkAnswer(fresh, stored, cap);

    ContentReader reused;
    synchronized (REUSED) {
      if (REUSED[capIndex] == null) {
        REUSED[capIndex] = reader(cap);
      }
      reused = REUSED[capIndex];
    }
    FileContent again =
        reused.read(
            new ByteArrayInputStream(stored), name, stored.length * (long) (data[0] & 0xff));
    checkAnswer(again, stored, cap);
    assertThat(again.rejectReason()).as("same verdict").isEqualTo(fresh.rejectReason());
    assertThat(again.codec()).isEqualTo(fresh.codec());
    assertThat(again.truncated()).isEqualTo(fresh.truncated());
    assertThat(again.compressedBytes()).isEqualTo(fresh.compressedBytes());
    assertThat(Arrays.copyOf(again.bytes(), again.length()))
        .as("same content from a reused buffer, whatever the size hint")
        .isEqualTo(Arrays.copyOf(fresh.bytes(), fresh.length()));
  }

  private static void checkAnswer(FileContent c, byte[] stored, long cap) {
    assertThat(c).isNotNull();
    assertThat(c.compressedBytes())
        .as("never more read than stored")
        .isLessThanOrEqualTo(stored.length);
    assertThat((long) c.length()).as("never more kept than the cap").isLessThanOrEqualTo(cap);
    assertThat((long) c.bytes().length)
        .as("the buffer never grows past the cap (+1)")
        .isLessThanOrEqualTo(cap + 1);
    if (!c.readable()) {
      assertThat(c.rejectReason()).as("a rejection says why").isNotBlank();
      assertThat(c.rejectReason()).as("one line").doesNotContain("\n");
      return;
    }
    if (c.codec() == Codec.PLAIN && stored.length <= cap) {
      assertThat(c.truncated()).isFalse();
      assertThat(Arrays.copyOf(c.bytes(), c.length()))
          .as("a plain file under the cap comes back unchanged")
          .isEqualTo(stored);
    }
    if (c.codec() == Codec.PLAIN && stored.length > cap) {
      assertThat(c.truncated()).as("a plain file over the cap is cut").isTrue();
    }
  }
}
