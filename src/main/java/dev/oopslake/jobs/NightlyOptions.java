package dev.oopslake.jobs;

import dev.oopslake.ingest.PathLayout;
import dev.oopslake.lake.IngestCommit;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.spark.ingest.ManifestListing;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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
    ExtraRules rules,
    String manifest,
    String manifestCsvSchema,
    PathLayout pathLayout,
    Instant since,
    Instant until,
    boolean rebuild,
    LakeLocation location) {

  static final Set<String> KEYS =
      Set.of(
          "file-name-pattern",
          "max-file-bytes",
          "partitions",
          "summary-top",
          "diagnosis-rules",
          "path-pattern",
          "path-time-format",
          "manifest-csv-schema");

  /** A plain run: incremental, listing the input, kdump's path layout. */
  public NightlyOptions(
      String input,
      String lake,
      Pattern fileNamePattern,
      long maxFileBytes,
      int partitions,
      int summaryTop,
      ExtraRules rules) {
    this(
        input,
        lake,
        fileNamePattern,
        maxFileBytes,
        partitions,
        summaryTop,
        rules,
        null,
        ManifestListing.INVENTORY_CSV_SCHEMA,
        PathLayout.kdump(),
        null,
        null,
        false,
        null);
  }

  public NightlyOptions {
    input = normalizeUri("--input", input);
    if (location == null && lake == null) {
      throw new UserError("say where the lake is: --lake DIR or --catalog NAME");
    }
    lake = lake == null ? null : normalizeUri("--lake", lake);
    if (location == null && lake != null) {
      try {
        location = LakeLocation.embedded(normalizeUri("--lake", lake));
      } catch (dev.oopslake.lake.LakeError e) {
        throw new UserError(e.getMessage());
      }
    }
    manifest = manifest == null ? null : normalizeUri("--manifest", manifest);
    rules = rules == null ? ExtraRules.NONE : rules;
    if (pathLayout == null) {
      throw new UserError("setting 'path-pattern' must not be empty");
    }
    if (rebuild && (since != null || until != null)) {
      throw new UserError(
          "--rebuild re-reads everything; drop --since/--until, or drop --rebuild to re-process a window");
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw new UserError("--since " + since + " must be before --until " + until);
    }
    if (maxFileBytes <= 0 || maxFileBytes > Integer.MAX_VALUE - 16) {
      throw new UserError(
          "Cannot set max-file-bytes to "
              + maxFileBytes
              + ", it must be in 1.."
              + (Integer.MAX_VALUE - 16));
    }
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
    PathLayout layout;
    try {
      layout =
          PathLayout.of(
              s.get("path-pattern", PathLayout.KDUMP_PATTERN),
              s.get("path-time-format", PathLayout.KDUMP_TIME_FORMAT));
    } catch (IllegalArgumentException e) {
      throw new UserError("setting 'path-pattern'/'path-time-format': " + e.getMessage());
    }
    LakeLocation location = flags.lakeOptions.location(flags.conf);
    return new NightlyOptions(
        flags.input,
        flags.lakeOptions.lake,
        pattern,
        flags.maxFileBytes != null ? flags.maxFileBytes : s.getLong("max-file-bytes", 256L << 20),
        flags.partitions != null ? flags.partitions : (int) s.getLong("partitions", 0),
        (int) s.getLong("summary-top", 15),
        ExtraRules.read(
            flags.rules != null
                ? flags.rules
                : s.get("diagnosis-rules", "").isBlank()
                    ? null
                    : Path.of(s.get("diagnosis-rules", ""))),
        flags.manifest,
        s.get("manifest-csv-schema", ManifestListing.INVENTORY_CSV_SCHEMA),
        layout,
        instant("--since", flags.since),
        instant("--until", flags.until),
        flags.rebuild,
        location);
  }

  /** These options with the lake at {@code other}. */
  public NightlyOptions withLocation(LakeLocation other) {
    return new NightlyOptions(
        input,
        lake,
        fileNamePattern,
        maxFileBytes,
        partitions,
        summaryTop,
        rules,
        manifest,
        manifestCsvSchema,
        pathLayout,
        since,
        until,
        rebuild,
        other);
  }

  /** The run's kind: what it reads and whether earlier runs stay visible. */
  public IngestCommit.Kind kind() {
    if (rebuild) {
      return IngestCommit.Kind.REBUILD;
    }
    return since != null || until != null
        ? IngestCommit.Kind.WINDOW
        : IngestCommit.Kind.INCREMENTAL;
  }

  /** {@code 2024-03-07} (midnight UTC) or an ISO instant {@code 2024-03-07T12:00:00Z}. */
  static Instant instant(String flag, String value) {
    if (value == null) {
      return null;
    }
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new UserError(
          flag
              + " '"
              + value
              + "' is not a date (2024-03-07) or an instant (2024-03-07T12:00:00Z)");
    }
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
