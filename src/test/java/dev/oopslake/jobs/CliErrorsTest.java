package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.spark.NightlyOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad flag or config gets one clear error line naming what to change, and a non-zero exit. */
class CliErrorsTest {
  @TempDir Path tmp;

  private record Outcome(int code, String err) {}

  private Outcome run(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int code = OopslakeCli.execute(args);
      return new Outcome(code, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
    }
  }

  /** Exit 2 and exactly one line on stderr. */
  private static void assertOneLineConfigError(Outcome o) {
    assertThat(o.code()).as("configuration exit: %s", o.err()).isEqualTo(2);
    assertThat(o.err().strip().lines().count()).as("one line: %s", o.err()).isEqualTo(1);
  }

  @Test
  void unknownFlagIsOneLineNamingIt() {
    Outcome o = run("nightly", "--input", "x", "--lake", "y", "--bogus", "1");
    assertThat(o.code()).as("bad flag exits non-zero").isEqualTo(2);
    assertThat(o.err().strip().lines().count()).as("exactly one line: %s", o.err()).isEqualTo(1);
    assertThat(o.err()).as("names the flag").contains("--bogus");
  }

  @Test
  void unknownSettingNamesTheKeyAndFile() throws Exception {
    Path conf = tmp.resolve("oopslake.yaml");
    Files.writeString(conf, "nightly:\n  max-file-byte: 10\n");
    Outcome o =
        run(
            "nightly",
            "--input",
            tmp.toString(),
            "--lake",
            tmp.resolve("lake").toString(),
            "--conf",
            conf.toString());
    assertOneLineConfigError(o);
    assertThat(o.err())
        .as("names key and file")
        .contains("nightly.max-file-byte")
        .contains(conf.toString());
  }

  @Test
  void badSettingValueNamesTheKey() throws Exception {
    Path conf = tmp.resolve("oopslake.yaml");
    Files.writeString(conf, "nightly:\n  max-file-bytes: lots\n");
    Outcome o =
        run(
            "nightly",
            "--input",
            tmp.toString(),
            "--lake",
            tmp.resolve("lake").toString(),
            "--conf",
            conf.toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).as("names key").contains("max-file-bytes").contains("lots");
  }

  @Test
  void nonPositiveCapIsRejectedBeforeAnyDataIsRead() {
    Outcome o =
        run(
            "nightly",
            "--input",
            tmp.toString(),
            "--lake",
            tmp.resolve("lake").toString(),
            "--max-file-bytes",
            "0");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("max-file-bytes");
    assertThat(tmp.resolve("lake")).as("nothing written").doesNotExist();
  }

  @Test
  void parseOfMissingPathSaysWhich() {
    Outcome o = run("parse", tmp.resolve("nope.txt").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("nope.txt").contains("no such file");
  }

  @Test
  void localPathsBecomeFileUris() {
    assertThat(NightlyOptions.normalizeUri("--input", "/data/kdump/"))
        .as("absolute path, trailing slash dropped")
        .isEqualTo("file:///data/kdump");
    assertThat(NightlyOptions.normalizeUri("--input", "s3a://bucket/kdump"))
        .as("URIs pass through")
        .isEqualTo("s3a://bucket/kdump");
  }

  @Test
  void badRulesFileStopsBeforeAnyDataIsRead() throws Exception {
    Path rules = tmp.resolve("my-rules.yaml");
    Files.writeString(
        rules, "rules:\n  - id: mine\n    when: {preempt.sofirq_disable: \"> 0\"}\n    text: x\n");
    Outcome o =
        run(
            "nightly",
            "--input",
            tmp.toString(),
            "--lake",
            tmp.resolve("lake").toString(),
            "--rules",
            rules.toString());
    assertOneLineConfigError(o);
    assertThat(o.err())
        .as("names file and key")
        .contains("my-rules.yaml")
        .contains("sofirq_disable");
    assertThat(tmp.resolve("lake")).doesNotExist();
  }

  @Test
  void aBadAsOfDayNamesTheFlag() {
    Outcome o =
        run(
            "nightly",
            "--input",
            tmp.toString(),
            "--lake",
            tmp.resolve("l").toString(),
            "--as-of",
            "yesterday");
    assertOneLineConfigError(o);
    assertThat(o.err()).contains("--as-of 'yesterday' is not a date");
  }

  @Test
  void aMalformedKnownBugStopsTheRunBeforeAnyDataIsRead() throws Exception {
    Path bugs = tmp.resolve("known-bugs.yaml");
    Files.writeString(bugs, "known_bugs:\n  - id: BUG-9\n    cluster: abc\n    fixed_in: [soon]\n");
    Outcome o =
        run(
            "nightly",
            "--input",
            tmp.resolve("no-such-archive").toString(),
            "--lake",
            tmp.resolve("l").toString(),
            "--known-bugs",
            bugs.toString());
    assertOneLineConfigError(o);
    assertThat(o.err())
        .as("file, entry and field")
        .contains(bugs.toString(), "BUG-9", "fixed_in", "'soon' is not a kernel release");
    assertThat(tmp.resolve("l")).as("nothing written").doesNotExist();
  }
}
