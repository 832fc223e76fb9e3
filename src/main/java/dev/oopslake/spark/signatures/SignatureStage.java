package dev.oopslake.spark.signatures;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.signature.ClusterAssigner;
import dev.oopslake.signature.ClusterAssigner.Assignment;
import dev.oopslake.signature.ClusterAssigner.Edge;
import dev.oopslake.signature.ClusterAssigner.ExistingCluster;
import dev.oopslake.signature.ClusterAssigner.Merge;
import dev.oopslake.signature.ClusterAssigner.NewSignature;
import dev.oopslake.signature.ClusteringParams;
import dev.oopslake.signature.SignatureState;
import dev.oopslake.spark.support.CrashCounts;
import dev.oopslake.spark.support.JobSteps;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The nightly signature and clustering stage: takes each exact signature's state counted from the
 * crashes ({@link SignatureState}: all of them, or a night's new ones merged into the lake's {@code
 * signatures}), clusters the signatures that are new since the last run against all known ones (LSH
 * blocks, weighted stack similarity inside blocks, connected components on the driver over the few
 * edges), and rewrites {@code signatures}, {@code clusters}, the {@code signature_registry}
 * (signature → stable cluster id) and {@code cluster_merges}. Every table is one Iceberg commit
 * (merges, then the registry, then the derived tables), so a killed run leaves the previous state
 * readable and a rerun gives the same tables. Up to {@link #DRIVER_LSH_LIMIT} signatures the LSH
 * blocks are made on the driver, which holds every stack already.
 */
public final class SignatureStage {

  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private static final String SIGNATURES = LakeTables.SIGNATURES;
  private static final String CLUSTERS = LakeTables.CLUSTERS;
  private static final String REGISTRY = LakeTables.REGISTRY;
  private static final String MERGES = LakeTables.MERGES;

  static final StructType REGISTRY_SCHEMA =
      new StructType()
          .add("signature_id", DataTypes.StringType, false)
          .add("class", DataTypes.StringType, true)
          .add("frames", DataTypes.createArrayType(DataTypes.StringType, true), true)
          .add("cluster_id", DataTypes.StringType, false)
          .add("first_cluster_id", DataTypes.StringType, false)
          .add("registered_at", DataTypes.TimestampType, false)
          .add("run_id", DataTypes.StringType, false);

  static final StructType MERGES_SCHEMA =
      new StructType()
          .add("from_cluster_id", DataTypes.StringType, false)
          .add("into_cluster_id", DataTypes.StringType, false)
          .add("resolved_cluster_id", DataTypes.StringType, false)
          .add("bridge_signature_id", DataTypes.StringType, false)
          .add("similarity", DataTypes.DoubleType, false)
          .add("merged_at", DataTypes.TimestampType, false)
          .add("run_id", DataTypes.StringType, false);

  /** Counts of one run. */
  public record Result(long signatures, long clusters, long newSignatures, long merges) {}

  private SignatureStage() {}

  /**
   * Reads {@code crashes} as of {@code crashesSnapshot}, updates the registry, and replaces {@code
   * signatures} and {@code clusters}; each table's snapshot records the {@code crashes} snapshot it
   * was made from.
   */
  public static Result run(Lake lake, long crashesSnapshot, String runId, Instant runTime) {
    return run(lake, crashesSnapshot, runId, runTime, ClusteringParams.DEFAULTS);
  }

  /** As {@link #run(Lake, long, String, Instant)} with explicit clustering knobs. */
  public static Result run(
      Lake lake, long crashesSnapshot, String runId, Instant runTime, ClusteringParams params) {
    // Primary reports only: a bucket counts crash events, and the reports that follow a file's
    // first crash ("Kernel panic - not syncing: Fatal exception" after an oops) are its
    // consequences.
    return run(
        lake,
        lake.readAt(LakeTables.CRASHES, crashesSnapshot).filter(col("primary")),
        Map.of(Lake.RUN_ID, runId, Lake.SOURCE_SNAPSHOT, String.valueOf(crashesSnapshot)),
        runTime,
        params);
  }

  /** The counts of the lake's current derived tables, for a run that did not remake them. */
  public static Result counts(Lake lake) {
    if (!lake.exists(SIGNATURES) || !lake.exists(CLUSTERS)) {
      return new Result(0, 0, 0, 0);
    }
    // From the snapshots' summaries: a run with nothing new starts no Spark job.
    return new Result(records(lake, SIGNATURES), records(lake, CLUSTERS), 0, 0);
  }

  private static long records(Lake lake, String table) {
    org.apache.iceberg.Snapshot s = lake.current(table);
    return s == null ? 0 : Long.parseLong(s.summary().getOrDefault("total-records", "0"));
  }

  /**
   * As {@link #run(Lake, long, String, Instant)} over the given crash rows (all nights so far);
   * {@code summary} goes into every snapshot the stage commits.
   */
  public static Result run(
      Lake lake,
      Dataset<Row> allCrashes,
      Map<String, String> summary,
      Instant runTime,
      ClusteringParams params) {
    return run(
        lake,
        CrashCounts.count(allCrashes).signatures(),
        false,
        summary,
        runTime,
        params,
        () -> {});
  }

  /**
   * Clusters and writes the signatures of {@code counted}: every signature's state counted from all
   * crashes so far ({@code incremental} false), or from crashes no run of this stage has counted
   * ({@code incremental}: e.g. the rows of the ingest runs since the {@code crashes} snapshot the
   * current {@code signatures} were made from), which are added to the lake's {@code signatures}
   * (the states merge: sums, min/max, unions of sets and HLL sketches, so the result equals a run
   * over all crashes). Calls {@code registryWritten} once the registry (every signature's cluster)
   * is committed, before the derived tables are written: what reads only the clusters can start
   * then.
   */
  public static Result run(
      Lake lake,
      List<SignatureState> counted,
      boolean incremental,
      Map<String, String> summary,
      Instant runTime,
      ClusteringParams params,
      Runnable registryWritten) {
    // Pinned to the snapshot read: a recomputation must not see this run's own rows added.
    List<SignatureState> previous =
        incremental
            ? states(
                lake.rowsAt(
                    SIGNATURES, lake.current(SIGNATURES).snapshotId(), List.of(STATE_COLUMNS)))
            : List.of();
    return run(lake, counted, previous, summary, runTime, params, registryWritten);
  }

  /** Whether the lake's {@code signatures} carry the mergeable columns an increment needs. */
  public static boolean mergeable(Lake lake) {
    return lake.exists(SIGNATURES) && lake.columns(SIGNATURES).containsAll(List.of(STATE_COLUMNS));
  }

  private static Result run(
      Lake lake,
      List<SignatureState> counted,
      List<SignatureState> previous,
      Map<String, String> summary,
      Instant runTime,
      ClusteringParams params,
      Runnable registryWritten) {
    SparkSession spark = lake.spark();
    String runId = summary.getOrDefault(Lake.RUN_ID, RUN_ID.format(runTime));
    Timestamp runTs = Timestamp.from(runTime);
    JobSteps steps = new JobSteps(spark, SignatureStage.class);
    try {
      steps.next("signatures: merge the counted signatures");
      // One row per signature from here on, on the driver, which holds every stack for the
      // clustering anyway: a night's few dozen small Spark jobs cost more than the rows.
      List<SignatureState> merged = SignatureState.mergeAll(previous, counted);

      steps.next("signatures: find signatures new since the last run");
      Registry registry = Registry.read(lake);
      List<Row> nodes = nodes(merged, registry.clusterOf());
      List<NewSignature> fresh = newSignatures(merged, registry.clusterOf());

      Similarity similar = Similarity.NONE;
      if (!fresh.isEmpty()) {
        steps.next("signatures: LSH blocks and similarity inside blocks");
        similar = similarPairs(spark, nodes, fresh.size(), params);
      }

      steps.next("signatures: assign stable cluster ids");
      Assignment assignment =
          ClusterAssigner.assign(
              registry.clusterOf(), registry.clusters(), fresh, similar.edges(), similar.kindOf());
      List<Row> nextRegistry = nextRegistry(registry, merged, assignment, runTs, runId);

      if (!assignment.clusterOfNew().isEmpty()
          || !assignment.merges().isEmpty()
          || !lake.exists(REGISTRY)
          || !lake.exists(MERGES)) {
        // A night with no new signature changes neither the registry nor the merges: no commit.
        steps.next("signatures: write registry and merges");
        if (!assignment.merges().isEmpty() || !lake.exists(MERGES)) {
          // Merges first: a rerun after a kill between the two recomputes the same merges,
          // deduped. A night without merges leaves the table as it was.
          lake.replace(MERGES, MERGES_SCHEMA, mergeRows(lake, assignment, runTs, runId), summary);
        }
        lake.replace(REGISTRY, REGISTRY_SCHEMA, nextRegistry, summary);
      }
      registryWritten.run();

      Map<String, String> clusterOf = new HashMap<>();
      for (Row r : nextRegistry) {
        clusterOf.put(r.getString(0), r.getString(3));
      }
      steps.next("signatures: write signatures");
      lake.replace(SIGNATURES, LakeTables.SIGNATURE, signatureRows(merged, clusterOf), summary);
      steps.next("signatures: write clusters");
      lake.replace(CLUSTERS, LakeTables.CLUSTER, clusterRows(merged, clusterOf), summary);

      long retired = assignment.merges().stream().map(Merge::fromClusterId).distinct().count();
      long clusterCount = registry.clusters().size() - retired + assignment.newClusters();
      return new Result(merged.size(), clusterCount, fresh.size(), assignment.merges().size());
    } finally {
      steps.next(null);
      spark.sparkContext().setJobDescription(null);
    }
  }

  /**
   * The registry as the driver needs it: its rows, every signature's cluster, each cluster's age.
   */
  private record Registry(
      List<Row> rows, Map<String, String> clusterOf, Map<String, ExistingCluster> clusters) {
    static Registry read(Lake lake) {
      List<Row> rows =
          lake.exists(REGISTRY)
              ? lake.readAt(REGISTRY, lake.current(REGISTRY).snapshotId())
                  .select(
                      java.util.Arrays.stream(REGISTRY_SCHEMA.fieldNames())
                          .map(org.apache.spark.sql.functions::col)
                          .toArray(org.apache.spark.sql.Column[]::new))
                  .collectAsList()
              : List.of();
      Map<String, String> clusterOf = new HashMap<>();
      Map<String, Long> created = new HashMap<>();
      Map<String, Long> members = new HashMap<>();
      for (Row r : rows) {
        String cluster = r.getString(3);
        clusterOf.put(r.getString(0), cluster);
        created.merge(cluster, r.getTimestamp(5).getTime(), Math::min);
        members.merge(cluster, 1L, Long::sum);
      }
      Map<String, ExistingCluster> clusters = new HashMap<>();
      created.forEach((c, t) -> clusters.put(c, new ExistingCluster(c, t, members.get(c))));
      return new Registry(rows, clusterOf, clusters);
    }
  }

  /** Signature state rows ({@link #STATE_COLUMNS}, in that order) as states. */
  static List<SignatureState> states(List<Row> rows) {
    List<SignatureState> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new SignatureState(
              r.getString(0),
              r.getString(1),
              r.isNullAt(2) ? List.of() : r.<String>getList(2),
              r.getString(3),
              r.getString(4),
              r.isNullAt(5) ? null : r.getTimestamp(5).toInstant(),
              r.isNullAt(6) ? null : r.getTimestamp(6).toInstant(),
              r.getLong(7),
              (byte[]) r.get(8),
              r.isNullAt(9) ? List.of() : r.<String>getList(9),
              r.isNullAt(10) ? Map.of() : r.<String, Long>getJavaMap(10)));
    }
    return out;
  }

  /**
   * The stacks the clustering compares: (signature_id, class, title, frames, is_new), is_new true
   * for a signature the registry lacks.
   */
  static List<Row> nodes(List<SignatureState> states, Map<String, String> registered) {
    List<Row> out = new ArrayList<>(states.size());
    for (SignatureState s : states) {
      out.add(
          new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(
              new Object[] {
                s.signatureId(),
                s.crashClass(),
                s.title(),
                scala.jdk.javaapi.CollectionConverters.asScala(s.frames()).toSeq(),
                !registered.containsKey(s.signatureId())
              },
              NODE_SCHEMA));
    }
    return out;
  }

  /** The columns of the stacks the clustering compares ({@link #nodes}). */
  static final StructType NODE_SCHEMA =
      new StructType()
          .add("signature_id", DataTypes.StringType)
          .add("class", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("frames", DataTypes.createArrayType(DataTypes.StringType))
          .add("is_new", DataTypes.BooleanType);

  private static List<NewSignature> newSignatures(
      List<SignatureState> states, Map<String, String> registered) {
    List<NewSignature> fresh = new ArrayList<>();
    for (SignatureState s : states) {
      if (!registered.containsKey(s.signatureId())) {
        fresh.add(
            new NewSignature(
                s.signatureId(),
                s.firstSeen() == null ? Long.MAX_VALUE : s.firstSeen().toEpochMilli()));
      }
    }
    return fresh;
  }

  /** The similar pairs among the signatures, each with a new one, and every signature's kind. */
  private record Similarity(List<Edge> edges, Map<String, String> kindOf) {
    static final Similarity NONE = new Similarity(List.of(), Map.of());
  }

  /**
   * Up to this many signatures the LSH blocks are made and compared on the driver, which holds
   * every stack already; beyond, in Spark tasks. A thousand signatures take milliseconds on the
   * driver and a second of Spark jobs; the driver's block map grows by a band key per band and
   * signature (a few tens of MB at this size).
   */
  static final int DRIVER_LSH_LIMIT = 20_000;

  /**
   * LSH blocks over every signature's stack, then weighted stack similarity inside the blocks that
   * hold a new signature: the edges the assigner joins clusters by.
   */
  private static Similarity similarPairs(
      SparkSession spark, List<Row> nodes, int fresh, ClusteringParams params) {
    ClusterFunctions.StackTable table = new ClusterFunctions.StackTable(nodes);
    List<Edge> edges =
        table.size() <= DRIVER_LSH_LIMIT
            ? ClusterFunctions.edgesOnDriver(table, params)
            : edgesInSpark(spark, table, fresh, params);
    return new Similarity(edges, table.kindOf());
  }

  /** {@link ClusterFunctions#edgesOnDriver}'s edges, from band rows shuffled into blocks. */
  static List<Edge> edgesInSpark(
      SparkSession spark, ClusterFunctions.StackTable table, int fresh, ClusteringParams params) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Map<String, Integer>> dfBroadcast =
        jsc.broadcast(ClusterFunctions.documentFrequencies(table));
    Broadcast<ClusterFunctions.StackTable> tableBroadcast = jsc.broadcast(table);
    try {
      int partitions = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions", "8"));
      Dataset<Row> bands =
          spark
              .range(0, table.size(), 1, Math.max(1, partitions))
              .mapPartitions(
                  new ClusterFunctions.BandKeys(params, tableBroadcast),
                  Encoders.row(ClusterFunctions.BAND_SCHEMA));
      if (fresh * 4L < table.size()) {
        // A normal night: few new signatures. Only blocks they fall in can give an edge, so
        // drop every other band row before the shuffle.
        Dataset<Row> newKeys = bands.filter(col("is_new")).select("band_key").distinct();
        bands = bands.join(broadcast(newKeys), "band_key", "left_semi");
      }
      Dataset<Row> blocks =
          bands
              .groupBy("band_key")
              .agg(
                  // Sorted, as the driver's blocks are: one order of comparisons either way.
                  array_sort(collect_list("ordinal")).as("members"),
                  max(col("is_new").cast("int")).as("any_new"))
              .filter(size(col("members")).gt(1).and(col("any_new").equalTo(1)))
              .select("band_key", "members");
      List<Edge> edges = new ArrayList<>();
      for (Row r :
          blocks
              .mapPartitions(
                  new ClusterFunctions.CompareBlocks(
                      params, dfBroadcast, tableBroadcast, table.size()),
                  Encoders.row(ClusterFunctions.EDGE_SCHEMA))
              .collectAsList()) {
        edges.add(new Edge(r.getString(0), r.getString(1), r.getDouble(2)));
      }
      return edges;
    } finally {
      dfBroadcast.destroy();
      tableBroadcast.destroy();
    }
  }

  /**
   * The merges table after this run: the earlier merges plus this run's ({@link #mergeHistory}).
   */
  private static List<Row> mergeRows(
      Lake lake, Assignment assignment, Timestamp runTs, String runId) {
    Dataset<Row> previous =
        lake.exists(MERGES)
            ? lake.read(MERGES)
            : lake.spark().createDataFrame(List.of(), MERGES_SCHEMA);
    return mergeHistory(
        previous
            .select(
                java.util.Arrays.stream(MERGES_SCHEMA.fieldNames())
                    .map(org.apache.spark.sql.functions::col)
                    .toArray(org.apache.spark.sql.Column[]::new))
            .collectAsList(),
        assignment,
        runTs,
        runId);
  }

  /**
   * The registry after this run: its rows kept, each of a retired cluster moved to the cluster it
   * joined, and this run's new signatures in the clusters they were assigned, sorted by signature.
   */
  private static List<Row> nextRegistry(
      Registry registry,
      List<SignatureState> states,
      Assignment assignment,
      Timestamp runTs,
      String runId) {
    Map<String, String> retired = new HashMap<>();
    for (Merge m : assignment.merges()) {
      retired.put(m.fromClusterId(), m.intoClusterId());
    }
    java.util.TreeMap<String, Row> out = new java.util.TreeMap<>();
    for (Row r : registry.rows()) {
      String cluster = retired.getOrDefault(r.getString(3), r.getString(3));
      out.put(
          r.getString(0),
          RowFactory.create(
              r.getString(0),
              r.getString(1),
              r.isNullAt(2) ? null : r.getList(2),
              cluster,
              r.getString(4),
              r.getTimestamp(5),
              r.getString(6)));
    }
    for (SignatureState s : states) {
      String cluster = assignment.clusterOfNew().get(s.signatureId());
      if (cluster != null) {
        out.put(
            s.signatureId(),
            RowFactory.create(
                s.signatureId(), s.crashClass(), s.frames(), cluster, cluster, runTs, runId));
      }
    }
    return List.copyOf(out.values());
  }

  /** One {@code signatures} row per signature with a cluster ({@link LakeTables#SIGNATURE}). */
  static List<Row> signatureRows(List<SignatureState> states, Map<String, String> clusterOf) {
    List<Row> out = new ArrayList<>(states.size());
    for (SignatureState s : states) {
      String cluster = clusterOf.get(s.signatureId());
      if (cluster == null) {
        continue;
      }
      out.add(
          RowFactory.create(
              s.signatureId(),
              s.title(),
              s.crashClass(),
              s.frames(),
              cluster,
              timestamp(s.firstSeen()),
              timestamp(s.lastSeen()),
              s.crashes(),
              s.hosts(),
              s.kernelReleases(),
              s.modules(),
              s.exampleFile(),
              s.hostSketch(),
              s.moduleCrashes()));
    }
    return out;
  }

  /** One {@code clusters} row per cluster of the signatures ({@link LakeTables#CLUSTER}). */
  static List<Row> clusterRows(List<SignatureState> states, Map<String, String> clusterOf) {
    List<Row> out = new ArrayList<>();
    for (SignatureState.ClusterTotals c : SignatureState.clusters(states, clusterOf)) {
      out.add(
          RowFactory.create(
              c.clusterId(),
              c.representativeTitle(),
              c.signatures(),
              c.crashes(),
              c.hosts(),
              timestamp(c.firstSeen()),
              timestamp(c.lastSeen()),
              c.kernelReleases(),
              c.topModule()));
    }
    return out;
  }

  private static Timestamp timestamp(Instant t) {
    return t == null ? null : Timestamp.from(t);
  }

  /**
   * The columns of {@code signatures} an increment merges: set-like values whose merge equals a
   * recount (HLL sketches union; module counts add), beside the plain ones.
   */
  static final String[] STATE_COLUMNS = {
    "signature_id",
    "class",
    "frames",
    "title",
    "example_file",
    "first_seen",
    "last_seen",
    "crashes",
    "host_sketch",
    "kernel_releases",
    "module_crashes"
  };

  /**
   * Earlier merges plus this run's, one row per retired id (a rerun adds nothing twice), each with
   * the id it resolves to today.
   */
  static List<Row> mergeHistory(
      List<Row> previous, Assignment assignment, Timestamp runTs, String runId) {
    Map<String, Row> byFrom = new java.util.TreeMap<>();
    for (Row r : previous) {
      byFrom.put(r.getString(0), r);
    }
    for (Merge m : assignment.merges()) {
      byFrom.putIfAbsent(
          m.fromClusterId(),
          RowFactory.create(
              m.fromClusterId(),
              m.intoClusterId(),
              m.intoClusterId(),
              m.bridgeSignatureId(),
              m.similarity(),
              runTs,
              runId));
    }
    Map<String, String> into = new HashMap<>();
    byFrom.forEach((from, r) -> into.put(from, r.getString(1)));
    List<Row> out = new ArrayList<>(byFrom.size());
    for (Row r : byFrom.values()) {
      out.add(
          RowFactory.create(
              r.getString(0),
              r.getString(1),
              ClusterAssigner.resolve(r.getString(0), into),
              r.getString(3),
              r.getDouble(4),
              r.get(5),
              r.getString(6)));
    }
    return out;
  }
}
