package dev.oopslake.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Real console logs used as templates: a directory of {@code NAME.log} files and an {@code
 * expected.tsv} (name, title, alt titles, type, corrupted 0/1) as in {@code ../shared/corpus}. Read
 * at run time from the path given; nothing of it is copied into the project.
 */
public final class CorpusLogs {

  /** Name of the expected-results table beside the logs. */
  public static final String EXPECTED = "expected.tsv";

  /**
   * One template log.
   *
   * @param title the expected title; empty when the log holds no crash
   * @param lines the log's lines, line ends removed (bytes read as ISO-8859-1 so that any byte
   *     survives the round trip unchanged)
   */
  public record TemplateLog(String name, String title, boolean corrupted, List<String> lines) {
    public TemplateLog {
      Catalog.require(name, "template log name");
      title = title == null ? "" : title;
      lines = List.copyOf(lines);
    }

    /** Whether the log holds a crash (a log without one becomes a clean file of the archive). */
    public boolean hasCrash() {
      return !title.isEmpty();
    }
  }

  private CorpusLogs() {}

  /**
   * Every log listed in {@code dir/expected.tsv}, in name order.
   *
   * @throws IllegalArgumentException when the table or a listed log is missing
   */
  public static List<TemplateLog> load(Path dir) {
    Path table = dir.resolve(EXPECTED);
    if (!Files.isRegularFile(table)) {
      throw new IllegalArgumentException(
          "corpus " + dir + " has no " + EXPECTED + " (name, title, alt_titles, type, corrupted)");
    }
    List<TemplateLog> logs = new ArrayList<>();
    try {
      List<String> rows = Files.readAllLines(table, StandardCharsets.UTF_8);
      for (int i = 1; i < rows.size(); i++) {
        if (rows.get(i).isBlank()) {
          continue;
        }
        String[] cols = rows.get(i).split("\t", -1);
        String name = cols[0].strip();
        Path log = dir.resolve(name + ".log");
        if (!Files.isRegularFile(log)) {
          throw new IllegalArgumentException(
              EXPECTED + " line " + (i + 1) + " names " + log + ", which does not exist");
        }
        String text = new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
        logs.add(
            new TemplateLog(
                name,
                cols.length > 1 ? cols[1].strip() : "",
                cols.length > 4 && cols[4].strip().equals("1"),
                text.lines().toList()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read corpus " + dir, e);
    }
    if (logs.isEmpty()) {
      throw new IllegalArgumentException("corpus " + dir + " lists no logs in " + EXPECTED);
    }
    logs.sort(Comparator.comparing(TemplateLog::name));
    return List.copyOf(logs);
  }
}
