package dev.oopslake.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oopslake.spark.LakeViews;
import dev.oopslake.spark.Sessions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code oopslake sql}: Spark SQL over the lake, every table registered as a view under its own
 * name.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description =
        "Run a Spark SQL query over the lake's tables (files, crashes, summary_kernel_module, ...).")
public final class SqlCommand implements Callable<Integer> {

  enum Format {
    table,
    csv,
    json
  }

  @Option(names = "--lake", required = true, description = "Lake root URI.")
  String lake;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "Output: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--limit", defaultValue = "1000", description = "Rows printed at most.")
  int limit;

  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL query.")
  String query;

  @Override
  public Integer call() {
    if (limit <= 0) {
      throw new UserError("Cannot set --limit to " + limit + ", the value must be positive");
    }
    String lakeUri = NightlyOptions.normalizeUri("--lake", lake);
    SparkSession spark = Sessions.getOrCreate("oopslake-sql");
    try {
      List<String> views = LakeViews.register(spark, lakeUri);
      if (views.isEmpty()) {
        throw new UserError("--lake " + lakeUri + " holds no tables; run `oopslake nightly` first");
      }
      org.apache.spark.sql.Dataset<Row> df;
      try {
        df = spark.sql(query);
      } catch (Exception e) {
        // Scala throws AnalysisException (checked in Java) without declaring it.
        if (e instanceof AnalysisException ae) {
          throw new UserError(
              "query failed: " + ae.getSimpleMessage() + " (tables: " + views + ")");
        }
        throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
      }
      List<String> names = new ArrayList<>();
      for (StructField f : df.schema().fields()) {
        names.add(f.name());
      }
      print(System.out, format, names, df.limit(limit).collectAsList());
      return 0;
    } finally {
      spark.stop();
    }
  }

  static void print(PrintStream out, Format format, List<String> names, List<Row> rows) {
    switch (format) {
      case csv -> {
        out.println(String.join(",", names.stream().map(SqlCommand::csv).toList()));
        for (Row r : rows) {
          List<String> cells = new ArrayList<>();
          for (int i = 0; i < names.size(); i++) {
            cells.add(csv(cell(r, i)));
          }
          out.println(String.join(",", cells));
        }
      }
      case json -> {
        ObjectMapper mapper = new ObjectMapper();
        for (Row r : rows) {
          ObjectNode o = mapper.createObjectNode();
          for (int i = 0; i < names.size(); i++) {
            o.set(names.get(i), mapper.valueToTree(plain(r.get(i))));
          }
          out.println(o);
        }
      }
      case table -> out.print(Tables.render(names, rows));
    }
  }

  static String cell(Row r, int i) {
    Object v = plain(r.get(i));
    return v == null
        ? ""
        : v instanceof List<?> l
            ? String.join(" | ", l.stream().map(String::valueOf).toList())
            : v.toString();
  }

  /** Scala collections out of Rows become Java lists, so JSON and text see plain values. */
  static Object plain(Object v) {
    if (v instanceof scala.collection.Seq<?> seq) {
      List<Object> out = new ArrayList<>();
      scala.collection.Iterator<?> it = seq.iterator();
      while (it.hasNext()) {
        out.add(plain(it.next()));
      }
      return out;
    }
    if (v instanceof Row row) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        out.add(plain(row.get(i)));
      }
      return out;
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toInstant().toString();
    }
    return v;
  }

  static String csv(String s) {
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
