package dev.oopslake.spark.signatures;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hll_sketch_estimate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.signature.CrashSignature;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signature stage's steps one at a time, on small hand-made crash rows and no lake: {@code
 * aggregate} (one mergeable row per signature), {@code merge} (two partial aggregates add up to the
 * aggregate of all their crashes, which the incremental nightly relies on), {@code markNew} (new
 * against the registry, no row added by the join), {@code signatureRows} and {@code clusterRows}
 * (the two tables the stage writes from signatures with their cluster).
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

  private static <T> List<T> list(Row r, String field) {
    return new ArrayList<>(r.<T>getList(r.fieldIndex(field)));
  }

  private static Map<String, Long> modules(Row r) {
    assertThat(r.isNullAt(r.fieldIndex("module_crashes"))).as("module_crashes is null").isFalse();
    return new TreeMap<>(r.<String, Long>getJavaMap(r.fieldIndex("module_crashes")));
  }

  /**
   * Every mergeable column of each signature as plain Java values (the host sketch as its
   * estimate), plus what merge adds when present: rows compared as a whole.
   */
  private static Map<String, Map<String, Object>> state(Dataset<Row> agg) {
    Map<String, Long> hosts = hosts(agg);
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (Row r : byId(agg).values()) {
      Map<String, Object> s = new LinkedHashMap<>();
      for (String c :
          List.of("class", "title", "example_file", "first_seen", "last_seen", "crashes")) {
        s.put(c, r.getAs(c));
      }
      s.put("frames", list(r, "frames"));
      s.put("kernel_releases", list(r, "kernel_releases"));
      s.put("module_crashes", modules(r));
      s.put("hosts", hosts.get(r.<String>getAs("signature_id")));
      out.put(r.getAs("signature_id"), s);
    }
    return out;
  }

  /**
   * {@link #state} with merge's derived columns, guilty modules sorted (map keys have no order).
   */
  private static Map<String, Map<String, Object>> mergedState(Dataset<Row> merged) {
    Map<String, Map<String, Object>> out = state(merged);
    for (Row r : merged.collectAsList()) {
      Map<String, Object> s = out.get(r.<String>getAs("signature_id"));
      List<String> guilty = list(r, "guilty_modules");
      guilty.sort(null);
      s.put("guilty_modules", guilty);
      s.put("top_module", r.getAs("top_module"));
    }
    return out;
  }

  @Test
  void aggregateGivesOneRowPerSignatureWithTheTitleOfItsSmallestFileAndIgnoresRowsWithoutOne() {
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

    Dataset<Row> agg = SignatureStage.aggregate(crashes(rows));

    assertThat(agg.columns()).containsExactly(SignatureStage.STATE_COLUMNS);
    Map<String, Row> byId = byId(agg);
    assertThat(byId.keySet()).as("the row without a signature is ignored").containsOnly(SIG1, SIG2);
    Map<String, Long> hosts = hosts(agg);

    Row s1 = byId.get(SIG1);
    assertThat(s1.<String>getAs("class")).isEqualTo(NPD);
    assertThat(list(s1, "frames")).isEqualTo(CrashSignature.ofNormalized(NPD, S1).frames());
    assertThat(s1.<Long>getAs("crashes")).isEqualTo(4L);
    assertThat(s1.<Timestamp>getAs("first_seen")).isEqualTo(at(10));
    assertThat(s1.<Timestamp>getAs("last_seen")).isEqualTo(at(50));
    assertThat(s1.<String>getAs("example_file")).isEqualTo("file:///a/f1");
    assertThat(s1.<String>getAs("title"))
        .as("the smallest file's, not the earliest's nor the first row's")
        .isEqualTo(titleOf("file:///a/f1"));
    assertThat(list(s1, "kernel_releases")).containsExactly("5.10.0", "6.1.0");
    assertThat(modules(s1))
        .as("the crash without a module counts nowhere")
        .isEqualTo(Map.of("m1", 2L, "m2", 1L));
    assertThat(hosts.get(SIG1)).as("h1, h2, h3").isEqualTo(3L);

    Row s2 = byId.get(SIG2);
    assertThat(s2.<String>getAs("class")).isEqualTo("warning");
    assertThat(s2.<Long>getAs("crashes")).isEqualTo(2L);
    assertThat(s2.<String>getAs("title")).isEqualTo(titleOf("file:///b/f1"));
    assertThat(s2.<Timestamp>getAs("first_seen")).isEqualTo(at(40));
    assertThat(s2.<Timestamp>getAs("last_seen")).isEqualTo(at(45));
    assertThat(list(s2, "kernel_releases")).containsExactly("6.1.0");
    assertThat(modules(s2)).as("an empty map, not null").isEmpty();
    assertThat(hosts.get(SIG2)).as("two crashes of one host").isEqualTo(1L);
  }

  @Test
  void mergingTwoNightsAggregatesEqualsAggregatingAllTheirCrashes() {
    Dataset<Row> a = SignatureStage.aggregate(crashes(nightA()));
    Dataset<Row> b = SignatureStage.aggregate(crashes(nightB()));
    Dataset<Row> all = SignatureStage.aggregate(crashes(bothNights()));

    Map<String, Map<String, Object>> incremental = mergedState(SignatureStage.merge(a, b));
    Map<String, Map<String, Object>> full = mergedState(SignatureStage.merge(null, all));

    assertThat(incremental).isEqualTo(full);
    assertThat(state(SignatureStage.merge(a, b))).isEqualTo(state(all));
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
        mergedState(
            SignatureStage.merge(
                SignatureStage.aggregate(crashes(nightA())),
                SignatureStage.aggregate(crashes(nightB()))));

    assertThat(merged.get(SIG1).get("top_module")).as("m1 and m2 twice each").isEqualTo("m1");
    assertThat(merged.get(SIG1).get("guilty_modules")).isEqualTo(List.of("m1", "m2"));
    assertThat(merged.get(SIG4).get("top_module")).as("zz twice, aa once").isEqualTo("zz");
    assertThat(merged.get(SIG4).get("guilty_modules")).isEqualTo(List.of("aa", "zz"));
    assertThat(merged.get(SIG3).get("top_module")).isEqualTo("m3");
    assertThat(merged.get(SIG2).get("top_module")).as("no module").isNull();
    assertThat(merged.get(SIG2).get("guilty_modules")).isEqualTo(List.of());
  }

  @Test
  void mergingIntoNothingKeepsThePartialAndAddsTheModuleColumns() {
    Dataset<Row> a = SignatureStage.aggregate(crashes(nightA()));

    Dataset<Row> merged = SignatureStage.merge(null, a);

    assertThat(state(merged)).isEqualTo(state(a));
    assertThat(merged.columns()).contains(SignatureStage.STATE_COLUMNS);
    assertThat(merged.columns()).contains("guilty_modules", "top_module");
    Map<String, Map<String, Object>> s = mergedState(merged);
    assertThat(s.keySet()).containsOnly(SIG1, SIG2, SIG4);
    assertThat(s.get(SIG1).get("crashes")).isEqualTo(2L);
    assertThat(s.get(SIG1).get("top_module")).isEqualTo("m2");
    assertThat(s.get(SIG1).get("guilty_modules")).isEqualTo(List.of("m2"));
    assertThat(s.get(SIG4).get("top_module")).isEqualTo("aa");
    assertThat(s.get(SIG2).get("guilty_modules")).isEqualTo(List.of());
  }

  private static Dataset<Row> registry(Map<String, String> clusterOf) {
    List<Row> rows = new ArrayList<>();
    clusterOf.forEach(
        (sig, cluster) ->
            rows.add(RowFactory.create(sig, NPD, List.of("f"), cluster, cluster, at(0), "run-0")));
    return spark.createDataFrame(rows, SignatureStage.REGISTRY_SCHEMA);
  }

  @Test
  void aSignatureMissingFromTheRegistryIsNewAndTheJoinAddsNoRow() {
    Dataset<Row> sigAgg =
        SignatureStage.merge(null, SignatureStage.aggregate(crashes(bothNights())));
    // Two known signatures in one cluster, and one the crashes no longer have.
    Dataset<Row> registry = registry(Map.of(SIG1, "c-1", SIG4, "c-1", "gone", "c-9"));

    Dataset<Row> nodes = SignatureStage.markNew(sigAgg, registry);

    assertThat(nodes.count()).isEqualTo(4L);
    Map<String, Boolean> isNew = new TreeMap<>();
    for (Row r : byId(nodes).values()) {
      isNew.put(r.getAs("signature_id"), r.getAs("is_new"));
    }
    assertThat(isNew).isEqualTo(Map.of(SIG1, false, SIG2, true, SIG3, true, SIG4, false));
    Row s3 = byId(nodes).get(SIG3);
    assertThat(s3.<Timestamp>getAs("first_seen")).isEqualTo(at(70));
    assertThat(s3.<String>getAs("class")).isEqualTo(NPD);
    assertThat(list(s3, "frames")).isEqualTo(CrashSignature.ofNormalized(NPD, S3).frames());

    Dataset<Row> none = SignatureStage.markNew(sigAgg, registry(Map.of()));
    assertThat(none.filter(col("is_new")).count()).as("an empty registry").isEqualTo(4L);
  }

  /** The merged signatures of both nights with S1 and S4 in one cluster, S2 and S3 in another. */
  private static Dataset<Row> withCluster(Dataset<Row> sigAgg) {
    StructType schema =
        new StructType()
            .add("signature_id", DataTypes.StringType)
            .add("cluster_id", DataTypes.StringType);
    Dataset<Row> clusters =
        spark.createDataFrame(
            List.of(
                RowFactory.create(SIG1, "c-1"),
                RowFactory.create(SIG4, "c-1"),
                RowFactory.create(SIG2, "c-2"),
                RowFactory.create(SIG3, "c-2")),
            schema);
    return sigAgg.join(clusters, "signature_id");
  }

  @Test
  void signatureRowsCarryTheirClusterHostCountAndEveryModuleOfGuiltAndStack() {
    Dataset<Row> withCluster =
        withCluster(SignatureStage.merge(null, SignatureStage.aggregate(crashes(bothNights()))));

    Map<String, Row> rows = byId(SignatureStage.signatureRows(withCluster));

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
  }

  @Test
  void theNextNightMergesIntoTheSignatureRowsAsIntoAFreshAggregate() {
    Dataset<Row> firstNight =
        SignatureStage.signatureRows(
            withCluster(SignatureStage.merge(null, SignatureStage.aggregate(crashes(nightA())))));

    Dataset<Row> next =
        SignatureStage.merge(firstNight, SignatureStage.aggregate(crashes(nightB())));

    assertThat(firstNight.columns()).contains(SignatureStage.STATE_COLUMNS);
    assertThat(mergedState(next))
        .isEqualTo(
            mergedState(
                SignatureStage.merge(null, SignatureStage.aggregate(crashes(bothNights())))));
  }

  @Test
  void clusterRowsSumTheirSignaturesCrashesAndUniteTheirHostsReleasesAndTimes() {
    Dataset<Row> withCluster =
        withCluster(SignatureStage.merge(null, SignatureStage.aggregate(crashes(bothNights()))));

    Map<String, Row> clusters = new TreeMap<>();
    for (Row r : SignatureStage.clusterRows(withCluster).collectAsList()) {
      assertThat(clusters.put(r.getAs("cluster_id"), r)).as("one row per cluster").isNull();
    }

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
