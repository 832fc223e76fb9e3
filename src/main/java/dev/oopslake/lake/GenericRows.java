package dev.oopslake.lake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.Row;

/**
 * Rows the driver holds, written into one data file of an unpartitioned table by Iceberg's own
 * generic writer (every type the lake uses: maps, structs, binaries, nested lists), ready to
 * commit. The derived tables are computed on the driver on a normal night; a Spark write of a few
 * thousand rows would cost its planning, code generation and a job.
 */
final class GenericRows {
  private GenericRows() {}

  /** {@code rows} (Spark's external types, in the table's column order) as one data file. */
  static DataFile write(Table table, List<Row> rows) throws IOException {
    Schema schema = table.schema();
    GenericFileWriterFactory factory =
        new GenericFileWriterFactory.Builder(table)
            .dataFileFormat(FileFormat.PARQUET)
            .dataSchema(schema)
            .build();
    EncryptedOutputFile out =
        OutputFileFactory.builderFor(table, 0, System.nanoTime())
            .format(FileFormat.PARQUET)
            .operationId("driver-" + java.util.UUID.randomUUID())
            .build()
            .newOutputFile();
    DataWriter<Record> writer = factory.newDataWriter(out, table.spec(), null);
    boolean done = false;
    try {
      for (Row r : rows) {
        writer.write(record(schema.asStruct(), r));
      }
      writer.close();
      done = true;
      return writer.toDataFile();
    } finally {
      if (!done) {
        try {
          writer.close();
        } catch (IOException | RuntimeException ignored) {
          // The first failure is the one to report; the file is deleted below.
        }
        table.io().deleteFile(out.encryptingOutputFile().location());
      }
    }
  }

  /** A row as a record of {@code struct}, field by position. */
  static Record record(Types.StructType struct, Row row) {
    GenericRecord rec = GenericRecord.create(struct);
    List<Types.NestedField> fields = struct.fields();
    if (row.size() != fields.size()) {
      throw new IllegalArgumentException(
          "a row of " + row.size() + " values for " + fields.size() + " columns " + struct);
    }
    for (int i = 0; i < fields.size(); i++) {
      rec.set(i, value(fields.get(i).type(), row.get(i)));
    }
    return rec;
  }

  /** Spark's external value as Iceberg's generic one. */
  private static Object value(Type type, Object v) {
    if (v == null) {
      return null;
    }
    return switch (type.typeId()) {
      case LONG -> ((Number) v).longValue();
      case INTEGER -> ((Number) v).intValue();
      case DOUBLE -> ((Number) v).doubleValue();
      case DATE -> v instanceof Date d ? d.toLocalDate() : (LocalDate) v;
      case TIMESTAMP -> {
        Instant t = v instanceof Timestamp ts ? ts.toInstant() : (Instant) v;
        yield ((Types.TimestampType) type).shouldAdjustToUTC()
            ? t.atOffset(ZoneOffset.UTC)
            : t.atOffset(ZoneOffset.UTC).toLocalDateTime();
      }
      case BINARY -> ByteBuffer.wrap((byte[]) v);
      case LIST -> {
        Type element = type.asListType().elementType();
        List<Object> out = new ArrayList<>();
        for (Object item : items(v)) {
          out.add(value(element, item));
        }
        yield out;
      }
      case MAP -> {
        Types.MapType m = type.asMapType();
        Map<?, ?> in =
            v instanceof Map<?, ?> jm
                ? jm
                : scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Map<?, ?>) v);
        Map<Object, Object> out = new LinkedHashMap<>();
        in.forEach((k, x) -> out.put(value(m.keyType(), k), value(m.valueType(), x)));
        yield out;
      }
      case STRUCT -> record(type.asStructType(), (Row) v);
      default -> v;
    };
  }

  private static Iterable<?> items(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return scala.jdk.javaapi.CollectionConverters.asJava(seq);
    }
    return java.util.Arrays.asList((Object[]) v);
  }

  /**
   * The rows of {@code columns} of {@code table} at {@code snapshotId} that match {@code filter}
   * (data files pruned by their column metrics, the rest row by row), read on the driver by
   * Iceberg's generic reader (no Spark job), as Spark rows of those columns in that order, with
   * Spark's external types (timestamps, dates, Scala sequences and maps): what a Spark {@code
   * collectAsList} of the same select gives.
   */
  static List<Row> read(
      Table table,
      long snapshotId,
      List<String> columns,
      org.apache.iceberg.expressions.Expression filter)
      throws IOException {
    Schema projected = table.schema().select(columns);
    org.apache.spark.sql.types.StructType spark =
        org.apache.iceberg.spark.SparkSchemaUtil.convert(projected);
    org.apache.spark.sql.types.StructType ordered = new org.apache.spark.sql.types.StructType();
    for (String c : columns) {
      ordered = ordered.add(spark.apply(c));
    }
    List<Row> out = new ArrayList<>();
    try (org.apache.iceberg.io.CloseableIterable<Record> records =
        org.apache.iceberg.data.IcebergGenerics.read(table)
            .useSnapshot(snapshotId)
            .where(filter)
            .select(columns)
            .build()) {
      for (Record r : records) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
          String c = columns.get(i);
          values[i] = external(projected.findType(c), r.getField(c));
        }
        out.add(
            new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(values, ordered));
      }
    }
    return out;
  }

  /** Iceberg's generic value as Spark's external one. */
  private static Object external(Type type, Object v) {
    if (v == null) {
      return null;
    }
    return switch (type.typeId()) {
      case DATE -> Date.valueOf((LocalDate) v);
      case TIMESTAMP ->
          Timestamp.from(
              v instanceof java.time.OffsetDateTime o
                  ? o.toInstant()
                  : ((java.time.LocalDateTime) v).toInstant(ZoneOffset.UTC));
      case BINARY -> {
        ByteBuffer b = ((ByteBuffer) v).duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        yield bytes;
      }
      case LIST -> {
        Type element = type.asListType().elementType();
        List<Object> items = new ArrayList<>();
        for (Object item : (List<?>) v) {
          items.add(external(element, item));
        }
        yield scala.jdk.javaapi.CollectionConverters.asScala(items).toSeq();
      }
      case MAP -> {
        Types.MapType m = type.asMapType();
        Map<Object, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) v)
            .forEach((k, x) -> out.put(external(m.keyType(), k), external(m.valueType(), x)));
        yield scala.collection.immutable.Map.from(
            scala.jdk.javaapi.CollectionConverters.asScala(out));
      }
      case STRUCT -> {
        Types.StructType st = type.asStructType();
        Record rec = (Record) v;
        Object[] values = new Object[st.fields().size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = external(st.fields().get(i).type(), rec.get(i));
        }
        yield new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(
            values,
            (org.apache.spark.sql.types.StructType)
                org.apache.iceberg.spark.SparkSchemaUtil.convert(st));
      }
      default -> v;
    };
  }
}
