package dev.oopslake.spark.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.signature.ClusteringParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignatureStageTest {

  private static SparkSession spark;

  /** Lower than the default so one hand-made signature can bridge two clusters in a test. */
  private static final ClusteringParams PARAMS = ClusteringParams.DEFAULTS.withThreshold(0.35);

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("SignatureStageTest")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static final Map<Path, Lake> LAKES = new HashMap<>();

  /** The Iceberg lake the stage writes to; the crashes it reads are a plain Parquet folder. */
  private static Lake lakeOf(Path dir) {
    return LAKES.computeIfAbsent(
        dir, d -> Lake.open(spark, TestLakes.at(d.resolve("iceberg").toUri().toString())));
  }

  private static Path newLake(String name) throws Exception {
    Path dir = Path.of("target", "test-lakes", name + "-" + System.nanoTime()).toAbsolutePath();
    Files.createDirectories(dir);
    return dir;
  }

  private static List<String> stack(String... frames) {
    return List.of(frames);
  }

  private static final List<String> A1 = stack("a1 [drva]", "a2 [drva]", "a3 [drva]", "a4", "a5");
  private static final List<String> A2 = stack("a1 [drva]", "a2 [drva]", "a3 [drva]", "e1", "e2");
  private static final List<String> A3 =
      stack("a1 [drva]", "ax [drva]", "a2 [drva]", "a3 [drva]", "a4");
  private static final List<String> B1 = stack("b1 [drvb]", "b2 [drvb]", "b3 [drvb]", "b4", "b5");
  private static final List<String> K1 = stack("kfree", "k1a [m1]", "k1b [m1]", "k1c [m1]");
  private static final List<String> K2 = stack("kfree", "k2a [m2]", "k2b [m2]", "k2c [m2]");

  private static List<Row> firstNight() {
    List<Row> rows = new ArrayList<>();
    int n = 0;
    for (List<String> s : List.of(A1, A1, A2, A3, B1, B1, K1, K2, K2)) {
      rows.add(
          CrashRowFixtures.crash(
              "file:///archive/h" + (n % 3) + "/f" + n + "/vmcore-dmesg.txt",
              "h" + (n % 3),
              T0.plusSeconds(n),
              "null-ptr-deref",
              s,
              n % 2 == 0 ? "5.10.0-1" : "5.10.0-2"));
      n++;
    }
    // Ten unrelated bugs, and one with A's frames in another class (never merged with A).
    for (int z = 0; z < 10; z++) {
      rows.add(
          CrashRowFixtures.crash(
              "file:///archive/z/f" + z,
              "hz",
              T0.plusSeconds(100 + z),
              "warning",
              stack("z" + z + "a", "z" + z + "b", "z" + z + "c"),
              "5.10.0-1"));
    }
    rows.add(CrashRowFixtures.crash("file:///archive/w/f", "hw", T0, "warning", A1, "5.10.0-1"));
    return rows;
  }

  /** The test writes crashes as a plain table; the nightly job passes its committed-runs view. */
  private static org.apache.spark.sql.Dataset<Row> crashesOf(Path lake) {
    return spark.read().parquet(lake.resolve("crashes").toString());
  }

  private static void writeCrashes(Path lake, List<Row> rows) {
    spark
        .createDataFrame(rows, CrashRowFixtures.SCHEMA)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(lake.resolve("crashes").toString());
  }

  private static Map<String, String> clusterOf(Path lake) {
    Map<String, String> m = new HashMap<>();
    for (Row r :
        lakeOf(lake).read("signatures").select("signature_id", "cluster_id").collectAsList()) {
      m.put(r.getString(0), r.getString(1));
    }
    return m;
  }

  private static String sig(String crashClass, List<String> s) {
    return dev.oopslake.signature.CrashSignature.ofNormalized(crashClass, s).id();
  }

  @Test
  void clustersNearDuplicatesAndKeepsIdsStableAcrossNights() throws Exception {
    Path lake = newLake("stable");
    List<Row> rows = firstNight();
    writeCrashes(lake, rows);
    SignatureStage.Result first =
        SignatureStage.run(lakeOf(lake), crashesOf(lake), Map.of(), T0, PARAMS);

    assertThat(first.signatures()).as("6 stacks + 10 z + A1 as a warning").isEqualTo(17);
    assertThat(first.newSignatures()).isEqualTo(17);
    assertThat(first.clusters()).as("A family, B, K1, K2, 10 z, warning A1").isEqualTo(15);
    assertThat(first.merges()).isZero();
    Map<String, String> c1 = clusterOf(lake);
    String a = c1.get(sig("null-ptr-deref", A1));
    assertThat(c1.get(sig("null-ptr-deref", A2))).as("another entry path").isEqualTo(a);
    assertThat(c1.get(sig("null-ptr-deref", A3))).as("an extra inlined frame").isEqualTo(a);
    assertThat(c1.get(sig("null-ptr-deref", K1)))
        .as("two bugs that both end in kfree")
        .isNotEqualTo(c1.get(sig("null-ptr-deref", K2)));
    assertThat(c1.get(sig("warning", A1))).as("class is part of the bug").isNotEqualTo(a);
    assertThat(a).as("named after the earliest member").isEqualTo("c-" + sig("null-ptr-deref", A1));

    Row aRow = lakeOf(lake).read("clusters").filter("cluster_id = '" + a + "'").first();
    assertThat(aRow.<Long>getAs("signatures")).isEqualTo(3L);
    assertThat(aRow.<Long>getAs("crashes")).isEqualTo(4L);
    assertThat(aRow.<String>getAs("top_module")).isEqualTo("drva");
    assertThat(aRow.<Long>getAs("hosts")).isEqualTo(3L);
    long totalCrashes =
        lakeOf(lake)
            .read("clusters")
            .agg(org.apache.spark.sql.functions.sum("crashes"))
            .first()
            .getLong(0);
    assertThat(totalCrashes).as("every crash is in exactly one cluster").isEqualTo(rows.size());

    // Night 2: a new variant of A arrives, plus new crashes of known signatures.
    List<String> a4 = stack("a1 [drva]", "a2 [drva]", "a3 [drva]", "a4", "x9");
    rows.add(
        CrashRowFixtures.crash(
            "file:///archive/n2/f1",
            "h9",
            T0.plusSeconds(86400),
            "null-ptr-deref",
            a4,
            "5.10.0-3"));
    rows.add(
        CrashRowFixtures.crash(
            "file:///archive/n2/f2",
            "h9",
            T0.plusSeconds(86401),
            "null-ptr-deref",
            B1,
            "5.10.0-3"));
    writeCrashes(lake, rows);
    SignatureStage.Result second =
        SignatureStage.run(lakeOf(lake), crashesOf(lake), Map.of(), T0.plusSeconds(86400), PARAMS);
    assertThat(second.newSignatures()).isEqualTo(1);
    assertThat(second.clusters()).as("the new variant joined A").isEqualTo(15);
    Map<String, String> c2 = clusterOf(lake);
    assertThat(c2.get(sig("null-ptr-deref", a4))).isEqualTo(a);
    c1.forEach((s, c) -> assertThat(c2.get(s)).as("ids never renumbered: " + s).isEqualTo(c));

    // Night 3: a signature that resembles both A and B bridges them: B's id retires into A's.
    List<String> bridge = stack("a1 [drva]", "a2 [drva]", "b1 [drvb]", "b2 [drvb]", "b3 [drvb]");
    rows.add(
        CrashRowFixtures.crash(
            "file:///archive/n3/f1",
            "h9",
            T0.plusSeconds(2 * 86400),
            "null-ptr-deref",
            bridge,
            "5.10.0-3"));
    writeCrashes(lake, rows);
    SignatureStage.Result third =
        SignatureStage.run(
            lakeOf(lake), crashesOf(lake), Map.of(), T0.plusSeconds(2 * 86400), PARAMS);
    String b = c1.get(sig("null-ptr-deref", B1));
    assertThat(third.merges()).as("A and B merged").isEqualTo(1);
    assertThat(third.clusters()).isEqualTo(14);
    Map<String, String> c3 = clusterOf(lake);
    assertThat(c3.get(sig("null-ptr-deref", B1))).isEqualTo(a);
    Row merge = lakeOf(lake).read("cluster_merges").first();
    assertThat(merge.<String>getAs("from_cluster_id")).isEqualTo(b);
    assertThat(merge.<String>getAs("resolved_cluster_id")).isEqualTo(a);
    Row regB =
        lakeOf(lake)
            .read("signature_registry")
            .filter("signature_id = '" + sig("null-ptr-deref", B1) + "'")
            .first();
    assertThat(regB.<String>getAs("first_cluster_id"))
        .as("the old id stays resolvable")
        .isEqualTo(b);
    assertThat(regB.<String>getAs("cluster_id")).isEqualTo(a);

    // The same night again: nothing new, nothing merged twice, same tables.
    SignatureStage.Result again =
        SignatureStage.run(
            lakeOf(lake), crashesOf(lake), Map.of(), T0.plusSeconds(2 * 86400), PARAMS);
    assertThat(again).isEqualTo(new SignatureStage.Result(third.signatures(), 14, 0, 0));
    assertThat(clusterOf(lake)).isEqualTo(c3);
    assertThat(lakeOf(lake).read("cluster_merges").count()).isEqualTo(1);
  }

  @Test
  void aRunKilledBetweenItsCommitsIsRedoneTheSame() throws Exception {
    Path lake = newLake("recover");
    List<Row> all = firstNight();
    writeCrashes(lake, all.subList(0, 10));
    SignatureStage.run(lakeOf(lake), crashesOf(lake), Map.of(), T0, PARAMS);
    writeCrashes(lake, all);
    SignatureStage.run(lakeOf(lake), crashesOf(lake), Map.of(), T0.plusSeconds(60), PARAMS);
    Map<String, String> after = clusterOf(lake);
    long clusters = lakeOf(lake).read("clusters").count();
    // As if the second run was killed after its registry commit, before signatures and
    // clusters: those two are back at the first run's snapshots, the registry a run ahead.
    for (String table : List.of("signatures", "clusters")) {
      org.apache.iceberg.Table t = lakeOf(lake).table(table);
      t.manageSnapshots().rollbackTo(t.currentSnapshot().parentId()).commit();
    }
    assertThat(clusterOf(lake)).as("the killed state differs").isNotEqualTo(after);

    SignatureStage.Result r =
        SignatureStage.run(lakeOf(lake), crashesOf(lake), Map.of(), T0.plusSeconds(60), PARAMS);

    assertThat(r.newSignatures()).as("the committed registry is kept, not redone").isZero();
    assertThat(clusterOf(lake)).as("same tables as the run that was not killed").isEqualTo(after);
    assertThat(lakeOf(lake).read("clusters").count()).isEqualTo(clusters);
  }
}
