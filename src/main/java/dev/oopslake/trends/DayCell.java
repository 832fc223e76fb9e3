package dev.oopslake.trends;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Primary crashes of one cluster on one day, kernel release and architecture: the unit every
 * morning table is counted from. Cells add up (sums, host sketches, the latest crash), so a
 * cluster, a window or a release is the cells that fall in it.
 *
 * @param day the crash day; null for crashes neither the folder nor the log dates
 * @param kernelRelease as the crash printed it; null when it printed none
 * @param firstSeen the earliest crash time among the cell's crashes, null when undated
 * @param latest the cell's latest crash (by time, then file): a cluster's title and sample
 * @param diagnoses crashes per diagnosis id (a crash may carry several)
 * @param modules crashes per guilty module, {@code vmlinux} for the core kernel
 * @param attributes crashes per attribute, {@code kind=value} (a loaded module, a taint letter, the
 *     hardware), for the correlations; empty for cells outside their window
 */
public record DayCell(
    LocalDate day,
    String clusterId,
    String kernelRelease,
    String arch,
    String distro,
    Boolean rt,
    long crashes,
    HostSketch hosts,
    long taintedOutOfTree,
    long taintedUnsigned,
    long taintedProprietary,
    Instant firstSeen,
    Instant lastSeen,
    Sample latest,
    Map<String, Long> diagnoses,
    Map<String, Long> modules,
    Map<String, Long> attributes)
    implements java.io.Serializable {

  public DayCell {
    diagnoses = diagnoses == null ? Map.of() : diagnoses;
    modules = modules == null ? Map.of() : modules;
    attributes = attributes == null ? Map.of() : attributes;
  }

  /**
   * This cell and {@code o}'s (the same day, id, release and arch) as one: the cell of all their
   * crashes. Distro and RT flag are the first known.
   */
  public DayCell merge(DayCell o) {
    return new DayCell(
        day,
        clusterId,
        kernelRelease,
        arch,
        distro != null ? distro : o.distro,
        rt != null ? rt : o.rt,
        crashes + o.crashes,
        new HostSketch(
            HostSketch.union(
                java.util.Arrays.asList(
                    hosts == null ? null : hosts.bytes(),
                    o.hosts == null ? null : o.hosts.bytes()))),
        taintedOutOfTree + o.taintedOutOfTree,
        taintedUnsigned + o.taintedUnsigned,
        taintedProprietary + o.taintedProprietary,
        firstSeen == null || (o.firstSeen != null && o.firstSeen.isBefore(firstSeen))
            ? o.firstSeen
            : firstSeen,
        lastSeen == null || (o.lastSeen != null && o.lastSeen.isAfter(lastSeen))
            ? o.lastSeen
            : lastSeen,
        latest == null || (o.latest != null && Sample.ORDER.compare(o.latest, latest) > 0)
            ? o.latest
            : latest,
        sum(diagnoses, o.diagnoses),
        sum(modules, o.modules),
        sum(attributes, o.attributes));
  }

  /** The cell's key: day, id, release and arch, nulls included. */
  public List<Object> key() {
    return java.util.Arrays.asList(day, clusterId, kernelRelease, arch);
  }

  private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> out = new java.util.TreeMap<>(a);
    b.forEach((k, n) -> out.merge(k, n, Long::sum));
    return out;
  }

  /** One crash shown for a cell or a cluster: its title, file and frames. */
  public record Sample(Instant time, String file, String title, List<String> frames)
      implements java.io.Serializable {
    /** Later is greater; a crash without a time is the earliest, as in Spark's struct order. */
    public static final Comparator<Sample> ORDER =
        Comparator.comparing(Sample::time, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Sample::file, Comparator.nullsFirst(Comparator.naturalOrder()));
  }
}
