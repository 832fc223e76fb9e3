package dev.oopslake.jobs;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Typed, validated options of the nightly job: {@code conf/oopslake.yaml}'s {@code nightly} section
 * overlaid with flags. Checked before any data is read.
 */
public record NightlyOptions(
    String input,
    String lake,
    Pattern fileNamePattern,
    long maxFileBytes,
    int partitions,
    int summaryTop,
    ExtraRules rules) {

  static final Set<String> KEYS =
      Set.of("file-name-pattern", "max-file-bytes", "partitions", "summary-top", "diagnosis-rules");

  public NightlyOptions {
    input = normalizeUri("--input", input);
    lake = normalizeUri("--lake", lake);
    if (maxFileBytes <= 0 || maxFileBytes > Integer.MAX_VALUE - 16) {
      throw new UserError(
          "Cannot set max-file-bytes to "
              + maxFileBytes
              + ", it must be in 1.."
              + (Integer.MAX_VALUE - 16));
    }
    rules = rules == null ? ExtraRules.NONE : rules;
    if (partitions < 0) {
      throw new UserError(
          "Cannot set partitions to " + partitions + ", it must be 0 (auto) or positive");
    }
  }

  static NightlyOptions from(NightlyJob flags) {
    Settings s = Settings.load(flags.conf, "nightly", KEYS);
    String regex = s.get("file-name-pattern", "vmcore-dmesg.*");
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new UserError(
          "setting 'file-name-pattern' is not a valid regex: " + e.getDescription());
    }
    return new NightlyOptions(
        flags.input,
        flags.lake,
        pattern,
        flags.maxFileBytes != null ? flags.maxFileBytes : s.getLong("max-file-bytes", 256L << 20),
        flags.partitions != null ? flags.partitions : (int) s.getLong("partitions", 0),
        (int) s.getLong("summary-top", 15),
        ExtraRules.read(
            flags.rules != null
                ? flags.rules
                : s.get("diagnosis-rules", "").isBlank()
                    ? null
                    : Path.of(s.get("diagnosis-rules", ""))));
  }

  /**
   * Accepts a URI with a scheme or a local path; a bare local path becomes {@code file:} + absolute
   * path.
   */
  static String normalizeUri(String flag, String value) {
    if (value == null || value.isBlank()) {
      throw new UserError(flag + " must not be empty");
    }
    String v =
        value.endsWith("/") && value.length() > 1 ? value.substring(0, value.length() - 1) : value;
    if (v.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || v.startsWith("file:")) {
      try {
        URI.create(v);
      } catch (IllegalArgumentException e) {
        throw new UserError(flag + " is not a valid URI: " + e.getMessage());
      }
      return v;
    }
    return java.nio.file.Path.of(v)
        .toAbsolutePath()
        .normalize()
        .toUri()
        .toString()
        .replaceAll("/$", "");
  }
}
