package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class SqlOutputTest {
  private static String print(SqlCommand.Format f) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    List<Row> rows =
        List.of(
            RowFactory.create("5.10.0", 3L, "WARNING in foo, bar"),
            RowFactory.create("3.10.0", 1L, null));
    SqlCommand.print(
        new PrintStream(buf, true, StandardCharsets.UTF_8),
        f,
        List.of("kernel", "n", "title"),
        rows);
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void csvHasHeaderAndQuotesCommas() {
    assertThat(print(SqlCommand.Format.csv).lines().toList())
        .as("header line first, RFC 4180 quoting, null as empty")
        .containsExactly("kernel,n,title", "5.10.0,3,\"WARNING in foo, bar\"", "3.10.0,1,");
  }

  @Test
  void jsonIsOneObjectPerRow() {
    assertThat(print(SqlCommand.Format.json).lines().toList())
        .containsExactly(
            "{\"kernel\":\"5.10.0\",\"n\":3,\"title\":\"WARNING in foo, bar\"}",
            "{\"kernel\":\"3.10.0\",\"n\":1,\"title\":null}");
  }

  @Test
  void tableIsAligned() {
    List<String> lines = print(SqlCommand.Format.table).lines().toList();
    assertThat(lines.get(0)).as("header").startsWith("kernel  n  title");
    assertThat(lines.get(2)).startsWith("5.10.0  3  WARNING in foo, bar");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("(2 rows)");
  }

  @Test
  void queryFileSplitsIntoHeadedStatements() {
    List<SqlCommand.Statement> st =
        SqlCommand.splitStatements(
            "-- intro line\n\n-- Which bugs?\nSELECT 1\n  FROM t;\n\nSELECT ';' AS x;\n-- trailing\nSELECT 3");
    assertThat(st)
        .as(
            "comments right above a statement are its heading; ';' ends a statement only at line end")
        .containsExactly(
            new SqlCommand.Statement("Which bugs?", "SELECT 1\n  FROM t"),
            new SqlCommand.Statement(null, "SELECT ';' AS x"),
            new SqlCommand.Statement("trailing", "SELECT 3"));
  }
}
