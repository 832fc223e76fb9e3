package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.generate.ArchiveGenerator;
import dev.oopslake.generate.GeneratorOptions;
import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nightly adds its new crashes to the derived tables instead of recounting the lake; the tables
 * it leaves equal those a full recomputation over the same crashes gives.
 */
class DerivedTablesTest {
  @TempDir static Path tmp;
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.get();
  }

  private static NightlyPipeline.Result nightly(Path archive, Path lakeDir) {
    String dir = lakeDir.toUri().toString().replaceAll("/$", "");
    return NightlyPipeline.run(
        spark, NightlyOptions.builder(archive.toString(), dir).location(TestLakes.at(dir)).build());
  }

  @Test
  void anIncrementEqualsAFullRecomputationOverTheSameCrashes() throws Exception {
    Path archive = tmp.resolve("archive");
    ArchiveGenerator.generate(
        archive.resolve("first"), GeneratorOptions.of(160).withSeed(11).withThreads(1));
    Path location = tmp.resolve("lake");
    NightlyPipeline.Result first = nightly(archive, location);
    assertThat(phases(first))
        .as("a new lake is computed in full")
        .contains("signatures and clusters (full)");

    // The next night: new files from the same fleet (another seed: new and known signatures).
    ArchiveGenerator.generate(
        archive.resolve("second"), GeneratorOptions.of(80).withSeed(12).withThreads(1));
    NightlyPipeline.Result second = nightly(archive, location);
    assertThat(second.crash()).as("the new night has crashes").isPositive();
    assertThat(phases(second))
        .contains(
            "signatures and clusters (incremental)",
            "summarize (incremental)",
            "morning cells (incremental)");

    Lake lake = Lake.open(spark, TestLakes.at(location.toUri().toString().replaceAll("/$", "")));
    long crashes = lake.current(LakeTables.CRASHES).snapshotId();
    Map<String, List<String>> incremental = derived(lake);
    assertThat(incremental.get(LakeTables.SIGNATURES)).as("signatures written").isNotEmpty();
    long primary = lake.read(LakeTables.CRASHES).filter("primary").count();
    assertThat(
            lake.read(LakeTables.SIGNATURES)
                .agg(org.apache.spark.sql.functions.sum("crashes"))
                .first()
                .getLong(0))
        .as("every primary crash of both nights counted once")
        .isEqualTo(primary);
    assertThat(
            lake.read(LakeTables.SIGNATURE_DAILY)
                .agg(org.apache.spark.sql.functions.sum("crashes"))
                .first()
                .getLong(0))
        .as("the morning tables' cells count each primary crash once too")
        .isEqualTo(primary);

    DerivedTables.update(
        lake, crashes, "recount", MorningTables.Inputs.DEFAULTS, true, phase -> {});
    Map<String, List<String>> full = derived(lake);
    for (String table : LakeTables.DERIVED) {
      assertThat(incremental.get(table)).as(table).isEqualTo(full.get(table));
    }

    // A night with nothing new changes nothing and recomputes nothing.
    NightlyPipeline.Result idle = nightly(archive, location);
    assertThat(phases(idle))
        .noneMatch(
            p ->
                p.startsWith("signatures") || p.startsWith("summarize") || p.startsWith("morning"));
    assertThat(derived(lake)).isEqualTo(full);

    // A night whose crashes all have known signatures (copies of the first night's files under
    // new folders): the registry and the merges stay as they were, uncommitted, and the tables
    // still equal a recount.
    copyFolders(archive.resolve("first"), archive.resolve("third"), 20);
    long registry = lake.current(LakeTables.REGISTRY).snapshotId();
    long merges = lake.current(LakeTables.MERGES).snapshotId();
    NightlyPipeline.Result known = nightly(archive, location);
    assertThat(known.crash()).as("the copies hold crashes").isPositive();
    assertThat(phases(known)).contains("signatures and clusters (incremental)");
    assertThat(lake.current(LakeTables.REGISTRY).snapshotId()).isEqualTo(registry);
    assertThat(lake.current(LakeTables.MERGES).snapshotId()).isEqualTo(merges);
    Map<String, List<String>> afterKnown = derived(lake);
    DerivedTables.update(
        lake,
        lake.current(LakeTables.CRASHES).snapshotId(),
        "recount-2",
        MorningTables.Inputs.DEFAULTS,
        true,
        phase -> {});
    Map<String, List<String>> fullAgain = derived(lake);
    for (String table : LakeTables.DERIVED) {
      assertThat(afterKnown.get(table)).as(table).isEqualTo(fullAgain.get(table));
    }
  }

  /** The first {@code n} crash folders under {@code from}, copied under {@code to}. */
  private static void copyFolders(Path from, Path to, int n) throws java.io.IOException {
    List<Path> folders;
    try (var files = Files.walk(from)) {
      folders =
          files
              .filter(p -> p.getFileName().toString().startsWith("vmcore-dmesg"))
              .map(Path::getParent)
              .distinct()
              .sorted()
              .limit(n)
              .toList();
    }
    for (Path folder : folders) {
      Path target = to.resolve(from.relativize(folder));
      Files.createDirectories(target);
      try (var inside = Files.list(folder)) {
        for (Path f : inside.toList()) {
          Files.copy(f, target.resolve(f.getFileName()));
        }
      }
    }
  }

  @Test
  void aNightsRowsReadBackOnTheDriverAddUpAsItsIngestCountedThem() throws Exception {
    Path archive = tmp.resolve("redo");
    ArchiveGenerator.generate(
        archive.resolve("first"), GeneratorOptions.of(60).withSeed(21).withThreads(1));
    Path location = tmp.resolve("redo-lake");
    nightly(archive, location);
    Lake lake = Lake.open(spark, TestLakes.at(location.toUri().toString().replaceAll("/$", "")));
    Map<String, Long> before = new java.util.TreeMap<>();
    for (String t : LakeTables.ALL) {
      if (lake.current(t) != null && !t.equals(LakeTables.FILES) && !t.equals(LakeTables.CRASHES)) {
        before.put(t, lake.current(t).snapshotId());
      }
    }
    ArchiveGenerator.generate(
        archive.resolve("second"), GeneratorOptions.of(40).withSeed(22).withThreads(1));
    NightlyPipeline.Result second = nightly(archive, location);
    Map<String, List<String>> counted = derived(lake);
    // As if the run had been killed after its ingest commit: every derived table back as the
    // first night left it, so the next update must read the second night's rows.
    before.forEach((t, id) -> lake.table(t).manageSnapshots().rollbackTo(id).commit());
    long crashes = lake.current(LakeTables.CRASHES).snapshotId();
    List<String> redo = new java.util.ArrayList<>();

    DerivedTables.update(lake, crashes, "redo", MorningTables.Inputs.DEFAULTS, false, redo::add);

    assertThat(second.crash()).isPositive();
    assertThat(redo.get(0))
        .contains("signatures and clusters (incremental)", "morning cells (incremental)");
    assertThat(
            lake.rowsOfRunsAt(
                LakeTables.CRASHES, crashes, List.of(second.runId()), List.of("file")))
        .as("the second night's rows, read on the driver")
        .hasSize((int) second.reports());
    Map<String, List<String>> read = derived(lake);
    for (String table : LakeTables.DERIVED) {
      assertThat(read.get(table)).as(table).isEqualTo(counted.get(table));
    }
  }

  @Test
  void aReReadFileRecomputesInFull() throws Exception {
    Path archive = tmp.resolve("reread");
    ArchiveGenerator.generate(archive, GeneratorOptions.of(40).withSeed(5).withThreads(1));
    Path location = tmp.resolve("reread-lake");
    nightly(archive, location);
    // A file rewritten in place: its old rows go, which no increment can subtract.
    Path some;
    try (var files = Files.walk(archive)) {
      some =
          files
              .filter(p -> p.getFileName().toString().startsWith("vmcore-dmesg"))
              .findFirst()
              .orElseThrow();
    }
    Files.write(
        some,
        "[    0.000000] Linux version 6.1.0\n".getBytes(),
        java.nio.file.StandardOpenOption.APPEND);
    Files.setLastModifiedTime(
        some, java.nio.file.attribute.FileTime.fromMillis(1_800_000_000_000L));
    NightlyPipeline.Result again = nightly(archive, location);
    assertThat(phases(again))
        .contains("signatures and clusters (full)", "summarize (full)", "morning cells (full)");
  }

  @Test
  void aDeleteByHandIsRecountedAtTheNextNight() throws Exception {
    Path archive = tmp.resolve("by-hand");
    ArchiveGenerator.generate(
        archive.resolve("first"), GeneratorOptions.of(40).withSeed(7).withThreads(1));
    Path location = tmp.resolve("by-hand-lake");
    nightly(archive, location);
    String dir = location.toUri().toString().replaceAll("/$", "");
    Lake lake = Lake.open(spark, TestLakes.at(dir));
    // A user's own SQL commit: a snapshot with no oopslake run id that removed rows.
    String host = lake.read(LakeTables.CRASHES).select("host").first().getString(0);
    spark.sql("DELETE FROM " + lake.sqlName(LakeTables.CRASHES) + " WHERE host = '" + host + "'");

    ArchiveGenerator.generate(
        archive.resolve("second"), GeneratorOptions.of(20).withSeed(8).withThreads(1));
    NightlyPipeline.Result next = nightly(archive, location);
    assertThat(phases(next)).contains("summarize (full)");
    lake = Lake.open(spark, TestLakes.at(dir));
    long primaries = lake.read(LakeTables.CRASHES).where("primary").count();
    long summed =
        lake.read(LakeTables.SUMMARY_KERNEL_MODULE).selectExpr("sum(crashes)").first().getLong(0);
    assertThat(summed).as("the summary counts the rows the table holds").isEqualTo(primaries);
  }

  /** The run's phases, the derived tables' one as the groups it names. */
  private static List<String> phases(NightlyPipeline.Result r) {
    String derived = DerivedTables.DERIVED_PHASE + ": ";
    return r.phases().stream()
        .map(NightlyPipeline.Phase::name)
        .flatMap(
            p ->
                p.startsWith(derived)
                    ? java.util.Arrays.stream(p.substring(derived.length()).split(", "))
                    : java.util.stream.Stream.of(p))
        .toList();
  }

  /**
   * Every derived table's rows as sorted text, without the run's own marks ({@code run_id},
   * registration times) and with HLL sketches compared by their estimates (the numbers beside
   * them).
   */
  private static Map<String, List<String>> derived(Lake lake) {
    Map<String, List<String>> out = new TreeMap<>();
    for (String table : LakeTables.DERIVED) {
      Dataset<Row> rows = lake.read(table);
      List<String> keep = new ArrayList<>();
      for (StructField f : rows.schema().fields()) {
        if (f.dataType() instanceof BinaryType
            || List.of("run_id", "registered_at", "merged_at").contains(f.name())) {
          continue;
        }
        // A map's entries in key order: two equal maps built in another order print alike.
        keep.add(
            f.dataType() instanceof MapType
                ? "array_sort(map_entries(`" + f.name() + "`)) AS `" + f.name() + "`"
                : "`" + f.name() + "`");
      }
      List<String> text = new ArrayList<>();
      for (Row r : rows.selectExpr(keep.toArray(new String[0])).collectAsList()) {
        text.add(r.toString());
      }
      text.sort(null);
      out.put(table, text);
    }
    return out;
  }
}
