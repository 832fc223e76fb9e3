package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.jobs.NightlyExitCodesTest.Outcome;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration mistake of the list fails before any data is read: exit {@value
 * OopslakeCli#CONFIG}, one line on stderr naming what to fix, no listing started and nothing
 * written to the lake. Real in-process runs of {@code oopslake nightly}.
 */
class NightlyConfigErrorsTest {
  @TempDir Path tmp;
  Path archive;
  Path lake;

  @BeforeEach
  void archive() throws IOException {
    archive = NightlyExitCodesTest.goodArchive(tmp.resolve("archive"));
    lake = tmp.resolve("lake");
  }

  /** Runs nightly over the good archive with {@code extra} args; checks the common promises. */
  private Outcome fails(String... extra) {
    List<String> args = new ArrayList<>(List.of("nightly"));
    if (!List.of(extra).contains("--input")) {
      args.addAll(List.of("--input", archive.toString()));
    }
    if (!List.of(extra).contains("--lake") && !List.of(extra).contains("--catalog")) {
      args.addAll(List.of("--lake", lake.toString()));
    }
    args.addAll(List.of(extra));
    Outcome o = NightlyExitCodesTest.run(args.toArray(String[]::new));
    assertThat(o.code()).as("a configuration mistake: %s", o.err()).isEqualTo(OopslakeCli.CONFIG);
    assertThat(o.err().strip().lines()).as("exactly one line: %s", o.err()).hasSize(1);
    assertThat(o.err()).as("no data read").doesNotContain("listed ");
    assertThat(Files.exists(lake)).as("nothing written to the lake").isFalse();
    return o;
  }

  private Path conf(String yaml) throws IOException {
    Path conf = tmp.resolve("oopslake.yaml");
    Files.writeString(conf, yaml);
    return conf;
  }

  @Test
  void unknownKeyInTheSettingsFile() throws IOException {
    Path conf = conf("nightly:\n  max-file-byte: 10\n");
    assertThat(fails("--conf", conf.toString()).err())
        .contains("nightly.max-file-byte")
        .contains(conf.toString());
  }

  @Test
  void unknownSectionInTheSettingsFile() throws IOException {
    Path conf = conf("nigthly:\n  partitions: 2\n");
    assertThat(fails("--conf", conf.toString()).err())
        .contains("nigthly")
        .contains(conf.toString());
  }

  @Test
  void rereadOlderIsANumberOfFilesOnAPlainNightly() throws IOException {
    assertThat(fails("--reread-older", "lots").err()).contains("--reread-older lots");
    assertThat(fails("--reread-older", "-5").err()).contains("--reread-older -5");
    assertThat(fails("--reread-older", "100", "--rebuild").err())
        .contains("--reread-older")
        .contains("--rebuild");
    Path conf = conf("nightly:\n  reread-older: many\n");
    assertThat(fails("--conf", conf.toString()).err()).contains("reread-older");
  }

  @Test
  void badInputUri() {
    assertThat(fails("--input", "s3a://bad bucket/kdump").err()).contains("--input");
  }

  @Test
  void inputOnAFileSystemNobodyServes() {
    assertThat(fails("--input", "nosuchfs://bucket/kdump").err())
        .contains("--input")
        .contains("nosuchfs");
  }

  @Test
  void missingInput() {
    Path missing = tmp.resolve("no-such-archive");
    assertThat(fails("--input", missing.toString()).err())
        .contains("--input")
        .contains(missing.toString());
  }

  @Test
  void unwritableLake() throws IOException {
    // A lake under a regular file cannot be created, even by root (which ignores permissions).
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    lake = file.resolve("lake");
    assertThat(fails("--lake", lake.toString()).err()).contains("--lake").contains(file.toString());
  }

  @Test
  void unreachableCatalog() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Path conf =
        conf(
            "lake:\n  catalog: shared\n  scratch: "
                + tmp.resolve("scratch")
                + "\nspark:\n"
                + "  spark.sql.catalog.shared: org.apache.iceberg.spark.SparkCatalog\n"
                + "  spark.sql.catalog.shared.type: jdbc\n"
                + "  spark.sql.catalog.shared.uri: jdbc:postgresql://127.0.0.1:"
                + closedPort
                + "/lake\n"
                + "  spark.sql.catalog.shared.warehouse: "
                + tmp.resolve("warehouse").toUri()
                + "\n");
    assertThat(fails("--conf", conf.toString(), "--catalog", "shared").err())
        .contains("catalog")
        .contains("shared");
    assertThat(tmp.resolve("warehouse")).doesNotExist();
  }

  @Test
  void diagnosisRuleThatDoesNotParse() throws IOException {
    Path rules = tmp.resolve("my-rules.yaml");
    Files.writeString(
        rules, "rules:\n  - id: mine\n    when:\n      title: \"(unclosed\"\n    text: x\n");
    assertThat(fails("--rules", rules.toString()).err())
        .contains("my-rules.yaml")
        .contains("title");
  }

  @Test
  void diagnosisRulesFileNamedInTheSettingsIsMissing() throws IOException {
    Path conf = conf("nightly:\n  diagnosis-rules: " + tmp.resolve("gone.yaml") + "\n");
    assertThat(fails("--conf", conf.toString()).err()).contains("gone.yaml");
  }

  @Test
  void sizeCapOfZeroInTheSettingsFile() throws IOException {
    Path conf = conf("nightly:\n  max-file-bytes: 0\n");
    assertThat(fails("--conf", conf.toString()).err()).contains("max-file-bytes");
  }

  @Test
  void sizeCapOfZeroAsAFlag() {
    assertThat(fails("--max-file-bytes", "0").err()).contains("max-file-bytes");
  }
}
