package dev.oopslake.jobs;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Renders rows as an aligned text table for the terminal. */
final class TerminalTable {
  private static final int MAX_CELL = 60;

  private TerminalTable() {}

  static String render(List<String> names, List<Row> rows) {
    List<String[]> cells = new ArrayList<>();
    int[] width = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      width[i] = names.get(i).length();
    }
    for (Row r : rows) {
      String[] line = new String[names.size()];
      for (int i = 0; i < names.size(); i++) {
        String c = SqlCommand.cell(r, i);
        line[i] = c.length() > MAX_CELL ? c.substring(0, MAX_CELL - 1) + "…" : c;
        width[i] = Math.max(width[i], line[i].length());
      }
      cells.add(line);
    }
    StringBuilder sb = new StringBuilder();
    appendLine(sb, names.toArray(new String[0]), width);
    String[] rule = new String[names.size()];
    for (int i = 0; i < rule.length; i++) {
      rule[i] = "-".repeat(width[i]);
    }
    appendLine(sb, rule, width);
    for (String[] line : cells) {
      appendLine(sb, line, width);
    }
    sb.append('(').append(rows.size()).append(rows.size() == 1 ? " row)\n" : " rows)\n");
    return sb.toString();
  }

  private static void appendLine(StringBuilder sb, String[] cells, int[] width) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append("  ");
      }
      sb.append(cells[i]);
      if (i < cells.length - 1) {
        sb.append(" ".repeat(width[i] - cells[i].length()));
      }
    }
    sb.append('\n');
  }
}
