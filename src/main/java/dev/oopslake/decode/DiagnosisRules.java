package dev.oopslake.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Diagnosis rules kept as data ({@code conf/diagnoses.yaml}, bundled as the classpath resource
 * {@code oopslake/diagnoses.yaml}): each rule has an {@code id}, a {@code when} map of conditions
 * over the decoded facts (see {@link RuleConditions}) and a {@code text} template (see {@link
 * RuleText}). A file is validated completely when loaded: unknown keys, bad patterns and unknown
 * placeholders are a {@link RuleError} naming the file, the rule and the key.
 */
public final class DiagnosisRules {

  /** Where {@link #defaults()} reads the bundled rules from. */
  public static final String RESOURCE = "oopslake/diagnoses.yaml";

  // Keys a rule may have; anything else is a typo the user should hear about.
  private static final Set<String> RULE_KEYS = Set.of("id", "when", "text");
  private static final Set<String> FILE_KEYS = Set.of("rules");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.\\-]*");

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

  /** One compiled rule. */
  private record Rule(String id, RuleConditions.Condition when, RuleText text) {}

  private final List<Rule> rules;

  private DiagnosisRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  private static final class Bundled {
    static final DiagnosisRules INSTANCE = loadBundled();
  }

  /** The rules shipped in the jar (read once, shared). */
  public static DiagnosisRules defaults() {
    return Bundled.INSTANCE;
  }

  private static DiagnosisRules loadBundled() {
    try (InputStream in = DiagnosisRules.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "classpath resource " + RESOURCE + " is missing; the jar was built without conf/");
      }
      return load(in, "classpath:" + RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads and validates a rules file. */
  public static DiagnosisRules load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new RuleError("diagnosis rules file " + file + " does not exist");
    } catch (IOException e) {
      throw new RuleError("cannot read diagnosis rules file " + file + ": " + e.getMessage());
    }
  }

  /** Loads and validates rules; {@code sourceName} names the source in error messages. */
  public static DiagnosisRules load(InputStream in, String sourceName) {
    JsonNode root;
    try {
      root = YAML.readTree(in);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new RuleError(
          sourceName
              + (at == null ? "" : ":" + at.getLineNr())
              + ": not valid YAML: "
              + oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new DiagnosisRules(List.of());
    }
    if (!root.isObject()) {
      throw new RuleError(sourceName + ": expected a map with a 'rules' list at the top");
    }
    checkKeys(root, FILE_KEYS, sourceName);
    JsonNode list = root.get("rules");
    if (list == null || list.isNull()) {
      return new DiagnosisRules(List.of());
    }
    if (!list.isArray()) {
      throw new RuleError(sourceName + ": 'rules' must be a list");
    }
    Map<String, Rule> byId = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode node : list) {
      index++;
      Rule rule = compileRule(node, sourceName, index);
      if (byId.putIfAbsent(rule.id(), rule) != null) {
        throw new RuleError(sourceName + ": rule id '" + rule.id() + "' is defined twice");
      }
    }
    return new DiagnosisRules(new ArrayList<>(byId.values()));
  }

  /**
   * SnakeYAML's messages span lines and echo the source with a caret under it; a user error is one
   * line, and the line number is already in front.
   */
  private static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    List<String> kept = new ArrayList<>();
    String[] lines = message.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.startsWith("in 'reader'")) {
        i += 2; // the echoed source line and the caret under it
      } else if (!line.isEmpty()) {
        kept.add(line);
      }
    }
    return String.join("; ", kept);
  }

  private static Rule compileRule(JsonNode node, String source, int index) {
    String unnamed = source + ": rule #" + index;
    if (!node.isObject()) {
      throw new RuleError(unnamed + ": must be a map with id, when and text");
    }
    JsonNode idNode = node.get("id");
    if (idNode == null || !idNode.isTextual() || !ID.matcher(idNode.asText()).matches()) {
      throw new RuleError(
          unnamed + ": needs an 'id' of lower-case letters, digits, '.', '_' or '-'");
    }
    String where = source + ": rule '" + idNode.asText() + "'";
    checkKeys(node, RULE_KEYS, where);
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      throw new RuleError(where + ": needs a non-empty 'text'");
    }
    RuleConditions.Condition when = RuleConditions.compileMap(node.get("when"), where);
    return new Rule(idNode.asText(), when, RuleText.compile(text.asText(), where));
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!allowed.contains(key)) {
        throw new RuleError(
            where + ": unknown key '" + key + "' (allowed: " + String.join(", ", allowed) + ")");
      }
    }
  }

  /**
   * These rules followed by {@code more}; a rule of {@code more} with an id already here replaces
   * it (so a user file can refine a bundled rule).
   */
  public DiagnosisRules plus(DiagnosisRules more) {
    Map<String, Rule> byId = new LinkedHashMap<>();
    for (Rule r : rules) {
      byId.put(r.id(), r);
    }
    for (Rule r : more.rules) {
      byId.put(r.id(), r);
    }
    return new DiagnosisRules(new ArrayList<>(byId.values()));
  }

  /** Rule ids in evaluation order. */
  public List<String> ids() {
    return rules.stream().map(Rule::id).toList();
  }

  /** Every rule whose conditions hold, in file order, with its text filled in from the facts. */
  public List<Diagnosis> diagnose(CrashFacts facts) {
    List<Diagnosis> out = new ArrayList<>();
    for (Rule r : rules) {
      if (r.when().test(facts)) {
        out.add(new Diagnosis(r.id(), r.text().render(facts)));
      }
    }
    return List.copyOf(out);
  }
}
