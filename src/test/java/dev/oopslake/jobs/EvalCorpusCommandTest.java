package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval-corpus on a tiny hand-made corpus: the last lines, the mismatch listing, the exit code. */
class EvalCorpusCommandTest {

  @TempDir Path dir;

  private static final String WARN_LOG =
      String.join(
          "\n",
          "[   10.000001] WARNING: CPU: 1 PID: 7 at drivers/foo/foo.c:12 foo_poll+0x10/0x20 [foo]",
          "[   10.000002] CPU: 1 PID: 7 Comm: kworker/1:0 Not tainted 5.15.0 #1",
          "[   10.000003] RIP: 0010:foo_poll+0x10/0x20 [foo]",
          "[   10.000004] Call Trace:",
          "[   10.000005]  foo_work+0x30/0x40 [foo]",
          "[   10.000006]  process_one_work+0x1b6/0x350",
          "");

  private String run(int expectedExit, String... args) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = OopslakeCli.execute(args);
    } finally {
      System.setOut(old);
    }
    assertThat(code).as("exit code for %s", List.of(args)).isEqualTo(expectedExit);
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void allAgreeingPrintsFullRatiosAndExitsZero() throws Exception {
    Files.writeString(dir.resolve("a.log"), WARN_LOG);
    Files.writeString(dir.resolve("b.log"), "[    0.000000] Linux version 5.15.0\n");
    Files.writeString(
        dir.resolve("expected.tsv"),
        "name\ttitle\talt_titles\ttype\tcorrupted\n"
            + "a\tWARNING in foo_poll\t\tWARNING\t0\n"
            + "b\t\t\t\t0\n");
    String out = run(0, "eval-corpus", dir.toString());
    List<String> lines = out.strip().lines().toList();
    assertThat(lines.subList(lines.size() - 4, lines.size()))
        .as("the four last lines")
        .containsExactly(
            "detection: 1.000 (2/2)", "title: 1.000 (1/1)", "guilty: 1.000 (1/1)", "exceptions: 0");
  }

  @Test
  void mismatchesAreListedAndBelowThresholdExitsOne() throws Exception {
    Files.writeString(dir.resolve("a.log"), WARN_LOG);
    Files.writeString(
        dir.resolve("expected.tsv"),
        "name\ttitle\talt_titles\ttype\tcorrupted\n" + "a\tWARNING in bar_poll\t\tWARNING\t0\n");
    String out = run(1, "eval-corpus", "--verbose", dir.toString());
    assertThat(out).contains("TITLE a: expected 'WARNING in bar_poll', got 'WARNING in foo_poll'");
    assertThat(out).contains("title: 0.000 (0/1)");
  }

  /** The first name "log0", "log1", ... that is (or is not) held out. */
  private static String nameIn(boolean heldOut) {
    for (int i = 0; ; i++) {
      if (EvalCorpusCommand.heldOut("log" + i) == heldOut) {
        return "log" + i;
      }
    }
  }

  @Test
  void heldOutFifthIsScoredApartAndItsMismatchesAreNeverListed() throws Exception {
    String working = nameIn(false);
    String held = nameIn(true);
    Files.writeString(dir.resolve(working + ".log"), WARN_LOG);
    Files.writeString(dir.resolve(held + ".log"), WARN_LOG);
    Files.writeString(
        dir.resolve("expected.tsv"),
        "name\ttitle\talt_titles\ttype\tcorrupted\n"
            + working
            + "\tWARNING in foo_poll\t\tWARNING\t0\n"
            + held
            + "\tWARNING in bar_poll\t\tWARNING\t0\n");
    String out = run(1, "eval-corpus", "--verbose", dir.toString());
    assertThat(out)
        .as("each part's own score")
        .contains("working (4/5, CRC32 of the name mod 5 != 0): detection 1.000 (1/1), title 1.000")
        .contains("held-out (1/5, mismatches never listed): detection 1.000 (1/1), title 0.000")
        .contains("GAP title: held-out 0.0% trails working 100.0% by 100.0 points");
    assertThat(out).as("the held-out log is never named").doesNotContain(held);
    assertThat(out).as("the whole corpus last").contains("title: 0.500 (1/2)");
  }

  @Test
  void theSplitIsAboutAFifthAndStable() {
    long held =
        java.util.stream.IntStream.range(0, 10_000)
            .filter(i -> EvalCorpusCommand.heldOut("case" + i))
            .count();
    assertThat(held).as("held-out share of 10,000 names").isBetween(1_800L, 2_200L);
    assertThat(EvalCorpusCommand.heldOut("a")).as("CRC32(\"a\") = 0xe8b7be43, mod 5 = 2").isFalse();
  }

  @Test
  void missingExpectedFileIsAUserError() throws Exception {
    run(2, "eval-corpus", dir.toString());
  }

  @Test
  void eachFormIsScoredOnItsOwnLines() throws Exception {
    Files.writeString(dir.resolve("a.log"), WARN_LOG);
    Files.writeString(
        dir.resolve("expected.tsv"),
        "name\ttitle\talt_titles\ttype\tcorrupted\n" + "a\tWARNING in foo_poll\t\tWARNING\t0\n");
    String out = run(0, "eval-corpus", "--as", "syslog,cut80", dir.toString());
    assertThat(out.lines())
        .contains("[syslog] title: 1.000 (1/1)", "[cut80] title: 1.000 (1/1)")
        .noneMatch(l -> l.startsWith("title:"));
  }

  @Test
  void anUnknownFormIsAUserErrorNamingTheForms() throws Exception {
    Files.writeString(dir.resolve("expected.tsv"), "name\ttitle\talt_titles\ttype\tcorrupted\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      run(2, "eval-corpus", "--as", "serial", dir.toString());
    } finally {
      System.setErr(old);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "Cannot read the corpus as 'serial'; --as takes dmesg, syslog, netconsole, journal");
  }
}
