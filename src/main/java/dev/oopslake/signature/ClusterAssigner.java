package dev.oopslake.signature;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gives each new signature a cluster id without renumbering anything: connected components over the
 * similarity edges that touch a new signature, where every existing cluster is one node. A
 * component with no existing cluster becomes a new cluster named after its founder (earliest first
 * seen, then smallest id); a component with one existing cluster joins it; a component bridging
 * several keeps the oldest and records the others as merged into it. Edges between two already
 * registered signatures are ignored: those were decided in earlier runs.
 */
public final class ClusterAssigner {

  /**
   * Prefix of cluster ids, so a cluster id is never mistaken for the signature it was named after.
   */
  public static final String CLUSTER_PREFIX = "c-";

  /** An existing (canonical) cluster: its age decides which id survives a merge. */
  public record ExistingCluster(String clusterId, long createdAtMillis, long signatures) {}

  /** A signature seen for the first time in this run. */
  public record NewSignature(String signatureId, long firstSeenMillis) {}

  /** A similarity edge; {@code a} or {@code b} must be a new signature. */
  public record Edge(String a, String b, double similarity) {}

  /** One cluster id retired because a new signature linked it to an older cluster. */
  public record Merge(
      String fromClusterId, String intoClusterId, String bridgeSignatureId, double similarity) {}

  /**
   * New signatures' cluster ids and the merges this run makes; {@code refusedEdges} counts edges
   * dropped because their ends are of different crash kinds.
   */
  public record Assignment(
      Map<String, String> clusterOfNew, List<Merge> merges, long newClusters, long refusedEdges) {
    public Assignment {
      clusterOfNew = Map.copyOf(clusterOfNew);
      merges = List.copyOf(merges);
    }
  }

  /**
   * The bridge recorded for a merge: the most similar edge, then the smallest new signature id, so
   * a tie does not depend on the order Spark hands the edges in (a re-run must record the same).
   */
  private static final Comparator<Edge> BEST_BRIDGE =
      Comparator.comparingDouble(Edge::similarity).reversed().thenComparing(Edge::a);

  private ClusterAssigner() {}

  /**
   * @param registered canonical cluster of every registered signature
   * @param clusters every canonical cluster referenced by {@code registered}
   */
  public static Assignment assign(
      Map<String, String> registered,
      Map<String, ExistingCluster> clusters,
      List<NewSignature> newSignatures,
      List<Edge> edges) {
    return assign(registered, clusters, newSignatures, edges, Map.of());
  }

  /**
   * As {@link #assign(Map, Map, List, List)}, never joining signatures of different crash kinds: an
   * edge whose ends both have a kind in {@code kindOf} ({@link CrashKind#key()} by signature id)
   * and whose kinds differ is dropped, so no component, and no merge of existing clusters, is built
   * across kinds.
   */
  public static Assignment assign(
      Map<String, String> registered,
      Map<String, ExistingCluster> clusters,
      List<NewSignature> newSignatures,
      List<Edge> edges,
      Map<String, String> kindOf) {
    Map<String, Integer> node = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (NewSignature s : newSignatures) {
      if (registered.containsKey(s.signatureId())) {
        throw new IllegalArgumentException(
            "signature " + s.signatureId() + " is already registered");
      }
      node.put(s.signatureId(), names.size());
      names.add(s.signatureId());
    }
    int newCount = names.size();
    UnionFind uf = new UnionFind();
    uf.grow(newCount);
    // Best bridge edge per existing cluster, for the merge record.
    Map<String, Edge> bridge = new HashMap<>();
    long refused = 0;
    for (Edge e : edges) {
      String ka = kindOf.get(e.a());
      String kb = kindOf.get(e.b());
      if (ka != null && kb != null && !ka.equals(kb)) {
        refused++;
        continue;
      }
      Integer a = node.get(e.a());
      Integer b = node.get(e.b());
      if (a != null && b != null) {
        uf.union(a, b);
        continue;
      }
      if (a == null && b == null) {
        continue;
      }
      String newSide = a != null ? e.a() : e.b();
      String oldSide = a != null ? e.b() : e.a();
      String cluster = registered.get(oldSide);
      if (cluster == null) {
        throw new IllegalArgumentException(
            "edge endpoint " + oldSide + " is neither new nor registered");
      }
      Integer c = node.get(cluster);
      if (c == null) {
        c = names.size();
        node.put(cluster, c);
        names.add(cluster);
        uf.grow(names.size());
      }
      uf.union(node.get(newSide), c);
      Edge candidate = new Edge(newSide, cluster, e.similarity());
      Edge best = bridge.get(cluster);
      if (best == null || BEST_BRIDGE.compare(candidate, best) < 0) {
        bridge.put(cluster, candidate);
      }
    }

    Map<Integer, List<Integer>> components = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      components.computeIfAbsent(uf.find(i), k -> new ArrayList<>()).add(i);
    }
    Map<String, Long> firstSeen = new HashMap<>();
    for (NewSignature s : newSignatures) {
      firstSeen.put(s.signatureId(), s.firstSeenMillis());
    }
    Comparator<ExistingCluster> oldestFirst =
        Comparator.comparingLong(ExistingCluster::createdAtMillis)
            .thenComparing(Comparator.comparingLong(ExistingCluster::signatures).reversed())
            .thenComparing(ExistingCluster::clusterId);

    Map<String, String> clusterOfNew = new LinkedHashMap<>();
    List<Merge> merges = new ArrayList<>();
    long newClusters = 0;
    for (List<Integer> members : components.values()) {
      List<String> sigs = new ArrayList<>();
      List<ExistingCluster> existing = new ArrayList<>();
      for (int i : members) {
        if (i < newCount) {
          sigs.add(names.get(i));
        } else {
          ExistingCluster c = clusters.get(names.get(i));
          if (c == null) {
            throw new IllegalArgumentException("cluster " + names.get(i) + " has no metadata");
          }
          existing.add(c);
        }
      }
      String target;
      if (existing.isEmpty()) {
        String founder =
            sigs.stream()
                .min(
                    Comparator.comparingLong((String s) -> firstSeen.get(s))
                        .thenComparing(Comparator.naturalOrder()))
                .orElseThrow();
        target = CLUSTER_PREFIX + founder;
        newClusters++;
      } else {
        existing.sort(oldestFirst);
        target = existing.get(0).clusterId();
        for (ExistingCluster merged : existing.subList(1, existing.size())) {
          Edge e = bridge.get(merged.clusterId());
          merges.add(new Merge(merged.clusterId(), target, e.a(), e.similarity()));
        }
      }
      for (String s : sigs) {
        clusterOfNew.put(s, target);
      }
    }
    merges.sort(Comparator.comparing(Merge::fromClusterId));
    return new Assignment(clusterOfNew, merges, newClusters, refused);
  }

  /** Follows recorded merges to the cluster an id stands for today. */
  public static String resolve(String clusterId, Map<String, String> mergedInto) {
    String id = clusterId;
    for (int guard = 0; guard <= mergedInto.size(); guard++) {
      String next = mergedInto.get(id);
      if (next == null) {
        return id;
      }
      id = next;
    }
    throw new IllegalStateException("merge cycle through " + clusterId);
  }

  /** Array-backed union-find with path halving and union by size. */
  static final class UnionFind {
    private int[] parent = new int[16];
    private int[] size = new int[16];
    private int n;

    void grow(int to) {
      if (to > parent.length) {
        int cap = Math.max(to, parent.length * 2);
        parent = java.util.Arrays.copyOf(parent, cap);
        size = java.util.Arrays.copyOf(size, cap);
      }
      for (int i = n; i < to; i++) {
        parent[i] = i;
        size[i] = 1;
      }
      n = Math.max(n, to);
    }

    int find(int x) {
      while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
      }
      return x;
    }

    void union(int a, int b) {
      int ra = find(a);
      int rb = find(b);
      if (ra == rb) {
        return;
      }
      if (size[ra] < size[rb]) {
        int t = ra;
        ra = rb;
        rb = t;
      }
      parent[rb] = ra;
      size[ra] += size[rb];
    }
  }
}
