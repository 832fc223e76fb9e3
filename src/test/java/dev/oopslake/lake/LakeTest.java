package dev.oopslake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oopslake.spark.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a lake may live, and the one-line answers when it cannot be used. */
class LakeTest {
  @TempDir static Path tmp;
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.get();
  }

  @Test
  void theEmbeddedCatalogRefusesObjectStoresAndSaysWhatToConfigure() {
    assertThatThrownBy(() -> LakeLocation.embedded("s3a://bucket/lake"))
        .isInstanceOf(LakeError.class)
        .hasMessageContaining("cannot do atomically")
        .hasMessageContaining("--catalog NAME")
        .satisfies(e -> assertThat(((LakeError) e).configuration()).isTrue());
    assertThat(LakeLocation.embedded("hdfs://nn/lake").catalog()).isEqualTo("lake");
  }

  @Test
  void aFolderNoRunHasWrittenHoldsNoTablesAndSaysWhere() throws Exception {
    Path empty = java.nio.file.Files.createDirectories(tmp.resolve("never-written"));
    LakeLocation location = TestLakes.at(empty.toUri().toString());
    assertThat(Lake.open(spark, location).tables()).isEmpty();
    assertThat(location.describe())
        .isEqualTo("the lake at " + empty.toUri().toString().replaceAll("/$", ""));
    assertThat(LakeLocation.configured("glue", null, null).describe())
        .isEqualTo("`glue`.`oopslake`");
  }

  @Test
  void anUnconfiguredCatalogIsAConfigurationError() {
    assertThatThrownBy(
            () -> Lake.open(spark, LakeLocation.configured("nowhere_configured", null, null)))
        .isInstanceOf(LakeError.class)
        .hasMessageContaining("spark.sql.catalog.nowhere_configured");
  }

  @Test
  void aCatalogThatCannotBeReachedSaysWhichAndWhatToCheck() {
    String p = "spark.sql.catalog.unreachable";
    spark.conf().set(p, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set(p + ".type", "jdbc");
    // Nothing listens on port 1 of loopback.
    spark.conf().set(p + ".uri", "jdbc:postgresql://127.0.0.1:1/iceberg");
    spark.conf().set(p + ".warehouse", tmp.resolve("unreachable").toUri().toString());
    assertThatThrownBy(() -> Lake.open(spark, LakeLocation.configured("unreachable", null, null)))
        .isInstanceOf(LakeError.class)
        .hasMessageContaining("cannot reach catalog 'unreachable'")
        .hasMessageContaining("spark.sql.catalog.unreachable.uri")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void anOldLayoutLakeIsNotTakenForAWarehouse() throws Exception {
    Path old = tmp.resolve("old");
    Files.createDirectories(old.resolve("_runs"));
    Files.createDirectories(old.resolve("files/run_id=20261101T000000000Z0000"));
    assertThatThrownBy(() -> Lake.open(spark, TestLakes.at(old.toUri().toString())))
        .isInstanceOf(LakeError.class)
        .hasMessageContaining("old layout")
        .hasMessageContaining("--rebuild");
  }

  @Test
  void aTableWrittenByANewerOopslakeIsRefused() {
    Lake lake = Lake.open(spark, TestLakes.at(tmp.resolve("newer").toUri().toString()));
    lake.table(LakeTables.FILES)
        .updateProperties()
        .set(Lake.SCHEMA_VERSION_KEY, String.valueOf(Lake.SCHEMA_VERSION + 1))
        .commit();
    assertThatThrownBy(() -> lake.table(LakeTables.FILES))
        .isInstanceOf(LakeError.class)
        .hasMessageContaining("newer than this oopslake");
  }

  @Test
  void twoRunsBringingALayoutOneTableUpToDateAtOnceBothGoOn() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("racing-upgrades"));
    LakeLocation location = TestLakes.at(dir.toUri().toString());
    Lake lake = Lake.open(spark, location);
    List<String> added =
        List.of("fault_address", "fault_access", "fault_poison", "fault_error_pointer");
    spark
        .createDataFrame(List.of(), LakeTables.CRASH)
        .drop(added.toArray(new String[0]))
        .writeTo(lake.sqlName(LakeTables.CRASHES))
        .using("iceberg")
        .tableProperty(Lake.SCHEMA_VERSION_KEY, "1")
        .create();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  return Lake.open(spark, location).upToDate(LakeTables.CRASHES);
                }));
      }
      start.countDown();
      for (var run : runs) {
        run.get(); // neither run fails
      }
    } finally {
      pool.shutdown();
    }
    assertThat(lake.columns(LakeTables.CRASHES)).containsExactly(LakeTables.CRASH.fieldNames());
    assertThat(lake.table(LakeTables.CRASHES).properties())
        .containsEntry(Lake.SCHEMA_VERSION_KEY, String.valueOf(Lake.SCHEMA_VERSION));
  }

  @Test
  void theIngestTablesAreMadeWithTheirSchemaAndSortOrder() {
    Lake lake = Lake.open(spark, TestLakes.at(tmp.resolve("fresh").toUri().toString()));
    var crashes = lake.table(LakeTables.CRASHES);
    assertThat(crashes.spec().isUnpartitioned()).isTrue();
    assertThat(crashes.sortOrder().fields().get(0).sourceId())
        .as("maintain compacts crashes by crash time")
        .isEqualTo(crashes.schema().findField("crash_time").fieldId());
    assertThat(lake.read(LakeTables.CRASHES).columns())
        .containsExactly(LakeTables.CRASH.fieldNames());
    assertThat(
            ((org.apache.iceberg.HasTableOperations) crashes)
                .operations()
                .current()
                .formatVersion())
        .isEqualTo(2);
  }

  @Test
  void rowsTheDriverHoldsReplaceATableInOneCommitWithNoSparkJob() throws Exception {
    Lake lake = Lake.open(spark, TestLakes.at(tmp.resolve("driver").toUri().toString()));
    String table = LakeTables.CLUSTER_DAILY;
    var schema = LakeTables.CLUSTER_DAY;
    java.sql.Date day = java.sql.Date.valueOf("2026-11-20");
    lake.replace(
        table,
        schema,
        java.util.List.of(org.apache.spark.sql.RowFactory.create(day, "c-old", 1L, 1L)),
        java.util.Map.of(Lake.RUN_ID, "first"));
    var jobs = new java.util.concurrent.atomic.AtomicInteger();
    org.apache.spark.scheduler.SparkListener counter =
        new org.apache.spark.scheduler.SparkListener() {
          @Override
          public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
            jobs.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(counter);
    try {
      lake.replace(
          table,
          schema,
          java.util.List.of(
              org.apache.spark.sql.RowFactory.create(day, "c-1", 3L, 2L),
              org.apache.spark.sql.RowFactory.create(
                  java.sql.Date.valueOf("1969-12-31"), "c-2", 1L, 1L)),
          java.util.Map.of(Lake.RUN_ID, "second"));
      // The listener bus is asynchronous: wait until it has delivered what was posted so far.
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }

    assertThat(jobs.get()).as("Spark jobs started by the write").isZero();
    assertThat(lake.current(table).summary())
        .as("one commit, carrying the run's summary")
        .containsEntry(Lake.RUN_ID, "second")
        .containsEntry("added-records", "2")
        .containsEntry("deleted-records", "1");
    assertThat(
            lake.read(table).orderBy("day").collectAsList().stream().map(Object::toString).toList())
        .as("the old rows are gone; days and counts read back as written")
        .containsExactly("[1969-12-31,c-2,1,1]", "[2026-11-20,c-1,3,2]");
  }

  @Test
  void driverRowsOfEveryTypeTheDerivedTablesUseReadBackInSparkAsWritten() {
    Lake lake = Lake.open(spark, TestLakes.at(tmp.resolve("driver-types").toUri().toString()));
    String table = LakeTables.SIGNATURE_DAILY;
    var schema =
        new org.apache.spark.sql.types.StructType()
            .add("day", "date")
            .add("at", "timestamp")
            .add("frames", "array<string>")
            .add("sketch", "binary")
            .add("counts", "map<string,bigint>")
            .add("latest", "struct<crash_time:timestamp,file:string,frames:array<string>>")
            .add("rate", "double")
            .add("rt", "boolean");
    java.sql.Timestamp at = java.sql.Timestamp.valueOf("2026-11-20 10:11:12.345678");
    java.util.function.Function<String, org.apache.spark.sql.Row> row =
        id ->
            org.apache.spark.sql.RowFactory.create(
                java.sql.Date.valueOf("2026-11-20"),
                at,
                java.util.List.of("a", id),
                new byte[] {1, 2, (byte) 255},
                java.util.Map.of("m1", 2L, id, 1L),
                org.apache.spark.sql.RowFactory.create(at, "f-" + id, java.util.List.of("x")),
                0.25,
                null);
    // Made through Spark (the table's first write), then replaced by driver rows.
    lake.replace(table, schema, java.util.List.of(row.apply("first")), java.util.Map.of());
    lake.replace(table, schema, java.util.List.of(row.apply("second")), java.util.Map.of());

    org.apache.spark.sql.Row back = lake.read(table).collectAsList().get(0);
    assertThat(lake.read(table).count()).isEqualTo(1);
    assertThat(back.getDate(0)).isEqualTo(java.sql.Date.valueOf("2026-11-20"));
    assertThat(back.getTimestamp(1)).as("microseconds kept").isEqualTo(at);
    assertThat(back.<String>getList(2)).containsExactly("a", "second");
    assertThat((byte[]) back.get(3)).containsExactly(1, 2, 255);
    assertThat(back.<String, Long>getJavaMap(4))
        .isEqualTo(java.util.Map.of("m1", 2L, "second", 1L));
    assertThat(back.getStruct(5).getTimestamp(0)).isEqualTo(at);
    assertThat(back.getStruct(5).getString(1)).isEqualTo("f-second");
    assertThat(back.getStruct(5).<String>getList(2)).containsExactly("x");
    assertThat(back.getDouble(6)).isEqualTo(0.25);
    assertThat(back.isNullAt(7)).isTrue();
    assertThat(lake.current(table).summary()).containsEntry("added-records", "1");
  }

  @Test
  void noDriverRowsLeaveAnEmptyTableThatListsNoFile() throws Exception {
    Lake lake = Lake.open(spark, TestLakes.at(tmp.resolve("driver-empty").toUri().toString()));
    String table = LakeTables.MERGES;
    var schema = new org.apache.spark.sql.types.StructType().add("from_cluster_id", "string");
    // New and empty, as a first night without merges makes it; then one row; then none again.
    for (List<org.apache.spark.sql.Row> rows :
        List.of(
            List.<org.apache.spark.sql.Row>of(),
            List.of(org.apache.spark.sql.RowFactory.create("c-1")),
            List.<org.apache.spark.sql.Row>of())) {
      lake.replace(table, schema, rows, java.util.Map.of(Lake.RUN_ID, "r" + rows.size()));

      assertThat(lake.read(table).count()).isEqualTo(rows.size());
      List<String> listed =
          spark
              .sql("SELECT file_path FROM " + lake.sqlName(table) + ".files")
              .as(org.apache.spark.sql.Encoders.STRING())
              .collectAsList();
      assertThat(listed).hasSize(rows.size());
      for (String f : listed) {
        assertThat(Path.of(java.net.URI.create(f.startsWith("/") ? "file://" + f : f)))
            .as("every data file the snapshot lists exists, as other engines read them")
            .exists();
      }
    }
  }

  @Test
  void theDriverReadsTheRowsOfSomeRunsAndCountsThemFromSnapshotSummaries() {
    Lake lake = Lake.open(spark, TestLakes.at(tmp.resolve("driver-runs").toUri().toString()));
    String table = LakeTables.CLUSTER_DAILY;
    var schema =
        new org.apache.spark.sql.types.StructType()
            .add("cluster_id", "string")
            .add("frames", "array<string>")
            .add("run_id", "string");
    java.util.function.BiFunction<String, String, org.apache.spark.sql.Row> row =
        (c, run) -> org.apache.spark.sql.RowFactory.create(c, java.util.List.of(c), run);
    lake.replace(
        table,
        schema,
        java.util.List.of(row.apply("c-1", "a"), row.apply("c-2", "a")),
        java.util.Map.of(Lake.RUN_ID, "a"));
    // One data file holding two runs' rows, as a compaction leaves them: filtered row by row.
    lake.replace(
        table,
        schema,
        java.util.List.of(row.apply("c-1", "a"), row.apply("c-3", "b"), row.apply("c-4", "b")),
        java.util.Map.of(Lake.RUN_ID, "b"));
    long snapshot = lake.current(table).snapshotId();

    List<org.apache.spark.sql.Row> b =
        lake.rowsOfRunsAt(table, snapshot, List.of("b"), List.of("run_id", "cluster_id", "frames"));

    assertThat(b)
        .extracting(r -> r.getString(1) + " " + r.getList(2) + " " + r.getString(0))
        .as("the columns asked for, in that order, of run b's rows only")
        .containsExactlyInAnyOrder("c-3 [c-3] b", "c-4 [c-4] b");
    assertThat(lake.rowsAt(table, snapshot, List.of("cluster_id"))).hasSize(3);
    assertThat(lake.recordsOfRuns(table, snapshot, List.of("a"))).isEqualTo(2);
    assertThat(lake.recordsOfRuns(table, snapshot, List.of("a", "b"))).isEqualTo(5);
    assertThat(lake.recordsOfRuns(table, snapshot, List.of("c"))).isZero();
  }

  @Test
  void driverRowsOfNewColumnsReplaceTheTableThroughSpark() {
    Lake lake = Lake.open(spark, TestLakes.at(tmp.resolve("driver-new").toUri().toString()));
    String table = LakeTables.CLUSTER_DAILY;
    var narrow = new org.apache.spark.sql.types.StructType().add("cluster_id", "string");
    lake.replace(
        table,
        narrow,
        java.util.List.of(org.apache.spark.sql.RowFactory.create("c-1")),
        java.util.Map.of());
    lake.replace(
        table,
        LakeTables.CLUSTER_DAY,
        java.util.List.of(
            org.apache.spark.sql.RowFactory.create(
                java.sql.Date.valueOf("2026-11-20"), "c-1", 3L, 2L)),
        java.util.Map.of());

    assertThat(lake.read(table).columns())
        .as("a table from an older oopslake takes the new columns")
        .containsExactly(LakeTables.CLUSTER_DAY.fieldNames());
    assertThat(lake.read(table).count()).isEqualTo(1);
  }
}
