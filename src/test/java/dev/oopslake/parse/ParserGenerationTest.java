package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.generate.ArchiveGenerator;
import dev.oopslake.generate.Catalog;
import dev.oopslake.generate.CrashTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link CrashParser#GENERATION} names what the parser says about logs: the lake records it per
 * file, and {@code nightly --reread-older} reads again what an older generation read. So when the
 * parser's answer on the project's own logs (the parse fixtures, one file of every generator
 * template) changes, the generation must change with it: this test holds the digest of those
 * answers for the current generation.
 */
class ParserGenerationTest {
  /** Generation, then the digest of the parser's answers when it was made current. */
  private static final Path RECORDED =
      Path.of(System.getProperty("oopslake.home", "."), "src/test/resources/parse/generations.tsv");

  @Test
  void theParsersAnswersChangeOnlyWithItsGeneration() throws Exception {
    String digest = digest();
    List<String> rows =
        Files.readAllLines(RECORDED, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    String current = rows.get(rows.size() - 1);
    assertThat(current)
        .as(
            "The parser's answers on the project's logs changed (digest %s). If the parser changed,"
                + " raise CrashParser.GENERATION to %d (so nightly --reread-older reads again what"
                + " the older parser read) and add the line \"%d\\t%s\" to %s; if only the"
                + " generator or the fixtures changed, replace the digest of the last line.",
            digest, CrashParser.GENERATION + 1, CrashParser.GENERATION + 1, digest, RECORDED)
        .isEqualTo(CrashParser.GENERATION + "\t" + digest);
  }

  /** SHA-256 over every answer, in a fixed order. */
  static String digest() throws IOException, java.security.NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    CrashParser parser = CrashParser.withDefaults();
    Path fixtures = RECORDED.getParent();
    List<Path> logs;
    try (Stream<Path> s = Files.list(fixtures)) {
      logs = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
    }
    for (Path log : logs) {
      sha.update(answer(parser, Files.readAllBytes(log)));
    }
    Catalog catalog = Catalog.load();
    ArchiveGenerator generator = new ArchiveGenerator(catalog);
    for (CrashTemplate t : catalog.templates()) {
      sha.update(answer(parser, generator.sample(t.id(), 23, 0)));
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 24);
  }

  private static byte[] answer(CrashParser parser, byte[] log) {
    return (parser.parse(log).toString() + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
