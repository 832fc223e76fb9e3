package dev.oopslake.trends;

import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.ReleaseOrder;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A bug the team already knows: a cluster id or a title pattern, its bug id and link, and the
 * release that fixed it on each branch (one entry per branch, e.g. {@code 5.14.0-362.el9} and
 * {@code 4.18.0-513.el8}).
 *
 * @param titlePattern compiled title glob, null when the entry names a cluster
 */
public record KnownBug(
    String id, String url, String cluster, Pattern titlePattern, List<String> fixedIn)
    implements Serializable {

  public KnownBug {
    fixedIn = List.copyOf(fixedIn);
  }

  public boolean matches(String clusterId, String title) {
    if (cluster != null) {
      return cluster.equals(clusterId);
    }
    return title != null && titlePattern.matcher(title).matches();
  }

  /** The fix release of {@code seen}'s branch, when the entry names one. */
  public Optional<KernelRelease> fixFor(KernelRelease seen) {
    String branch = ReleaseOrder.branch(seen);
    return fixedIn.stream()
        .map(KernelRelease::parse)
        .flatMap(Optional::stream)
        .filter(f -> ReleaseOrder.branch(f).equals(branch))
        .findFirst();
  }
}
