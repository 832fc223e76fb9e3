package dev.oopslake.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.spark.Sessions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
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
  private static final ObjectMapper JSON = new ObjectMapper();

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

  /** Rows {@code --format table} shows without {@code --limit}: it is for reading, not export. */
  static final int TABLE_ROWS = 1000;

  @Option(
      names = "--limit",
      description =
          "Rows printed at most per statement (default: every row for csv and json, "
              + TABLE_ROWS
              + " for table); a note on stderr says when it cut the output.")
  Integer limit;

  @Option(names = "--out", description = "Write the output to FILE instead of standard output.")
  java.nio.file.Path out;

  @Option(
      names = "--file",
      description =
          "Run every statement of a .sql file (e.g. notebooks/fleet-reliability.sql) in order.")
  java.nio.file.Path file;

  @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "The SQL query.")
  String query;

  @Override
  public Integer call() {
    if (limit != null && limit <= 0) {
      throw new UserError("Cannot set --limit to " + limit + ", the value must be positive");
    }
    LakeLocation location = lakeOptions.location(conf);
    List<Statement> statements = statements();
    // Opened before Spark starts, so a path that cannot be written fails in a second, not after
    // the query.
    PrintStream sink = openSink();
    SparkSession spark =
        Sessions.getOrCreate("oopslake-sql", LakeOptions.sparkConf(conf, location));
    try {
      Lake lake = Lake.open(spark, location);
      List<String> views = lake.tables();
      if (views.isEmpty()) {
        throw new UserError(
            location.describe()
                + " holds no tables; run `oopslake nightly` there first, or check --lake");
      }
      // Unqualified names (crashes, files, ...) are the lake's tables; full names work too.
      spark.catalog().setCurrentCatalog(location.catalog());
      spark.catalog().setCurrentDatabase(location.namespace());
      for (Statement st : statements) {
        // Headings only in table output, so csv/json stay machine-readable.
        if (format == Format.table && (statements.size() > 1 || st.heading() != null)) {
          sink.println();
          sink.println("== " + (st.heading() == null ? st.sql() : st.heading()));
        }
        run(spark, st, statements.size() > 1, views, sink);
      }
      return 0;
    } finally {
      closeSink(sink);
      spark.stop();
    }
  }

  private PrintStream openSink() {
    if (out == null) {
      // Buffered: an export of millions of rows must not flush the terminal once per line.
      return new PrintStream(
          new java.io.BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
    }
    try {
      return new PrintStream(
          new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(out), 1 << 16),
          false,
          StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new UserError("--out " + out + ": cannot write (" + e + ")");
    }
  }

  private void closeSink(PrintStream sink) {
    if (out == null) {
      sink.flush(); // System.out stays open; a reader that left early (| head) is no error
      return;
    }
    sink.close();
    if (sink.checkError()) {
      throw new UserError("--out " + out + ": writing the output failed (disk full?)");
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

  private void run(
      SparkSession spark, Statement st, boolean several, List<String> views, PrintStream sink) {
    org.apache.spark.sql.Dataset<Row> df;
    try {
      df = spark.sql(st.sql());
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
    int cap = limit != null ? limit : format == Format.table ? TABLE_ROWS : Integer.MAX_VALUE;
    // One row past the cap tells a complete output from a cut one. Rows stream to the driver a
    // partition at a time, so an export needs no more driver memory than its largest partition.
    Iterator<Row> rows = (cap == Integer.MAX_VALUE ? df : df.limit(cap + 1)).toLocalIterator();
    Printed printed = print(sink, format, names, rows, cap);
    sink.flush();
    if (printed.cut()) {
      System.err.println("oopslake: " + cutNote(printed.rows(), several ? st : null));
    }
  }

  /** The stderr line for an output cut at {@code rows}: which limit did it and how to lift it. */
  String cutNote(long rows, Statement st) {
    String what =
        st == null
            ? ""
            : " of \""
                + (st.heading() == null ? st.sql().lines().findFirst().orElse("") : st.heading())
                + "\"";
    String how =
        limit != null
            ? "raise --limit or drop it to print every row"
            : "give --limit N to show more, or --format csv|json for every row";
    return "output"
        + what
        + " cut at "
        + rows
        + " rows"
        + (limit != null
            ? " (--limit " + limit + ")"
            : " (--format table shows " + TABLE_ROWS + ")")
        + "; more rows exist: "
        + how;
  }

  /** What {@link #print} wrote: the rows, and whether more were left when the cap was reached. */
  record Printed(long rows, boolean cut) {}

  static Printed print(PrintStream out, Format format, List<String> names, List<Row> rows) {
    return print(out, format, names, rows.iterator(), Integer.MAX_VALUE);
  }

  /** Prints at most {@code cap} rows of {@code rows}; only the table format holds them at once. */
  static Printed print(
      PrintStream out, Format format, List<String> names, Iterator<Row> rows, int cap) {
    long n = 0;
    switch (format) {
      case csv -> {
        out.println(String.join(",", names.stream().map(SqlCommand::csv).toList()));
        StringBuilder line = new StringBuilder();
        for (; n < cap && rows.hasNext(); n++) {
          Row r = rows.next();
          line.setLength(0);
          for (int i = 0; i < names.size(); i++) {
            line.append(i == 0 ? "" : ",").append(csv(cell(r, i)));
          }
          out.println(line);
        }
      }
      case json -> {
        for (; n < cap && rows.hasNext(); n++) {
          Row r = rows.next();
          ObjectNode o = JSON.createObjectNode();
          for (int i = 0; i < names.size(); i++) {
            o.set(names.get(i), JSON.valueToTree(plain(r.get(i))));
          }
          out.println(o);
        }
      }
      case table -> {
        List<Row> shown = new ArrayList<>();
        for (; n < cap && rows.hasNext(); n++) {
          shown.add(rows.next());
        }
        out.print(TerminalTable.render(names, shown));
      }
    }
    return new Printed(n, rows.hasNext());
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
