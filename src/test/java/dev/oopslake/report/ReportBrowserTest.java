package dev.oopslake.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report in a real browser (Debian's headless Chromium, which .ci/run installs): the charts
 * draw, nothing logs to the console, nothing injected runs, and a screenshot is kept in {@code
 * target/report-browser/} for a person to look at.
 */
class ReportBrowserTest {
  static final Path OUT = Path.of("target", "report-browser").toAbsolutePath();
  static String chromium;

  @BeforeAll
  static void findChromium() throws IOException {
    for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(c))) {
        chromium = c;
      }
    }
    Assumptions.assumeTrue(chromium != null, "chromium is not installed (CI installs it)");
    Files.createDirectories(OUT);
  }

  /** What the browser left: the DOM after the scripts ran, and its console lines. */
  record Loaded(Document dom, List<String> console) {}

  static Loaded open(String name, MorningReport report) throws Exception {
    Path page = OUT.resolve(name + ".html");
    Files.writeString(page, ReportPage.render(report), StandardCharsets.UTF_8);
    Path err = OUT.resolve(name + ".stderr.txt");
    String dom = chromium(page, err, "--dump-dom");
    chromium(
        page,
        OUT.resolve(name + ".screenshot.stderr.txt"),
        "--screenshot=" + OUT.resolve(name + ".png"));
    List<String> console = new ArrayList<>();
    for (String line : Files.readAllLines(err)) {
      // --enable-logging=stderr prints each console message (and CSP refusals) as ":CONSOLE(".
      if (line.contains(":CONSOLE") || line.contains("Uncaught")) {
        console.add(line);
      }
    }
    return new Loaded(Jsoup.parse(dom), console);
  }

  private static String chromium(Path page, Path stderr, String action) throws Exception {
    Path home = Files.createDirectories(OUT.resolve("profile"));
    List<String> cmd =
        List.of(
            chromium,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--user-data-dir=" + home,
            "--enable-logging=stderr",
            "--v=0",
            // Lets the page's scripts finish before the DOM is read or the picture taken.
            "--virtual-time-budget=10000",
            "--window-size=1400,3400",
            "--hide-scrollbars",
            action,
            page.toUri().toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(p.exitValue()).as("chromium exit, stderr in %s", stderr).isZero();
    return out;
  }

  static void assertDrawnWithoutErrors(Loaded page) {
    assertThat(page.console()).as("console messages (errors, CSP refusals)").isEmpty();
    Element html = page.dom().selectFirst("html");
    assertThat(html.attr("data-report-errors")).as("errors the page recorded").isEmpty();
    List<Element> charts = page.dom().select(".chart");
    assertThat(html.attr("data-charts-drawn"))
        .as("every chart container was drawn")
        .isEqualTo(String.valueOf(charts.size()));
    for (Element chart : charts) {
      assertThat(chart.select("svg path").size())
          .as("chart %s has drawn SVG paths", chart.id())
          .isGreaterThan(3);
    }
    assertThat(page.dom().getElementById("report-errors").hasAttr("hidden")).isTrue();
  }

  @Test
  void everyChartDrawsWithNoConsoleError() throws Exception {
    Loaded page =
        open(
            "report",
            ReportFixtures.report(
                List.of(
                    "BUG: soft lockup in nvme_poll",
                    "kernel BUG at mm/slub.c:379",
                    "general protection fault in ext4_fill_super",
                    "WARNING in iommu_dma_unmap_page")));
    assertThat(page.dom().select(".chart")).hasSize(4);
    assertDrawnWithoutErrors(page);
    assertThat(OUT.resolve("report.png")).isNotEmptyFile();
  }

  @Test
  void hostileLogStringsRunNothingInTheBrowser() throws Exception {
    Loaded page = open("hostile", ReportFixtures.report(ReportFixtures.HOSTILE));
    assertDrawnWithoutErrors(page);
    assertThat(page.dom().select("img, iframe, object, embed"))
        .as("no injected elements")
        .isEmpty();
    for (Element e : page.dom().getAllElements()) {
      for (Attribute a : e.attributes()) {
        assertThat(a.getKey())
            .as("no event handler attribute on <%s>", e.tagName())
            .doesNotStartWith("on");
      }
    }
    assertThat(page.dom().body().text()).contains("<script>alert(1)</script>");
  }

  @Test
  void aLakeWithoutMorningTablesRendersWithoutErrors() throws Exception {
    Loaded page = open("before-morning-tables", ReportFixtures.beforeMorningTables());
    assertDrawnWithoutErrors(page);
    assertThat(page.dom().select(".missing")).hasSize(8);
  }
}
