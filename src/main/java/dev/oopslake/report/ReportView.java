package dev.oopslake.report;

import java.util.List;

/**
 * What the page template ({@code src/main/jte/report.jte}) receives: the report's values, and the
 * scripts it inlines verbatim with their CSP hashes. Only these scripts are output unescaped; every
 * value from the lake goes through the template's context-aware escaping.
 */
public record ReportView(
    MorningReport report,
    String errorCollectorJs,
    String echartsJs,
    String chartJson,
    String reportJs,
    String contentSecurityPolicy) {
  public List<TopCluster> topClusters() {
    return report.topClusters().isMissing() ? List.of() : report.topClusters().value();
  }

  /** A CSS class per lifecycle state: states show as coloured badges. */
  public static String stateClass(String state) {
    return "state state-" + (state == null ? "unknown" : state.replaceAll("[^a-z_]", ""));
  }

  /** "probably_fixed" as "probably fixed". */
  public static String stateLabel(String state) {
    return state == null ? "unknown" : state.replace('_', ' ');
  }
}
