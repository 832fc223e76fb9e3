package dev.oopslake.report;

import java.util.List;
import java.util.Objects;

/**
 * A cluster's entry in the user's known-bug list, as the morning step matched it: the bug, its link
 * and the releases that fixed it (one per stable branch).
 */
public record KnownBugMatch(String id, String url, List<String> fixedIn) {
  public KnownBugMatch {
    Objects.requireNonNull(id, "id");
    fixedIn = List.copyOf(fixedIn);
  }

  /** A link only when it is http(s): a {@code javascript:} URL from a hand-edited file is text. */
  public String safeUrl() {
    return url != null && (url.startsWith("https://") || url.startsWith("http://")) ? url : null;
  }

  /** "known: BUG-123, fixed in 5.14.0-362.el9 — still seen on 4 hosts" (hosts in the window). */
  public String status(long hostsStillSeen) {
    StringBuilder s = new StringBuilder("known: ").append(id);
    if (!fixedIn.isEmpty()) {
      s.append(", fixed in ").append(String.join(", ", fixedIn));
    }
    if (hostsStillSeen > 0) {
      s.append(" \u2014 still seen on ")
          .append(hostsStillSeen)
          .append(hostsStillSeen == 1 ? " host" : " hosts");
    }
    return s.toString();
  }
}
