package dev.oopslake.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The page as an HTML parser sees it: every section, log strings as text, nothing injected. */
class ReportPageTest {
  private static final Set<String> OUR_ATTRIBUTES =
      Set.of(
          "id",
          "class",
          "style",
          "href",
          "hidden",
          "role",
          "lang",
          "charset",
          "name",
          "content",
          "http-equiv",
          "type",
          "open");

  @Test
  void hostileLogStringsReachThePageAsTextOnly() {
    String html = ReportPage.render(ReportFixtures.report(ReportFixtures.HOSTILE));
    Document doc = Jsoup.parse(html);

    assertThat(doc.select("script"))
        .as("only the page's own four scripts: collector, chart data, ECharts, drawing")
        .hasSize(4);
    assertThat(doc.select("script").stream().map(e -> e.attr("type")).toList())
        .containsExactly("", "application/json", "", "");
    assertThat(doc.select("img, svg, iframe, object, embed")).as("no injected elements").isEmpty();
    for (Element e : doc.getAllElements()) {
      for (Attribute a : e.attributes()) {
        assertThat(a.getKey())
            .as("attribute on <%s> is one the template writes", e.tagName())
            .isIn(OUR_ATTRIBUTES);
      }
    }
    assertThat(doc.select("a[href]").stream().map(e -> e.attr("href")).toList())
        .as("a javascript: link from the known-bug list is not a link")
        .allMatch(h -> h.startsWith("#") || h.startsWith("https://"));

    String text = doc.body().text();
    for (String s :
        List.of(
            "<script>alert(1)</script>", "\"onerror=alert(2) x=\"", "'><svg onload=alert(4)>")) {
      assertThat(text).as("shown as text: %s", s).contains(s);
    }
    assertThat(doc.select("td pre").first().text())
        .as("a sample trace frame is text")
        .contains("<script>alert(1)</script>+0x1c/0x40");
  }

  @Test
  void chartDataCannotEndItsScriptElement() {
    String html = ReportPage.render(ReportFixtures.report(ReportFixtures.HOSTILE));
    Element data = Jsoup.parse(html).getElementById("chart-data");
    String json = data.data();
    assertThat(json).doesNotContain("<", ">", "&", "\u2028", "\u2029");
    assertThat(json).contains("\\u003C/script\\u003E", "\\u2028");
    // The JSON is whole: the element did not end early at a </script> in a title.
    assertThat(json).startsWith("{\"trends\":").endsWith("}");
  }

  @Test
  void aReportOfEverySectionShowsTheirParts() {
    Document doc =
        Jsoup.parse(ReportPage.render(ReportFixtures.report(List.of("alpha", "beta", "gamma"))));
    assertThat(doc.select("#top-clusters tbody tr")).hasSize(7);
    assertThat(doc.select("#top-clusters .state-regressed").text()).isEqualTo("regressed");
    assertThat(doc.select("#top-clusters .move-up").first().text()).isEqualTo("▲2");
    assertThat(doc.select("#top-clusters .move-new").text()).isEqualTo("new");
    for (String id : List.of("chart-trends", "chart-heat", "chart-rates", "chart-taint")) {
      assertThat(doc.getElementById(id)).as("chart container %s", id).isNotNull();
    }
    assertThat(doc.getElementById("exposure-note").text())
        .as("rates from hosts seen crashing say so")
        .contains("No fleet inventory");
    List<String> order =
        doc.select("#known-bugs tbody tr td:nth-child(4)").stream().map(Element::text).toList();
    int firstKnown = 0;
    while (order.get(firstKnown).equals("no known bug")) {
      firstKnown++;
    }
    assertThat(order.subList(firstKnown, order.size()))
        .as("no known bug first, then the known ones")
        .allMatch(s -> s.startsWith("known: "));
    assertThat(order)
        .contains("known: BUG-121, fixed in 5.14.0-362.el9 \u2014 still seen on 35 hosts link");
    assertThat(doc.select(".missing")).isEmpty();
  }

  @Test
  void aLakeWithoutMorningTablesStillGivesAPageThatSaysWhatToRun() {
    Document doc = Jsoup.parse(ReportPage.render(ReportFixtures.beforeMorningTables()));
    assertThat(doc.select(".missing")).hasSize(8);
    assertThat(doc.select("#rates .missing").text())
        .contains("release_rates is missing")
        .contains("run the nightly");
    assertThat(doc.select("#top-clusters .missing").text())
        .contains("cluster_windows, cluster_state are missing");
    assertThat(doc.select(".chart")).as("no chart without data").isEmpty();
  }

  @Test
  void knownBugStatusReadsAsAnEngineerWouldSayIt() {
    assertThat(new KnownBugMatch("BUG-123", null, List.of("5.14.0-362.el9")).status(4))
        .isEqualTo("known: BUG-123, fixed in 5.14.0-362.el9 \u2014 still seen on 4 hosts");
    assertThat(new KnownBugMatch("BUG-9", null, List.of()).status(0)).isEqualTo("known: BUG-9");
  }
}
