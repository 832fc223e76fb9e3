package dev.oopslake.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oopslake.util.Memo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The condition keys a rule's {@code when:} may use, each compiled once into a predicate over
 * {@link CrashFacts}. All keys of one map must hold; {@code any:} takes a list of maps of which one
 * must hold, {@code not:} a map that must not. A condition on a fact the log did not show is false.
 */
final class RuleConditions {
  private RuleConditions() {}

  /** A compiled condition. */
  interface Condition extends Predicate<CrashFacts> {}

  /** Compiles the value of one key; {@code where} names the rule and key for errors. */
  private interface KeyCompiler {
    Condition compile(JsonNode value, String where);
  }

  private static final Map<String, KeyCompiler> KEYS;

  static {
    Map<String, KeyCompiler> k = new LinkedHashMap<>();
    // the parser's crash class id; list of globs, any matches
    k.put("class", (v, w) -> anyGlob(CrashFacts::crashClass, v, w));
    // regex found in the title
    k.put("title", (v, w) -> regex(CrashFacts::title, v, w));
    // regex found in the panic reason ("Kernel panic - not syncing: ...")
    k.put("panic_reason", (v, w) -> regex(CrashFacts::panicReason, v, w));
    // regex found in the task name
    k.put("comm", (v, w) -> regex(CrashFacts::comm, v, w));
    // regex found in the kernel release
    k.put("kernel.release", (v, w) -> regex(f -> str("kernel.release", f), v, w));
    // globs on the guilty frame's function
    k.put("guilty_frame", (v, w) -> anyGlob(CrashFacts::guiltyFrame, v, w));
    // any frame matches any glob (plumbing frames included)
    k.put("frames", (v, w) -> frames(v, w, true));
    // no frame matches any glob
    k.put("frames_none", (v, w) -> frames(v, w, false));
    // guilty frame's module: present, absent, or its flags
    k.put(
        "guilty_module",
        (v, w) -> module(f -> Optional.ofNullable(blankToNull(f.guiltyModule())), v, w));
    // the culprit module (guilty, topmost module frame, or the one being (un)loaded)
    k.put("culprit_module", (v, w) -> module(CrashFacts::culpritModule, v, w));
    // some loaded module matches a glob
    k.put("module_loaded", (v, w) -> moduleLoaded(v, w));
    // the faulting address reads as a poison value whose id matches a glob (PoisonValue ids)
    k.put(
        "poison",
        (v, w) ->
            anyGlob(
                f ->
                    f.fault() == null || f.fault().poison() == null
                        ? null
                        : f.fault().poison().poison().id(),
                v,
                w));
    // the faulting address lies within 4095 bytes below zero: an error pointer (true/false)
    k.put(
        "fault.error_pointer",
        (v, w) -> {
          if (!v.isBoolean()) {
            throw new RuleError(w + ": needs true or false");
          }
          boolean want = v.asBoolean();
          // Like every condition, false when the report printed no address.
          return f ->
              f.fault() != null
                  && f.fault().address() != null
                  && f.fault().belowZero().isPresent() == want;
        });
    // the faulting access: read, write or execute; globs
    k.put(
        "fault.access",
        (v, w) ->
            anyGlob(
                f ->
                    f.fault() == null || f.fault().access() == null
                        ? null
                        : f.fault().access().id(),
                v,
                w));
    // all these taint letters are set, e.g. "W" or "OE"
    k.put("taint", RuleConditions::taint);
    // PREEMPT_RT kernel (true/false)
    k.put("kernel.rt", (v, w) -> bool("kernel.rt", v, w));
    // distro family globs, e.g. [RHEL/CentOS, Kylin]
    k.put("kernel.distro", (v, w) -> anyGlob(f -> str("kernel.distro", f), v, w));
    // arch globs, e.g. [x86_64]
    k.put("kernel.arch", (v, w) -> anyGlob(f -> str("kernel.arch", f), v, w));
    // release at least V.P
    k.put("kernel.at_least", (v, w) -> version(v, w, true));
    // release older than V.P
    k.put("kernel.before", (v, w) -> version(v, w, false));
    // preempt_count fields: a number or a comparison such as "> 0"
    for (String field :
        List.of(
            "preempt.preempt",
            "preempt.softirq",
            "preempt.softirq_disable",
            "preempt.hardirq",
            "preempt.nmi")) {
      k.put(field, (v, w) -> number(field, v, w));
    }
    // one of several condition maps holds
    k.put("any", RuleConditions::any);
    // the condition map does not hold
    k.put(
        "not",
        (v, w) -> {
          Condition inner = compileMap(v, w);
          return f -> !inner.test(f);
        });
    KEYS = Collections.unmodifiableMap(k);
  }

  /** Compiles a {@code when:} map; {@code where} is "source: rule 'id'". */
  static Condition compileMap(JsonNode map, String where) {
    if (map == null || !map.isObject() || map.isEmpty()) {
      throw new RuleError(where + ": 'when' must be a non-empty map of conditions");
    }
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    map.properties().forEach(entries::add);
    // Every rule runs on every report, and all of a map's conditions must hold: test the cheap
    // field comparisons first so most rules are rejected before any regex or frame scan runs.
    entries.sort(java.util.Comparator.comparingInt(e -> cost(e.getKey())));
    List<Condition> all = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : entries) {
      KeyCompiler kc = KEYS.get(e.getKey());
      String at = where + ": condition '" + e.getKey() + "'";
      if (kc == null) {
        throw new RuleError(
            where
                + ": unknown condition key '"
                + e.getKey()
                + "' (known: "
                + String.join(", ", KEYS.keySet())
                + ")");
      }
      all.add(kc.compile(e.getValue(), at));
    }
    Condition[] conditions = all.toArray(new Condition[0]);
    return f -> {
      for (Condition c : conditions) {
        if (!c.test(f)) {
          return false;
        }
      }
      return true;
    };
  }

  /** Rough evaluation cost of a condition key: field reads, then regexes, then list scans. */
  private static int cost(String key) {
    if (key.startsWith("preempt.") || key.equals("kernel.rt") || key.equals("taint")) {
      return 0;
    }
    if (key.equals("class") || key.startsWith("kernel.") || key.equals("guilty_module")) {
      return 1;
    }
    if (key.equals("title") || key.equals("panic_reason") || key.equals("comm")) {
      return 2;
    }
    return 3; // frames, module lists, nested any/not
  }

  private static Condition any(JsonNode v, String where) {
    if (!v.isArray() || v.isEmpty()) {
      throw new RuleError(where + ": needs a non-empty list of condition maps");
    }
    List<Condition> options = new ArrayList<>();
    for (JsonNode n : v) {
      options.add(compileMap(n, where));
    }
    Condition[] alternatives = options.toArray(new Condition[0]);
    return f -> {
      for (Condition c : alternatives) {
        if (c.test(f)) {
          return true;
        }
      }
      return false;
    };
  }

  private static String str(String field, CrashFacts f) {
    Object o = FactFields.value(field, f);
    return o == null ? null : o.toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String text(JsonNode v, String where) {
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new RuleError(where + ": needs a non-empty string");
    }
    return v.asText();
  }

  private static List<Pattern> globs(JsonNode v, String where) {
    List<Pattern> out = new ArrayList<>();
    if (v.isTextual()) {
      out.add(Globs.compile(text(v, where), where));
    } else if (v.isArray() && !v.isEmpty()) {
      for (JsonNode n : v) {
        out.add(Globs.compile(text(n, where), where));
      }
    } else {
      throw new RuleError(where + ": needs a glob or a non-empty list of globs");
    }
    return out;
  }

  /**
   * A condition's answer by value: every rule runs on every report, and the values it is asked
   * about (titles, task names, function and module names) are the same few thousand all night.
   */
  private static Predicate<String> memoized(Predicate<String> test) {
    Memo<String, Boolean> answers = new Memo<>(2_048);
    return value -> answers.get(value, test::test);
  }

  private static Condition anyGlob(Function<CrashFacts, String> field, JsonNode v, String where) {
    List<Pattern> globs = globs(v, where);
    Predicate<String> matches = memoized(value -> anyMatches(globs, value));
    return f -> {
      String value = field.apply(f);
      return value != null && matches.test(value);
    };
  }

  private static Condition regex(Function<CrashFacts, String> field, JsonNode v, String where) {
    Pattern p = Globs.regex(text(v, where), where);
    Predicate<String> found = memoized(value -> p.matcher(value).find());
    return f -> {
      String value = field.apply(f);
      return value != null && found.test(value);
    };
  }

  private static Condition frames(JsonNode v, String where, boolean wantMatch) {
    List<Pattern> globs = globs(v, where);
    Predicate<String> matches = memoized(frame -> anyMatches(globs, frame));
    return f -> {
      boolean found = false;
      for (String frame : f.frames()) {
        if (matches.test(frame)) {
          found = true;
          break;
        }
      }
      return found == wantMatch;
    };
  }

  private static boolean anyMatches(List<Pattern> globs, String value) {
    for (Pattern p : globs) {
      if (p.matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  /** What a module condition may ask. */
  private enum ModuleState {
    PRESENT,
    ABSENT,
    OUT_OF_TREE,
    UNSIGNED,
    PROPRIETARY,
    UNLOADING,
    LOADING
  }

  private static Condition module(
      Function<CrashFacts, Optional<String>> name, JsonNode v, String where) {
    String s = text(v, where);
    ModuleState state;
    try {
      state = ModuleState.valueOf(s.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new RuleError(
          where
              + ": unknown value '"
              + s
              + "' (known: present, absent, out-of-tree, unsigned, proprietary, unloading,"
              + " loading)");
    }
    return f -> {
      Optional<String> module = name.apply(f);
      if (state == ModuleState.ABSENT || state == ModuleState.PRESENT) {
        return module.isPresent() == (state == ModuleState.PRESENT);
      }
      Optional<LoadedModule> entry = module.flatMap(m -> LoadedModule.find(f.modules(), m));
      return entry
          .map(
              m ->
                  switch (state) {
                    case OUT_OF_TREE -> m.outOfTree();
                    case UNSIGNED -> m.unsigned();
                    case PROPRIETARY -> m.proprietary();
                    case UNLOADING -> m.unloading();
                    case LOADING -> m.loading();
                    default -> false;
                  })
          .orElse(false);
    };
  }

  private static Condition moduleLoaded(JsonNode v, String where) {
    List<Pattern> globs = globs(v, where);
    Predicate<String> matches = memoized(name -> anyMatches(globs, name));
    return f -> {
      for (LoadedModule m : f.modules()) {
        if (matches.test(m.name())) {
          return true;
        }
      }
      return false;
    };
  }

  private static Condition taint(JsonNode v, String where) {
    String letters = text(v, where);
    for (char c : letters.toCharArray()) {
      if (!Character.isLetter(c)) {
        throw new RuleError(where + ": taint takes letters such as \"OE\", got '" + letters + "'");
      }
    }
    return f -> letters.chars().allMatch(c -> f.taint().has((char) c));
  }

  private static Condition bool(String field, JsonNode v, String where) {
    if (!v.isBoolean()) {
      throw new RuleError(where + ": needs true or false");
    }
    boolean want = v.asBoolean();
    return f -> Boolean.valueOf(want).equals(FactFields.value(field, f));
  }

  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)$");

  private static Condition version(JsonNode v, String where, boolean atLeast) {
    String s = v.isNumber() ? v.asText() : text(v, where);
    Matcher m = VERSION.matcher(s.strip());
    if (!m.matches()) {
      throw new RuleError(where + ": needs a version such as \"4.4\", got '" + s + "'");
    }
    int major;
    int minor;
    try {
      major = Integer.parseInt(m.group(1));
      minor = Integer.parseInt(m.group(2));
    } catch (NumberFormatException e) {
      throw new RuleError(where + ": version '" + s + "' has a number too large");
    }
    return f -> f.kernel() != null && f.kernel().atLeast(major, minor) == atLeast;
  }

  private static final Pattern COMPARISON =
      Pattern.compile("^\\s*(==|!=|>=|<=|>|<)?\\s*(\\d+)\\s*$");

  private static Condition number(String field, JsonNode v, String where) {
    String s = v.isIntegralNumber() ? v.asText() : v.isTextual() ? v.asText() : "";
    Matcher m = COMPARISON.matcher(s);
    if (!m.matches()) {
      throw new RuleError(
          where + ": needs a number or a comparison such as \"> 0\", got '" + v.asText() + "'");
    }
    int n;
    try {
      n = Integer.parseInt(m.group(2));
    } catch (NumberFormatException e) {
      throw new RuleError(where + ": number " + m.group(2) + " is too large");
    }
    String op = m.group(1) == null ? "==" : m.group(1);
    IntPredicate cmp =
        switch (op) {
          case "!=" -> x -> x != n;
          case ">=" -> x -> x >= n;
          case "<=" -> x -> x <= n;
          case ">" -> x -> x > n;
          case "<" -> x -> x < n;
          default -> x -> x == n;
        };
    return f -> FactFields.value(field, f) instanceof Integer x && cmp.test(x);
  }
}
