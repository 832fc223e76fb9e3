package dev.oopslake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oopslake.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows written by the ingest tasks' own Parquet writer read back in Spark as Spark wrote them. */
class ParquetRowsTest {
  @TempDir static Path tmp;
  static SparkSession spark;

  static final StructType SOURCE =
      new StructType()
          .add("name", DataTypes.StringType, false)
          .add("dropped", DataTypes.StringType, true)
          .add("size", DataTypes.LongType, false)
          .add("count", DataTypes.IntegerType, true)
          .add("flag", DataTypes.BooleanType, true)
          .add("at", DataTypes.TimestampType, true)
          .add("items", DataTypes.createArrayType(DataTypes.StringType, false), true)
          .add("day", DataTypes.DateType, true)
          .add("ratio", DataTypes.DoubleType, true);

  /** Every column but one the source rows carry and the file does not store. */
  static final StructType WRITTEN =
      new StructType(
          java.util.Arrays.stream(SOURCE.fields())
              .filter(f -> !f.name().equals("dropped"))
              .toArray(org.apache.spark.sql.types.StructField[]::new));

  @BeforeAll
  static void session() {
    spark = SharedSpark.get();
  }

  private static ParquetWriter<Row> open(org.apache.hadoop.fs.Path file, List<String> unique)
      throws IOException {
    return ParquetRows.open(
        file, new Configuration(), SOURCE, WRITTEN, CompressionCodecName.SNAPPY, "4.1.0", unique);
  }

  private static String write(String name, Row... rows) throws IOException {
    org.apache.hadoop.fs.Path file =
        new org.apache.hadoop.fs.Path(tmp.resolve(name).resolve("part-0.parquet").toUri());
    try (ParquetWriter<Row> w = open(file, List.of("name"))) {
      for (Row r : rows) {
        w.write(r);
      }
    }
    return file.getParent().toString();
  }

  @Test
  void valuesNullsAndListsReadBackUnchanged() throws IOException {
    Timestamp at = Timestamp.valueOf("2026-11-20 03:14:15.123456");
    String dir =
        write(
            "values",
            RowFactory.create(
                "10.1.2.3-2026-11-20-03:14:15 ünïcode",
                "x",
                5L,
                7,
                true,
                at,
                new String[] {"a", "b"},
                java.sql.Date.valueOf("1969-12-31"),
                0.125),
            RowFactory.create("second", null, 0L, null, null, null, new String[0], null, null),
            RowFactory.create(
                "third",
                null,
                Long.MAX_VALUE,
                -1,
                false,
                null,
                null,
                java.sql.Date.valueOf("2026-11-20"),
                Double.NaN));

    List<Row> back = spark.read().parquet(dir).orderBy("size").collectAsList();

    assertThat(spark.read().parquet(dir).schema().fieldNames())
        .as("the written columns, in order; the dropped one is not stored")
        .containsExactly("name", "size", "count", "flag", "at", "items", "day", "ratio");
    assertThat(back).hasSize(3);
    Row first = back.get(1);
    assertThat(first.getString(0)).isEqualTo("10.1.2.3-2026-11-20-03:14:15 ünïcode");
    assertThat(first.getInt(2)).isEqualTo(7);
    assertThat(first.getBoolean(3)).isTrue();
    assertThat(first.getTimestamp(4)).as("microseconds kept").isEqualTo(at);
    assertThat(first.<String>getList(5)).containsExactly("a", "b");
    assertThat(first.getDate(6)).as("a day before the epoch").hasToString("1969-12-31");
    assertThat(first.getDouble(7)).isEqualTo(0.125);
    Row second = back.get(0);
    assertThat(second.isNullAt(2) && second.isNullAt(3) && second.isNullAt(4))
        .as("nulls stay null")
        .isTrue();
    assertThat(second.<String>getList(5)).as("an empty list is not a null one").isEmpty();
    Row third = back.get(2);
    assertThat(third.getLong(1)).isEqualTo(Long.MAX_VALUE);
    assertThat(third.isNullAt(5)).as("a null list stays null").isTrue();
    assertThat(third.getDate(6)).hasToString("2026-11-20");
    assertThat(third.getDouble(7)).isNaN();
    assertThat(second.isNullAt(6) && second.isNullAt(7)).as("null day and number").isTrue();
  }

  @Test
  void sparkSeesTheSchemaItWouldHaveWritten() throws IOException {
    Row row =
        RowFactory.create(
            "a", null, 1L, 1, true, null, new String[0], java.sql.Date.valueOf("2026-01-02"), 1.5);
    String ours = write("schema", row);
    String sparks = tmp.resolve("schema-spark").toUri().toString();
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(
                    "a",
                    1L,
                    1,
                    true,
                    null,
                    new String[0],
                    java.sql.Date.valueOf("2026-01-02"),
                    1.5)),
            WRITTEN)
        .write()
        .parquet(sparks);

    assertThat(spark.read().parquet(ours).schema())
        .as("read back exactly as a file Spark itself wrote")
        .isEqualTo(spark.read().parquet(sparks).schema());
    assertThat(ParquetRows.messageType(WRITTEN).toString())
        .as("standard 3-level list and microsecond timestamps")
        .contains("repeated group list")
        .contains("required binary element (STRING)")
        .contains("TIMESTAMP(MICROS,true)")
        .contains("optional int32 day (DATE)")
        .contains("optional double ratio");
  }

  @Test
  void aNullInARequiredColumnIsAnErrorNotAMissingValue() {
    assertThatThrownBy(
            () ->
                write(
                    "required",
                    RowFactory.create(null, null, 1L, null, null, null, null, null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }

  @Test
  void anUnsupportedColumnTypeIsRefusedUpFront() {
    StructType odd =
        new StructType()
            .add("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
    assertThatThrownBy(() -> ParquetRows.messageType(odd))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column m");
  }

  @Test
  void aLocalPartIsWrittenAloneIntoAFolderItCreatesAndNeverOverwritten() throws IOException {
    // The folder name has kdump's colons, and does not exist yet.
    java.nio.file.Path folder = tmp.resolve("local").resolve("10.0.0.1-2026-11-20-03:14:15");
    org.apache.hadoop.fs.Path part =
        new org.apache.hadoop.fs.Path(folder.resolve("part-0.parquet").toUri());
    ParquetWriter<Row> w = open(part, List.of());
    w.write(RowFactory.create("a", null, 1L, 2, true, null, null, null, null));
    w.close();

    try (var files = java.nio.file.Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("no checksum sidecar beside the part")
          .containsExactly("part-0.parquet");
    }
    assertThat(spark.read().parquet(folder.toUri().toString()).count()).isEqualTo(1);
    assertThatThrownBy(() -> open(part, List.of()))
        .as("a retried attempt writes its own name; an existing part is never replaced")
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
  }
}
