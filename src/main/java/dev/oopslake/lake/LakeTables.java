package dev.oopslake.lake;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The lake's table names, schemas and partitioning: a public contract users query with SQL from any
 * engine. Rows are {@code Row} + these explicit schemas throughout the project, so a column never
 * changes type by accident of an encoder. Every table is an Iceberg table in one namespace.
 */
public final class LakeTables {
  private LakeTables() {}

  public static final String FILES = "files";
  public static final String CRASHES = "crashes";
  public static final String SUMMARY_KERNEL_MODULE = "summary_kernel_module";
  public static final String SIGNATURES = "signatures";
  public static final String CLUSTERS = "clusters";
  public static final String REGISTRY = "signature_registry";
  public static final String MERGES = "cluster_merges";
  // Primary crashes per day, signature, kernel release and arch in mergeable form: what the
  // morning tables are counted from, so a nightly adds its crashes instead of recounting the lake.
  public static final String SIGNATURE_DAILY = "signature_daily";
  // The morning report's tables, derived from crashes and signatures as of one day ("as_of": the
  // latest crash day in the lake unless a run names another).
  public static final String CLUSTER_DAILY = "cluster_daily";
  public static final String CLUSTER_WINDOWS = "cluster_windows";
  public static final String CLUSTER_STATE = "cluster_state";
  public static final String RELEASE_RATES = "release_rates";
  public static final String RELEASE_CLUSTER_CHANGES = "release_cluster_changes";
  public static final String CLUSTER_CORRELATIONS = "cluster_correlations";

  /** The morning report's tables, in write order: one day's view of the clusters and releases. */
  public static final List<String> MORNING =
      List.of(
          CLUSTER_DAILY,
          CLUSTER_WINDOWS,
          CLUSTER_STATE,
          RELEASE_RATES,
          RELEASE_CLUSTER_CHANGES,
          CLUSTER_CORRELATIONS);

  /** Tables derived from {@code crashes} after each run's ingest commit. */
  public static final List<String> DERIVED =
      Stream.concat(
              Stream.of(
                  MERGES, REGISTRY, SIGNATURES, CLUSTERS, SUMMARY_KERNEL_MODULE, SIGNATURE_DAILY),
              MORNING.stream())
          .toList();

  /** Every table, in the order a nightly run writes them. */
  public static final List<String> ALL =
      Stream.concat(Stream.of(FILES, CRASHES), DERIVED.stream()).toList();

  /**
   * How a table is laid out in data files: no table is partitioned. Partitioning {@code crashes} by
   * time was tried and dropped (docs/lake.md): each read task writes one file per partition its
   * files fall in, so an archive spanning years gives many tiny data files that every later scan
   * pays for. Instead, each task writes one file per table, the column metrics (min/max {@code
   * crash_time}, {@code kernel_release}) let Iceberg skip files, and {@code maintain} compacts
   * {@code crashes} sorted by {@link #sortOrder}, so a compacted lake prunes by crash time as well
   * as a partitioned one would.
   */
  public static PartitionSpec spec(String table, Schema schema) {
    return PartitionSpec.unpartitioned();
  }

  /** The order {@code maintain} rewrites a table's data files in (unsorted when empty). */
  public static SortOrder sortOrder(String table, Schema schema) {
    if (table.equals(CRASHES)) {
      return SortOrder.builderFor(schema).asc("crash_time").asc("kernel_release").build();
    }
    return SortOrder.unsorted();
  }

  /** One row per crash report. */
  public static final StructType CRASH =
      schema(
          field("file", StringType, false),
          field("host", StringType),
          field("crash_time", TimestampType),
          field("report_index", IntegerType, false),
          field("primary", BooleanType, false),
          field("class", StringType, false),
          field("type", StringType),
          field("title", StringType, false),
          field("alt_titles", createArrayType(StringType, false)),
          field("corrupted", BooleanType, false),
          field("corrupted_reason", StringType),
          field("kernel_release", StringType),
          field("kernel_version", StringType),
          field("distro", StringType),
          field("dist_tag", StringType),
          field("arch", StringType),
          field("rt", BooleanType),
          field("taint", StringType),
          field("taint_flags", createArrayType(StringType, false)),
          field("comm", StringType),
          field("pid", IntegerType),
          field("cpu", IntegerType),
          field("preempt_count", LongType),
          field("preempt_depth", IntegerType),
          field("softirq", IntegerType),
          field("softirq_disable", IntegerType),
          field("hardirq", IntegerType),
          field("nmi", BooleanType),
          field("guilty_frame", StringType),
          field("guilty_module", StringType),
          field("panic_reason", StringType),
          field("hardware", StringType),
          // Layout 2: what the faulting address reads as (decode.Fault); null on a lake's rows
          // written before it, and when the report printed no address.
          field("fault_address", StringType),
          field("fault_access", StringType),
          field("fault_poison", StringType),
          field("fault_error_pointer", StringType),
          field("frames", createArrayType(StringType, false)),
          field("modules", createArrayType(StringType, false)),
          field("diagnoses", createArrayType(StringType, false)),
          field("signature_id", StringType, false),
          field("signature_version", IntegerType, false),
          field("signature_frames", createArrayType(StringType, false)),
          field("run_id", StringType, false));

  /** One row per input file; every listed file appears exactly once. */
  public static final StructType FILE =
      schema(
          field("path", StringType, false),
          field("size", LongType, false),
          field("modified", TimestampType),
          field("status", StringType, false),
          field("reason", StringType),
          field("host", StringType),
          field("ip", StringType),
          field("crash_time", TimestampType),
          field("reports", IntegerType, false),
          field("codec", StringType),
          field("truncated", BooleanType, false),
          field("bytes_read", LongType, false),
          // Layout 2: CrashParser.GENERATION of the parser that read the file (null before).
          field("parser_generation", IntegerType),
          field("run_id", StringType, false));

  /**
   * Primary crashes per day, signature, kernel release and architecture, in the mergeable form the
   * morning tables are counted from (see MorningTables).
   */
  public static final StructType SIGNATURE_DAY =
      schema(
          field("day", DateType),
          field("signature_id", StringType),
          field("kernel_release", StringType),
          field("arch", StringType),
          field("distro", StringType),
          field("rt", BooleanType),
          field("crashes", LongType, false),
          field("host_sketch", BinaryType),
          field("tainted_out_of_tree", LongType, false),
          field("tainted_unsigned", LongType, false),
          field("tainted_proprietary", LongType, false),
          field("first_seen", TimestampType),
          field("last_seen", TimestampType),
          field(
              "latest",
              new StructType()
                  .add("crash_time", TimestampType)
                  .add("file", StringType)
                  .add("title", StringType)
                  .add("frames", createArrayType(StringType, true))),
          field("diagnosis_crashes", createMapType(StringType, LongType, true)),
          field("module_crashes", createMapType(StringType, LongType, true)),
          field("attribute_crashes", createMapType(StringType, LongType, true)));

  /**
   * Primary crashes per (kernel release, guilty module), ranked within each release, with the
   * mergeable state a nightly adds its new crashes to.
   */
  public static final StructType KERNEL_MODULE =
      schema(
          field("kernel_release", StringType, false),
          field("module", StringType, false),
          field("rank", IntegerType, false),
          field("crashes", LongType, false),
          field("hosts", LongType, false),
          field("signatures", LongType, false),
          field("top_signature_id", StringType),
          field("top_title", StringType),
          field("host_sketch", BinaryType),
          field("signature_crashes", createMapType(StringType, LongType, true)));

  /**
   * One row per crash signature: its cluster, counts, and the mergeable state a nightly adds its
   * new crashes to (the host sketch, crashes per guilty module).
   */
  public static final StructType SIGNATURE =
      schema(
          field("signature_id", StringType, false),
          field("title", StringType),
          field("class", StringType),
          field("frames", createArrayType(StringType, true)),
          field("cluster_id", StringType, false),
          field("first_seen", TimestampType),
          field("last_seen", TimestampType),
          field("crashes", LongType, false),
          field("hosts", LongType, false),
          field("kernel_releases", createArrayType(StringType, true)),
          field("modules", createArrayType(StringType, true)),
          field("example_file", StringType),
          field("host_sketch", BinaryType),
          field("module_crashes", createMapType(StringType, LongType, true)));

  /** One row per cluster of signatures. */
  public static final StructType CLUSTER =
      schema(
          field("cluster_id", StringType, false),
          field("representative_title", StringType),
          field("signatures", LongType, false),
          field("crashes", LongType, false),
          field("hosts", LongType, false),
          field("first_seen", TimestampType),
          field("last_seen", TimestampType),
          field("kernel_releases", createArrayType(StringType, true)),
          field("top_module", StringType));

  /** Primary crashes per day and cluster. */
  public static final StructType CLUSTER_DAY =
      schema(
          field("day", DateType, false),
          field("cluster_id", StringType, false),
          field("crashes", LongType, false),
          field("hosts", LongType, false));

  /**
   * Each cluster's crashes in the last {@code window_days} days up to {@code as_of}, ranked,
   * against the previous window of the same length (Socorro's top crashers).
   */
  public static final StructType CLUSTER_WINDOW =
      schema(
          field("as_of", DateType, false),
          field("window_days", IntegerType, false),
          field("cluster_id", StringType, false),
          field("title", StringType),
          field("crashes", LongType, false),
          field("hosts", LongType, false),
          field("rank", IntegerType, false),
          field("previous_crashes", LongType, false),
          field("previous_rank", IntegerType), // null: no crash in the previous window
          field("rank_change", IntegerType), // previous_rank - rank: positive moved up
          field("pct_change", DoubleType), // null when the previous window had none
          field("is_new", BooleanType, false), // first seen inside this window
          field("first_seen", TimestampType),
          field("last_seen", TimestampType));

  /** Each cluster's lifecycle state on {@code as_of}, the reason in words, and its known bug. */
  public static final StructType CLUSTER_STATE_ROW =
      schema(
          field("as_of", DateType, false),
          field("cluster_id", StringType, false),
          field("title", StringType),
          field(
              "state",
              StringType,
              false), // new ongoing spiking quiet probably_fixed fixed regressed
          field("reason", StringType, false),
          field("crashes", LongType, false),
          field("hosts", LongType, false),
          field("crashes_7d", LongType, false),
          field("crashes_28d", LongType, false),
          field("trend_28d", DoubleType), // least-squares slope of crashes per day, per day
          field("first_seen", TimestampType),
          field("last_seen", TimestampType),
          field("top_module", StringType),
          field("diagnosis", StringType), // most frequent diagnosis id, null when none
          field("kernel_releases", createArrayType(StringType, false)),
          field("sample_file", StringType),
          field("sample_frames", createArrayType(StringType, false)),
          field("known_bug", StringType),
          field("known_bug_url", StringType),
          field("fixed_in", createArrayType(StringType, false)));

  /**
   * Per kernel release over the last {@code window_days}: crashes per 1,000 host-days with a 95%
   * Poisson interval. {@code exposure} says where host-days came from: {@code inventory} (the fleet
   * inventory given to the run) or {@code crashing-hosts} (hosts seen crashing stand in).
   */
  public static final StructType RELEASE_RATE =
      schema(
          field("as_of", DateType, false),
          field("window_days", IntegerType, false),
          field("kernel_release", StringType, false),
          field("distro", StringType),
          field("branch", StringType),
          field("rt", BooleanType),
          field("crashes", LongType, false),
          field("hosts", LongType, false),
          field("host_days", DoubleType),
          field("exposure", StringType, false),
          field("rate_per_1000_host_days", DoubleType),
          field("rate_low", DoubleType),
          field("rate_high", DoubleType),
          field("tainted_out_of_tree", LongType, false), // taint O
          field("tainted_unsigned", LongType, false), // taint E
          field("tainted_proprietary", LongType, false), // taint P
          field("top_clusters", createArrayType(StringType, false)));

  /** Clusters that appeared or disappeared against the previous release of the same branch. */
  public static final StructType RELEASE_CLUSTER_CHANGE =
      schema(
          field("as_of", DateType, false),
          field("kernel_release", StringType, false),
          field("previous_release", StringType, false),
          field("branch", StringType, false),
          field("cluster_id", StringType, false),
          field("change", StringType, false), // appeared | disappeared
          field(
              "crashes", LongType,
              false)); // on kernel_release (appeared) or previous (disappeared)

  /**
   * Attributes over-represented in a top cluster against the whole fleet in the same window
   * (Socorro's correlations): share of the cluster's crashes with the attribute vs the fleet's.
   */
  public static final StructType CLUSTER_CORRELATION =
      schema(
          field("as_of", DateType, false),
          field("cluster_id", StringType, false),
          field("attribute", StringType, false), // module | taint | hardware
          field("value", StringType, false),
          field("cluster_crashes", LongType, false),
          field("cluster_share", DoubleType, false),
          field("fleet_share", DoubleType, false),
          field("ratio", DoubleType, false));

  /** What one ingest task returns per file: the file row plus its crash rows, parsed once. */
  public static final StructType INGESTED =
      FILE.add(field("crash_rows", createArrayType(CRASH, false), false));

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField field(String name, DataType type) {
    return field(name, type, true);
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
