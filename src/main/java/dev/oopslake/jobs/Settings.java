package dev.oopslake.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One job's section of {@code conf/oopslake.yaml} as flat string values, checked against the keys
 * the job knows. The file is found from {@code --conf}, else {@code
 * $OOPSLAKE_HOME/conf/oopslake.yaml}, else the copy bundled in the jar (so {@code spark-submit} of
 * the bare jar still has defaults).
 */
public final class Settings {
  private final String source;
  private final Map<String, String> values;

  private Settings(String source, Map<String, String> values) {
    this.source = source;
    this.values = values;
  }

  /** The file's sections, one per job that reads it (and the session's and the lake's). */
  static final Set<String> SECTIONS = Set.of("nightly", "lake", "spark", "maintain");

  private static final String SECTIONS_TEXT = String.join(", ", new java.util.TreeSet<>(SECTIONS));

  /** Loads {@code section} and rejects keys outside {@code known}. */
  public static Settings load(Path confFile, String section, Set<String> known) {
    return load(
        confFile, section, known::contains, String.join(", ", new java.util.TreeSet<>(known)));
  }

  /**
   * The {@code spark:} section: Spark settings for embedded runs (under spark-submit,
   * spark-defaults.conf says the same). Every key must start with {@code spark.}.
   */
  public static Map<String, String> sparkSection(Path confFile) {
    return load(confFile, "spark", k -> k.startsWith("spark."), "keys starting with spark.").values;
  }

  private static Settings load(
      Path confFile, String section, java.util.function.Predicate<String> known, String knownText) {
    JsonNode root;
    String source;
    try {
      if (confFile != null) {
        source = confFile.toString();
        if (!Files.isRegularFile(confFile)) {
          throw new UserError("--conf " + confFile + ": no such file");
        }
        try (InputStream in = Files.newInputStream(confFile)) {
          root = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
      } else {
        String home = System.getProperty("oopslake.home", System.getenv("OOPSLAKE_HOME"));
        Path homeConf = home == null ? null : Path.of(home, "conf", "oopslake.yaml");
        if (homeConf != null && Files.isRegularFile(homeConf)) {
          return load(homeConf, section, known, knownText);
        }
        source = "bundled oopslake.yaml";
        try (InputStream in = Settings.class.getResourceAsStream("/oopslake/oopslake.yaml")) {
          root = in == null ? null : new ObjectMapper(new YAMLFactory()).readTree(in);
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
      throw new UserError(
          (confFile != null ? confFile.toString() : "settings")
              + (at == null ? "" : ":" + at.getLineNr())
              + ": not valid YAML: "
              + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new UserError("cannot read settings: " + e.getMessage());
    }
    if (root != null && !root.isMissingNode() && !root.isNull()) {
      if (!root.isObject()) {
        throw new UserError(source + ": expected a map of sections (" + SECTIONS_TEXT + ")");
      }
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!SECTIONS.contains(name)) {
          throw new UserError(
              "unknown section '" + name + "' in " + source + " (known: " + SECTIONS_TEXT + ")");
        }
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    JsonNode node = root == null ? null : root.get(section);
    if (node != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!known.test(e.getKey())) {
          throw new UserError(
              "unknown setting '"
                  + section
                  + "."
                  + e.getKey()
                  + "' in "
                  + source
                  + " (known: "
                  + knownText
                  + ")");
        }
        values.put(e.getKey(), e.getValue().asText());
      }
    }
    return new Settings(source, values);
  }

  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  /** A non-negative integer setting; the error names the key and the file. */
  public long getLong(String key, long fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UserError(
          "setting '"
              + key
              + "' in "
              + source
              + " must be a non-negative integer, not '"
              + v
              + "'");
    }
  }
}
