package dev.oopslake.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The charts' data as JSON that is safe to place inside a {@code <script>} element: {@code <},
 * {@code >}, {@code &}, {@code '} and U+2028/U+2029 are written as {@code \\u} escapes, so no log
 * string ({@code </script>} in a frame name) can end the element or break the script. Built as
 * Jackson trees, never by concatenation.
 */
public final class ChartData {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static {
    JSON.getFactory().setCharacterEscapes(new HtmlSafeEscapes());
  }

  private ChartData() {}

  /** The JSON object report.js draws from; a missing section's key is null. */
  public static String json(MorningReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.set("trends", report.trends().isMissing() ? null : trends(report.trends().value()));
    root.set("heat", report.heatMap().isMissing() ? null : heat(report.heatMap().value()));
    root.set(
        "rates", report.releaseRates().isMissing() ? null : rates(report.releaseRates().value()));
    return write(root);
  }

  /** Serialises any tree with the HTML-safe escapes (tests use it for hostile strings). */
  static String write(Object tree) {
    try {
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("chart data is not serialisable", e);
    }
  }

  private static ObjectNode trends(Trends t) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode days = o.putArray("days");
    t.days().forEach(d -> days.add(d.toString()));
    ArrayNode series = o.putArray("series");
    for (Trends.Series s : t.series()) {
      ObjectNode n = series.addObject();
      n.put("id", s.clusterId());
      n.put("title", s.title() == null ? s.clusterId() : s.title());
      ArrayNode data = n.putArray("crashes");
      s.crashes().forEach(data::add);
    }
    return o;
  }

  private static ObjectNode heat(HeatMap h) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode releases = o.putArray("releases");
    h.releases().forEach(releases::add);
    ArrayNode modules = o.putArray("modules");
    h.modules().forEach(modules::add);
    ArrayNode cells = o.putArray("cells");
    long max = 0;
    for (HeatMap.Cell c : h.cells()) {
      cells.addArray().add(c.module()).add(c.release()).add(c.crashes());
      max = Math.max(max, c.crashes());
    }
    o.put("max", max);
    return o;
  }

  private static ArrayNode rates(List<ReleaseRate> rates) {
    ArrayNode a = JSON.createArrayNode();
    for (ReleaseRate r : rates) {
      ObjectNode n = a.addObject();
      n.put("release", r.release());
      n.put("crashes", r.crashes());
      n.put("hosts", r.hosts());
      n.put("rate", r.rate());
      n.put("low", r.low());
      n.put("high", r.high());
      n.put("exposure", r.exposure());
      n.put("outOfTree", r.outOfTree());
      n.put("unsigned", r.unsigned());
      n.put("proprietary", r.proprietary());
    }
    return a;
  }

  /** JSON's own escapes plus the characters that mean something to an HTML parser or to JS. */
  private static final class HtmlSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();
    private static final SerializedString LS = new SerializedString("\\u2028");
    private static final SerializedString PS = new SerializedString("\\u2029");

    HtmlSafeEscapes() {
      for (char c : new char[] {'<', '>', '&', '\''}) {
        ascii[c] = CharacterEscapes.ESCAPE_STANDARD;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      // Line and paragraph separators end a JS line in older engines.
      return ch == 0x2028 ? LS : ch == 0x2029 ? PS : null;
    }
  }
}
