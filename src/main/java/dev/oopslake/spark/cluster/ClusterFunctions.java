package dev.oopslake.spark.cluster;

import dev.oopslake.signature.BlockComparer;
import dev.oopslake.signature.ClusterAssigner.Edge;
import dev.oopslake.signature.ClusteringParams;
import dev.oopslake.signature.MinHashBander;
import dev.oopslake.signature.StackSimilarity;
import java.util.ArrayList;
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

  /** (band_key, signature_id, is_new, frames): one row per LSH band of a signature. */
  static final StructType BAND_SCHEMA =
      new StructType()
          .add("band_key", DataTypes.LongType, false)
          .add("signature_id", DataTypes.StringType, false)
          .add("is_new", DataTypes.BooleanType, false)
          .add("frames", DataTypes.createArrayType(DataTypes.StringType, false), false);

  /** (a, b, similarity): a spanning-forest edge found inside a block. */
  static final StructType EDGE_SCHEMA =
      new StructType()
          .add("a", DataTypes.StringType, false)
          .add("b", DataTypes.StringType, false)
          .add("similarity", DataTypes.DoubleType, false);

  /** Input (signature_id, class, frames, is_new) to one row per band key. */
  static final class BandKeys implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ClusteringParams params;

    BandKeys(ClusteringParams params) {
      this.params = params;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      MinHashBander bander = new MinHashBander(params);
      return new MappingIterator<>(
          rows,
          row -> {
            String id = row.getString(0);
            String crashClass = row.getString(1);
            List<String> frames = row.getList(2);
            boolean isNew = row.getBoolean(3);
            long[] keys = bander.bandKeys(crashClass, frames);
            List<Row> out = new ArrayList<>(keys.length);
            Object framesValue = row.get(2);
            for (long k : keys) {
              out.add(RowFactory.create(k, id, isNew, framesValue));
            }
            return out;
          });
    }
  }

  /** A block (band_key, members: array of struct(signature_id, is_new, frames)) to its edges. */
  static final class CompareBlocks implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ClusteringParams params;
    private final Broadcast<Map<String, Integer>> documentFrequency;
    private final long signatures;

    CompareBlocks(
        ClusteringParams params,
        Broadcast<Map<String, Integer>> documentFrequency,
        long signatures) {
      this.params = params;
      this.documentFrequency = documentFrequency;
      this.signatures = signatures;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> blocks) {
      StackSimilarity similarity =
          new StackSimilarity(params, documentFrequency.value(), signatures);
      return new MappingIterator<>(
          blocks,
          block -> {
            List<Row> structs = block.getList(1);
            List<BlockComparer.Member> members = new ArrayList<>(structs.size());
            for (Row m : structs) {
              members.add(new BlockComparer.Member(m.getString(0), m.getBoolean(1), m.getList(2)));
            }
            List<Row> out = new ArrayList<>();
            for (Edge e : BlockComparer.compare(members, similarity, params)) {
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
