package dev.oopslake.signature;

import dev.oopslake.signature.ClusterAssigner.Edge;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compares the members of one LSH block and returns a spanning forest of its similar pairs: enough
 * edges for connected components, without every pair. Only pairs with a new signature are compared
 * (registered pairs were decided in earlier runs), and a pair already connected inside the block is
 * skipped, which saves most comparisons in a block of one bug's variants. A block larger than
 * {@code maxBlock} is compared only along a window of {@code largeBlockWindow} over its members
 * sorted by kind and stack, so a band key shared by thousands of stacks costs linear, not
 * quadratic, time. Members of different crash kinds are never paired.
 */
public final class BlockComparer {

  /**
   * One block member: its stack, whether it is new in this run, and its {@link CrashKind#key()}
   * (members of different kinds are never compared, whatever their band keys).
   */
  public record Member(String signatureId, boolean isNew, List<String> frames, String kind) {
    public Member {
      frames = List.copyOf(frames);
      kind = kind == null ? "" : kind;
    }

    /** A member of no particular kind (every such member may pair with every other). */
    public Member(String signatureId, boolean isNew, List<String> frames) {
      this(signatureId, isNew, frames, "");
    }
  }

  private static final Comparator<Member> BY_STACK =
      (x, y) -> {
        int k = x.kind().compareTo(y.kind());
        if (k != 0) {
          return k;
        }
        int n = Math.min(x.frames().size(), y.frames().size());
        for (int i = 0; i < n; i++) {
          int c = x.frames().get(i).compareTo(y.frames().get(i));
          if (c != 0) {
            return c;
          }
        }
        int c = Integer.compare(x.frames().size(), y.frames().size());
        return c != 0 ? c : x.signatureId().compareTo(y.signatureId());
      };

  private BlockComparer() {}

  /** Edges (a spanning forest of pairs at or above the threshold) among {@code members}. */
  public static List<Edge> compare(
      List<Member> members, StackSimilarity similarity, ClusteringParams params) {
    List<Member> sorted = new ArrayList<>(members);
    sorted.sort(BY_STACK);
    int n = sorted.size();
    int window = n <= params.maxBlock() ? n : params.largeBlockWindow();
    ClusterAssigner.UnionFind uf = new ClusterAssigner.UnionFind();
    uf.grow(n);
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Member a = sorted.get(i);
      for (int j = i + 1; j < n && j < i + window; j++) {
        Member b = sorted.get(j);
        if (!a.isNew() && !b.isNew() || !a.kind().equals(b.kind())) {
          continue;
        }
        if (uf.find(i) == uf.find(j)) {
          continue;
        }
        double s = similarity.similarity(a.frames(), b.frames());
        if (s >= params.threshold()) {
          uf.union(i, j);
          edges.add(new Edge(a.signatureId(), b.signatureId(), s));
        }
      }
    }
    return edges;
  }
}
