package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.spark.ReportLakes;
import dev.oopslake.spark.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code oopslake report} end to end: a lake in, one HTML file out, one-line errors. */
class ReportCommandTest {
  @TempDir Path tmp;

  private record Outcome(int code, String err) {}

  private static Outcome run(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      return new Outcome(OopslakeCli.execute(args), buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
    }
  }

  private Path lake(String name, Consumer<Lake> fill) {
    Path dir = tmp.resolve(name);
    fill.accept(Lake.open(SharedSpark.get(), TestLakes.at(dir.toUri().toString())));
    return dir;
  }

  @Test
  void writesOneSelfContainedPage() throws Exception {
    Path lake = lake("full", ReportLakes::withMorningTables);
    Path out = tmp.resolve("report.html");
    Outcome o = run("report", "--lake", lake.toString(), "--out", out.toString());
    assertThat(o.code()).as("exit; stderr: %s", o.err()).isZero();
    String html = Files.readString(out);
    assertThat(html)
        .contains("Morning report · 2026-12-04")
        .contains("BUG: soft lockup in nvme_poll")
        .contains("id=\"chart-trends\"")
        .doesNotContain("src=\"http", "href=\"http://", "<link");
    assertThat(tmp).as("no temporary file left beside it").isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void aLakeFromBeforeTheMorningTablesStillGivesAPage() throws Exception {
    Path lake = lake("before", ReportLakes::beforeMorning);
    Path out = tmp.resolve("report.html");
    Outcome o = run("report", "--lake", lake.toString(), "--out", out.toString());
    assertThat(o.code()).as("exit; stderr: %s", o.err()).isZero();
    assertThat(Files.readString(out))
        .contains("Table cluster_daily is missing from this lake")
        .contains("run the nightly");
  }

  @Test
  void aFolderWithoutALakeIsOneLineNamingIt() {
    Outcome o = run("report", "--lake", tmp.toString(), "--out", tmp.resolve("r.html").toString());
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().strip().lines().count()).as("one line: %s", o.err()).isEqualTo(1);
    assertThat(o.err()).contains("the lake at ").contains("check --lake");
  }

  @Test
  void badOptionsAreOneLineNamingWhatToChange() {
    Outcome o =
        run(
            "report",
            "--lake",
            tmp.toString(),
            "--out",
            tmp.resolve("r.html").toString(),
            "--window",
            "0");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().strip().lines().count()).as("one line: %s", o.err()).isEqualTo(1);
    assertThat(o.err()).contains("--window");

    Path lake = lake("windows", ReportLakes::withMorningTables);
    o =
        run(
            "report",
            "--lake",
            lake.toString(),
            "--out",
            tmp.resolve("r.html").toString(),
            "--window",
            "14");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err().strip().lines().count()).as("one line: %s", o.err()).isEqualTo(1);
    assertThat(o.err()).contains("no 14-day window").contains("7 days as of 2026-12-04");
  }
}
