package dev.oopslake.trends;

import dev.oopslake.decode.KernelRelease;
import dev.oopslake.decode.ReleaseOrder;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel releases the fleet runs and the day each was first seen (in the inventory when one is
 * given, otherwise crashing): what "a newer build has had time" is measured against.
 */
public record Fleet(Map<String, LocalDate> firstSeen) implements Serializable {

  public Fleet {
    firstSeen = Map.copyOf(firstSeen);
  }

  /**
   * Releases of {@code release}'s branch newer than it, first seen on or before {@code by}: the
   * builds that have had until {@code by} to show the crash.
   */
  public List<String> newerInBranch(KernelRelease release, LocalDate by) {
    return firstSeen.entrySet().stream()
        .filter(e -> !e.getValue().isAfter(by))
        .filter(
            e -> {
              Optional<KernelRelease> k = KernelRelease.parse(e.getKey());
              return k.isPresent()
                  && ReleaseOrder.branch(k.get()).equals(ReleaseOrder.branch(release))
                  && ReleaseOrder.compare(k.get(), release) > 0;
            })
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }
}
