package dev.oopslake.signature;

import dev.oopslake.trends.HostSketch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One signature's crashes in mergeable form: every column of two nights' states merges into the
 * state of all their crashes (minimums, maximums, sums, unions of sets and of HLL host sketches),
 * so a nightly adds its new crashes to the signatures instead of recounting the lake. The host
 * sketch is the bytes Spark's {@code hll_sketch_agg} writes (Apache DataSketches).
 *
 * @param title the title of the crash with the smallest file name ({@code exampleFile})
 * @param kernelReleases sorted, each once
 * @param moduleCrashes crashes per guilty module (crashes without one count nowhere)
 */
public record SignatureState(
    String signatureId,
    String crashClass,
    List<String> frames,
    String title,
    String exampleFile,
    Instant firstSeen,
    Instant lastSeen,
    long crashes,
    byte[] hostSketch,
    List<String> kernelReleases,
    Map<String, Long> moduleCrashes)
    implements java.io.Serializable {

  /** A frame's module, as the kernel prints it after the symbol: {@code func+0x1/0x2 [mod]}. */
  private static final Pattern FRAME_MODULE = Pattern.compile("\\[([^\\]]+)\\]$");

  public SignatureState {
    Objects.requireNonNull(signatureId, "signatureId");
    frames = frames == null ? List.of() : List.copyOf(frames);
    kernelReleases = kernelReleases == null ? List.of() : List.copyOf(kernelReleases);
    moduleCrashes = moduleCrashes == null ? Map.of() : Map.copyOf(moduleCrashes);
  }

  /** This state and {@code o}'s (the same signature) as one. */
  public SignatureState merge(SignatureState o) {
    if (!signatureId.equals(o.signatureId)) {
      throw new IllegalArgumentException(signatureId + " merged with " + o.signatureId);
    }
    // The title goes with the smallest file, as a count over all the crashes picks it.
    SignatureState example =
        o.exampleFile != null && (exampleFile == null || o.exampleFile.compareTo(exampleFile) < 0)
            ? o
            : this;
    TreeSet<String> releases = new TreeSet<>(kernelReleases);
    releases.addAll(o.kernelReleases);
    Map<String, Long> modules = new TreeMap<>(moduleCrashes);
    o.moduleCrashes.forEach((m, n) -> modules.merge(m, n, Long::sum));
    return new SignatureState(
        signatureId,
        crashClass != null ? crashClass : o.crashClass,
        frames.isEmpty() ? o.frames : frames,
        example.title,
        example.exampleFile,
        earliest(firstSeen, o.firstSeen),
        latest(lastSeen, o.lastSeen),
        crashes + o.crashes,
        HostSketch.union(java.util.Arrays.asList(hostSketch, o.hostSketch)),
        List.copyOf(releases),
        modules);
  }

  /**
   * {@code partial} added to {@code previous} (states of earlier nights), one state per signature,
   * sorted by id.
   */
  public static List<SignatureState> mergeAll(
      Collection<SignatureState> previous, Collection<SignatureState> partial) {
    Map<String, SignatureState> byId = new TreeMap<>();
    for (SignatureState s : previous) {
      byId.merge(s.signatureId, s, SignatureState::merge);
    }
    for (SignatureState s : partial) {
      byId.merge(s.signatureId, s, SignatureState::merge);
    }
    return List.copyOf(byId.values());
  }

  /** Distinct hosts, rounded as Spark's {@code hll_sketch_estimate} rounds. */
  public long hosts() {
    return HostSketch.estimate(hostSketch);
  }

  /** The guilty modules, sorted. */
  public List<String> guiltyModules() {
    return List.copyOf(new TreeSet<>(moduleCrashes.keySet()));
  }

  /** The most frequent guilty module, the lowest name among equals; null without one. */
  public String topModule() {
    return moduleCrashes.entrySet().stream()
        .min(
            Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue())
                .thenComparing(Map.Entry::getKey))
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  /** Every module the signature names, guilty or in a frame, sorted, each once. */
  public List<String> modules() {
    TreeSet<String> out = new TreeSet<>(moduleCrashes.keySet());
    for (String f : frames) {
      Matcher m = FRAME_MODULE.matcher(f);
      if (m.find()) {
        out.add(m.group(1));
      }
    }
    out.remove("");
    return List.copyOf(out);
  }

  /** One cluster's totals over its signatures. */
  public record ClusterTotals(
      String clusterId,
      String representativeTitle,
      long signatures,
      long crashes,
      long hosts,
      Instant firstSeen,
      Instant lastSeen,
      List<String> kernelReleases,
      String topModule) {}

  /**
   * The totals of each cluster of {@code states} ({@code clusterOf}: each signature's cluster; a
   * signature without one is left out), sorted by cluster id. The representative title and the top
   * module are those of the signature with most crashes, the greater id among equals.
   */
  public static List<ClusterTotals> clusters(
      Collection<SignatureState> states, Map<String, String> clusterOf) {
    Map<String, List<SignatureState>> members = new TreeMap<>();
    for (SignatureState s : states) {
      String c = clusterOf.get(s.signatureId);
      if (c != null) {
        members.computeIfAbsent(c, k -> new ArrayList<>()).add(s);
      }
    }
    List<ClusterTotals> out = new ArrayList<>(members.size());
    members.forEach(
        (c, list) -> {
          SignatureState top =
              list.stream()
                  .max(
                      Comparator.comparingLong(SignatureState::crashes)
                          .thenComparing(SignatureState::signatureId))
                  .orElseThrow();
          TreeSet<String> releases = new TreeSet<>();
          Instant first = null;
          Instant last = null;
          long crashes = 0;
          List<byte[]> sketches = new ArrayList<>();
          for (SignatureState s : list) {
            releases.addAll(s.kernelReleases);
            first = earliest(first, s.firstSeen);
            last = latest(last, s.lastSeen);
            crashes += s.crashes;
            sketches.add(s.hostSketch);
          }
          byte[] hosts = HostSketch.union(sketches);
          out.add(
              new ClusterTotals(
                  c,
                  top.title,
                  list.size(),
                  crashes,
                  HostSketch.estimate(hosts),
                  first,
                  last,
                  List.copyOf(releases),
                  top.topModule()));
        });
    return out;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  /** The same state, field by field (the sketch by content). */
  @Override
  public boolean equals(Object o) {
    return o instanceof SignatureState s
        && signatureId.equals(s.signatureId)
        && Objects.equals(crashClass, s.crashClass)
        && frames.equals(s.frames)
        && Objects.equals(title, s.title)
        && Objects.equals(exampleFile, s.exampleFile)
        && Objects.equals(firstSeen, s.firstSeen)
        && Objects.equals(lastSeen, s.lastSeen)
        && crashes == s.crashes
        && java.util.Arrays.equals(hostSketch, s.hostSketch)
        && kernelReleases.equals(s.kernelReleases)
        && moduleCrashes.equals(s.moduleCrashes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(signatureId, crashes, exampleFile);
  }

  @Override
  public String toString() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("signatureId", signatureId);
    m.put("crashes", crashes);
    m.put("exampleFile", exampleFile);
    m.put("hosts", hosts());
    return "SignatureState" + m;
  }
}
