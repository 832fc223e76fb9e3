package dev.oopslake.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The nightly job as users run it (its own JVM, jobs/oopslake's command line), killed with {@code
 * kill -9} at several points, then read by other engines as they find the lake: a plain Spark
 * session configured only with Iceberg's catalog settings (no oopslake class), and DuckDB over
 * exactly the data files the current snapshot lists. Both see the committed rows and nothing of the
 * killed run; a rerun gives the tables of one clean run. Two runs at once on one lake: one commits,
 * the other fails with one line naming the winner and commits nothing.
 */
class LakeKillIT {
  private static final Path WORK = ChildProcess.projectHome().resolve("target/it/kill");
  private static final List<String> TABLES =
      List.of(
          "files",
          "crashes",
          "summary_kernel_module",
          "signatures",
          "clusters",
          "signature_registry",
          "cluster_merges");

  private static Path archive;
  private static Path cleanLake;
  private static SparkSession reader;

  @BeforeAll
  static void setUp() throws IOException {
    FileUtils.deleteDirectory(WORK.toFile());
    archive = WORK.resolve("archive");
    dev.oopslake.generate.ArchiveGenerator.generate(
        archive, dev.oopslake.generate.GeneratorOptions.of(400).withSeed(3).withThreads(1));
    cleanLake = WORK.resolve("clean");
    assertThat(nightly(cleanLake, "clean").awaitExit(Duration.ofMinutes(6))).isZero();
    reader =
        SparkSession.builder()
            .appName("another-engine")
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void tearDown() {
    if (reader != null) {
      reader.stop();
    }
  }

  /** Killed in the read, at the commit, and in the derived tables; each time read, then rerun. */
  @Test
  void killedAtAnyPointTheLakeShowsCommittedRowsAndARerunEqualsACleanRun() throws Exception {
    Path lake = WORK.resolve("killed");
    // In the read (after the listing), in the commit (after the read), in the derived tables.
    String[] killAfter = {"list", "read, parse and write files", "count and commit|list"};
    for (int i = 0; i < killAfter.length; i++) {
      ChildProcess run = nightly(lake, "kill-" + i);
      try {
        run.awaitLog(Pattern.compile("oopslake: (" + killAfter[i] + "): "), Duration.ofMinutes(6));
      } catch (IllegalStateException finishedFirst) {
        assertThat(run.awaitExit(Duration.ofSeconds(5))).as(run.tail()).isZero();
      }
      run.kill();
      checkReadersAgree(lake, "after kill " + i);
    }
    ChildProcess rerun = nightly(lake, "rerun");
    assertThat(rerun.awaitExit(Duration.ofMinutes(6))).as(rerun.tail()).isZero();

    for (String table : List.of("files", "crashes", "summary_kernel_module")) {
      assertThat(rows(lake, table))
          .as("%s: killed three times then rerun = one clean run", table)
          .isEqualTo(rows(cleanLake, table));
    }
    checkReadersAgree(lake, "after the rerun");
  }

  @Test
  void twoRunsAtOnceOneCommitsTheOtherFailsNamingIt() throws Exception {
    Path lake = WORK.resolve("concurrent");
    ChildProcess a = nightly(lake, "concurrent-a");
    ChildProcess b = nightly(lake, "concurrent-b");
    int ea = a.awaitExit(Duration.ofMinutes(8));
    int eb = b.awaitExit(Duration.ofMinutes(8));

    String loser = ea == 0 ? b.logText() : a.logText();
    if (ea == 0 && eb == 0) {
      // They did not overlap at commit: the second found everything ingested.
      assertThat(a.logText() + b.logText()).contains("; 0 to read");
    } else {
      assertThat(List.of(ea, eb))
          .as("one commits, the other fails")
          .containsExactlyInAnyOrder(0, 1);
      assertThat(loser)
          .as("one line naming the other run")
          .containsPattern("oopslake: run \\S+ committed nothing: run \\S+ changed table");
    }
    assertThat(rows(lake, "files"))
        .as("exactly one run's rows: nothing duplicated, nothing corrupted")
        .isEqualTo(rows(cleanLake, "files"));
    assertThat(rows(lake, "crashes")).isEqualTo(rows(cleanLake, "crashes"));
  }

  /**
   * A plain Spark session and DuckDB read the same rows; crashes never run ahead of files; no row
   * of a run that did not commit its files.
   */
  private static void checkReadersAgree(Path lake, String when) throws Exception {
    if (!Files.exists(lake.resolve("oopslake/files/metadata"))) {
      return; // killed before the tables were made: nothing to read, nothing half there
    }
    String catalog = catalog(lake);
    List<String> committedRuns =
        reader
            .sql(
                "SELECT summary['oopslake.run-id'] FROM "
                    + catalog
                    + ".oopslake.files.snapshots WHERE summary['oopslake.run-id'] IS NOT NULL")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    for (String table : TABLES) {
      if (!Files.exists(lake.resolve("oopslake/" + table + "/metadata"))) {
        continue;
      }
      String name = catalog + ".oopslake." + table;
      reader.catalog().refreshTable(name);
      long spark = reader.table(name).count();
      List<String> dataFiles =
          reader
              .sql("SELECT file_path FROM " + name + ".files")
              .as(org.apache.spark.sql.Encoders.STRING())
              .collectAsList();
      long duck = duckCount(dataFiles);
      assertThat(duck)
          .as("%s %s: DuckDB over the snapshot's data files = Spark", when, table)
          .isEqualTo(spark);
      try (var walk = Files.walk(lake.resolve("oopslake/" + table + "/data"))) {
        long onDisk = walk.filter(p -> p.toString().endsWith(".parquet")).count();
        assertThat(onDisk)
            .as("%s %s: data files of killed attempts may sit on disk, unlisted", when, table)
            .isGreaterThanOrEqualTo(dataFiles.size());
      } catch (java.nio.file.NoSuchFileException noData) {
        assertThat(dataFiles).isEmpty();
      }
      if (table.equals("files") || table.equals("crashes")) {
        List<String> runs =
            reader
                .table(name)
                .select("run_id")
                .distinct()
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        assertThat(committedRuns)
            .as("%s %s: rows only of committed runs", when, table)
            .containsAll(runs);
      }
    }
    long orphanCrashes =
        reader
            .sql(
                "SELECT count(*) FROM "
                    + catalog
                    + ".oopslake.crashes c LEFT ANTI JOIN "
                    + catalog
                    + ".oopslake.files f ON c.file = f.path")
            .first()
            .getLong(0);
    assertThat(orphanCrashes).as("%s: no crash row without its file row", when).isZero();
  }

  private static long duckCount(List<String> dataFiles) throws Exception {
    if (dataFiles.isEmpty()) {
      return 0;
    }
    String list =
        dataFiles.stream()
            .map(f -> "'" + Path.of(java.net.URI.create(f)).toString().replace("'", "''") + "'")
            .collect(Collectors.joining(","));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet([" + list + "])")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The Iceberg catalog settings a user of another Spark would set: nothing of oopslake. */
  private static String catalog(Path lake) {
    String name = "k_" + lake.getFileName().toString().replace('-', '_');
    String prefix = "spark.sql.catalog." + name;
    reader.conf().set(prefix, "org.apache.iceberg.spark.SparkCatalog");
    reader.conf().set(prefix + ".type", "hadoop");
    reader.conf().set(prefix + ".warehouse", lake.toUri().toString());
    reader.conf().set(prefix + ".cache-enabled", "false");
    return name;
  }

  /**
   * A table's rows as sorted text, without the run id (two lakes' runs differ), HLL sketches
   * compared by the estimates beside them (a sketch merged over reruns is another byte string of
   * the same hosts), and maps by their entries in key order.
   */
  private static List<String> rows(Path lake, String table) {
    String name = catalog(lake) + ".oopslake." + table;
    reader.catalog().refreshTable(name);
    var df = reader.table(name);
    List<String> columns = new ArrayList<>();
    for (var f : df.schema().fields()) {
      String c = f.name();
      if (c.equals("run_id")
          || c.equals("registered_at")
          || c.equals("merged_at")
          || f.dataType() instanceof org.apache.spark.sql.types.BinaryType) {
        continue;
      }
      String value =
          f.dataType() instanceof org.apache.spark.sql.types.MapType
              ? "array_sort(map_entries(`" + c + "`))"
              : "`" + c + "`";
      columns.add("coalesce(cast(" + value + " AS string), 'null')");
    }
    return df
        .selectExpr("concat_ws('|', " + String.join(", ", columns) + ")")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()
        .stream()
        .sorted()
        .toList();
  }

  private static ChildProcess nightly(Path lake, String name) {
    return ChildProcess.start(
        name,
        ChildProcess.nightlyCommand(archive, lake),
        Map.of("SPARK_LOCAL_IP", "127.0.0.1"),
        WORK.resolve("logs/" + name + ".log"));
  }
}
