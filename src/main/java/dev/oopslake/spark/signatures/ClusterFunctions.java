package dev.oopslake.spark.signatures;

import dev.oopslake.signature.BlockComparer;
import dev.oopslake.signature.ClusterAssigner.Edge;
import dev.oopslake.signature.ClusteringParams;
import dev.oopslake.signature.CrashKind;
import dev.oopslake.signature.MinHashBander;
import dev.oopslake.signature.StackSimilarity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The per-partition steps of clustering, as small named functions over pure code. */
final class ClusterFunctions {

  private ClusterFunctions() {}

  /**
   * Every signature's stack and crash kind, indexed by an ordinal, broadcast once: band rows and
   * blocks then carry ordinals instead of frame arrays, which makes the LSH shuffle an order of
   * magnitude smaller, at a few hundred bytes per signature on the driver.
   */
  static final class StackTable implements java.io.Serializable {
    private static final long serialVersionUID = 2L;
    final String[] ids;
    final String[] classes;

    /** {@link CrashKind#key()} per signature: blocks and edges never cross two of them. */
    final String[] kinds;

    final String[][] frames;
    final boolean[] isNew;

    /**
     * From rows (signature_id, class, [title,] frames, is_new), read by field name. Without a title
     * the kind is the class alone: classes are still kept apart, report kinds within one are not.
     */
    StackTable(List<Row> rows) {
      int n = rows.size();
      ids = new String[n];
      classes = new String[n];
      kinds = new String[n];
      frames = new String[n][];
      isNew = new boolean[n];
      for (int i = 0; i < n; i++) {
        Row r = rows.get(i);
        int title = r.schema() == null ? -1 : indexOf(r, "title");
        ids[i] = r.getString(0);
        classes[i] = r.isNullAt(1) ? "" : r.getString(1);
        kinds[i] =
            CrashKind.of(classes[i], title < 0 || r.isNullAt(title) ? null : r.getString(title))
                .key();
        int f = title < 0 ? 2 : 3;
        List<String> stack = r.getList(f);
        frames[i] = stack.toArray(new String[0]);
        isNew[i] = r.getBoolean(f + 1);
      }
    }

    private static int indexOf(Row r, String field) {
      for (int i = 0; i < r.schema().fields().length; i++) {
        if (r.schema().fields()[i].name().equals(field)) {
          return i;
        }
      }
      return -1;
    }

    int size() {
      return ids.length;
    }

    /** Kind key by signature id, for {@link dev.oopslake.signature.ClusterAssigner}. */
    Map<String, String> kindOf() {
      Map<String, String> out = new java.util.HashMap<>(ids.length * 2);
      for (int i = 0; i < ids.length; i++) {
        out.put(ids[i], kinds[i]);
      }
      return out;
    }

    List<String> stack(int i) {
      return List.of(frames[i]);
    }
  }

  /**
   * The edges of every LSH block that holds a new signature, computed on the driver: the same band
   * keys, blocks and comparisons as {@link BandKeys} and {@link CompareBlocks}, without a Spark
   * job. For a table of a few thousand signatures the jobs (two broadcasts, the band rows, a
   * shuffle, the comparisons) cost a second where the work costs milliseconds.
   */
  static List<Edge> edgesOnDriver(StackTable t, ClusteringParams params) {
    MinHashBander bander = new MinHashBander(params);
    Map<Long, List<Integer>> blocks = new HashMap<>();
    // Sorted: the edges come out in one order whatever the hash map's.
    java.util.SortedSet<Long> withNew = new java.util.TreeSet<>();
    for (int i = 0; i < t.size(); i++) {
      for (long k : bander.bandKeys(t.kinds[i], t.stack(i))) {
        blocks.computeIfAbsent(k, x -> new ArrayList<>(2)).add(i);
        if (t.isNew[i]) {
          withNew.add(k);
        }
      }
    }
    StackSimilarity similarity = new StackSimilarity(params, documentFrequencies(t), t.size());
    List<Edge> edges = new ArrayList<>();
    for (long k : withNew) {
      List<Integer> members = blocks.get(k);
      if (members.size() > 1) {
        edges.addAll(compareBlock(t, members, similarity, params));
      }
    }
    return edges;
  }

  /** In how many signatures each frame appears, for frames in more than one. */
  static Map<String, Integer> documentFrequencies(StackTable t) {
    Map<String, Integer> df = new HashMap<>();
    for (String[] stack : t.frames) {
      for (String frame : new java.util.HashSet<>(java.util.Arrays.asList(stack))) {
        df.merge(frame, 1, Integer::sum);
      }
    }
    df.values().removeIf(n -> n < 2);
    return df;
  }

  /** The edges among one block's members, given by their ordinals in {@code t}. */
  static List<Edge> compareBlock(
      StackTable t, List<Integer> ordinals, StackSimilarity similarity, ClusteringParams params) {
    List<BlockComparer.Member> members = new ArrayList<>(ordinals.size());
    for (int i : ordinals) {
      members.add(new BlockComparer.Member(t.ids[i], t.isNew[i], t.stack(i), t.kinds[i]));
    }
    return BlockComparer.compare(members, similarity, params);
  }

  /** (band_key, ordinal, is_new): one row per LSH band of a signature. */
  static final StructType BAND_SCHEMA =
      new StructType()
          .add("band_key", DataTypes.LongType, false)
          .add("ordinal", DataTypes.IntegerType, false)
          .add("is_new", DataTypes.BooleanType, false);

  /** (a, b, similarity): a spanning-forest edge found inside a block. */
  static final StructType EDGE_SCHEMA =
      new StructType()
          .add("a", DataTypes.StringType, false)
          .add("b", DataTypes.StringType, false)
          .add("similarity", DataTypes.DoubleType, false);

  /** Ordinals of the stack table to one row per band key. */
  static final class BandKeys implements MapPartitionsFunction<Long, Row> {
    private static final long serialVersionUID = 1L;
    private final ClusteringParams params;
    private final Broadcast<StackTable> table;

    BandKeys(ClusteringParams params, Broadcast<StackTable> table) {
      this.params = params;
      this.table = table;
    }

    @Override
    public Iterator<Row> call(Iterator<Long> ordinals) {
      MinHashBander bander = new MinHashBander(params);
      StackTable t = table.value();
      return new MappingIterator<>(
          ordinals,
          ordinal -> {
            int i = (int) (long) ordinal;
            long[] keys = bander.bandKeys(t.kinds[i], t.stack(i));
            List<Row> out = new ArrayList<>(keys.length);
            for (long k : keys) {
              out.add(RowFactory.create(k, i, t.isNew[i]));
            }
            return out;
          });
    }
  }

  /** A block (band_key, members: array of ordinals) to its edges. */
  static final class CompareBlocks implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ClusteringParams params;
    private final Broadcast<Map<String, Integer>> documentFrequency;
    private final Broadcast<StackTable> table;
    private final long signatures;

    CompareBlocks(
        ClusteringParams params,
        Broadcast<Map<String, Integer>> documentFrequency,
        Broadcast<StackTable> table,
        long signatures) {
      this.params = params;
      this.documentFrequency = documentFrequency;
      this.table = table;
      this.signatures = signatures;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> blocks) {
      StackSimilarity similarity =
          new StackSimilarity(params, documentFrequency.value(), signatures);
      StackTable t = table.value();
      return new MappingIterator<>(
          blocks,
          block -> {
            List<Row> out = new ArrayList<>();
            for (Edge e : compareBlock(t, block.getList(1), similarity, params)) {
              out.add(RowFactory.create(e.a(), e.b(), e.similarity()));
            }
            return out;
          });
    }
  }

  /** Flattens a per-input list of outputs lazily, so a partition is never held in memory. */
  static final class MappingIterator<T> implements Iterator<Row> {
    private final Iterator<T> in;
    private final java.util.function.Function<T, List<Row>> fn;
    private Iterator<Row> current = java.util.Collections.emptyIterator();

    MappingIterator(Iterator<T> in, java.util.function.Function<T, List<Row>> fn) {
      this.in = in;
      this.fn = fn;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && in.hasNext()) {
        current = fn.apply(in.next()).iterator();
      }
      return current.hasNext();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      return current.next();
    }
  }
}
