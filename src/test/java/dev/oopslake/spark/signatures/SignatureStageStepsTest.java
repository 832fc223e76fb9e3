package dev.oopslake.spark.signatures;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.signature.CrashSignature;
import dev.oopslake.signature.SignatureState;
import dev.oopslake.spark.SharedSpark;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signature stage's steps one at a time, on small hand-made crash rows and no lake: {@code
 * aggregate} (one mergeable row per signature, in Spark), then on the driver: {@link
 * SignatureState#mergeAll} (two partial aggregates add up to the aggregate of all their crashes,
 * which the incremental nightly relies on), {@code nodes} (new against the registry), {@code
 * signatureRows} and {@code clusterRows} (the two tables the stage writes from signatures with
 * their cluster).
 */
class SignatureStageStepsTest {

  private static SparkSession spark;

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final String NPD = "null-ptr-deref";
  private static final List<String> S1 = List.of("s1a [m1]", "s1b [mx]", "s1c");
  private static final List<String> S2 = List.of("s2a", "s2b");
  private static final List<String> S3 = List.of("s3a [m3]", "s3b");
  private static final List<String> S4 = List.of("s4a", "s4b");

  private static final String SIG1 = CrashSignature.ofNormalized(NPD, S1).id();
  private static final String SIG2 = CrashSignature.ofNormalized("warning", S2).id();
  private static final String SIG3 = CrashSignature.ofNormalized(NPD, S3).id();
  private static final String SIG4 = CrashSignature.ofNormalized(NPD, S4).id();

  @BeforeAll
  static void session() {
    spark = SharedSpark.get();
  }

  private static Timestamp at(int seconds) {
    return Timestamp.from(T0.plusSeconds(seconds));
  }

  /** A primary crash titled after its file, with the given guilty module (null: none). */
  private static Row crash(
      String crashClass,
      List<String> stack,
      String file,
      String host,
      int seconds,
      String kernel,
      String module) {
    Row r = CrashRowFixtures.crash(file, host, T0.plusSeconds(seconds), crashClass, stack, kernel);
    return with(with(r, "title", titleOf(file)), "guilty_module", module);
  }

  private static String titleOf(String file) {
    return "T " + file;
  }

  private static Row with(Row r, String field, Object value) {
    Object[] values = new Object[r.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.get(i);
    }
    values[CrashRowFixtures.SCHEMA.fieldIndex(field)] = value;
    return RowFactory.create(values);
  }

  private static Dataset<Row> crashes(List<Row> rows) {
    return spark.createDataFrame(rows, CrashRowFixtures.SCHEMA);
  }

  /** The first night of the merge tests: S1 and S4 continue the next night, S2 does not. */
  private static List<Row> nightA() {
    return List.of(
        crash(NPD, S1, "file:///a/f3", "h1", 30, "6.1.0", "m2"),
        crash(NPD, S1, "file:///a/f2", "h1", 10, "6.1.0", "m2"),
        crash("warning", S2, "file:///b/f1", "h1", 40, "6.1.0", null),
        crash(NPD, S4, "file:///d/f1", "h1", 60, "6.2.0", "aa"));
  }

  /** The second night: S3 is new; S4's host h1 was seen the night before. */
  private static List<Row> nightB() {
    return List.of(
        crash(NPD, S1, "file:///a/f1", "h2", 50, "5.10.0", "m1"),
        crash(NPD, S1, "file:///a/f4", "h3", 20, "6.1.0", "m1"),
        crash(NPD, S3, "file:///c/f1", "h4", 70, "6.2.0", "m3"),
        crash(NPD, S4, "file:///d/f2", "h1", 65, "6.2.0", "zz"),
        crash(NPD, S4, "file:///d/f3", "h5", 55, "6.3.0", "zz"));
  }

  private static List<Row> bothNights() {
    List<Row> all = new ArrayList<>(nightA());
    all.addAll(nightB());
    return all;
  }

  private static Map<String, Row> byId(Dataset<Row> rows) {
    Map<String, Row> out = new TreeMap<>();
    for (Row r : rows.collectAsList()) {
      assertThat(r.isNullAt(r.fieldIndex("signature_id")))
          .as("a row without a signature")
          .isFalse();
      assertThat(out.put(r.getAs("signature_id"), r)).as("one row per signature").isNull();
    }
    return out;
  }

  private static Map<String, Long> hosts(Dataset<Row> agg) {
    Map<String, Long> out = new TreeMap<>();
    for (Row r :
        agg.select(col("signature_id"), hll_sketch_estimate(col("host_sketch"))).collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  /** A list column, from Spark (a Scala sequence) or from the driver's rows (a Java list). */
  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Row r, String field) {
    Object v = r.get(r.fieldIndex(field));
    return v instanceof List<?> l
        ? new ArrayList<>((List<T>) l)
        : new ArrayList<>(r.<T>getList(r.fieldIndex(field)));
  }

  private static Map<String, Long> modules(Row r) {
    assertThat(r.isNullAt(r.fieldIndex("module_crashes"))).as("module_crashes is null").isFalse();
    return new TreeMap<>(r.<String, Long>getJavaMap(r.fieldIndex("module_crashes")));
  }

  /** The signatures' states of {@code rows}, counted in Spark tasks. */
  private static List<SignatureState> states(List<Row> rows) {
    return dev.oopslake.spark.support.CrashCounts.count(crashes(rows)).signatures();
  }

  /**
   * Every mergeable column of each signature as plain Java values (the host sketch as its estimate,
   * which Spark's and the driver's unions may encode differently), plus the derived guilty and top
   * modules: states compared as a whole.
   */
  private static Map<String, Map<String, Object>> state(List<SignatureState> states) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (SignatureState st : states) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("class", st.crashClass());
      s.put("title", st.title());
      s.put("example_file", st.exampleFile());
      s.put("first_seen", Timestamp.from(st.firstSeen()));
      s.put("last_seen", Timestamp.from(st.lastSeen()));
      s.put("crashes", st.crashes());
      s.put("frames", st.frames());
      s.put("kernel_releases", st.kernelReleases());
      s.put("module_crashes", new TreeMap<>(st.moduleCrashes()));
      s.put("hosts", st.hosts());
      s.put("guilty_modules", st.guiltyModules());
      s.put("top_module", st.topModule());
      assertThat(out.put(st.signatureId(), s)).as("one state per signature").isNull();
    }
    return out;
  }

  @Test
  void countingGivesOneStatePerSignatureWithTheTitleOfItsSmallestFileAndIgnoresRowsWithoutOne() {
    List<Row> rows =
        new ArrayList<>(
            List.of(
                crash(NPD, S1, "file:///a/f3", "h1", 30, "6.1.0", "m1"),
                crash(NPD, S1, "file:///a/f1", "h2", 50, "5.10.0", "m1"),
                crash(NPD, S1, "file:///a/f2", "h1", 10, "6.1.0", "m2"),
                crash(NPD, S1, "file:///a/f4", "h3", 20, "6.1.0", null),
                crash("warning", S2, "file:///b/f2", "h1", 45, "6.1.0", null),
                crash("warning", S2, "file:///b/f1", "h1", 40, "6.1.0", null)));
    // Smallest file, earliest, another host, kernel and module: counted anywhere, it would show.
    rows.add(with(crash(NPD, S1, "file:///a/f0", "h9", 0, "4.19.0", "m9"), "signature_id", null));

    Map<String, Map<String, Object>> byId = state(states(rows));

    assertThat(byId.keySet()).as("the row without a signature is ignored").containsOnly(SIG1, SIG2);
    Map<String, Object> s1 = byId.get(SIG1);
    assertThat(s1.get("class")).isEqualTo(NPD);
    assertThat(s1.get("frames")).isEqualTo(CrashSignature.ofNormalized(NPD, S1).frames());
    assertThat(s1.get("crashes")).isEqualTo(4L);
    assertThat(s1.get("first_seen")).isEqualTo(at(10));
    assertThat(s1.get("last_seen")).isEqualTo(at(50));
    assertThat(s1.get("example_file")).isEqualTo("file:///a/f1");
    assertThat(s1.get("title"))
        .as("the smallest file's, not the earliest's nor the first row's")
        .isEqualTo(titleOf("file:///a/f1"));
    assertThat(s1.get("kernel_releases")).isEqualTo(List.of("5.10.0", "6.1.0"));
    assertThat(s1.get("module_crashes"))
        .as("the crash without a module counts nowhere")
        .isEqualTo(Map.of("m1", 2L, "m2", 1L));
    assertThat(s1.get("hosts")).as("h1, h2, h3").isEqualTo(3L);

    Map<String, Object> s2 = byId.get(SIG2);
    assertThat(s2.get("class")).isEqualTo("warning");
    assertThat(s2.get("crashes")).isEqualTo(2L);
    assertThat(s2.get("title")).isEqualTo(titleOf("file:///b/f1"));
    assertThat(s2.get("first_seen")).isEqualTo(at(40));
    assertThat(s2.get("last_seen")).isEqualTo(at(45));
    assertThat(s2.get("kernel_releases")).isEqualTo(List.of("6.1.0"));
    assertThat(s2.get("module_crashes")).as("an empty map, not null").isEqualTo(Map.of());
    assertThat(s2.get("hosts")).as("two crashes of one host").isEqualTo(1L);
  }

  @Test
  void hostSketchesCountedHereAreTheOnesSparkCountsAndReads() {
    Dataset<Row> crashes = crashes(bothNights());
    // Spark's own sketch per signature, as earlier lakes hold them.
    Map<String, byte[]> sparkSketches = new TreeMap<>();
    for (Row r :
        crashes
            .groupBy("signature_id")
            .agg(org.apache.spark.sql.functions.hll_sketch_agg(col("host"), 12))
            .collectAsList()) {
      sparkSketches.put(r.getString(0), (byte[]) r.get(1));
    }

    List<SignatureState> states = states(bothNights());

    List<Row> ours = new ArrayList<>();
    for (SignatureState s : states) {
      ours.add(
          RowFactory.create(s.signatureId(), s.hostSketch(), sparkSketches.get(s.signatureId())));
      assertThat(dev.oopslake.trends.HostSketch.estimate(sparkSketches.get(s.signatureId())))
          .as("Spark's sketch of %s estimated here", s.signatureId())
          .isEqualTo(s.hosts());
    }
    var schema =
        new org.apache.spark.sql.types.StructType()
            .add("signature_id", "string")
            .add("ours", "binary")
            .add("spark", "binary");
    Map<String, Long> seen = new TreeMap<>();
    for (Row r :
        spark
            .createDataFrame(ours, schema)
            .selectExpr(
                "signature_id",
                "hll_sketch_estimate(ours)",
                "hll_sketch_estimate(hll_union(ours, spark))")
            .collectAsList()) {
      assertThat(r.getLong(2)).as("a union with Spark's own sketch").isEqualTo(r.getLong(1));
      seen.put(r.getString(0), r.getLong(1));
    }
    assertThat(seen).as("Spark reads the sketches written here").isEqualTo(hostsOf(states));
    assertThat(seen.get(SIG1)).isEqualTo(3L);
  }

  private static Map<String, Long> hostsOf(List<SignatureState> states) {
    Map<String, Long> out = new TreeMap<>();
    states.forEach(s -> out.put(s.signatureId(), s.hosts()));
    return out;
  }

  @Test
  void mergingTwoNightsAggregatesEqualsAggregatingAllTheirCrashes() {
    Map<String, Map<String, Object>> incremental =
        state(SignatureState.mergeAll(states(nightA()), states(nightB())));
    Map<String, Map<String, Object>> full =
        state(SignatureState.mergeAll(List.of(), states(bothNights())));

    assertThat(incremental).isEqualTo(full);
    assertThat(state(SignatureState.mergeAll(states(nightB()), states(nightA()))))
        .as("in either order")
        .isEqualTo(full);
    // The values themselves, each column taken from the night that decides it.
    assertThat(full.keySet()).containsOnly(SIG1, SIG2, SIG3, SIG4);
    Map<String, Object> s1 = full.get(SIG1);
    assertThat(s1.get("crashes")).isEqualTo(4L);
    assertThat(s1.get("first_seen")).as("from the first night").isEqualTo(at(10));
    assertThat(s1.get("last_seen")).as("from the second night").isEqualTo(at(50));
    assertThat(s1.get("example_file")).as("from the second night").isEqualTo("file:///a/f1");
    assertThat(s1.get("title")).isEqualTo(titleOf("file:///a/f1"));
    assertThat(s1.get("kernel_releases")).isEqualTo(List.of("5.10.0", "6.1.0"));
    assertThat(s1.get("module_crashes")).isEqualTo(Map.of("m1", 2L, "m2", 2L));
    assertThat(s1.get("hosts")).isEqualTo(3L);
    Map<String, Object> s4 = full.get(SIG4);
    assertThat(s4.get("example_file")).as("from the first night").isEqualTo("file:///d/f1");
    assertThat(s4.get("title")).isEqualTo(titleOf("file:///d/f1"));
    assertThat(s4.get("first_seen")).isEqualTo(at(55));
    assertThat(s4.get("last_seen")).isEqualTo(at(65));
    assertThat(s4.get("hosts")).as("h1 both nights and h5: a union, not a sum").isEqualTo(2L);
    assertThat(s4.get("kernel_releases")).isEqualTo(List.of("6.2.0", "6.3.0"));
    assertThat(s4.get("module_crashes")).isEqualTo(Map.of("aa", 1L, "zz", 2L));
    assertThat(full.get(SIG2).get("module_crashes")).isEqualTo(Map.of());
  }

  @Test
  void theTopModuleIsTheMostFrequentAndTheLowestNameOnATieAndGuiltyModulesAreTheMapKeys() {
    Map<String, Map<String, Object>> merged =
        state(SignatureState.mergeAll(states(nightA()), states(nightB())));

    assertThat(merged.get(SIG1).get("top_module")).as("m1 and m2 twice each").isEqualTo("m1");
    assertThat(merged.get(SIG1).get("guilty_modules")).isEqualTo(List.of("m1", "m2"));
    assertThat(merged.get(SIG4).get("top_module")).as("zz twice, aa once").isEqualTo("zz");
    assertThat(merged.get(SIG4).get("guilty_modules")).isEqualTo(List.of("aa", "zz"));
    assertThat(merged.get(SIG3).get("top_module")).isEqualTo("m3");
    assertThat(merged.get(SIG2).get("top_module")).as("no module").isNull();
    assertThat(merged.get(SIG2).get("guilty_modules")).isEqualTo(List.of());
  }

  @Test
  void aSignatureMissingFromTheRegistryIsNew() {
    List<SignatureState> states = SignatureState.mergeAll(List.of(), states(bothNights()));
    // Two known signatures in one cluster, and one the crashes no longer have.
    Map<String, String> registry = Map.of(SIG1, "c-1", SIG4, "c-1", "gone", "c-9");

    List<Row> nodes = SignatureStage.nodes(states, registry);

    assertThat(nodes).hasSize(4);
    Map<String, Boolean> isNew = new TreeMap<>();
    Map<String, Row> byId = new TreeMap<>();
    for (Row r : nodes) {
      isNew.put(r.getString(0), r.getBoolean(4));
      byId.put(r.getString(0), r);
    }
    assertThat(isNew).isEqualTo(Map.of(SIG1, false, SIG2, true, SIG3, true, SIG4, false));
    Row s3 = byId.get(SIG3);
    assertThat(s3.getString(1)).isEqualTo(NPD);
    assertThat(s3.<String>getList(3)).isEqualTo(CrashSignature.ofNormalized(NPD, S3).frames());

    assertThat(SignatureStage.nodes(states, Map.of()))
        .as("an empty registry")
        .allMatch(r -> r.getBoolean(4));
  }

  /** S1 and S4 in one cluster, S2 and S3 in another. */
  private static final Map<String, String> CLUSTERS =
      Map.of(SIG1, "c-1", SIG4, "c-1", SIG2, "c-2", SIG3, "c-2");

  private static Map<String, Row> byId(List<Row> rows, StructType schema) {
    Map<String, Row> out = new TreeMap<>();
    for (Row r : rows) {
      assertThat(r.length()).isEqualTo(schema.size());
      assertThat(out.put(r.getString(0), new GenericRowWithSchema(rowValues(r), schema)))
          .as("one row per key")
          .isNull();
    }
    return out;
  }

  private static Object[] rowValues(Row r) {
    Object[] v = new Object[r.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.get(i);
    }
    return v;
  }

  @Test
  void signatureRowsCarryTheirClusterHostCountAndEveryModuleOfGuiltAndStack() {
    List<SignatureState> states = SignatureState.mergeAll(List.of(), states(bothNights()));

    Map<String, Row> rows =
        byId(
            SignatureStage.signatureRows(states, CLUSTERS), dev.oopslake.lake.LakeTables.SIGNATURE);

    assertThat(rows.keySet()).containsOnly(SIG1, SIG2, SIG3, SIG4);
    Row s1 = rows.get(SIG1);
    assertThat(s1.<String>getAs("cluster_id")).isEqualTo("c-1");
    assertThat(s1.<Long>getAs("hosts")).isEqualTo(3L);
    assertThat(s1.<Long>getAs("crashes")).isEqualTo(4L);
    assertThat(list(s1, "modules"))
        .as("guilty m1 and m2, mx from a frame, sorted once each")
        .containsExactly("m1", "m2", "mx");
    assertThat(rows.get(SIG2).<String>getAs("cluster_id")).isEqualTo("c-2");
    assertThat(list(rows.get(SIG2), "modules")).as("none anywhere").isEmpty();
    assertThat(list(rows.get(SIG3), "modules")).containsExactly("m3");
    assertThat(list(rows.get(SIG4), "modules")).containsExactly("aa", "zz");
    assertThat(rows.get(SIG4).<Long>getAs("hosts")).isEqualTo(2L);
    assertThat(SignatureStage.signatureRows(states, Map.of(SIG1, "c-1")))
        .as("a signature without a cluster has no row")
        .hasSize(1);
  }

  @Test
  void clusterRowsSumTheirSignaturesCrashesAndUniteTheirHostsReleasesAndTimes() {
    List<SignatureState> states = SignatureState.mergeAll(List.of(), states(bothNights()));

    Map<String, Row> clusters =
        byId(SignatureStage.clusterRows(states, CLUSTERS), dev.oopslake.lake.LakeTables.CLUSTER);

    assertThat(clusters.keySet()).containsOnly("c-1", "c-2");
    Row c1 = clusters.get("c-1");
    assertThat(c1.<Long>getAs("signatures")).isEqualTo(2L);
    assertThat(c1.<Long>getAs("crashes")).as("4 of S1 and 3 of S4").isEqualTo(7L);
    assertThat(c1.<Long>getAs("hosts")).as("h1 is in both signatures").isEqualTo(4L);
    assertThat(c1.<Timestamp>getAs("first_seen")).isEqualTo(at(10));
    assertThat(c1.<Timestamp>getAs("last_seen")).isEqualTo(at(65));
    assertThat(list(c1, "kernel_releases")).containsExactly("5.10.0", "6.1.0", "6.2.0", "6.3.0");
    assertThat(c1.<String>getAs("representative_title"))
        .as("the title of the signature with most crashes")
        .isEqualTo(titleOf("file:///a/f1"));
    assertThat(c1.<String>getAs("top_module")).as("S1's, the most frequent").isEqualTo("m1");

    // S2 and S3 have one crash each: the greater signature id decides.
    Row c2 = clusters.get("c-2");
    boolean s3Wins = SIG3.compareTo(SIG2) > 0;
    assertThat(c2.<Long>getAs("signatures")).isEqualTo(2L);
    assertThat(c2.<Long>getAs("crashes")).isEqualTo(2L);
    assertThat(c2.<Long>getAs("hosts")).isEqualTo(2L);
    assertThat(c2.<Timestamp>getAs("first_seen")).isEqualTo(at(40));
    assertThat(c2.<Timestamp>getAs("last_seen")).isEqualTo(at(70));
    assertThat(list(c2, "kernel_releases")).containsExactly("6.1.0", "6.2.0");
    assertThat(c2.<String>getAs("representative_title"))
        .isEqualTo(titleOf(s3Wins ? "file:///c/f1" : "file:///b/f1"));
    assertThat(c2.<String>getAs("top_module")).isEqualTo(s3Wins ? "m3" : null);
  }
}
