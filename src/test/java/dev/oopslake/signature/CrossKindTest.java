package dev.oopslake.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.signature.ClusterAssigner.Assignment;
import dev.oopslake.signature.ClusterAssigner.Edge;
import dev.oopslake.signature.ClusterAssigner.ExistingCluster;
import dev.oopslake.signature.ClusterAssigner.NewSignature;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two signatures of different crash classes or report kinds never share a cluster. */
class CrossKindTest {

  private static final List<String> STACK =
      List.of("gizmo_fill_ring [gizmo]", "gizmo_xmit [gizmo]", "dev_hard_start_xmit", "sys_sendto");

  private static final String SLAB_OOB =
      CrashKind.of("kasan-out-of-bounds", "KASAN: slab-out-of-bounds Read in gizmo_fill_ring")
          .key();
  private static final String STACK_OOB =
      CrashKind.of("kasan-out-of-bounds", "KASAN: stack-out-of-bounds Read in gizmo_fill_ring")
          .key();

  @Test
  void theKindIsTheTitleWithoutItsCulpritAndNumbers() {
    assertThat(
            CrashKind.of("kasan-use-after-free", "KASAN: use-after-free Write in foo_bar").kind())
        .isEqualTo("KASAN: use-after-free Write");
    assertThat(
            CrashKind.of(
                    "preemptible-percpu-access",
                    "BUG: using smp_processor_id() in preemptible code in frob")
                .kind())
        .as("only the last ' in ' names the culprit")
        .isEqualTo("BUG: using smp_processor_id() in preemptible code");
    assertThat(CrashKind.of("kcsan-data-race", "KCSAN: data-race in a_fn / b_fn").kind())
        .isEqualTo("KCSAN: data-race");
    assertThat(CrashKind.of("kernel-bug", "kernel BUG at fs/quux/inode.c:1234!"))
        .as("line numbers move between builds")
        .isEqualTo(CrashKind.of("kernel-bug", "kernel BUG at fs/quux/inode.c:1301!"));
    assertThat(CrashKind.of("lockdep-deadlock", "possible deadlock in gizmo_lock").key())
        .as("the class is part of the key")
        .isNotEqualTo(
            CrashKind.of("lockdep-inconsistent", "possible deadlock in gizmo_lock").key());
    assertThat(CrashKind.of("warning", null).kind()).isEmpty();
  }

  @Test
  void identicalStacksOfTwoKindsNeverShareABandKey() {
    MinHashBander bander = new MinHashBander(ClusteringParams.DEFAULTS);
    Set<Long> a = keys(bander.bandKeys(SLAB_OOB, STACK));
    Set<Long> b = keys(bander.bandKeys(STACK_OOB, STACK));
    a.retainAll(b);
    assertThat(a).as("no block holds both").isEmpty();
  }

  @Test
  void aBlockNeverPairsTwoKindsEvenWithIdenticalStacks() {
    StackSimilarity sim = new StackSimilarity(ClusteringParams.DEFAULTS, Map.of(), 100);
    List<BlockComparer.Member> block =
        List.of(
            new BlockComparer.Member("slab1", true, STACK, SLAB_OOB),
            new BlockComparer.Member("stack1", true, STACK, STACK_OOB),
            new BlockComparer.Member("slab2", true, STACK, SLAB_OOB));
    List<Edge> edges = BlockComparer.compare(block, sim, ClusteringParams.DEFAULTS);
    assertThat(edges).hasSize(1);
    assertThat(Set.of(edges.get(0).a(), edges.get(0).b()))
        .containsExactlyInAnyOrder("slab1", "slab2");
  }

  @Test
  void theAssignerDropsAnEdgeAcrossKindsAndNeverMergesClustersThroughIt() {
    // s-new (slab) is similar to r-slab (cluster c-a, slab) and, by a bad edge, to r-stack
    // (cluster c-b, stack): only the same-kind edge may count.
    Map<String, String> registered = Map.of("r-slab", "c-a", "r-stack", "c-b");
    Map<String, ExistingCluster> clusters =
        Map.of("c-a", new ExistingCluster("c-a", 1, 1), "c-b", new ExistingCluster("c-b", 0, 1));
    Map<String, String> kindOf =
        Map.of("s-new", SLAB_OOB, "r-slab", SLAB_OOB, "r-stack", STACK_OOB, "t-new", STACK_OOB);
    Assignment a =
        ClusterAssigner.assign(
            registered,
            clusters,
            List.of(new NewSignature("s-new", 10), new NewSignature("t-new", 11)),
            List.of(
                new Edge("s-new", "r-slab", 0.9),
                new Edge("s-new", "r-stack", 0.95),
                new Edge("s-new", "t-new", 0.99)),
            kindOf);
    assertThat(a.clusterOfNew()).containsEntry("s-new", "c-a");
    assertThat(a.clusterOfNew().get("t-new")).as("its own cluster").isEqualTo("c-t-new");
    assertThat(a.merges()).as("c-a and c-b stay apart").isEmpty();
    assertThat(a.refusedEdges()).isEqualTo(2);
  }

  private static Set<Long> keys(long[] k) {
    return new HashSet<>(Arrays.stream(k).boxed().toList());
  }
}
