package dev.oopslake.spark;

import dev.oopslake.ingest.PathLayout;
import dev.oopslake.lake.IngestCommit;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.parse.ExtraRules;
import dev.oopslake.spark.ingest.ManifestListing;
import java.net.URI;
import java.time.Instant;
import java.util.regex.Pattern;

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
    LakeLocation location,
    MorningTables.Inputs morning) {

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
        null,
        MorningTables.Inputs.DEFAULTS);
  }

  public NightlyOptions {
    input = normalizeUri("--input", input);
    if (location == null && lake == null) {
      throw new ConfigError("say where the lake is: --lake DIR or --catalog NAME");
    }
    lake = lake == null ? null : normalizeUri("--lake", lake);
    if (location == null && lake != null) {
      try {
        location = LakeLocation.embedded(normalizeUri("--lake", lake));
      } catch (dev.oopslake.lake.LakeError e) {
        throw new ConfigError(e.getMessage());
      }
    }
    manifest = manifest == null ? null : normalizeUri("--manifest", manifest);
    rules = rules == null ? ExtraRules.NONE : rules;
    morning = morning == null ? MorningTables.Inputs.DEFAULTS : morning;
    if (pathLayout == null) {
      throw new ConfigError("setting 'path-pattern' must not be empty");
    }
    if (rebuild && (since != null || until != null)) {
      throw new ConfigError(
          "--rebuild re-reads everything; drop --since/--until, or drop --rebuild to re-process a window");
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw new ConfigError("--since " + since + " must be before --until " + until);
    }
    if (maxFileBytes <= 0 || maxFileBytes > Integer.MAX_VALUE - 16) {
      throw new ConfigError(
          "Cannot set max-file-bytes to "
              + maxFileBytes
              + ", it must be in 1.."
              + (Integer.MAX_VALUE - 16));
    }
    if (partitions < 0) {
      throw new ConfigError(
          "Cannot set partitions to " + partitions + ", it must be 0 (auto) or positive");
    }
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
        other,
        morning);
  }

  /** These options with the morning report's inputs. */
  public NightlyOptions withMorning(MorningTables.Inputs inputs) {
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
        location,
        inputs);
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

  /**
   * Accepts a URI with a scheme or a local path; a bare local path becomes {@code file:} + absolute
   * path.
   */
  public static String normalizeUri(String flag, String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigError(flag + " must not be empty");
    }
    String v =
        value.endsWith("/") && value.length() > 1 ? value.substring(0, value.length() - 1) : value;
    if (v.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || v.startsWith("file:")) {
      try {
        URI.create(v);
      } catch (IllegalArgumentException e) {
        throw new ConfigError(flag + " is not a valid URI: " + e.getMessage());
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
