package dev.oopslake.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
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

  @picocli.CommandLine.Mixin LakeOptions lakeOptions = new LakeOptions();

  @Option(names = "--conf", description = "Settings file (default: conf/oopslake.yaml).")
  java.nio.file.Path conf;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "Output: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--limit", defaultValue = "1000", description = "Rows printed at most.")
  int limit;

  @Option(
      names = "--file",
      description =
          "Run every statement of a .sql file (e.g. notebooks/fleet-reliability.sql) in order.")
  java.nio.file.Path file;

  @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "The SQL query.")
  String query;

  @Override
  public Integer call() {
    if (limit <= 0) {
      throw new UserError("Cannot set --limit to " + limit + ", the value must be positive");
    }
    LakeLocation location = lakeOptions.location(conf);
    List<Statement> statements = statements();
    SparkSession spark =
        Sessions.getOrCreate("oopslake-sql", LakeOptions.sparkConf(conf, location));
    try {
      Lake lake = Lake.open(spark, location);
      List<String> views = lake.tables();
      if (views.isEmpty()) {
        throw new UserError(
            location.sqlName("") + " holds no tables; run `oopslake nightly` first");
      }
      // Unqualified names (crashes, files, ...) are the lake's tables; full names work too.
      spark.catalog().setCurrentCatalog(location.catalog());
      spark.catalog().setCurrentDatabase(location.namespace());
      for (Statement st : statements) {
        // Headings only in table output, so csv/json stay machine-readable.
        if (format == Format.table && (statements.size() > 1 || st.heading() != null)) {
          System.out.println();
          System.out.println("== " + (st.heading() == null ? st.sql() : st.heading()));
        }
        run(spark, st.sql(), views);
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  /** One statement of a query file, with the comment lines just above it as its heading. */
  record Statement(String heading, String sql) {}

  private List<Statement> statements() {
    if ((query == null) == (file == null)) {
      throw new UserError("give either a QUERY or --file FILE (one of them)");
    }
    if (query != null) {
      return List.of(new Statement(null, query));
    }
    String text;
    try {
      text = java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new UserError("--file " + file + ": cannot read (" + e.getMessage() + ")");
    }
    return splitStatements(text);
  }

  /**
   * Splits on ';' at line ends; '-- ' comment lines right above a statement (no blank line between)
   * are its heading.
   */
  static List<Statement> splitStatements(String text) {
    List<Statement> out = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    StringBuilder heading = new StringBuilder();
    for (String line : text.split("\r?\n")) {
      String t = line.strip();
      if (t.startsWith("--")) {
        if (sql.isEmpty()) {
          heading.append(heading.isEmpty() ? "" : " ").append(t.substring(2).strip());
        }
        continue;
      }
      if (t.isEmpty() && sql.isEmpty()) {
        heading.setLength(0); // a blank line ends a comment block that belongs to no statement
        continue;
      }
      sql.append(line).append('\n');
      if (t.endsWith(";")) {
        String body = sql.toString().strip();
        out.add(
            new Statement(
                heading.isEmpty() ? null : heading.toString(),
                body.substring(0, body.length() - 1)));
        sql.setLength(0);
        heading.setLength(0);
      }
    }
    if (!sql.toString().isBlank()) {
      out.add(new Statement(heading.isEmpty() ? null : heading.toString(), sql.toString().strip()));
    }
    return out;
  }

  private void run(SparkSession spark, String sql, List<String> views) {
    org.apache.spark.sql.Dataset<Row> df;
    try {
      df = spark.sql(sql);
    } catch (Exception e) {
      // Scala throws AnalysisException (checked in Java) without declaring it.
      if (e instanceof AnalysisException ae) {
        throw new UserError("query failed: " + ae.getSimpleMessage() + " (tables: " + views + ")");
      }
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    List<String> names = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      names.add(f.name());
    }
    print(System.out, format, names, df.limit(limit).collectAsList());
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
