package dev.oopslake.jobs;

import dev.oopslake.archive.PathLayout;
import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.parse.ExtraRules;
import dev.oopslake.spark.ConfigError;
import dev.oopslake.spark.MorningTables;
import dev.oopslake.spark.NightlyOptions;
import dev.oopslake.spark.NightlyPipeline;
import dev.oopslake.spark.ProgressLog;
import dev.oopslake.spark.Sessions;
import dev.oopslake.spark.listing.ManifestListing;
import dev.oopslake.trends.KnownBugs;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.iceberg.Snapshot;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code oopslake nightly}: reads every vmcore-dmesg file under the input and rewrites the lake's
 * tables. Embedded Spark by default; under {@code spark-submit} the cluster's. Exits {@value
 * OopslakeCli#OK} when every file is accounted and none rejected, {@value OopslakeCli#REJECTED}
 * when some were rejected (counted by reason on the run's line), {@value OopslakeCli#CONFIG} on a
 * configuration mistake, {@value OopslakeCli#FAILED} on a failed run.
 */
@Command(
    name = "nightly",
    mixinStandardHelpOptions = true,
    description = "Ingest an archive of vmcore-dmesg files into the lake's Parquet tables.")
public final class NightlyJob implements Callable<Integer> {

  @Option(
      names = "--input",
      required = true,
      description = "Archive root URI (file://, s3a://, hdfs://).")
  String input;

  @picocli.CommandLine.Mixin LakeOptions lakeOptions = new LakeOptions();

  @Option(names = "--conf", description = "Settings file (default: conf/oopslake.yaml).")
  Path conf;

  @Option(
      names = "--rules",
      description =
          "Extra diagnosis rules (YAML, like conf/diagnoses.yaml); same ids replace bundled rules.")
  Path rules;

  @Option(names = "--max-file-bytes", description = "Per-file cap on decompressed bytes.")
  Long maxFileBytes;

  @Option(names = "--partitions", description = "Read tasks (0 = four per core).")
  Integer partitions;

  @Option(
      names = "--manifest",
      description =
          "List of the archive's object keys instead of listing --input: an S3 Inventory report"
              + " (Parquet or CSV) or a CSV with a 'key' header.")
  String manifest;

  @Option(
      names = "--since",
      description =
          "Re-process files modified at or after this date/instant (2024-03-07 or"
              + " 2024-03-07T12:00:00Z), even if ingested before.")
  String since;

  @Option(names = "--until", description = "Re-process files modified before this date/instant.")
  String until;

  @Option(
      names = "--rebuild",
      description = "Re-read every file from scratch; earlier runs stop being visible.")
  boolean rebuild;

  @Option(
      names = "--reread-older",
      arity = "0..1",
      fallbackValue = "all",
      paramLabel = "N",
      description =
          "Also read again up to N unchanged files an older oopslake parser read, newest first"
              + " (alone: all of them), so old rows get this version's titles and columns.")
  String rereadOlder;

  @Option(
      names = "--as-of",
      description =
          "Day the morning tables report on (2024-03-07); default: the latest crash day, not after"
              + " today.")
  String asOf;

  @Option(
      names = "--inventory",
      description =
          "Fleet inventory for crash rates: rows of (host, kernel_release, day), a .csv file, Parquet"
              + " or a table name; default: hosts seen crashing stand in.")
  String inventory;

  @Option(
      names = "--known-bugs",
      description = "Known bugs (YAML; default: conf/known-bugs.yaml when it exists).")
  Path knownBugs;

  @Override
  public Integer call() {
    NightlyOptions options = options(this);
    SparkSession spark =
        Sessions.getOrCreate("oopslake-nightly", LakeOptions.sparkConf(conf, options.location()));
    try {
      NightlyPipeline.Result result = NightlyPipeline.run(spark, options);
      ProgressLog.say(result.describe());
      Lake lake = Lake.open(spark, options.location());
      printSummary(lake, options);
      printMorning(lake);
      ProgressLog.say(
          "tables: "
              + options
                  .location()
                  .sqlName(
                      "{files,crashes,summary_kernel_module,signatures,clusters,cluster_state,"
                          + "cluster_windows,release_rates,...}")
              + " (Iceberg); the morning report: jobs/oopslake report");
      if (!result.accounted()) {
        ProgressLog.say(
            "failed: "
                + (result.listed() - result.skipped())
                + " files read but "
                + (result.crash() + result.noCrash() + result.rejected())
                + " accounted");
        return OopslakeCli.FAILED;
      }
      return result.rejected() > 0 ? OopslakeCli.REJECTED : OopslakeCli.OK;
    } finally {
      spark.stop();
    }
  }

  /**
   * The ranked summary a user reads first: top (kernel release, module) pairs by primary crashes.
   * Read on the driver, as the nightly wrote it: a Spark query here cost a second of planning for a
   * few hundred rows.
   */
  static void printSummary(Lake lake, NightlyOptions options) {
    Snapshot at = lake.current(LakeTables.SUMMARY_KERNEL_MODULE);
    if (at == null) {
      System.out.println("No crashes in the lake yet.");
      return;
    }
    List<Row> top =
        topSummary(
            lake.rowsAt(LakeTables.SUMMARY_KERNEL_MODULE, at.snapshotId(), SUMMARY_COLUMNS),
            options.summaryTop());
    System.out.println("Top crashes by kernel release and module (rank = within its release):");
    System.out.print(TerminalTable.render(SUMMARY_COLUMNS, top));
  }

  static final List<String> SUMMARY_COLUMNS =
      List.of("kernel_release", "module", "rank", "crashes", "hosts", "signatures", "top_title");

  /**
   * Rows of {@link #SUMMARY_COLUMNS}, most crashes first (then release, module), at most {@code n}.
   */
  static List<Row> topSummary(List<Row> rows, int n) {
    return rows.stream()
        .sorted(
            Comparator.comparing((Row r) -> r.getLong(3))
                .reversed()
                .thenComparing(r -> r.getString(0), Comparator.nullsFirst(String::compareTo))
                .thenComparing(r -> r.getString(1), Comparator.nullsFirst(String::compareTo)))
        .limit(n)
        .toList();
  }

  /** The morning's news: clusters by lifecycle state, and the ones that need a look first. */
  static void printMorning(Lake lake) {
    Snapshot at = lake.current(LakeTables.CLUSTER_STATE);
    if (at == null) {
      return;
    }
    List<Row> states = lake.rowsAt(LakeTables.CLUSTER_STATE, at.snapshotId(), MORNING_COLUMNS);
    String counts = stateCounts(states);
    if (counts == null) {
      return;
    }
    System.out.println(counts);
    List<Row> news = needsALook(states);
    if (!news.isEmpty()) {
      System.out.println("Needs a look (regressed, spiking, new):");
      System.out.print(TerminalTable.render(MORNING_COLUMNS.subList(1, 6), news));
    }
  }

  static final List<String> MORNING_COLUMNS =
      List.of("as_of", "state", "cluster_id", "crashes_7d", "title", "reason");

  /** "Clusters as of DAY: 3 ongoing, 1 new" from rows of {@link #MORNING_COLUMNS}; null if none. */
  static String stateCounts(List<Row> states) {
    if (states.isEmpty()) {
      return null;
    }
    Map<String, Long> byState = new HashMap<>();
    states.forEach(r -> byState.merge(r.getString(1), 1L, Long::sum));
    StringBuilder line = new StringBuilder("Clusters as of " + states.get(0).get(0) + ":");
    byState.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(
            e -> line.append(' ').append(e.getValue()).append(' ').append(e.getKey()).append(','));
    return line.substring(0, line.length() - 1);
  }

  /**
   * The ten clusters to look at first: regressed, then spiking, then new, most crashes in the last
   * seven days first; rows of {@link #MORNING_COLUMNS} without {@code as_of}.
   */
  static List<Row> needsALook(List<Row> states) {
    List<String> order = List.of("regressed", "spiking", "new");
    return states.stream()
        .filter(r -> order.contains(r.getString(1)))
        .sorted(
            Comparator.comparing((Row r) -> order.indexOf(r.getString(1)))
                .thenComparing(Comparator.comparing((Row r) -> r.getLong(3)).reversed()))
        .limit(10)
        .map(r -> RowFactory.create(r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
        .toList();
  }

  public static void main(String[] args) {
    System.exit(OopslakeCli.execute(prepend("nightly", args)));
  }

  static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  static final Set<String> KEYS =
      Set.of(
          "file-name-pattern",
          "max-file-bytes",
          "partitions",
          "summary-top",
          "reread-older",
          "diagnosis-rules",
          "path-pattern",
          "path-time-format",
          "manifest-csv-schema",
          "known-bugs",
          "inventory");

  /**
   * The job's options: {@code conf/oopslake.yaml}'s {@code nightly} section overlaid with flags.
   */
  static NightlyOptions options(NightlyJob flags) {
    Settings s = Settings.load(flags.conf, "nightly", KEYS);
    String regex = s.get("file-name-pattern", NightlyOptions.FILE_NAME_PATTERN_DEFAULT);
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
    } catch (dev.oopslake.archive.LayoutError e) {
      throw new UserError("setting 'path-pattern'/'path-time-format': " + e.getMessage());
    }
    LakeLocation location = flags.lakeOptions.location(flags.conf);
    return NightlyOptions.builder(flags.input, flags.lakeOptions.lake)
        .fileNamePattern(pattern)
        .maxFileBytes(
            flags.maxFileBytes != null
                ? flags.maxFileBytes
                : s.getLong("max-file-bytes", NightlyOptions.MAX_FILE_BYTES_DEFAULT))
        .partitions(flags.partitions != null ? flags.partitions : (int) s.getLong("partitions", 0))
        .summaryTop((int) s.getLong("summary-top", NightlyOptions.SUMMARY_TOP_DEFAULT))
        .rules(
            ExtraRules.read(
                flags.rules != null
                    ? flags.rules
                    : s.get("diagnosis-rules", "").isBlank()
                        ? null
                        : Path.of(s.get("diagnosis-rules", ""))))
        .manifest(
            flags.manifest, s.get("manifest-csv-schema", ManifestListing.INVENTORY_CSV_SCHEMA))
        .pathLayout(layout)
        .window(instant("--since", flags.since), instant("--until", flags.until))
        .rebuild(flags.rebuild)
        .rereadOlder(
            flags.rereadOlder != null
                ? rereadCount(flags.rereadOlder)
                : s.getLong("reread-older", 0))
        .location(location)
        .morning(
            new MorningTables.Inputs(
                day("--as-of", flags.asOf),
                flags.inventory != null ? flags.inventory : blankToNull(s.get("inventory", "")),
                knownBugs(flags.knownBugs, s.get("known-bugs", ""))))
        .build();
  }

  /** {@code --reread-older}'s value: a number of files, or "all". */
  static long rereadCount(String value) {
    if (value.equals("all")) {
      return Long.MAX_VALUE;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigError(
          "--reread-older " + value + ": give a number of files, or the flag alone for all");
    }
  }

  /**
   * The known bugs: the flag's file (must exist), else the setting's (must exist), else {@code
   * conf/known-bugs.yaml} beside the settings when it exists.
   */
  static KnownBugs knownBugs(Path flag, String setting) {
    if (flag != null) {
      return KnownBugs.load(flag);
    }
    if (!setting.isBlank()) {
      return KnownBugs.load(Path.of(setting));
    }
    return KnownBugs.loadIfPresent(KnownBugs.DEFAULT_FILE);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  static LocalDate day(String flag, String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UserError(flag + " '" + value + "' is not a date like 2024-03-07");
    }
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
}
