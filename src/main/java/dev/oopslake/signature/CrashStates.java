package dev.oopslake.signature;

import dev.oopslake.trends.DayCell;
import dev.oopslake.trends.HostSketch;
import dev.oopslake.trends.ReleaseModuleState;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * The mergeable states of a set of primary crashes, counted in one pass: one per signature, one per
 * (kernel release, guilty module), one per morning cell (day, signature, release, arch). The states
 * of two sets of crashes merge into the states of both ({@link #merge}), so a nightly counts only
 * its new crashes, and a full run counts each Spark partition's crashes and merges them.
 */
public record CrashStates(
    List<SignatureState> signatures, List<ReleaseModuleState> releaseModules, List<DayCell> cells)
    implements Serializable {

  public static final CrashStates NONE = new CrashStates(List.of(), List.of(), List.of());

  /** HLL sketch size for distinct hosts: 2^12 registers, about 1.6% error on large counts. */
  public static final int HLL_LG_K = 12;

  /** The core kernel's module name, as the kernel names it. */
  static final String VMLINUX = "vmlinux";

  /** The states of {@code crashes} (primary crashes). */
  public static CrashStates of(Iterable<CrashFacts> crashes) {
    Map<String, List<CrashFacts>> bySignature = new TreeMap<>();
    Map<List<String>, List<CrashFacts>> byReleaseModule = new HashMap<>();
    Map<List<Object>, List<CrashFacts>> byCell = new HashMap<>();
    for (CrashFacts c : crashes) {
      if (c.signatureId() == null) {
        continue; // none in a lake (the column is required): counted nowhere
      }
      bySignature.computeIfAbsent(c.signatureId(), k -> new ArrayList<>()).add(c);
      byReleaseModule
          .computeIfAbsent(List.of(release(c), module(c)), k -> new ArrayList<>())
          .add(c);
      byCell
          .computeIfAbsent(
              Arrays.asList(day(c.crashTime()), c.signatureId(), c.kernelRelease(), c.arch()),
              k -> new ArrayList<>())
          .add(c);
    }
    List<SignatureState> signatures = new ArrayList<>(bySignature.size());
    bySignature.values().forEach(list -> signatures.add(signature(list)));
    List<ReleaseModuleState> releaseModules = new ArrayList<>(byReleaseModule.size());
    byReleaseModule.values().forEach(list -> releaseModules.add(releaseModule(list)));
    List<DayCell> cells = new ArrayList<>(byCell.size());
    byCell.values().forEach(list -> cells.add(cell(list)));
    return new CrashStates(signatures, releaseModules, cells);
  }

  /** This set's states and {@code o}'s as the states of both sets of crashes. */
  public CrashStates merge(CrashStates o) {
    return mergeAll(List.of(this, o));
  }

  /** The states of every set as the states of all their crashes, each key merged once. */
  public static CrashStates mergeAll(List<CrashStates> parts) {
    List<SignatureState> signatures = new ArrayList<>();
    List<ReleaseModuleState> releaseModules = new ArrayList<>();
    List<DayCell> cells = new ArrayList<>();
    for (CrashStates p : parts) {
      signatures.addAll(p.signatures);
      releaseModules.addAll(p.releaseModules);
      cells.addAll(p.cells);
    }
    return new CrashStates(
        SignatureState.mergeAll(List.of(), signatures),
        mergeBy(
            releaseModules, s -> List.of(s.kernelRelease(), s.module()), ReleaseModuleState::merge),
        mergeBy(cells, DayCell::key, DayCell::merge));
  }

  private static <T, K> List<T> mergeBy(
      List<T> all, Function<T, K> key, java.util.function.BinaryOperator<T> merge) {
    Map<K, T> out = new java.util.LinkedHashMap<>();
    for (T t : all) {
      out.merge(key.apply(t), t, merge);
    }
    return List.copyOf(out.values());
  }

  /** The crash day, as UTC dates the morning report's days. */
  static LocalDate day(Instant t) {
    return t == null ? null : LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  static String release(CrashFacts c) {
    return c.kernelRelease() == null ? "unknown" : c.kernelRelease();
  }

  /** The guilty module; the core kernel's when the guilty frame is not in a module. */
  static String module(CrashFacts c) {
    return c.guiltyModule() == null || c.guiltyModule().isEmpty() ? VMLINUX : c.guiltyModule();
  }

  private static byte[] hosts(List<CrashFacts> crashes) {
    HllSketch sketch = new HllSketch(HLL_LG_K, TgtHllType.HLL_8);
    for (CrashFacts c : crashes) {
      if (c.host() != null) {
        sketch.update(c.host());
      }
    }
    return sketch.toUpdatableByteArray();
  }

  /** One signature's crashes. */
  static SignatureState signature(List<CrashFacts> crashes) {
    CrashFacts example = crashes.stream().min(Comparator.comparing(CrashFacts::file)).orElseThrow();
    TreeSet<String> releases = new TreeSet<>();
    Map<String, Long> modules = new TreeMap<>();
    Instant first = null;
    Instant last = null;
    for (CrashFacts c : crashes) {
      if (c.kernelRelease() != null) {
        releases.add(c.kernelRelease());
      }
      if (c.guiltyModule() != null) {
        modules.merge(c.guiltyModule(), 1L, Long::sum);
      }
      first = min(first, c.crashTime());
      last = max(last, c.crashTime());
    }
    CrashFacts any = crashes.get(0);
    return new SignatureState(
        any.signatureId(),
        any.crashClass(),
        any.signatureFrames(),
        example.title(),
        example.file(),
        first,
        last,
        crashes.size(),
        hosts(crashes),
        List.copyOf(releases),
        modules);
  }

  /** One (kernel release, guilty module)'s crashes. */
  static ReleaseModuleState releaseModule(List<CrashFacts> crashes) {
    Map<String, Long> bySignature = new TreeMap<>();
    for (CrashFacts c : crashes) {
      bySignature.merge(c.signatureId(), 1L, Long::sum);
    }
    CrashFacts any = crashes.get(0);
    return new ReleaseModuleState(
        release(any), module(any), crashes.size(), hosts(crashes), bySignature);
  }

  /** The crash shown for a cell: the latest, by time (undated first), then file. */
  private static final Comparator<CrashFacts> LATEST =
      Comparator.comparing(CrashFacts::crashTime, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(CrashFacts::file)
          .thenComparing(CrashFacts::title, Comparator.nullsFirst(Comparator.naturalOrder()));

  /** One morning cell's crashes, keyed by their signature. */
  static DayCell cell(List<CrashFacts> crashes) {
    String distro = null;
    Boolean rt = null;
    long outOfTree = 0;
    long unsigned = 0;
    long proprietary = 0;
    Instant first = null;
    Instant last = null;
    Map<String, Long> diagnoses = new TreeMap<>();
    Map<String, Long> modules = new TreeMap<>();
    Map<String, Long> attributes = new TreeMap<>();
    for (CrashFacts c : crashes) {
      distro = distro != null ? distro : c.distro();
      rt = rt != null ? rt : c.rt();
      String taint = c.taint() == null ? "" : c.taint();
      outOfTree += taint.indexOf('O') >= 0 ? 1 : 0;
      unsigned += taint.indexOf('E') >= 0 ? 1 : 0;
      proprietary += taint.indexOf('P') >= 0 ? 1 : 0;
      first = min(first, c.crashTime());
      last = max(last, c.crashTime());
      c.diagnoses().forEach(d -> diagnoses.merge(d, 1L, Long::sum));
      modules.merge(module(c), 1L, Long::sum);
      attributes(c).forEach(a -> attributes.merge(a, 1L, Long::sum));
    }
    CrashFacts latest = crashes.stream().max(LATEST).orElseThrow();
    CrashFacts any = crashes.get(0);
    return new DayCell(
        day(any.crashTime()),
        any.signatureId(),
        any.kernelRelease(),
        any.arch(),
        distro,
        rt,
        crashes.size(),
        new HostSketch(hosts(crashes)),
        outOfTree,
        unsigned,
        proprietary,
        first,
        last,
        new DayCell.Sample(latest.crashTime(), latest.file(), latest.title(), latest.frames()),
        diagnoses,
        modules,
        attributes);
  }

  /**
   * A crash's attributes for the correlations, each once: every loaded module (its taint letters,
   * the kernel's "(OE)" after the name, stripped), every taint letter, the hardware.
   */
  static Set<String> attributes(CrashFacts c) {
    Set<String> out = new LinkedHashSet<>();
    for (String m : c.modules()) {
      out.add("module=" + withoutTaint(m));
    }
    if (c.taint() != null) {
      c.taint().chars().forEach(ch -> out.add("taint=" + (char) ch));
    }
    if (c.hardware() != null) {
      out.add("hardware=" + c.hardware());
    }
    return out;
  }

  /**
   * A loaded module's name without the taint letters the kernel prints after it ({@code
   * testmod(POE)}): from the first parenthesis when the name ends in one. A plain string operation:
   * it runs for every module of every crash.
   */
  static String withoutTaint(String module) {
    int open = module.indexOf('(');
    return open >= 0 && module.endsWith(")") ? module.substring(0, open) : module;
  }

  private static Instant min(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }
}
