package dev.oopslake.parse;

import dev.oopslake.decode.DiagnosisRules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's own diagnosis rules file, read on the driver (so a mistake stops the job before any data
 * is read) and shipped to executors as text.
 */
public record ExtraRules(String source, String yaml) implements Serializable {
  public static final ExtraRules NONE = new ExtraRules(null, null);

  /** Reads and validates {@code file}; {@code null} means none. */
  public static ExtraRules read(Path file) {
    if (file == null) {
      return NONE;
    }
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new dev.oopslake.decode.RuleError(
          "diagnosis rules file "
              + file
              + " does not exist (--rules, or nightly.diagnosis-rules in the settings)");
    } catch (IOException e) {
      throw new dev.oopslake.decode.RuleError(
          "cannot read diagnosis rules file " + file + " (" + e.getMessage() + ")");
    }
    ExtraRules rules = new ExtraRules(file.toString(), yaml);
    rules.rules(); // validate now: a bad rule names its file, rule and key
    return rules;
  }

  /** The bundled rules plus these. */
  public DiagnosisRules rules() {
    if (yaml == null) {
      return DiagnosisRules.defaults();
    }
    return DiagnosisRules.defaults()
        .plus(
            DiagnosisRules.load(
                new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), source));
  }

  public CrashParser parser() {
    return yaml == null ? CrashParser.withDefaults() : new CrashParser(rules());
  }
}
