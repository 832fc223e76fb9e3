package dev.oopslake.generate;

import dev.oopslake.generate.CorpusLogs.TemplateLog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ground truth of a corpus archive: which template logs are one bug. A corpus of parser test
 * cases holds the same crash several times (the one report with other output interleaved, cut
 * short, or printed by another console), and a fleet that hit that crash twice has one bug, not
 * two. So two templates are one bug when a kernel engineer would say so from the logs: <b>the same
 * expected title (the syzbot title in {@code expected.tsv}), and the same culprit reached from the
 * same callers</b> — the function the title names printed as a frame (or as the {@code RIP:}/{@code
 * pc :} line), followed by the same two reliable caller frames (syscall and exception entry not
 * counted). Anything less stays apart:
 *
 * <ul>
 *   <li>a title that names no culprit ({@code ... in corrupted}, or a title with no {@code in}):
 *       nothing says which code crashed, so two such logs are not known to be one bug;
 *   <li>the same title reached from other callers ("task hung in synchronize_rcu" from a packet
 *       bind and from a netdev unregister are two bugs that wait on one primitive);
 *   <li>a title whose function the log never prints as a frame, or with fewer than two callers
 *       below it other than syscall entry (an RCU stall in {@code kvm_vcpu_ioctl} says where the
 *       CPU looped, the ioctl entry below it says nothing of which loop).
 * </ul>
 *
 * This reads the logs with a bare frame pattern of its own, not with the parser: the truth must not
 * depend on the code it grades.
 */
final class TemplateBugs {

  /** Callers below the culprit that must agree. */
  static final int CALLERS = 2;

  /** Lines scanned after the culprit for its callers (register dumps sit between RIP and trace). */
  static final int SCAN_LINES = 40;

  /** A reliable frame as x86 and arm64 print it: {@code func+0x1f7/0x5a00 [mod]}. */
  private static final Pattern FRAME =
      Pattern.compile(
          "^(?:\\[[^\\]]*\\])*\\s+([A-Za-z_][\\w.$]*)\\+0x[0-9a-f]+/0x[0-9a-f]+(?:\\s+\\[[\\w\\-]+\\])?\\s*$");

  /** Where the CPU was, x86 ({@code RIP: 0010:func+0x}) and arm64 ({@code pc : func+0x}). */
  private static final Pattern LOCATION =
      Pattern.compile("(?:\\bRIP: [0-9a-f]{4}:|\\bpc : )([A-Za-z_][\\w.$]*)\\+0x");

  /**
   * Syscall and exception entry frames: every bug entered through one syscall shares them, so they
   * are no evidence that two stacks are one bug and are not counted as callers.
   */
  private static final Pattern ENTRY =
      Pattern.compile(
          "^(?:__(?:x64|ia32|arm64|se|do)_sys_|__sys_|sys_|ksys_|do_syscall|entry_|el0_|el1_"
              + "|do_fast_syscall|ret_from_fork|kthread$)");

  /** Compiler clone suffixes: the same source function across builds. */
  private static final Pattern CLONE =
      Pattern.compile("\\.(?:isra|constprop|part|cold)(?:\\.\\d+)?");

  private TemplateBugs() {}

  /**
   * The bug of every crash template, by name: the smallest name (in {@code templates}' order) of
   * the group it belongs to. Templates without a crash are absent.
   */
  static Map<String, String> bugOf(List<TemplateLog> templates) {
    Map<String, String> bug = new LinkedHashMap<>();
    // Same title first, then any shared culprit chain joins two templates.
    Map<String, List<TemplateLog>> byTitle = new TreeMap<>();
    for (TemplateLog t : templates) {
      if (!t.hasCrash()) {
        continue;
      }
      bug.put(t.name(), t.name());
      String culprit = culprit(t.title());
      if (culprit != null) {
        byTitle.computeIfAbsent(t.title(), k -> new ArrayList<>()).add(t);
      }
    }
    for (List<TemplateLog> same : byTitle.values()) {
      List<Set<List<String>>> chains = new ArrayList<>();
      for (TemplateLog t : same) {
        chains.add(chains(t.lines(), culprit(t.title())));
      }
      for (int i = 0; i < same.size(); i++) {
        for (int j = 0; j < i; j++) {
          if (!disjoint(chains.get(i), chains.get(j))) {
            String a = bug.get(same.get(i).name());
            String b = bug.get(same.get(j).name());
            String keep = a.compareTo(b) <= 0 ? a : b;
            String drop = keep.equals(a) ? b : a;
            bug.replaceAll((name, id) -> id.equals(drop) ? keep : id);
          }
        }
      }
    }
    return bug;
  }

  /** The function a title names last ({@code ... in func}), or null when it names none. */
  static String culprit(String title) {
    int in = title.lastIndexOf(" in ");
    if (in < 0) {
      return null;
    }
    String f = title.substring(in + 4).strip();
    return f.equals("corrupted") || !f.matches("[A-Za-z_]\\w*") ? null : f;
  }

  /**
   * For every line printing {@code culprit} as a frame or as the CPU's location, the next {@link
   * #CALLERS} reliable frames of other functions; occurrences with fewer are left out.
   */
  static Set<List<String>> chains(List<String> lines, String culprit) {
    Set<List<String>> out = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!culprit.equals(printed(lines.get(i)))) {
        continue;
      }
      List<String> chain = new ArrayList<>(CALLERS);
      for (int k = i + 1; k < lines.size() && k <= i + SCAN_LINES && chain.size() < CALLERS; k++) {
        Matcher m = FRAME.matcher(lines.get(k));
        if (m.matches()) {
          String f = CLONE.matcher(m.group(1)).replaceAll("");
          if (!f.equals(culprit) && !ENTRY.matcher(f).find()) {
            chain.add(f);
          }
        }
      }
      if (chain.size() == CALLERS) {
        out.add(List.copyOf(chain));
      }
    }
    return out;
  }

  /** The function a line prints as a reliable frame or as the CPU's location, or null. */
  private static String printed(String line) {
    Matcher m = FRAME.matcher(line);
    if (m.matches()) {
      return CLONE.matcher(m.group(1)).replaceAll("");
    }
    Matcher loc = LOCATION.matcher(line);
    return loc.find() ? CLONE.matcher(loc.group(1)).replaceAll("") : null;
  }

  private static boolean disjoint(Set<List<String>> a, Set<List<String>> b) {
    for (List<String> x : a) {
      if (b.contains(x)) {
        return false;
      }
    }
    return true;
  }
}
