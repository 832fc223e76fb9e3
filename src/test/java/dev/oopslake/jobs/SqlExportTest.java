package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.spark.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oopslake sql} end to end on a real lake: an export holds every row, a cut output says so
 * on stderr, {@code --out} writes the file.
 */
class SqlExportTest {
  /** More than the table format's display limit, in several data files. */
  static final int ROWS = 2_500;

  @TempDir static Path tmp;
  static Path lake;

  @BeforeAll
  static void lakeWithManyRows() {
    SparkSession spark = SharedSpark.get();
    lake = tmp.resolve("lake");
    Lake.open(spark, TestLakes.at(lake.toUri().toString()))
        .replace(
            LakeTables.CLUSTERS,
            spark
                .range(ROWS)
                .selectExpr("id", "concat('title ', id, ', with a comma') AS title")
                .repartition(3),
            Map.of());
    // The command makes its own session (the lake as catalog "lake") and stops it.
    spark.stop();
  }

  private record Outcome(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  private static Outcome sql(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      String[] full = new String[args.length + 3];
      full[0] = "sql";
      full[1] = "--lake";
      full[2] = lake.toString();
      System.arraycopy(args, 0, full, 3, args.length);
      int code = OopslakeCli.execute(full);
      return new Outcome(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static List<String> csvRows(int n) {
    return IntStream.range(0, n).mapToObj(i -> i + ",\"title " + i + ", with a comma\"").toList();
  }

  @Test
  void csvExportsEveryRowWithoutANote() {
    Outcome o = sql("--format", "csv", "SELECT id, title FROM clusters ORDER BY id");
    assertThat(o.code()).as("exit code; stderr: %s", o.err()).isZero();
    assertThat(o.lines()).as("header").first().isEqualTo("id,title");
    assertThat(o.lines().subList(1, o.lines().size()))
        .as("all %d rows in order, none dropped at 1,000", ROWS)
        .containsExactlyElementsOf(csvRows(ROWS));
    assertThat(o.err()).as("a whole export says nothing about cutting").doesNotContain("cut at");
  }

  @Test
  void aLimitEqualToTheRowCountCutsNothing() {
    Outcome o =
        sql("--format", "csv", "--limit", String.valueOf(ROWS), "SELECT id, title FROM clusters");
    assertThat(o.code()).as("stderr: %s", o.err()).isZero();
    assertThat(o.lines()).as("header + every row").hasSize(ROWS + 1);
    assertThat(o.err()).as("no row was left out").doesNotContain("cut at");
  }

  @Test
  void aLimitThatCutsSaysSoOnStderr() {
    Outcome o = sql("--format", "json", "--limit", "5", "SELECT id FROM clusters ORDER BY id");
    assertThat(o.code()).as("stderr: %s", o.err()).isZero();
    assertThat(o.lines())
        .as("json lines, first five rows")
        .containsExactly("{\"id\":0}", "{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}");
    assertThat(o.err())
        .as("the cut is said, with the flag that did it")
        .contains("oopslake: output cut at 5 rows (--limit 5)")
        .contains("raise --limit");
  }

  @Test
  void theTableFormatKeepsADisplayLimitAndSaysWhenItCut() {
    Outcome o = sql("SELECT id FROM clusters ORDER BY id");
    assertThat(o.code()).as("stderr: %s", o.err()).isZero();
    assertThat(o.lines()).as("footer").last().isEqualTo("(" + SqlCommand.TABLE_ROWS + " rows)");
    assertThat(o.err())
        .contains("output cut at " + SqlCommand.TABLE_ROWS + " rows")
        .contains("--format csv|json for every row");
  }

  @Test
  void outWritesEveryRowToTheFile() throws Exception {
    Path file = tmp.resolve("export.csv");
    Outcome o = sql("--format", "csv", "--out", file.toString(), "SELECT * FROM clusters");
    assertThat(o.code()).as("stderr: %s", o.err()).isZero();
    assertThat(o.out()).as("nothing on stdout").isEmpty();
    List<String> written = Files.readAllLines(file);
    assertThat(written).as("header").first().isEqualTo("id,title");
    assertThat(written.subList(1, written.size()))
        .as("every row, whatever order the files come in")
        .containsExactlyInAnyOrderElementsOf(csvRows(ROWS));
  }

  @Test
  void anOutPathThatCannotBeWrittenIsOneLineNamingIt() {
    Path file = tmp.resolve("no/such/dir/export.csv");
    Outcome o = sql("--format", "csv", "--out", file.toString(), "SELECT * FROM clusters");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("--out " + file).contains("cannot write");
  }
}
