package dev.oopslake.spark.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oopslake.spark.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest's RDD operations without Spark's lambda wrappers give what the wrappers gave. */
class PartitionJobsTest {
  @TempDir static Path tmp;
  static SparkSession spark;
  static JavaSparkContext jsc;

  @BeforeAll
  static void session() {
    spark = SharedSpark.get();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  private static JavaRDD<Integer> numbers(int n, int partitions) {
    return jsc.parallelize(IntStream.range(0, n).boxed().toList(), partitions);
  }

  @Test
  void runGivesOneResultPerPartitionInPartitionOrder() {
    List<String> results =
        PartitionJobs.run(
            numbers(100, 5),
            (partition, rows) -> {
              int count = 0, sum = 0;
              while (rows.hasNext()) {
                sum += rows.next();
                count++;
              }
              return partition + ":" + count + ":" + sum;
            });

    // parallelize slices 0..99 into five runs of twenty.
    assertThat(results)
        .containsExactly("0:20:190", "1:20:590", "2:20:990", "3:20:1390", "4:20:1790");
    assertThat(results)
        .as("the same as mapPartitionsWithIndex + collect")
        .isEqualTo(
            numbers(100, 5)
                .mapPartitionsWithIndex(
                    (p, rows) -> {
                      int count = 0, sum = 0;
                      while (rows.hasNext()) {
                        sum += rows.next();
                        count++;
                      }
                      return List.of(p + ":" + count + ":" + sum).iterator();
                    },
                    false)
                .collect());
  }

  @Test
  void aTasksCheckedExceptionFailsTheJobWithItsMessage() {
    assertThatThrownBy(
            () ->
                PartitionJobs.run(
                    numbers(10, 2),
                    (partition, rows) -> {
                      throw new IOException("disk gone in partition " + partition);
                    }))
        .isInstanceOf(SparkException.class)
        .hasMessageContaining("disk gone in partition");
  }

  @Test
  void flatMapAndMapKeepPartitionsAndOrder() {
    JavaRDD<Integer> in = numbers(30, 3);
    JavaRDD<Integer> twice =
        PartitionJobs.flatMap(
            in, i -> i % 3 == 0 ? List.<Integer>of().iterator() : List.of(i, i).iterator());
    JavaRDD<String> shown = PartitionJobs.map(twice, i -> "#" + i);

    assertThat(shown.getNumPartitions()).isEqualTo(3);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      if (i % 3 != 0) {
        expected.add("#" + i);
        expected.add("#" + i);
      }
    }
    assertThat(shown.collect()).isEqualTo(expected);
    assertThat(PartitionJobs.map(in, i -> i == 7 ? null : i).collect())
        .as("a null result is an element, as with JavaRDD.map")
        .hasSize(30)
        .containsNull();
    assertThat(PartitionJobs.run(shown, (p, rows) -> count(rows)))
        .as("each partition keeps its own elements")
        .containsExactly(12L, 14L, 14L);
  }

  @Test
  void textLinesReadsEveryLineOfAFolderOnceInAsManySplitsAsAsked() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("lines"));
    List<String> expected = new ArrayList<>();
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      String line = "12345 1700000000000 file:/a/10.0.0.1-2026-11-20-03:14:15/f" + i;
      big.append(line).append('\n');
      expected.add(line);
    }
    Files.writeString(dir.resolve("part-0.txt"), big.toString(), StandardCharsets.UTF_8);
    // Windows line ends and no final newline: each line still comes back as it was.
    Files.writeString(dir.resolve("part-1.txt"), "crlf ü\r\nlast", StandardCharsets.UTF_8);
    expected.add("crlf ü");
    expected.add("last");

    JavaRDD<String> lines =
        PartitionJobs.textLines(spark.sparkContext(), dir.toUri().toString(), 4);

    assertThat(lines.getNumPartitions()).isGreaterThanOrEqualTo(4);
    assertThat(lines.collect()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(lines.collect())
        .as("the same lines textFile gives")
        .containsExactlyInAnyOrderElementsOf(jsc.textFile(dir.toUri().toString(), 4).collect());
  }

  private static long count(Iterator<?> rows) {
    long n = 0;
    while (rows.hasNext()) {
      rows.next();
      n++;
    }
    return n;
  }
}
