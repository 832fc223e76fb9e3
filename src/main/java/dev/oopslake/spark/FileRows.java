package dev.oopslake.spark;

import dev.oopslake.archive.FileContent;
import dev.oopslake.archive.PathFields;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.parse.ParsedFile;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * Turns one read file into a row of {@link LakeTables#INGESTED}: its {@code files} columns and the
 * crash rows of its reports. Each column is bound to the schema by its field name, in {@link
 * #COLUMNS}, through a {@link RowBinding}, as {@link CrashRows} binds a crash's.
 */
final class FileRows {
  private FileRows() {}

  /**
   * What a column's value is taken from: the file as listed, what its path says, its content (null
   * when it could not be opened) and the parser's answer.
   */
  record Source(
      String uri,
      long size,
      long modified,
      PathFields path,
      Timestamp crashTime,
      FileContent content,
      ParsedFile parsed,
      String runId) {}

  /** Every column of {@link LakeTables#INGESTED} by field name. */
  static final Map<String, Function<Source, Object>> COLUMNS = columns();

  private static Map<String, Function<Source, Object>> columns() {
    Map<String, Function<Source, Object>> c = new LinkedHashMap<>();
    c.put("path", Source::uri);
    c.put("size", Source::size);
    c.put("modified", s -> new Timestamp(s.modified()));
    c.put("status", s -> s.parsed().status().id());
    c.put("reason", s -> s.parsed().reason());
    c.put("host", s -> s.path().host());
    c.put("ip", s -> s.path().ip());
    c.put("crash_time", Source::crashTime);
    c.put("reports", s -> s.parsed().reports().size());
    c.put("codec", s -> s.content() == null ? null : s.content().codec().id());
    c.put("truncated", s -> s.content() != null && s.content().truncated());
    c.put("bytes_read", s -> s.content() == null ? 0L : (long) s.content().length());
    c.put("parser_generation", s -> dev.oopslake.parse.CrashParser.GENERATION);
    c.put("run_id", Source::runId);
    c.put(
        "crash_rows",
        s ->
            s.parsed().reports().stream()
                .map(r -> CrashRows.toRow(s.uri(), s.path().host(), s.crashTime(), r, s.runId()))
                .toArray(Row[]::new));
    return c;
  }

  /** {@link #COLUMNS} bound to the schema, checked once. */
  private static final RowBinding<Source> ROW = RowBinding.of(LakeTables.INGESTED, COLUMNS);

  /**
   * The row of a file listed with {@code size} bytes, modified at {@code modified} (epoch millis);
   * {@code content} is null when the file could not be opened.
   */
  static Row toRow(
      String uri,
      long size,
      long modified,
      PathFields path,
      FileContent content,
      ParsedFile parsed,
      String runId) {
    Timestamp crashTime = path.crashTime() == null ? null : Timestamp.valueOf(path.crashTime());
    return ROW.toRow(new Source(uri, size, modified, path, crashTime, content, parsed, runId));
  }
}
