package dev.oopslake.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.signature.ClusterAssigner.Edge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MinHashBanderTest {

  private final MinHashBander bander = new MinHashBander(ClusteringParams.DEFAULTS);

  private static boolean shareBand(long[] a, long[] b) {
    return Arrays.stream(a).anyMatch(x -> Arrays.stream(b).anyMatch(y -> x == y));
  }

  @Test
  void keysAreDeterministicAndClassScoped() {
    List<String> s = List.of("a [m]", "b [m]", "c");
    assertThat(bander.bandKeys("oops", s))
        .isEqualTo(new MinHashBander(ClusteringParams.DEFAULTS).bandKeys("oops", s));
    assertThat(shareBand(bander.bandKeys("oops", s), bander.bandKeys("warning", s)))
        .as("another class never shares a block")
        .isFalse();
    assertThat(bander.bandKeys("oops", List.of())).isEmpty();
  }

  @Test
  void nearDuplicatesCollideAndUnrelatedStacksRarelyDo() {
    Random rnd = new Random(7);
    int nearHits = 0;
    int farHits = 0;
    int trials = 300;
    for (int t = 0; t < trials; t++) {
      List<String> base = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        base.add("fn" + rnd.nextInt(1_000_000) + " [mod]");
      }
      List<String> variant = new ArrayList<>(base);
      variant.add(1, "inlined" + rnd.nextInt(1000));
      variant.remove(variant.size() - 1);
      List<String> unrelated = new ArrayList<>(List.of("kfree"));
      for (int i = 0; i < 4; i++) {
        unrelated.add("other" + rnd.nextInt(1_000_000));
      }
      List<String> baseKfree = new ArrayList<>(base);
      baseKfree.set(0, "kfree");
      if (shareBand(bander.bandKeys("oops", base), bander.bandKeys("oops", variant))) {
        nearHits++;
      }
      if (shareBand(bander.bandKeys("oops", baseKfree), bander.bandKeys("oops", unrelated))) {
        farHits++;
      }
    }
    assertThat(nearHits).as("an extra frame keeps most shingles").isGreaterThan(trials * 9 / 10);
    assertThat(farHits)
        .as("sharing only the top frame rarely makes a candidate")
        .isLessThan(trials * 6 / 10);
  }

  @Test
  void blockComparerReturnsASpanningForestOfSimilarPairsWithANewEnd() {
    StackSimilarity sim = new StackSimilarity(ClusteringParams.DEFAULTS, Map.of(), 100);
    List<String> s = List.of("a [m]", "b [m]", "c [m]");
    List<BlockComparer.Member> block =
        List.of(
            new BlockComparer.Member("o1", false, s),
            new BlockComparer.Member("o2", false, s),
            new BlockComparer.Member("n1", true, s),
            new BlockComparer.Member("n2", true, s),
            new BlockComparer.Member("x", true, List.of("zz [q]", "yy [q]")));
    List<Edge> edges = BlockComparer.compare(block, sim, ClusteringParams.DEFAULTS);
    assertThat(edges).as("4 similar members need 3 edges, x joins nobody").hasSize(3);
    assertThat(edges)
        .as("registered pairs are never compared")
        .noneMatch(e -> e.a().startsWith("o") && e.b().startsWith("o"));
  }

  @Test
  void aHugeBlockIsComparedAlongAWindowNotAllPairs() {
    ClusteringParams params = new ClusteringParams(0.5, 0.1, 0.5, 12, 2, 10, 3);
    StackSimilarity sim = new StackSimilarity(params, Map.of(), 1000);
    List<BlockComparer.Member> block = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      // 25 pairs of twins among unrelated stacks: twins sort next to each other.
      int family = i / 2;
      block.add(
          new BlockComparer.Member(
              "s" + i, true, List.of("f" + family + " [m]", "g" + family + " [m]", "sys_write")));
    }
    List<Edge> edges = BlockComparer.compare(block, sim, params);
    assertThat(edges).as("each twin pair found, no unrelated pair").hasSize(25);
  }
}
