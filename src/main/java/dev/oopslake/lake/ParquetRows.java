package dev.oopslake.lake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes {@link Row}s of the lake's flat schemas (strings, numbers, booleans, timestamps, string
 * arrays) straight to a Parquet file from inside a task, as Iceberg's writers do. The ingest task
 * that parsed a file writes its {@code files} row and its {@code crashes} rows at once; Spark's own
 * file writer takes one Dataset per output, which cost this job a staged copy of every row and a
 * second pass over it. The files read back in Spark exactly as if Spark had written them: standard
 * 3-level lists, {@code TIMESTAMP(MICROS)}, and Spark's schema in the footer.
 */
public final class ParquetRows {
  private ParquetRows() {}

  /** The footer key Spark reads its own schema from (nullability, exact types). */
  static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

  /** The Parquet schema Spark would write for {@code schema} (non-legacy format). */
  public static MessageType messageType(StructType schema) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (StructField f : schema.fields()) {
      Type column = type(f.name(), f.dataType(), f.nullable(), id(f, ELEMENT_ID_KEY));
      message.addField(withId(column, id(f, FIELD_ID_KEY)));
    }
    return message.named("spark_schema");
  }

  /**
   * Field metadata holding the Parquet field id of a column: Iceberg reads data files by these ids,
   * not by names, so a renamed column still finds its data. Spark's own writer honours the same
   * key.
   */
  public static final String FIELD_ID_KEY = "parquet.field.id";

  /** Field metadata holding the id of a list column's element (Iceberg numbers those too). */
  public static final String ELEMENT_ID_KEY = "oopslake.element.id";

  private static Integer id(StructField f, String key) {
    return f.metadata().contains(key) ? (int) f.metadata().getLong(key) : null;
  }

  private static Type withId(Type t, Integer id) {
    return id == null ? t : t.withId(id);
  }

  private static Type type(String name, DataType t, boolean nullable, Integer elementId) {
    Type.Repetition rep = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    if (t.equals(DataTypes.StringType)) {
      return Types.primitive(PrimitiveTypeName.BINARY, rep)
          .as(LogicalTypeAnnotation.stringType())
          .named(name);
    } else if (t.equals(DataTypes.LongType)) {
      return Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
    } else if (t.equals(DataTypes.IntegerType)) {
      return Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
    } else if (t.equals(DataTypes.BooleanType)) {
      return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
    } else if (t.equals(DataTypes.DoubleType)) {
      return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
    } else if (t.equals(DataTypes.DateType)) {
      return Types.primitive(PrimitiveTypeName.INT32, rep)
          .as(LogicalTypeAnnotation.dateType())
          .named(name);
    } else if (t.equals(DataTypes.TimestampType)) {
      return Types.primitive(PrimitiveTypeName.INT64, rep)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
          .named(name);
    } else if (t instanceof ArrayType a && !(a.elementType() instanceof ArrayType)) {
      return Types.buildGroup(rep)
          .as(LogicalTypeAnnotation.listType())
          .addField(
              Types.repeatedGroup()
                  .addField(
                      withId(type("element", a.elementType(), a.containsNull(), null), elementId))
                  .named("list"))
          .named(name);
    }
    throw new IllegalArgumentException("no Parquet mapping for column " + name + " of type " + t);
  }

  /**
   * Opens a writer of {@code written}'s columns, each taken by name from rows of {@code source} (so
   * a row may carry more than the file stores, such as the run id its folder already names).
   * Columns in {@code unique} (values that rarely repeat) are written without a dictionary.
   */
  public static ParquetWriter<Row> open(
      Path path,
      Configuration conf,
      StructType source,
      StructType written,
      CompressionCodecName codec,
      String sparkVersion,
      Collection<String> unique)
      throws IOException {
    Builder b =
        new Builder(outputFile(path, conf), source, written, sparkVersion)
            .withConf(conf)
            .withCompressionCodec(codec);
    for (String column : unique) {
      // A dictionary of values that never repeat saves nothing, and each lookup compares the
      // whole value against a neighbour that shares its long prefix (paths).
      b = b.withDictionaryEncoding(column, false);
    }
    return b
        // A retried task attempt writes its own file name; never silently append to another's.
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .build();
  }

  /**
   * Local files through java.nio: Hadoop's local file system checksums every 512 bytes into a .crc
   * sidecar no reader needs, and its checksum writer costs JIT compilation on every short run
   * (docs/benchmarks.md).
   */
  private static OutputFile outputFile(Path path, Configuration conf) throws IOException {
    if ("file".equals(path.toUri().getScheme())) {
      java.nio.file.Path local = java.nio.file.Path.of(path.toUri());
      java.nio.file.Files.createDirectories(local.getParent());
      return new LocalOutputFile(local);
    }
    return HadoopOutputFile.fromPath(path, conf);
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final StructType source;
    private final StructType written;
    private final String sparkVersion;

    Builder(OutputFile file, StructType source, StructType written, String sparkVersion) {
      super(file);
      this.source = source;
      this.written = written;
      this.sparkVersion = sparkVersion;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return new RowWriteSupport(source, written, sparkVersion);
    }
  }

  /** Writes one column value; chosen once per column, not per row. */
  private interface ValueWriter {
    void write(RecordConsumer out, Object value);
  }

  static final class RowWriteSupport extends WriteSupport<Row> {
    private final MessageType message;
    private final Map<String, String> footer = new HashMap<>();
    private final String[] names;
    private final int[] sourceIndex;
    private final boolean[] required;
    private final ValueWriter[] writers;
    private RecordConsumer out;

    RowWriteSupport(StructType source, StructType written, String sparkVersion) {
      this.message = messageType(written);
      footer.put(SPARK_SCHEMA_KEY, written.json());
      footer.put("org.apache.spark.version", sparkVersion);
      StructField[] fields = written.fields();
      names = new String[fields.length];
      sourceIndex = new int[fields.length];
      required = new boolean[fields.length];
      writers = new ValueWriter[fields.length];
      for (int i = 0; i < fields.length; i++) {
        names[i] = fields[i].name();
        sourceIndex[i] = source.fieldIndex(fields[i].name());
        required[i] = !fields[i].nullable();
        writers[i] = writer(fields[i].dataType());
      }
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(message, footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Row row) {
      out.startMessage();
      for (int i = 0; i < names.length; i++) {
        Object v = row.get(sourceIndex[i]);
        if (v == null) {
          if (required[i]) {
            throw new IllegalArgumentException("column " + names[i] + " is required, got null");
          }
          continue;
        }
        out.startField(names[i], i);
        writers[i].write(out, v);
        out.endField(names[i], i);
      }
      out.endMessage();
    }

    private static ValueWriter writer(DataType t) {
      if (t.equals(DataTypes.StringType)) {
        // Bytes through String's intrinsic encoder; Binary.fromString goes through a
        // CharsetEncoder and leaves a ByteBuffer whose byte-wise equals the dictionary calls often.
        return (out, v) ->
            out.addBinary(
                Binary.fromConstantByteArray(((String) v).getBytes(StandardCharsets.UTF_8)));
      } else if (t.equals(DataTypes.LongType)) {
        return (out, v) -> out.addLong(((Number) v).longValue());
      } else if (t.equals(DataTypes.IntegerType)) {
        return (out, v) -> out.addInteger(((Number) v).intValue());
      } else if (t.equals(DataTypes.BooleanType)) {
        return (out, v) -> out.addBoolean((Boolean) v);
      } else if (t.equals(DataTypes.DoubleType)) {
        return (out, v) -> out.addDouble(((Number) v).doubleValue());
      } else if (t.equals(DataTypes.DateType)) {
        // Days since the epoch, as Spark converts a java.sql.Date (through its local date).
        return (out, v) -> out.addInteger(Math.toIntExact(((Date) v).toLocalDate().toEpochDay()));
      } else if (t.equals(DataTypes.TimestampType)) {
        return (out, v) -> out.addLong(micros((Timestamp) v));
      } else if (t instanceof ArrayType a) {
        ValueWriter element = writer(a.elementType());
        return (out, v) -> writeList(out, v, element);
      }
      throw new IllegalArgumentException("no Parquet mapping for " + t);
    }

    private static void writeList(RecordConsumer out, Object value, ValueWriter element) {
      // Rows built by the parser carry lists or arrays; rows read back from a table (a rewrite that
      // keeps a data file's other rows) carry Scala sequences.
      Object[] items =
          value instanceof List<?> l
              ? l.toArray()
              : value instanceof scala.collection.Seq<?> seq
                  ? scala.jdk.javaapi.CollectionConverters.asJava(seq).toArray()
                  : (Object[]) value;
      out.startGroup();
      if (items.length > 0) {
        out.startField("list", 0);
        for (Object item : items) {
          out.startGroup();
          if (item != null) {
            out.startField("element", 0);
            element.write(out, item);
            out.endField("element", 0);
          }
          out.endGroup();
        }
        out.endField("list", 0);
      }
      out.endGroup();
    }
  }

  /** Microseconds since the epoch, as Spark converts a {@link Timestamp} (through its instant). */
  static long micros(Timestamp t) {
    Instant i = t.toInstant();
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
  }
}
