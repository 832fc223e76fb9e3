package dev.oopslake.trends;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Primary crashes of one (kernel release, guilty module) in mergeable form: a count, an HLL sketch
 * of the hosts, crashes per signature. Two nights' states add up to the state of all their crashes,
 * so the ranking table takes a night's new crashes instead of recounting the lake.
 *
 * @param kernelRelease as the crash printed it, {@code unknown} when it printed none
 * @param module the guilty module, {@code vmlinux} for the core kernel
 */
public record ReleaseModuleState(
    String kernelRelease,
    String module,
    long crashes,
    byte[] hostSketch,
    Map<String, Long> signatureCrashes)
    implements java.io.Serializable {

  public ReleaseModuleState {
    Objects.requireNonNull(kernelRelease, "kernelRelease");
    Objects.requireNonNull(module, "module");
    signatureCrashes = signatureCrashes == null ? Map.of() : Map.copyOf(signatureCrashes);
  }

  /** This state and {@code o}'s (the same release and module) as one. */
  public ReleaseModuleState merge(ReleaseModuleState o) {
    Map<String, Long> sigs = new TreeMap<>(signatureCrashes);
    o.signatureCrashes.forEach((s, n) -> sigs.merge(s, n, Long::sum));
    return new ReleaseModuleState(
        kernelRelease,
        module,
        crashes + o.crashes,
        HostSketch.union(Arrays.asList(hostSketch, o.hostSketch)),
        sigs);
  }

  /** One row of the ranking: a state with its rank in its release and its top signature. */
  public record Ranked(
      String kernelRelease,
      String module,
      int rank,
      long crashes,
      long hosts,
      long signatures,
      String topSignatureId,
      String topTitle,
      byte[] hostSketch,
      Map<String, Long> signatureCrashes) {}

  /**
   * {@code partial} added to {@code previous}, ranked by crashes within each release (equal counts
   * share a rank, the next rank skips, as SQL's {@code rank()}); the top signature is the most
   * frequent, the lowest id among equals, titled from {@code titles}. Sorted by release, then rank,
   * then module.
   */
  public static List<Ranked> rank(
      Collection<ReleaseModuleState> previous,
      Collection<ReleaseModuleState> partial,
      Map<String, String> titles) {
    Map<List<String>, ReleaseModuleState> byKey = new TreeMap<>(KEY_ORDER);
    for (Collection<ReleaseModuleState> part : List.of(previous, partial)) {
      for (ReleaseModuleState s : part) {
        byKey.merge(List.of(s.kernelRelease, s.module), s, ReleaseModuleState::merge);
      }
    }
    Map<String, List<ReleaseModuleState>> byRelease = new TreeMap<>();
    byKey
        .values()
        .forEach(s -> byRelease.computeIfAbsent(s.kernelRelease, k -> new ArrayList<>()).add(s));
    List<Ranked> out = new ArrayList<>(byKey.size());
    byRelease.forEach(
        (release, states) -> {
          states.sort(
              Comparator.comparingLong((ReleaseModuleState s) -> -s.crashes)
                  .thenComparing(ReleaseModuleState::module));
          int rank = 0;
          for (int i = 0; i < states.size(); i++) {
            ReleaseModuleState s = states.get(i);
            if (i == 0 || s.crashes != states.get(i - 1).crashes) {
              rank = i + 1;
            }
            String top = s.topSignature();
            out.add(
                new Ranked(
                    s.kernelRelease,
                    s.module,
                    rank,
                    s.crashes,
                    HostSketch.estimate(s.hostSketch),
                    s.signatureCrashes.size(),
                    top,
                    top == null ? null : titles.get(top),
                    s.hostSketch,
                    s.signatureCrashes));
          }
        });
    return out;
  }

  /** The signature with most crashes, the lowest id among equals; null without one. */
  String topSignature() {
    return signatureCrashes.entrySet().stream()
        .min(
            Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
                .thenComparing(Map.Entry::getKey))
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  private static final Comparator<List<String>> KEY_ORDER =
      Comparator.<List<String>, String>comparing(k -> k.get(0)).thenComparing(k -> k.get(1));

  /** The same state, field by field (the sketch by content). */
  @Override
  public boolean equals(Object o) {
    return o instanceof ReleaseModuleState s
        && kernelRelease.equals(s.kernelRelease)
        && module.equals(s.module)
        && crashes == s.crashes
        && Arrays.equals(hostSketch, s.hostSketch)
        && signatureCrashes.equals(s.signatureCrashes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kernelRelease, module, crashes);
  }

  @Override
  public String toString() {
    return "ReleaseModuleState[" + kernelRelease + ", " + module + ", " + crashes + "]";
  }
}
