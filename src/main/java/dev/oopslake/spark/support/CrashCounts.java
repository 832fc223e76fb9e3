package dev.oopslake.spark.support;

import static org.apache.spark.sql.functions.col;

import dev.oopslake.lake.LakeTables;
import dev.oopslake.signature.CrashFacts;
import dev.oopslake.signature.CrashStates;
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
    return facts(r, IN_ORDER);
  }

  /**
   * A row of {@link LakeTables#CRASH} (as an ingest task writes it) as the facts a count reads, or
   * null for a report that is not its file's primary one.
   */
  public static CrashFacts factsOfPrimary(Row crashRow) {
    return crashRow.getBoolean(IN_CRASH[17]) ? facts(crashRow, IN_CRASH) : null;
  }

  private static final int[] IN_ORDER = java.util.stream.IntStream.range(0, 18).toArray();

  /** Where each of {@link #COLUMNS} sits in a {@link LakeTables#CRASH} row. */
  private static final int[] IN_CRASH =
      COLUMNS.stream().mapToInt(LakeTables.CRASH::fieldIndex).toArray();

  private static CrashFacts facts(Row r, int[] at) {
    return new CrashFacts(
        (String) r.get(at[0]),
        (String) r.get(at[1]),
        r.isNullAt(at[2]) ? null : ((java.sql.Timestamp) r.get(at[2])).toInstant(),
        (String) r.get(at[3]),
        (String) r.get(at[4]),
        (String) r.get(at[5]),
        (String) r.get(at[6]),
        (String) r.get(at[7]),
        (Boolean) r.get(at[8]),
        (String) r.get(at[9]),
        (String) r.get(at[10]),
        (String) r.get(at[11]),
        strings(r.get(at[12])),
        strings(r.get(at[13])),
        strings(r.get(at[14])),
        (String) r.get(at[15]),
        strings(r.get(at[16])));
  }

  /**
   * A list column as Java strings: rows read by Spark hold Scala sequences, the parser's arrays.
   */
  @SuppressWarnings("unchecked")
  private static List<String> strings(Object v) {
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      return new ArrayList<>((List<String>) l);
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return new ArrayList<>((List<String>) scala.jdk.javaapi.CollectionConverters.asJava(seq));
    }
    List<String> out = new ArrayList<>();
    for (Object o : (Object[]) v) {
      out.add((String) o);
    }
    return out;
  }

  /** One partition's states, as bytes ({@link TaskBytes}). */
  static final class CountPartition implements FlatMapFunction<Iterator<Row>, byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<byte[]> call(Iterator<Row> rows) {
      List<CrashFacts> facts = new ArrayList<>();
      rows.forEachRemaining(r -> facts.add(facts(r)));
      return List.of(TaskBytes.of(CrashStates.of(facts))).iterator();
    }
  }

  private static CrashStates read(byte[] part) {
    return TaskBytes.read(part, CrashStates.class);
  }
}
