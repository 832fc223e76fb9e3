package dev.oopslake.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.WriterOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Renders a {@link MorningReport} as one self-contained HTML page: the ECharts bundle, the chart
 * data and the drawing script are inlined, so the file opens from disk or a bucket with no network.
 * A Content-Security-Policy allows exactly those inline scripts (by hash): if a log string ever did
 * get through as markup, the browser would still refuse to run it.
 */
public final class ReportPage {
  /** The ECharts WebJar the pom pins (echarts.version). */
  static final String ECHARTS_VERSION = "5.3.1";

  static final String ECHARTS =
      "META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js";

  private static final String TEMPLATES = "dev.oopslake.report.templates";

  // Precompiled at build time by jte-maven-plugin: loading needs no compiler and no temp folder.
  private static final TemplateEngine ENGINE =
      TemplateEngine.createPrecompiled(null, ContentType.Html, null, TEMPLATES);

  private static volatile String echarts;

  private ReportPage() {}

  /** Writes the page for {@code report} to {@code out} (UTF-8 is the page's declared charset). */
  public static void render(MorningReport report, Writer out) {
    String collector = resource("dev/oopslake/report/error-collector.js");
    String draw = resource("dev/oopslake/report/report.js");
    String bundle = echarts();
    String csp =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src "
            + hash(collector)
            + " "
            + hash(bundle)
            + " "
            + hash(draw);
    ReportView view = new ReportView(report, collector, bundle, ChartData.json(report), draw, csp);
    ENGINE.render("report.jte", view, new WriterOutput(out));
  }

  /** The page as a string (tests). */
  public static String render(MorningReport report) {
    java.io.StringWriter w = new java.io.StringWriter();
    render(report, w);
    return w.toString();
  }

  private static String echarts() {
    String s = echarts;
    if (s == null) {
      s = inlinable(ECHARTS, resource(ECHARTS));
      echarts = s;
    }
    return s;
  }

  /**
   * A script placed verbatim inside {@code <script>} must not contain what ends the element or
   * switches the HTML parser's script states; a bundle that does is refused, not silently edited.
   */
  static String inlinable(String name, String js) {
    String lower = js.toLowerCase(Locale.ROOT);
    if (lower.contains("</script") || lower.contains("<!--") || lower.contains("<script")) {
      throw new IllegalStateException(
          name + " cannot be inlined: it contains a script-tag sequence");
    }
    return js;
  }

  private static String resource(String path) {
    try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path + " (is the jar complete?)");
      }
      return inlinable(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hash(String script) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
