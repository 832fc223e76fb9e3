package dev.oopslake.spark.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oopslake.spark.SharedSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing spilled to scratch comes back whole, once each, split into even read tasks. */
class ListingSpillTest {
  @TempDir static Path tmp;
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.get();
  }

  @Test
  void everyListedFileComesBackOnceWithItsSizeAndTime() {
    List<Row> files = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      files.add(
          RowFactory.create(
              "file:/a/10.0.0." + (i % 7) + "-2026-11-20-03:14:" + i + "/vmcore%20dmesg-ü.txt",
              (long) i * 1_000,
              1_700_000_000_000L + i));
    }
    // Uneven listing tasks, as folders of different sizes give.
    JavaRDD<Row> listing =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(files, 3).coalesce(3);
    String dir = tmp.resolve("spill").toUri().toString();

    ListingSpill.Spilled spilled = ListingSpill.write(spark, listing, dir);
    JavaRDD<Row> back = ListingSpill.read(spark, spilled, 8);

    assertThat(spilled.files()).isEqualTo(1_000);
    assertThat(back.getNumPartitions())
        .as("at least the tasks asked for")
        .isGreaterThanOrEqualTo(8);
    assertReadBackEvenly(back, files, "no read task gets a large share");
  }

  @Test
  void aListingTheDriverWroteSplitsIntoEvenTasksToo() {
    List<Row> files = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      files.add(
          RowFactory.create("file:/a/10.0.0.1-2026-11-20-03:14:" + i + "/d.txt", (long) i, 7L));
    }
    String dir = tmp.resolve("driver-spill").toUri().toString();

    // Two writers, as two walker threads: one file each.
    ListingSpill.Spilled spilled =
        ListingSpill.write(
            spark,
            List.of(files.subList(0, 300).iterator(), files.subList(300, 1_000).iterator()),
            dir);
    JavaRDD<Row> back = ListingSpill.read(spark, spilled, 8);

    assertThat(spilled.files()).isEqualTo(1_000);
    assertReadBackEvenly(back, files, "one file is still split by bytes into the tasks asked for");
    assertThat(
            ListingSpill.read(
                    spark,
                    ListingSpill.write(
                        spark,
                        List.of(java.util.Collections.<Row>emptyIterator()),
                        tmp.resolve("driver-empty").toUri().toString()),
                    4)
                .count())
        .isZero();
  }

  /** The same rows, none lost, none twice, and no read task with a quarter of them or more. */
  private static void assertReadBackEvenly(JavaRDD<Row> back, List<Row> files, String balance) {
    assertThat(back.collect().stream().map(Row::toString).collect(Collectors.toSet()))
        .as("same rows, none lost, none twice")
        .hasSize(files.size())
        .isEqualTo(files.stream().map(Row::toString).collect(Collectors.toSet()));
    List<Integer> sizes = back.glom().map(List::size).collect();
    assertThat(sizes.stream().mapToInt(Integer::intValue).max().getAsInt())
        .as(balance + ": %s", sizes)
        .isLessThan(files.size() / 4);
  }

  @Test
  void anEmptyListingIsAnEmptyFolder() {
    JavaRDD<Row> none =
        JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.<Row>of(), 2);
    ListingSpill.Spilled spilled =
        ListingSpill.write(spark, none, tmp.resolve("empty").toUri().toString());

    assertThat(spilled.files()).isZero();
    assertThat(ListingSpill.read(spark, spilled, 4).count()).isZero();
  }

  @Test
  void aLineNamesSizeTimeAndTheWholeUri() {
    Row r = RowFactory.create("s3a://b/x y/2026-11-20-03:14:15/f", 12L, -3L);

    assertThat(ListingSpill.row(ListingSpill.line(r)).toString())
        .as("spaces after the second field belong to the URI")
        .isEqualTo(r.toString());
    assertThatThrownBy(() -> ListingSpill.line(RowFactory.create("file:/a\nb", 1L, 1L)))
        .isInstanceOf(IllegalStateException.class);
  }
}
