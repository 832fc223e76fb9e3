package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.generate.ArchiveGenerator;
import dev.oopslake.generate.GeneratorOptions;
import dev.oopslake.lake.IngestCommit;
import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import dev.oopslake.spark.listing.ListingSpill;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state check, which decides what a run reads, gives the same answer on the driver (a listing
 * of up to {@code DRIVER_STATE_CHECK} files) as the Spark join (larger listings): new files and
 * rewritten ones (another size or time) are read, rewritten ones replace their rows, the rest is
 * skipped; a window run reads its whole window.
 */
class StateCheckTest {
  @TempDir static Path tmp;
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.get();
  }

  @Test
  void theDriverAndTheJoinReadTheSameFiles() throws Exception {
    Path archive = tmp.resolve("archive");
    ArchiveGenerator.generate(archive, GeneratorOptions.of(12).withSeed(3).withThreads(1));
    String dir = tmp.resolve("lake").toUri().toString().replaceAll("/$", "");
    NightlyOptions options =
        NightlyOptions.builder(archive.toString(), dir).location(TestLakes.at(dir)).build();
    NightlyPipeline.run(spark, options);
    Lake lake = Lake.open(spark, TestLakes.at(dir));
    List<Row> known =
        lake.rowsAt(
            LakeTables.FILES,
            lake.current(LakeTables.FILES).snapshotId(),
            List.of("path", "size", "modified"));
    assertThat(known).hasSize(12);

    // The next listing: one file grown, one touched, one new, the rest as they were.
    List<Row> listing = new ArrayList<>();
    for (int i = 0; i < known.size(); i++) {
      Row k = known.get(i);
      long size = k.getLong(1) + (i == 0 ? 10 : 0);
      long mtime = k.getTimestamp(2).getTime() + (i == 1 ? 1000 : 0);
      listing.add(RowFactory.create(k.getString(0), size, mtime));
    }
    listing.add(
        RowFactory.create("file:///new/10.0.0.9-2026-11-20-05:06:07/vmcore-dmesg.txt", 5L, 7L));
    ListingSpill.Spilled spilled =
        ListingSpill.write(
            spark,
            List.of(
                listing.subList(0, 5).iterator(), listing.subList(5, listing.size()).iterator()),
            tmp.resolve("spill").toUri().toString());
    IngestCommit.Start begun = IngestCommit.begin(lake);

    for (NightlyOptions o :
        List.of(
            options,
            NightlyOptions.builder(archive.toString(), dir)
                .location(TestLakes.at(dir))
                .window(java.time.Instant.parse("2000-01-01T00:00:00Z"), null)
                .build())) {
      NightlyPipeline.ToRead join = NightlyPipeline.toRead(spark, lake, o, spilled, begun, 0);
      NightlyPipeline.ToRead driver = NightlyPipeline.toRead(spark, lake, o, spilled, begun, 1_000);
      try {
        assertThat(driver.cached()).as("no Spark frame behind the driver's answer").isNull();
        assertThat(join.cached()).isNotNull();
        assertThat(sorted(driver.rows().collect())).isEqualTo(sorted(join.rows().collect()));
        assertThat(driver.count()).isEqualTo(join.count());
        assertThat(sorted(driver.replaced().collectAsList()))
            .isEqualTo(sorted(join.replaced().collectAsList()));
        assertThat(driver.replacing()).isEqualTo(join.replacing());
        assertThat(driver.older()).isZero();
        assertThat(join.older()).isZero();
      } finally {
        join.release();
      }
    }
    NightlyPipeline.ToRead next =
        NightlyPipeline.toRead(spark, lake, options, spilled, begun, 1_000);
    assertThat(next.count()).as("the grown, the touched and the new file").isEqualTo(3);
    assertThat(next.replacing()).as("the two known ones replace their rows").isEqualTo(2);
  }

  @Test
  void theDriverAndTheJoinReadAgainTheSameNewestFilesAnOlderParserRead() throws Exception {
    Path archive = tmp.resolve("older-archive");
    ArchiveGenerator.generate(archive, GeneratorOptions.of(12).withSeed(5).withThreads(1));
    List<Path> files;
    try (var walk = java.nio.file.Files.walk(archive)) {
      files =
          walk.filter(p -> p.getFileName().toString().startsWith("vmcore-dmesg")).sorted().toList();
    }
    for (int i = 0; i < files.size(); i++) {
      java.nio.file.Files.setLastModifiedTime(
          files.get(i),
          java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L + i * 1000L));
    }
    String dir = tmp.resolve("older-lake").toUri().toString().replaceAll("/$", "");
    NightlyPipeline.run(
        spark, NightlyOptions.builder(archive.toString(), dir).location(TestLakes.at(dir)).build());
    Lake lake = Lake.open(spark, TestLakes.at(dir));
    // Every file as a layout-1 run left it: no parser generation.
    var drop = lake.table(LakeTables.FILES).updateSchema();
    drop.deleteColumn("parser_generation");
    drop.commit();
    lake.table(LakeTables.FILES).newAppend().commit();
    IngestCommit.Start begun = IngestCommit.begin(lake);
    List<Row> listing = new ArrayList<>();
    for (Row k :
        lake.rowsAt(
            LakeTables.FILES,
            lake.current(LakeTables.FILES).snapshotId(),
            List.of("path", "size", "modified"))) {
      listing.add(RowFactory.create(k.getString(0), k.getLong(1), k.getTimestamp(2).getTime()));
    }
    listing.add(
        RowFactory.create("file:///new/10.0.0.9-2026-11-20-05:06:07/vmcore-dmesg.txt", 5L, 7L));
    ListingSpill.Spilled spilled =
        ListingSpill.write(
            spark, List.of(listing.iterator()), tmp.resolve("older-spill").toUri().toString());
    NightlyOptions options =
        NightlyOptions.builder(archive.toString(), dir)
            .location(TestLakes.at(dir))
            .rereadOlder(5)
            .build();

    NightlyPipeline.ToRead join = NightlyPipeline.toRead(spark, lake, options, spilled, begun, 0);
    NightlyPipeline.ToRead driver =
        NightlyPipeline.toRead(spark, lake, options, spilled, begun, 1_000);
    try {
      assertThat(sorted(driver.rows().collect())).isEqualTo(sorted(join.rows().collect()));
      assertThat(sorted(driver.replaced().collectAsList()))
          .isEqualTo(sorted(join.replaced().collectAsList()));
    } finally {
      join.release();
    }
    assertThat(driver.count()).as("the new file and five older ones").isEqualTo(6);
    assertThat(driver.replacing()).isEqualTo(5);
    assertThat(driver.older()).isEqualTo(5);
    assertThat(join.older()).isEqualTo(5);
    List<Long> times =
        driver.rows().collect().stream().map(r -> r.getLong(2)).filter(t -> t > 7).toList();
    assertThat(times)
        .as("the newest five")
        .containsExactlyInAnyOrder(
            java.util.stream.LongStream.range(7, 12)
                .mapToObj(i -> 1_700_000_000_000L + i * 1000L)
                .toArray(Long[]::new));
  }

  @Test
  void aNightWithNothingNewStartsNoSparkJob() throws Exception {
    Path archive = tmp.resolve("idle-archive");
    ArchiveGenerator.generate(archive, GeneratorOptions.of(8).withSeed(4).withThreads(1));
    String dir = tmp.resolve("idle-lake").toUri().toString().replaceAll("/$", "");
    NightlyOptions options =
        NightlyOptions.builder(archive.toString(), dir).location(TestLakes.at(dir)).build();
    NightlyPipeline.run(spark, options);
    var jobs = new java.util.concurrent.atomic.AtomicInteger();
    org.apache.spark.scheduler.SparkListener counter =
        new org.apache.spark.scheduler.SparkListener() {
          @Override
          public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
            jobs.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(counter);
    NightlyPipeline.Result idle;
    try {
      idle = NightlyPipeline.run(spark, options);
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }

    assertThat(idle.skipped()).isEqualTo(8);
    assertThat(jobs.get())
        .as("listing, state check and derived tables all on the driver, from metadata and files")
        .isZero();
  }

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }
}
