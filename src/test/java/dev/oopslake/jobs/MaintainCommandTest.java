package dev.oopslake.jobs;

import static dev.oopslake.jobs.NightlyExitCodesTest.fixtureLog;
import static dev.oopslake.jobs.NightlyExitCodesTest.kdumpFile;
import static dev.oopslake.jobs.NightlyExitCodesTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oopslake maintain} on a lake of several runs, in process on embedded Spark: every table,
 * sorted (crashes) or not, is compacted, and no table gains or loses a row.
 */
class MaintainCommandTest {
  @TempDir Path tmp;

  private static Map<String, Long> rowCounts(Path lake) {
    Lake open = Lake.open(SharedSpark.get(), TestLakes.at(lake.toUri().toString()));
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : open.tables()) {
      counts.put(table, open.read(table).count());
    }
    return counts;
  }

  private static int dataFiles(Path lake, String table) {
    Lake open = Lake.open(SharedSpark.get(), TestLakes.at(lake.toUri().toString()));
    int n = 0;
    try (var tasks = open.table(table).newScan().planFiles()) {
      for (var ignored : tasks) {
        n++;
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return n;
  }

  @Test
  void maintainCompactsALakeOfSeveralRunsAndKeepsEveryRow() throws IOException {
    Path archive = tmp.resolve("archive");
    Path lake = tmp.resolve("lake");
    kdumpFile(archive, 1, fixtureLog("hung-task-jbd2.log"));
    kdumpFile(archive, 2, fixtureLog("boot-no-crash.log"));
    assertThat(run("nightly", "--input", archive + "", "--lake", lake + "").code()).isZero();
    kdumpFile(archive, 3, fixtureLog("lockdep-circular.log"));
    kdumpFile(archive, 4, fixtureLog("seed000-scheduling-while-atomic.log"));
    assertThat(run("nightly", "--input", archive + "", "--lake", lake + "").code()).isZero();

    Map<String, Long> before = rowCounts(lake);
    int crashFilesBefore = dataFiles(lake, LakeTables.CRASHES);
    int filesFilesBefore = dataFiles(lake, LakeTables.FILES);
    assertThat(crashFilesBefore).as("two runs wrote crashes twice").isGreaterThan(1);

    NightlyExitCodesTest.Outcome o = run("maintain", "--lake", lake + "");

    assertThat(o.code()).as("maintain: %s", o.err()).isZero();
    assertThat(o.err()).contains("crashes: ").contains("files: ");
    assertThat(rowCounts(lake)).isEqualTo(before);
    assertThat(before.get(LakeTables.CRASHES)).isEqualTo(3);
    assertThat(dataFiles(lake, LakeTables.CRASHES)).as("sorted table").isEqualTo(1);
    assertThat(dataFiles(lake, LakeTables.FILES))
        .as("table without a sort order")
        .isEqualTo(1)
        .isLessThan(filesFilesBefore);
  }
}
