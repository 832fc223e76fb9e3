package dev.oopslake.generate;

import java.util.List;
import java.util.Map;

/**
 * One bug of the catalog: the crash a file's ground truth names. Either structured (a {@link Shape}
 * filled with this bug's frames, parameters and entry paths, varied per build and per file) or
 * literal (a real report kept verbatim, such as the two seed cases).
 *
 * <p>Frame specs in {@code stack} are {@code [~][$]name [module]}: {@code ~} marks a frame the
 * compiler inlines in some builds (absent there), {@code $} one gcc may clone with a suffix ({@code
 * .isra.0}, {@code .constprop.0}); markers {@code <IRQ>}, {@code </IRQ>}, {@code <NMI>}, {@code
 * <EOE>}, ... are passed through.
 *
 * @param id the bug id written to ground_truth.csv
 * @param crashClass the class a parser should give the report (e.g. {@code null-ptr-deref})
 * @param weight relative popularity: a few bugs are common, most are rare
 * @param families kernel families the bug occurs on
 * @param releases if not empty, the only builds it occurs on
 * @param machine if set, the only hardware profile it occurs on
 * @param literal the verbatim report (console lines with their own prefixes), for seed cases
 * @param repeat how often the report is printed (before the tail, for literal ones): [min, max]
 * @param again for literal reports, the text of the second and later printings when it differs from
 *     the first (e.g. the taint gained W after the first one), else null
 * @param tail literal lines printed after the (repeated) report, e.g. the panic it led to
 * @param entries entry kinds ({@code syscall:NAME}, {@code workqueue}, {@code kthread}, {@code
 *     softirq}) the bug is reached through; one is drawn per crash
 * @param modules modules the host must have loaded, with taint flags, e.g. {@code nvidia(POE)}
 * @param panic the panic reason when the report is followed by a panic with its own stack (e.g.
 *     {@code softlockup: hung tasks}), else null
 * @param panicStack frames between {@code panic} and the entry path in that panic's trace
 */
public record CrashTemplate(
    String id,
    String crashClass,
    int weight,
    List<String> families,
    List<String> releases,
    String machine,
    String shape,
    String literal,
    List<Integer> repeat,
    String again,
    String tail,
    Map<String, List<String>> params,
    List<String> stack,
    List<String> entries,
    List<String> modules,
    String panic,
    List<String> panicStack,
    String note) {

  public CrashTemplate {
    Catalog.require(id, "template id");
    Catalog.require(crashClass, "class of template " + id);
    Catalog.check(weight > 0, "template %s: weight must be positive, was %d", id, weight);
    Catalog.check(families != null && !families.isEmpty(), "template %s names no family", id);
    Catalog.check(
        (shape == null) != (literal == null), "template %s needs exactly one of shape/literal", id);
    families = List.copyOf(families);
    releases = releases == null ? List.of() : List.copyOf(releases);
    repeat = repeat == null ? List.of(1, 1) : List.copyOf(repeat);
    Catalog.check(
        repeat.size() == 2 && repeat.get(0) >= 1 && repeat.get(1) >= repeat.get(0),
        "template %s: repeat must be [min, max] with 1 <= min <= max",
        id);
    // Sorted: the renderer draws one value per parameter in this order, and Map.copyOf's order
    // changes from one JVM to the next, which made a sample differ between runs.
    params =
        params == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(params));
    stack = stack == null ? List.of() : List.copyOf(stack);
    entries = entries == null ? List.of() : List.copyOf(entries);
    modules = modules == null ? List.of() : List.copyOf(modules);
    panicStack = panicStack == null ? List.of() : List.copyOf(panicStack);
    if (shape != null) {
      Catalog.check(!entries.isEmpty(), "template %s needs entries", id);
    }
  }

  boolean isLiteral() {
    return literal != null;
  }
}
