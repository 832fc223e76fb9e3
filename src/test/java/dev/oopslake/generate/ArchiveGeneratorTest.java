package dev.oopslake.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive as a whole: layout, truth, determinism, traps. One archive shared by the class. */
class ArchiveGeneratorTest {
  private static final int FILES = 400;
  private static final Pattern LAYOUT =
      Pattern.compile(
          "[a-z0-9.-]+/\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}-\\d{4}-\\d{2}-\\d{2}-\\d{2}:\\d{2}:\\d{2}/vmcore-dmesg\\.txt(\\.gz)?");

  private static final Pattern WRAPPED_MODULES =
      Pattern.compile(
          "(?m)^\\[[^\\]]*\\](?:\\[[^\\]]*\\])? Modules linked in: .*\r?\n\\[[^\\]]*\\](?:\\[[^\\]]*\\])?  [a-z0-9_]+ [a-z0-9_]");

  @TempDir static Path root;
  private static Path archive;
  private static GenerationResult result;
  private static Map<String, String> truth;
  private static Map<String, byte[]> texts;

  @BeforeAll
  static void generate() throws IOException {
    archive = root.resolve("a");
    result = ArchiveGenerator.generate(archive, new GeneratorOptions(FILES, 11, 0.5, 2));
    truth = readTruth(archive);
    texts = readAll(archive);
  }

  @Test
  void writesKdumpLayoutAndOneTruthRowPerFile() {
    assertThat(result.files()).isEqualTo(FILES);
    assertThat(texts.keySet()).as("files on disk are the truth's rows").isEqualTo(truth.keySet());
    for (String path : texts.keySet()) {
      assertThat(path).as("kdump layout, colons kept").matches(LAYOUT);
    }
    long gz = texts.keySet().stream().filter(p -> p.endsWith(".gz")).count();
    assertThat(gz).as("about half gzipped").isEqualTo(result.gzipFiles()).isBetween(150L, 250L);
    assertThat(result.crashFiles())
        .as("a few clean boot logs, counted like the truth")
        .isEqualTo((int) truth.values().stream().filter(v -> !v.isEmpty()).count())
        .isBetween(FILES - 30, FILES - 1);
    long total = texts.values().stream().mapToLong(b -> b.length).sum();
    assertThat(total).as("uncompressed bytes reported").isEqualTo(result.uncompressedBytes());
    assertThat(total / FILES)
        .as("realistic sizes: tens to hundreds of KB")
        .isBetween(40_000L, 150_000L);
  }

  @Test
  void gzippedFilesAreRealGzip() throws IOException {
    for (String path : texts.keySet()) {
      byte[] head = Arrays.copyOf(Files.readAllBytes(archive.resolve(path)), 2);
      boolean magic = (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
      assertThat(magic).as("%s gzip magic iff .gz", path).isEqualTo(path.endsWith(".gz"));
    }
  }

  @Test
  void truthNamesThePrimaryCrashOfEachFile() {
    Catalog catalog = Catalog.load();
    for (Map.Entry<String, String> row : truth.entrySet()) {
      String text = new String(texts.get(row.getKey()), StandardCharsets.ISO_8859_1);
      if (row.getValue().isEmpty()) {
        assertThat(text)
            .as("%s: a clean boot log", row.getKey())
            .doesNotContain("Call Trace", "Call trace", "Kernel panic");
      } else {
        CrashTemplate t = catalog.template(row.getValue());
        assertThat(text)
            .as("%s: a crash follows the boot log", row.getKey())
            .contains("Linux version ");
        if (t.isLiteral()) {
          String first = t.literal().lines().findFirst().orElseThrow();
          assertThat(text).as("%s: the seed text", row.getKey()).contains(first);
        }
      }
    }
    Map<String, Long> counts = new TreeMap<>();
    truth.values().stream().filter(v -> !v.isEmpty()).forEach(v -> counts.merge(v, 1L, Long::sum));
    long top = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(top).as("popular bugs are popular").isGreaterThan(FILES / 10);
    assertThat(counts).as("and many bugs appear").hasSizeGreaterThan(20);
  }

  @Test
  void carriesTheTrapsRealArchivesHave() {
    int crlf = 0;
    int invalid = 0;
    int callers = 0;
    int twoReports = 0;
    int unterminated = 0;
    int wrapped = 0;
    for (byte[] bytes : texts.values()) {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      crlf += text.contains("\r\n") ? 1 : 0;
      invalid += isUtf8(bytes) ? 0 : 1;
      callers +=
          Pattern.compile("(?m)^\\[ *\\d+\\.\\d{6}\\]\\[ *T\\d+\\] ").matcher(text).find() ? 1 : 0;
      twoReports += text.indexOf("Kernel panic") > 0 && text.contains("WARNING: CPU:") ? 1 : 0;
      unterminated += bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? 1 : 0;
      wrapped += WRAPPED_MODULES.matcher(text).find() ? 1 : 0;
    }
    assertThat(wrapped).as("module lists printk split into a second record").isGreaterThan(10);
    assertThat(crlf).as("CRLF files, a few").isBetween(1, FILES / 10);
    assertThat(invalid).as("files with invalid UTF-8, a few").isBetween(1, FILES / 10);
    assertThat(callers).as("files with printk caller ids").isBetween(1, FILES / 5);
    assertThat(twoReports).as("a warning, then a later panic").isGreaterThan(5);
    assertThat(unterminated).as("files cut off mid-line").isBetween(1, FILES / 10);
  }

  @Test
  void sameSeedSameBytesWhateverTheThreadsDifferentSeedDifferentArchive() throws IOException {
    Path again = root.resolve("again");
    ArchiveGenerator.generate(again, new GeneratorOptions(FILES, 11, 0.5, 1));
    assertThat(Files.readString(again.resolve(ArchiveGenerator.GROUND_TRUTH)))
        .as("same truth with 1 thread as with 2")
        .isEqualTo(Files.readString(archive.resolve(ArchiveGenerator.GROUND_TRUTH)));
    for (String path : truth.keySet()) {
      assertThat(Files.readAllBytes(again.resolve(path)))
          .as("%s byte for byte", path)
          .isEqualTo(Files.readAllBytes(archive.resolve(path)));
    }
    Path other = root.resolve("other");
    ArchiveGenerator.generate(other, new GeneratorOptions(50, 12, 0.5, 2));
    assertThat(Files.readString(other.resolve(ArchiveGenerator.GROUND_TRUTH)))
        .as("another seed, another archive")
        .isNotEqualTo(truthPrefix(archive, 50));
  }

  @Test
  void optionsAreCheckedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> new GeneratorOptions(0, 1, 0.5, 1)).hasMessageContaining("files");
    assertThatThrownBy(() -> new GeneratorOptions(1, 1, 1.5, 1)).hasMessageContaining("gzip-ratio");
    assertThatThrownBy(() -> new GeneratorOptions(1, 1, 0.5, 0)).hasMessageContaining("threads");
  }

  // ------------------------------------------------------------------ helpers

  private static String truthPrefix(Path dir, int rows) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve(ArchiveGenerator.GROUND_TRUTH));
    return String.join("\n", lines.subList(0, rows + 1)) + "\n";
  }

  static Map<String, String> readTruth(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve(ArchiveGenerator.GROUND_TRUTH));
    assertThat(lines.get(0)).as("truth header").isEqualTo("file,bug_id");
    Map<String, String> rows = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int comma = line.lastIndexOf(',');
      assertThat(rows.put(line.substring(0, comma), line.substring(comma + 1)))
          .as("one row per file")
          .isNull();
    }
    return rows;
  }

  static Map<String, byte[]> readAll(Path dir) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(p -> p.getFileName().toString().startsWith("vmcore-dmesg"))
          .forEach(p -> out.put(dir.relativize(p).toString(), read(p)));
    }
    return out;
  }

  static byte[] read(Path p) {
    try {
      byte[] raw = Files.readAllBytes(p);
      if (!p.toString().endsWith(".gz")) {
        return raw;
      }
      try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
