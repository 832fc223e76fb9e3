package dev.oopslake.spark.support;

import static org.apache.spark.sql.functions.col;

import dev.oopslake.signature.CrashFacts;
import dev.oopslake.signature.CrashStates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts crash rows into their {@link CrashStates}: in Spark tasks, a partition each, merged on the
 * driver (a full run), or on the driver from rows it read (a night's few new crashes). One pass
 * over the crashes gives the signatures, the kernel/module ranking and the morning cells.
 */
public final class CrashCounts {
  private CrashCounts() {}

  /** The {@code crashes} columns a count reads, in {@link #facts}' order. */
  public static final List<String> COLUMNS =
      List.of(
          "file",
          "host",
          "crash_time",
          "class",
          "title",
          "kernel_release",
          "distro",
          "arch",
          "rt",
          "taint",
          "guilty_module",
          "hardware",
          "frames",
          "modules",
          "diagnoses",
          "signature_id",
          "signature_frames",
          "primary");

  /** The states of the primary crashes among {@code crashes}, counted in Spark. */
  public static CrashStates count(Dataset<Row> crashes) {
    List<byte[]> parts =
        crashes
            .select(columns(crashes))
            .filter(col("primary"))
            .javaRDD()
            .mapPartitions(new CountPartition())
            .collect();
    List<CrashStates> states = new ArrayList<>(parts.size());
    for (byte[] part : parts) {
      states.add(read(part));
    }
    return CrashStates.mergeAll(states);
  }

  /**
   * {@link #COLUMNS} of {@code crashes}; one it lacks (a hand-made frame of a few columns) is null,
   * which every count reads as unknown.
   */
  private static Column[] columns(Dataset<Row> crashes) {
    List<String> present = List.of(crashes.columns());
    return COLUMNS.stream()
        .map(
            c ->
                present.contains(c)
                    ? col(c)
                    : org.apache
                        .spark
                        .sql
                        .functions
                        .lit(null)
                        .cast(
                            List.of("frames", "modules", "diagnoses", "signature_frames")
                                    .contains(c)
                                ? "array<string>"
                                : c.equals("rt") ? "boolean" : "string")
                        .as(c))
        .toArray(Column[]::new);
  }

  /** The states of the primary crashes among {@code rows} ({@link #COLUMNS}), on the driver. */
  public static CrashStates count(List<Row> rows) {
    List<CrashFacts> facts = new ArrayList<>(rows.size());
    for (Row r : rows) {
      if (r.getBoolean(17)) {
        facts.add(facts(r));
      }
    }
    return CrashStates.of(facts);
  }

  /** A row of {@link #COLUMNS} as the facts a count reads. */
  static CrashFacts facts(Row r) {
    return new CrashFacts(
        r.getString(0),
        r.getString(1),
        r.isNullAt(2) ? null : r.getTimestamp(2).toInstant(),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        r.getString(7),
        r.isNullAt(8) ? null : r.getBoolean(8),
        r.getString(9),
        r.getString(10),
        r.getString(11),
        strings(r, 12),
        strings(r, 13),
        strings(r, 14),
        r.getString(15),
        strings(r, 16));
  }

  private static List<String> strings(Row r, int i) {
    return r.isNullAt(i) ? List.of() : new ArrayList<>(r.<String>getList(i));
  }

  /**
   * One partition's states, as Java-serialized bytes: the records and their immutable collections
   * are Java-serializable, and a task result of bytes needs nothing from the configured serializer.
   */
  static final class CountPartition implements FlatMapFunction<Iterator<Row>, byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<byte[]> call(Iterator<Row> rows) throws IOException {
      List<CrashFacts> facts = new ArrayList<>();
      rows.forEachRemaining(r -> facts.add(facts(r)));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(CrashStates.of(facts));
      }
      return List.of(bytes.toByteArray()).iterator();
    }
  }

  private static CrashStates read(byte[] part) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(part))) {
      return (CrashStates) in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
