package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.jobs.NightlyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read task on files that changed between listing and reading. */
class ArchiveIngestTest {
  @TempDir static Path tmp;
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.get();
  }

  @Test
  void aFileDeletedAfterListingIsRejectedWithThatReasonAndTheRestIsRead() throws IOException {
    Path archive = tmp.resolve("archive");
    Path kept = archive.resolve("10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt");
    Files.createDirectories(kept.getParent());
    Files.writeString(kept, "[    0.000000] Linux version 6.1.0 (gcc) #1 SMP\n");
    Path gone = archive.resolve("10.0.0.2-2026-11-20-01:02:04/vmcore-dmesg.txt");
    NightlyOptions options =
        new NightlyOptions(
            archive.toString(),
            tmp.resolve("lake").toUri().toString(),
            Pattern.compile("vmcore-dmesg.*"),
            1 << 20,
            0,
            10,
            null);
    List<Row> listing =
        List.of(
            RowFactory.create(kept.toUri().toString(), Files.size(kept), 0L),
            RowFactory.create(gone.toUri().toString(), 100L, 0L));
    String files = tmp.resolve("files").toUri().toString();
    String crashes = tmp.resolve("crashes").toUri().toString();

    List<ArchiveIngest.Written> written =
        ArchiveIngest.ingest(
            spark,
            JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(listing, 1),
            archive.toUri().toString(),
            options.pathLayout(),
            options.maxFileBytes(),
            options.rules(),
            "r1",
            new ArchiveIngest.Target(files, crashes, "snappy", spark.version()));

    assertThat(written).hasSize(1);
    assertThat(written.get(0).files()).as("both listed files accounted for").isEqualTo(2);
    assertThat(written.get(0).noCrash()).isEqualTo(1);
    assertThat(written.get(0).rejected()).isEqualTo(1);
    Row rejected = spark.read().parquet(files).where("status = 'rejected'").first();
    assertThat(rejected.getString(rejected.fieldIndex("reason")))
        .isEqualTo("not found: deleted after it was listed");
    assertThat(rejected.getString(rejected.fieldIndex("ip")))
        .as("path fields still taken from the listed path")
        .isEqualTo("10.0.0.2");
  }

  @Test
  void aFailingFileSystemFailsTheTaskAndLeavesNoPartFiles() throws IOException {
    Path archive = tmp.resolve("failing");
    Path good = archive.resolve("10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt");
    Files.createDirectories(good.getParent());
    Files.writeString(good, "[    0.000000] Linux version 6.1.0 (gcc) #1 SMP\n");
    NightlyOptions options =
        new NightlyOptions(
            archive.toString(),
            tmp.resolve("lake2").toUri().toString(),
            Pattern.compile("vmcore-dmesg.*"),
            1 << 20,
            0,
            10,
            null);
    // A scheme no file system serves: opening it is an I/O error, not a bad file.
    List<Row> listing =
        List.of(
            RowFactory.create(good.toUri().toString(), Files.size(good), 0L),
            RowFactory.create("nosuchfs://bucket/x/vmcore-dmesg.txt", 10L, 0L));
    Path files = tmp.resolve("failing-files");
    Path crashes = tmp.resolve("failing-crashes");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ArchiveIngest.ingest(
                    spark,
                    JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(listing, 1),
                    archive.toUri().toString(),
                    options.pathLayout(),
                    options.maxFileBytes(),
                    options.rules(),
                    "r2",
                    new ArchiveIngest.Target(
                        files.toUri().toString(),
                        crashes.toUri().toString(),
                        "snappy",
                        spark.version())))
        .as("the task fails, so Spark retries it instead of recording a good file as rejected")
        .hasStackTraceContaining("nosuchfs");
    for (Path dir : List.of(files, crashes)) {
      try (var left = Files.list(dir)) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .as("the failed attempt's part files were deleted (checksums too)")
            .noneMatch(n -> n.contains("part-"));
      } catch (java.nio.file.NoSuchFileException e) {
        // nothing was ever written there: also fine
      }
    }
  }
}
