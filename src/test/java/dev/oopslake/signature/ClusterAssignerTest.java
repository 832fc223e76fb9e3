package dev.oopslake.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.signature.ClusterAssigner.Assignment;
import dev.oopslake.signature.ClusterAssigner.Edge;
import dev.oopslake.signature.ClusterAssigner.ExistingCluster;
import dev.oopslake.signature.ClusterAssigner.Merge;
import dev.oopslake.signature.ClusterAssigner.NewSignature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterAssignerTest {

  @Test
  void firstRunFoundsClustersNamedAfterTheEarliestMember() {
    Assignment a =
        ClusterAssigner.assign(
            Map.of(),
            Map.of(),
            List.of(
                new NewSignature("s3", 30),
                new NewSignature("s1", 10),
                new NewSignature("s2", 10),
                new NewSignature("s9", 5)),
            List.of(new Edge("s1", "s3", 0.8), new Edge("s3", "s2", 0.9)));
    assertThat(a.clusterOfNew())
        .as("s1 and s2 tie on first seen; the smaller id founds; s9 is alone")
        .containsEntry("s1", "c-s1")
        .containsEntry("s2", "c-s1")
        .containsEntry("s3", "c-s1")
        .containsEntry("s9", "c-s9");
    assertThat(a.newClusters()).isEqualTo(2);
    assertThat(a.merges()).isEmpty();
  }

  @Test
  void newSignatureJoinsTheClusterOfASimilarMember() {
    Assignment a =
        ClusterAssigner.assign(
            Map.of("old1", "c-old1", "old2", "c-old1"),
            Map.of("c-old1", new ExistingCluster("c-old1", 100, 2)),
            List.of(new NewSignature("n1", 500)),
            List.of(new Edge("n1", "old2", 0.7)));
    assertThat(a.clusterOfNew()).containsExactly(Map.entry("n1", "c-old1"));
    assertThat(a.newClusters()).isZero();
  }

  @Test
  void bridgingSignatureMergesIntoTheOldestAndRecordsIt() {
    Assignment a =
        ClusterAssigner.assign(
            Map.of("a", "c-a", "b", "c-b", "z", "c-z"),
            Map.of(
                "c-a", new ExistingCluster("c-a", 200, 5),
                "c-b", new ExistingCluster("c-b", 100, 1),
                "c-z", new ExistingCluster("c-z", 50, 9)),
            List.of(new NewSignature("n", 900), new NewSignature("m", 901)),
            List.of(
                new Edge("n", "a", 0.6),
                new Edge("b", "n", 0.7),
                new Edge("n", "m", 0.9),
                new Edge("a", "z", 0.99)));
    assertThat(a.clusterOfNew())
        .as("c-b is older than c-a; the old-old edge a-z was decided earlier and is ignored")
        .containsEntry("n", "c-b")
        .containsEntry("m", "c-b");
    assertThat(a.merges()).containsExactly(new Merge("c-a", "c-b", "n", 0.6));
  }

  @Test
  void resolveFollowsMergeChains() {
    Map<String, String> merged = Map.of("c-a", "c-b", "c-b", "c-c");
    assertThat(ClusterAssigner.resolve("c-a", merged)).isEqualTo("c-c");
    assertThat(ClusterAssigner.resolve("c-x", merged)).isEqualTo("c-x");
  }

  @Test
  void resultDoesNotDependOnEdgeOrder() {
    List<NewSignature> sigs =
        List.of(new NewSignature("p", 1), new NewSignature("q", 2), new NewSignature("r", 3));
    Assignment forward =
        ClusterAssigner.assign(
            Map.of(), Map.of(), sigs, List.of(new Edge("p", "q", 1), new Edge("q", "r", 1)));
    Assignment backward =
        ClusterAssigner.assign(
            Map.of(), Map.of(), sigs, List.of(new Edge("r", "q", 1), new Edge("q", "p", 1)));
    assertThat(backward.clusterOfNew()).isEqualTo(forward.clusterOfNew());
  }

  @Test
  void clustersCreatedTogetherKeepTheOneWithMoreSignaturesThenTheSmallerId() {
    Map<String, String> registered = Map.of("a", "c-a", "b", "c-b", "z", "c-z");
    Map<String, ExistingCluster> clusters =
        Map.of(
            "c-a", new ExistingCluster("c-a", 100, 3),
            "c-b", new ExistingCluster("c-b", 100, 7),
            "c-z", new ExistingCluster("c-z", 100, 7));
    Assignment a =
        ClusterAssigner.assign(
            registered,
            clusters,
            List.of(new NewSignature("n", 900)),
            List.of(new Edge("n", "z", 0.5), new Edge("n", "a", 0.5), new Edge("n", "b", 0.5)));
    assertThat(a.clusterOfNew())
        .as("same age: c-b and c-z have more signatures than c-a; c-b < c-z")
        .containsExactly(Map.entry("n", "c-b"));
    assertThat(a.merges())
        .containsExactly(new Merge("c-a", "c-b", "n", 0.5), new Merge("c-z", "c-b", "n", 0.5));
  }

  @Test
  void aMergeRecordsTheSameBridgeWhateverTheEdgeOrder() {
    Map<String, String> registered = Map.of("a", "c-a", "b", "c-b");
    Map<String, ExistingCluster> clusters =
        Map.of(
            "c-a", new ExistingCluster("c-a", 100, 1), "c-b", new ExistingCluster("c-b", 200, 1));
    List<NewSignature> sigs = List.of(new NewSignature("n", 900), new NewSignature("m", 901));
    // n and m both reach c-b with the same similarity: the record must not depend on which edge
    // came first.
    List<Edge> edges =
        List.of(
            new Edge("n", "a", 0.8),
            new Edge("m", "b", 0.6),
            new Edge("n", "b", 0.6),
            new Edge("n", "m", 0.9),
            new Edge("m", "b", 0.4));
    List<Merge> forward = ClusterAssigner.assign(registered, clusters, sigs, edges).merges();
    List<Edge> reversed = new ArrayList<>(edges);
    Collections.reverse(reversed);
    List<Merge> backward = ClusterAssigner.assign(registered, clusters, sigs, reversed).merges();
    assertThat(forward)
        .as("the most similar bridge, then the smaller new signature id")
        .containsExactly(new Merge("c-b", "c-a", "m", 0.6));
    assertThat(backward).isEqualTo(forward);
  }
}
