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

  /** A kdump folder with one short, crash-free log under {@code archive}; returns the file. */
  private static Path cleanLog(Path archive) throws IOException {
    Path file = archive.resolve("10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "[    0.000000] Linux version 6.1.0 (gcc) #1 SMP\n");
    return file;
  }

  /** The read tasks over {@code listing} in one partition, with the nightly's default settings. */
  private static List<ArchiveIngest.Written> ingest(
      Path archive, List<Row> listing, Path files, Path crashes) {
    NightlyOptions options =
        new NightlyOptions(
            archive.toString(),
            tmp.resolve("lake").toUri().toString(),
            Pattern.compile("vmcore-dmesg.*"),
            1 << 20,
            0,
            10,
            null);
    return ArchiveIngest.ingest(
        spark,
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(listing, 1),
        archive.toUri().toString(),
        options.pathLayout(),
        options.maxFileBytes(),
        options.rules(),
        "r1",
        new ArchiveIngest.Target(
            files.toUri().toString(), crashes.toUri().toString(), "snappy", spark.version()));
  }

  @Test
  void aFileDeletedAfterListingIsRejectedWithThatReasonAndTheRestIsRead() throws IOException {
    Path archive = tmp.resolve("archive");
    Path kept = cleanLog(archive);
    Path gone = archive.resolve("10.0.0.2-2026-11-20-01:02:04/vmcore-dmesg.txt");
    List<Row> listing =
        List.of(
            RowFactory.create(kept.toUri().toString(), Files.size(kept), 0L),
            RowFactory.create(gone.toUri().toString(), 100L, 0L));
    Path files = tmp.resolve("files");

    List<ArchiveIngest.Written> written = ingest(archive, listing, files, tmp.resolve("crashes"));

    assertThat(written).hasSize(1);
    assertThat(written.get(0).files()).as("both listed files accounted for").isEqualTo(2);
    assertThat(written.get(0).noCrash()).isEqualTo(1);
    assertThat(written.get(0).rejected()).isEqualTo(1);
    Row rejected = spark.read().parquet(files.toString()).where("status = 'rejected'").first();
    assertThat(rejected.getString(rejected.fieldIndex("reason")))
        .isEqualTo("not found: deleted after it was listed");
    assertThat(rejected.getString(rejected.fieldIndex("ip")))
        .as("path fields still taken from the listed path")
        .isEqualTo("10.0.0.2");
  }

  @Test
  void aFailingFileSystemFailsTheTaskAndLeavesNoPartFiles() throws IOException {
    Path archive = tmp.resolve("failing");
    Path good = cleanLog(archive);
    // A scheme no file system serves: opening it is an I/O error, not a bad file.
    List<Row> listing =
        List.of(
            RowFactory.create(good.toUri().toString(), Files.size(good), 0L),
            RowFactory.create("nosuchfs://bucket/x/vmcore-dmesg.txt", 10L, 0L));
    Path files = tmp.resolve("failing-files");
    Path crashes = tmp.resolve("failing-crashes");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ingest(archive, listing, files, crashes))
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
