package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.lake.WriteTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
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
  private static List<ArchiveIngest.Written> ingest(Path archive, List<Row> listing, Path lakeDir) {
    Lake lake = Lake.open(spark, TestLakes.at(lakeDir.toUri().toString()));
    NightlyOptions options =
        NightlyOptions.builder(archive.toString(), tmp.resolve("lake").toUri().toString())
            .maxFileBytes(1 << 20)
            .build();
    return ArchiveIngest.ingest(
        spark,
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(listing, 1),
        archive.toUri().toString(),
        options.pathLayout(),
        options.maxFileBytes(),
        options.rules(),
        "r1",
        new ArchiveIngest.Target(
            WriteTarget.of(
                lake, LakeTables.FILES, LakeTables.INGESTED, LakeTables.FILE, List.of("path")),
            WriteTarget.of(
                lake, LakeTables.CRASHES, LakeTables.CRASH, LakeTables.CRASH, List.of("file"))));
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
    List<ArchiveIngest.Written> written = ingest(archive, listing, tmp.resolve("lake"));

    assertThat(written).hasSize(1);
    assertThat(written.get(0).files()).as("both listed files accounted for").isEqualTo(2);
    assertThat(written.get(0).noCrash()).isEqualTo(1);
    assertThat(written.get(0).rejected()).isEqualTo(1);
    assertThat(written.get(0).filesData()).as("one data file of files rows").hasSize(1);
    Row rejected =
        spark
            .read()
            .parquet(written.get(0).filesData().get(0).location())
            .where("status = 'rejected'")
            .first();
    assertThat(rejected.getString(rejected.fieldIndex("reason")))
        .isEqualTo("not found: deleted after it was listed");
    assertThat(rejected.getString(rejected.fieldIndex("ip")))
        .as("path fields still taken from the listed path")
        .isEqualTo("10.0.0.2");
  }

  @Test
  void aFailingFileSystemFailsTheTaskAndLeavesNoDataFiles() throws IOException {
    Path archive = tmp.resolve("failing");
    Path good = cleanLog(archive);
    // A scheme no file system serves: opening it is an I/O error, not a bad file.
    List<Row> listing =
        List.of(
            RowFactory.create(good.toUri().toString(), Files.size(good), 0L),
            RowFactory.create("nosuchfs://bucket/x/vmcore-dmesg.txt", 10L, 0L));
    Path lakeDir = tmp.resolve("failing-lake");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ingest(archive, listing, lakeDir))
        .as("the task fails, so Spark retries it instead of recording a good file as rejected")
        .hasStackTraceContaining("nosuchfs");
    try (var left = Files.walk(lakeDir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the failed attempt's data files were deleted; only table metadata is left")
          .noneMatch(n -> n.endsWith(".parquet"));
    }
  }

  /**
   * A file rewritten, cut or appended to between listing and reading (kdump still writing it, a
   * copy in progress) — the same as one that changes while being read: the bytes read are not the
   * file the listing saw. It is rejected with that reason under its listed size and time, which it
   * no longer has, so the next run reads it again; the rest of the task goes on.
   */
  @Test
  void aFileThatChangedSinceListingIsRejectedWithThatReason() throws IOException {
    Path archive = tmp.resolve("changing");
    Path kept = cleanLog(archive);
    Path cut = archive.resolve("10.0.0.3-2026-11-20-01:02:05/vmcore-dmesg.txt");
    Files.createDirectories(cut.getParent());
    Files.writeString(cut, "[    0.000000] Linux version 6.1.0 (gcc) #1 SMP\n".repeat(20));
    long cutListed = Files.size(cut);
    Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(cut), (int) cutListed / 2));
    Path grown = archive.resolve("10.0.0.4-2026-11-20-01:02:06/vmcore-dmesg.txt");
    Files.createDirectories(grown.getParent());
    Files.writeString(grown, "[    0.000000] Linux version 6.1.0 (gcc) #1 SMP\n");
    long grownListed = Files.size(grown);
    Files.writeString(
        grown, "[    1.000000] BUG: kernel NULL pointer dereference\n", StandardOpenOption.APPEND);
    List<Row> listing =
        List.of(
            RowFactory.create(kept.toUri().toString(), Files.size(kept), 0L),
            RowFactory.create(cut.toUri().toString(), cutListed, 0L),
            RowFactory.create(grown.toUri().toString(), grownListed, 0L));

    List<ArchiveIngest.Written> written = ingest(archive, listing, tmp.resolve("changing-lake"));

    assertThat(written.get(0).files()).as("all three accounted for").isEqualTo(3);
    assertThat(written.get(0).noCrash()).isEqualTo(1);
    assertThat(written.get(0).rejected()).isEqualTo(2);
    assertThat(written.get(0).rejectedByReason())
        .containsExactly(java.util.Map.entry("changed while being read", 2L));
    List<String> reasons =
        spark
            .read()
            .parquet(written.get(0).filesData().get(0).location())
            .where("status = 'rejected'")
            .orderBy("path")
            .select("reason")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(reasons)
        .containsExactly(
            "changed while being read: listed " + cutListed + " bytes, read " + cutListed / 2,
            "changed while being read: listed "
                + grownListed
                + " bytes, read "
                + Files.size(grown));
  }
}
