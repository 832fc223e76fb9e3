package dev.oopslake.spark;

import dev.oopslake.archive.PathLayout;
import dev.oopslake.lake.IngestCommit;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.parse.ExtraRules;
import dev.oopslake.spark.listing.ManifestListing;
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
    long rereadOlder,
    LakeLocation location,
    MorningTables.Inputs morning) {

  /**
   * The defaults of {@code conf/oopslake.yaml}'s nightly section, where a test or a tool starts.
   */
  public static final String FILE_NAME_PATTERN_DEFAULT = "vmcore-dmesg.*";

  public static final long MAX_FILE_BYTES_DEFAULT = 256L << 20;

  public static final int SUMMARY_TOP_DEFAULT = 15;

  /**
   * A plain run of {@code input} into the lake at {@code lake} (a path or URI; or set {@link
   * Builder#location}): incremental, listing the input, kdump's path layout, the defaults above.
   */
  public static Builder builder(String input, String lake) {
    return new Builder(input, lake);
  }

  /** Options as a builder, to change one or two of them. */
  public Builder toBuilder() {
    Builder b = new Builder(input, lake);
    b.fileNamePattern = fileNamePattern;
    b.maxFileBytes = maxFileBytes;
    b.partitions = partitions;
    b.summaryTop = summaryTop;
    b.rules = rules;
    b.manifest = manifest;
    b.manifestCsvSchema = manifestCsvSchema;
    b.pathLayout = pathLayout;
    b.since = since;
    b.until = until;
    b.rebuild = rebuild;
    b.rereadOlder = rereadOlder;
    b.location = location;
    b.morning = morning;
    return b;
  }

  /** Named options with defaults; {@link #build} checks them all, as the record does. */
  public static final class Builder {
    private final String input;
    private final String lake;
    private Pattern fileNamePattern = Pattern.compile(FILE_NAME_PATTERN_DEFAULT);
    private long maxFileBytes = MAX_FILE_BYTES_DEFAULT;
    private int partitions;
    private int summaryTop = SUMMARY_TOP_DEFAULT;
    private ExtraRules rules;
    private String manifest;
    private String manifestCsvSchema = ManifestListing.INVENTORY_CSV_SCHEMA;
    private PathLayout pathLayout = PathLayout.kdump();
    private Instant since;
    private Instant until;
    private boolean rebuild;
    private long rereadOlder;
    private LakeLocation location;
    private MorningTables.Inputs morning = MorningTables.Inputs.DEFAULTS;

    private Builder(String input, String lake) {
      this.input = input;
      this.lake = lake;
    }

    public Builder fileNamePattern(Pattern value) {
      fileNamePattern = value;
      return this;
    }

    public Builder maxFileBytes(long value) {
      maxFileBytes = value;
      return this;
    }

    public Builder partitions(int value) {
      partitions = value;
      return this;
    }

    public Builder summaryTop(int value) {
      summaryTop = value;
      return this;
    }

    public Builder rules(ExtraRules value) {
      rules = value;
      return this;
    }

    /** Reads the files a manifest lists (S3 Inventory CSV, or one URI per line) instead. */
    public Builder manifest(String value, String csvSchema) {
      manifest = value;
      manifestCsvSchema = csvSchema;
      return this;
    }

    public Builder pathLayout(PathLayout value) {
      pathLayout = value;
      return this;
    }

    /** Re-processes the crashes of [since, until); either may be null. */
    public Builder window(Instant from, Instant to) {
      since = from;
      until = to;
      return this;
    }

    public Builder rebuild(boolean value) {
      rebuild = value;
      return this;
    }

    /**
     * Also reads again up to {@code files} unchanged files an older parser read (newest first), so
     * a lake catches up with a new oopslake a night at a time; 0 reads none.
     */
    public Builder rereadOlder(long files) {
      rereadOlder = files;
      return this;
    }

    public Builder location(LakeLocation value) {
      location = value;
      return this;
    }

    public Builder morning(MorningTables.Inputs value) {
      morning = value;
      return this;
    }

    public NightlyOptions build() {
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
          rereadOlder,
          location,
          morning);
    }
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
    if (rereadOlder < 0) {
      throw new ConfigError(
          "--reread-older " + rereadOlder + " must be a number of files, or given alone for all");
    }
    if (rereadOlder > 0 && (rebuild || since != null || until != null)) {
      throw new ConfigError(
          "--reread-older goes with a plain nightly; drop it, or drop --rebuild/--since/--until");
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
    return toBuilder().location(other).build();
  }

  /** These options with the morning report's inputs. */
  public NightlyOptions withMorning(MorningTables.Inputs inputs) {
    return toBuilder().morning(inputs).build();
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
