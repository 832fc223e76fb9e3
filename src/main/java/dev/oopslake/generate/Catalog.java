package dev.oopslake.generate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generator's data: kernel families and their entry paths ({@code generate/kernels.yaml}),
 * hardware profiles ({@code generate/hardware.yaml}) and the crash templates with the report shapes
 * they fill ({@code generate/catalog.yaml}). Loaded once and cross-checked: every name a template
 * uses must exist, so a typo fails at load, not as an odd file in an archive.
 */
public record Catalog(
    Map<String, KernelFamily> families,
    Map<String, EntrySet> entrySets,
    List<Machine> machines,
    Map<String, Shape> shapes,
    List<CrashTemplate> templates,
    Map<String, List<String>> faultNoise) {

  /**
   * Crash classes a template may declare: ids of the parser's class table
   * (dev.oopslake.parse.CrashClasses), so ground truth and parsed reports speak the same words.
   */
  public static final Set<String> CLASSES =
      Set.of(
          "scheduling-while-atomic", // __schedule_bug: "BUG: scheduling while atomic:
          // comm/pid/0x..."
          "null-pointer-dereference", // page fault below PAGE_SIZE: "BUG: kernel NULL pointer
          // dereference"
          "page-fault", // other bad kernel address: "unable to handle page fault for address"
          "general-protection-fault", // x86 #GP, e.g. a non-canonical (poisoned) pointer
          "kernel-bug", // BUG()/BUG_ON(): "kernel BUG at file:line!"
          "warning", // WARN()/WARN_ON(): "WARNING: CPU: n PID: n at file:line func"
          "refcount", // a WARNING from refcount_warn_saturate: "refcount_t: underflow; ..."
          "netdev-tx-timeout", // dev_watchdog: "NETDEV WATCHDOG: eth0 (drv): transmit queue n
          // timed out"
          "soft-lockup", // watchdog: "BUG: soft lockup - CPU#n stuck for NNs!"
          "hard-lockup", // NMI watchdog: "Watchdog detected hard LOCKUP on cpu n"
          "rcu-stall", // "rcu: INFO: rcu_sched self-detected stall on CPU"
          "hung-task", // khungtaskd: "INFO: task comm:pid blocked for more than N seconds."
          "sleeping-in-atomic", // __might_sleep: "BUG: sleeping function called from invalid
          // context"
          "kasan-use-after-free", // KASAN: "BUG: KASAN: use-after-free in func"
          "list-corruption", // CONFIG_DEBUG_LIST: "list_del corruption" then kernel BUG
          "oops", // an Oops whose first line names no more specific class
          "out-of-memory-panic", // oom-killer with panic_on_oom: "Out of memory: ... panic_on_oom
          // is enabled"
          "divide-error", // x86 #DE: "divide error: 0000 [#1]"
          "machine-check", // MCE: "Machine check: Processor context corrupt", "Fatal machine check"
          "bad-page", // "BUG: Bad page state in process comm  pfn:..."
          "lockdep-deadlock" // "WARNING: possible circular locking dependency detected"
          );

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_0-9]+)}");

  /** Placeholders the renderer always knows; any other one must be a template parameter. */
  static final Set<String> BUILTIN_PLACEHOLDERS =
      Set.of(
          "trace",
          "regs",
          "modules",
          "cpu",
          "hw",
          "wq",
          "code",
          "stackwords",
          "end",
          "top",
          "topfn",
          "topaddr",
          "second",
          "comm",
          "comm15",
          "pid",
          "cpu_n",
          "release",
          "taint",
          "taint_short",
          "hex16",
          "hex8",
          "kaddr",
          "panic",
          "sys",
          "secs",
          "ptr",
          "ncpu",
          "cputag",
          "oopsflags",
          "summary",
          "blank",
          "tasks");

  public Catalog {
    families = Map.copyOf(families);
    entrySets = Map.copyOf(entrySets);
    machines = List.copyOf(machines);
    shapes = Map.copyOf(shapes);
    templates = List.copyOf(templates);
    faultNoise = Map.copyOf(faultNoise);
    validate(families, entrySets, machines, shapes, templates, faultNoise);
  }

  /** Loads the catalog shipped in the jar. */
  public static Catalog load() {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            // An absent flag (irq:, die:, ...) means false; an unknown key still fails the load.
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    KernelsFile kernels = read(yaml, "generate/kernels.yaml", KernelsFile.class);
    HardwareFile hardware = read(yaml, "generate/hardware.yaml", HardwareFile.class);
    TemplatesFile catalog = read(yaml, "generate/catalog.yaml", TemplatesFile.class);
    return new Catalog(
        byId(kernels.families(), KernelFamily::id),
        byId(kernels.entrySets(), EntrySet::id),
        hardware.machines(),
        byId(catalog.shapes(), Shape::id),
        catalog.templates(),
        kernels.faultNoise());
  }

  /** The template with this id. */
  public CrashTemplate template(String id) {
    for (CrashTemplate t : templates) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    throw new IllegalArgumentException("no template " + id);
  }

  record KernelsFile(
      List<EntrySet> entrySets,
      List<KernelFamily> families,
      Map<String, List<String>> faultNoise) {}

  record HardwareFile(List<Machine> machines) {}

  record TemplatesFile(List<Shape> shapes, List<CrashTemplate> templates) {}

  private static <T> T read(ObjectMapper yaml, String resource, Class<T> type) {
    try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return yaml.readValue(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  private static <T> Map<String, T> byId(List<T> items, java.util.function.Function<T, String> id) {
    Map<String, T> map = new LinkedHashMap<>();
    for (T item : items) {
      check(map.put(id.apply(item), item) == null, "duplicate id %s", id.apply(item));
    }
    return map;
  }

  private static void validate(
      Map<String, KernelFamily> families,
      Map<String, EntrySet> entrySets,
      List<Machine> machines,
      Map<String, Shape> shapes,
      List<CrashTemplate> templates,
      Map<String, List<String>> faultNoise) {
    for (KernelFamily f : families.values()) {
      check(
          entrySets.containsKey(f.entrySet()), "family %s: no entry set %s", f.id(), f.entrySet());
      check(machines.stream().anyMatch(m -> m.fits(f)), "family %s: no machine fits it", f.id());
    }
    for (Shape s : shapes.values()) {
      check(
          s.fault() == null || faultNoise.containsKey(s.fault()),
          "shape %s: unknown fault %s",
          s.id(),
          s.fault());
    }
    List<String> ids = new ArrayList<>();
    for (CrashTemplate t : templates) {
      check(!ids.contains(t.id()), "duplicate template id %s", t.id());
      ids.add(t.id());
      check(
          CLASSES.contains(t.crashClass()),
          "template %s: unknown class %s",
          t.id(),
          t.crashClass());
      for (String fid : t.families()) {
        KernelFamily f = families.get(fid);
        check(f != null, "template %s: unknown family %s", t.id(), fid);
        check(
            machines.stream()
                .anyMatch(m -> m.fits(f) && (t.machine() == null || m.id().equals(t.machine()))),
            "template %s: no machine for family %s",
            t.id(),
            fid);
        for (String entry : t.entries()) {
          String kind = entry.contains(":") ? entry.substring(0, entry.indexOf(':')) : entry;
          check(
              entrySets.get(f.entrySet()).paths().containsKey(kind),
              "template %s: entry %s unknown on family %s",
              t.id(),
              kind,
              fid);
        }
      }
      for (String r : t.releases()) {
        check(
            t.families().stream()
                .anyMatch(
                    fid ->
                        families.get(fid).builds().stream().anyMatch(b -> b.release().equals(r))),
            "template %s: release %s is in none of its families",
            t.id(),
            r);
      }
      check(
          t.machine() == null || machines.stream().anyMatch(m -> m.id().equals(t.machine())),
          "template %s: unknown machine %s",
          t.id(),
          t.machine());
      if (!t.isLiteral()) {
        Shape shape = shapes.get(t.shape());
        check(shape != null, "template %s: unknown shape %s", t.id(), t.shape());
        check(
            !t.stack().isEmpty() || !shape.text().contains("{trace}"),
            "template %s: empty stack",
            t.id());
        Matcher m = PLACEHOLDER.matcher(shape.text());
        while (m.find()) {
          String name = m.group(1);
          check(
              BUILTIN_PLACEHOLDERS.contains(name) || t.params().containsKey(name),
              "template %s: shape %s needs parameter {%s}",
              t.id(),
              t.shape(),
              name);
        }
        for (List<String> values : t.params().values()) {
          check(!values.isEmpty(), "template %s: a parameter has no values", t.id());
        }
      }
    }
    for (Shape s : shapes.values()) {
      check(
          templates.stream().anyMatch(t -> s.id().equals(t.shape())),
          "shape %s is used by no template",
          s.id());
    }
    for (KernelFamily f : families.values()) {
      check(
          templates.stream().anyMatch(t -> t.families().contains(f.id()) && isFatal(t, shapes)),
          "family %s has no fatal template to end a file whose first report is not fatal",
          f.id());
    }
  }

  /** Whether a report of this template ends the system (so nothing needs to follow it). */
  static boolean isFatal(CrashTemplate t, Map<String, Shape> shapes) {
    if (t.isLiteral()) {
      return true;
    }
    Shape s = shapes.get(t.shape());
    return s.die() || s.fatal() || t.panic() != null;
  }

  boolean isFatal(CrashTemplate t) {
    return isFatal(t, shapes);
  }

  static void require(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("catalog: missing " + what);
    }
  }

  static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException("catalog: " + String.format(format, args));
    }
  }
}
