package dev.oopslake.spark.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.signature.ClusterAssigner.Edge;
import dev.oopslake.signature.ClusteringParams;
import dev.oopslake.spark.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The LSH blocks and comparisons give the same edges on the driver (small tables) as in Spark tasks
 * (large ones): the same bands, blocks, document frequencies and comparisons.
 */
class LshPathsTest {

  /** Rows as the stage collects them: (signature_id, class, title, frames, is_new). */
  private static final StructType NODES = StackTableTest.WITH_TITLE;

  /**
   * Bug families whose stacks vary as one bug's do (a frame dropped, one inlined, a different entry
   * path), shared plumbing frames, two crash classes, about one signature in ten new.
   */
  private static ClusterFunctions.StackTable families(int families, int perFamily, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    String[] entries = {"do_syscall_64", "entry_SYSCALL_64", "el0_svc", "irq_exit_rcu"};
    for (int f = 0; f < families; f++) {
      String crashClass = f % 3 == 0 ? "warning" : "kasan-use-after-free";
      List<String> base = new ArrayList<>();
      for (int d = 0; d < 4 + random.nextInt(6); d++) {
        base.add("fam" + f + "_fn" + d + (d == 0 ? " [mod" + (f % 7) + "]" : ""));
      }
      for (int v = 0; v < perFamily; v++) {
        List<String> stack = new ArrayList<>(base);
        if (random.nextInt(3) == 0 && stack.size() > 3) {
          stack.remove(1 + random.nextInt(stack.size() - 2));
        }
        if (random.nextBoolean()) {
          stack.add(1, "inlined_" + random.nextInt(5));
        }
        stack.add("kfree");
        stack.add(entries[random.nextInt(entries.length)]);
        String title =
            (crashClass.equals("warning") ? "WARNING in " : "KASAN: use-after-free Read in ")
                + stack.get(0);
        rows.add(
            new GenericRowWithSchema(
                new Object[] {
                  "sig-" + f + "-" + v,
                  crashClass,
                  title,
                  CollectionConverters.asScala(stack).toSeq(),
                  random.nextInt(10) == 0
                },
                NODES));
      }
    }
    return new ClusterFunctions.StackTable(rows);
  }

  private static TreeSet<String> asSet(List<Edge> edges) {
    TreeSet<String> out = new TreeSet<>();
    for (Edge e : edges) {
      String a = e.a().compareTo(e.b()) < 0 ? e.a() : e.b();
      String b = a.equals(e.a()) ? e.b() : e.a();
      out.add(a + " " + b + " " + e.similarity());
    }
    return out;
  }

  @Test
  void theDriverFindsTheEdgesSparkTasksFind() {
    ClusterFunctions.StackTable table = families(60, 12, 7);
    int fresh = 0;
    for (boolean n : table.isNew) {
      fresh += n ? 1 : 0;
    }
    ClusteringParams params = ClusteringParams.DEFAULTS;

    List<Edge> onDriver = ClusterFunctions.edgesOnDriver(table, params);
    List<Edge> inSpark = SignatureStage.edgesInSpark(SharedSpark.get(), table, fresh, params);

    assertThat(onDriver).as("a table like this one has edges to find").hasSizeGreaterThan(20);
    assertThat(asSet(onDriver)).isEqualTo(asSet(inSpark));
    assertThat(table.size()).isLessThanOrEqualTo(SignatureStage.DRIVER_LSH_LIMIT);
  }

  @Test
  void everySignatureNewStillGivesTheSameEdges() {
    // The Spark path skips its pruning join when most signatures are new (the first run).
    ClusterFunctions.StackTable table = families(30, 8, 11);
    java.util.Arrays.fill(table.isNew, true);
    ClusteringParams params = ClusteringParams.DEFAULTS;

    assertThat(asSet(ClusterFunctions.edgesOnDriver(table, params)))
        .isEqualTo(
            asSet(SignatureStage.edgesInSpark(SharedSpark.get(), table, table.size(), params)));
  }

  @Test
  void documentFrequenciesCountEachSignatureOnceAndKeepSharedFramesOnly() {
    ClusterFunctions.StackTable table =
        new ClusterFunctions.StackTable(
            List.of(
                node("a", List.of("x", "x", "y")),
                node("b", List.of("x", "z")),
                node("c", List.of("w"))));
    assertThat(ClusterFunctions.documentFrequencies(table))
        .as("x in two signatures (twice in one); y, z, w in one each")
        .containsExactly(java.util.Map.entry("x", 2));
  }

  private static Row node(String id, List<String> frames) {
    return new GenericRowWithSchema(
        new Object[] {
          id,
          "warning",
          "WARNING in " + frames.get(0),
          CollectionConverters.asScala(frames).toSeq(),
          false
        },
        NODES);
  }
}
