package dev.oopslake.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step 4 of parsing: the syzbot-style title, its alternatives and the type, from a class's
 * template, the header's named groups and the guilty function.
 */
final class TitleBuilder {
  private TitleBuilder() {}

  /** Used where the template wants a function and none could be found (syzbot's convention). */
  static final String CORRUPTED = "corrupted";

  private static final Pattern TOKEN = Pattern.compile("\\{([A-Za-z]+)\\}");
  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  /** Values for a template: header groups, context groups, the guilty function. */
  static final class Values {
    final java.util.Map<String, String> map = new java.util.HashMap<>();

    void addGroups(Matcher m, Pattern p) {
      Matcher names = GROUP_NAME.matcher(p.pattern());
      while (names.find()) {
        String name = names.group(1);
        String v = m.group(name);
        if (v != null && !map.containsKey(name)) {
          map.put(name, v);
        }
      }
    }

    void put(String name, String value) {
      if (value != null) {
        map.put(name, value);
      }
    }
  }

  static String fill(String template, Values values) {
    Matcher m = TOKEN.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String v = values.map.get(name);
      if (v == null && name.equals("ACCESS")) {
        v = values.map.get("access");
      }
      if (v == null && name.equals("KIND")) {
        v = values.map.get("kind");
      }
      if (v == null) {
        v = "";
      } else if (Character.isUpperCase(name.charAt(0))) {
        v = v.toUpperCase(Locale.ROOT);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(normalizeValue(name, v)));
    }
    m.appendTail(sb);
    String out = SPACES.matcher(sb).replaceAll(" ").trim();
    return out.endsWith("-") ? out.substring(0, out.length() - 1) : out;
  }

  private static final Pattern SPACES = Pattern.compile("\\s{2,}");
  private static final Pattern DIGITS_IN_WORD = Pattern.compile("\\d+(?=[A-Za-z])");
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  /**
   * Free-text parts of titles (panic reasons, messages) lose their numbers, so the same message
   * with another pid, size or device number gives the same title (syzbot's NUM convention).
   */
  static String scrubNumbers(String v) {
    String s = DIGITS_IN_WORD.matcher(v).replaceAll("N");
    return NUMBER.matcher(s).replaceAll("NUM");
  }

  /** Small wording normalisations so titles stay comparable across kernel versions. */
  private static String normalizeValue(String name, String v) {
    if (name.equals("lockbug") && !v.isEmpty()) {
      // lockdep changed the capitalisation of its messages over time.
      return Character.toLowerCase(v.charAt(0)) + v.substring(1);
    }
    if (name.equals("reason") || name.equals("what")) {
      return scrubNumbers(v);
    }
    if (name.equalsIgnoreCase("kind")) {
      if (v.equals("Undefined behaviour")) {
        return "undefined-behaviour";
      }
      if (v.equals("UNDEFINED BEHAVIOUR")) {
        return "UNDEFINED-BEHAVIOUR";
      }
    }
    return v;
  }

  /** Alternative titles: the syzbot families that group classes across wording changes. */
  static List<String> altTitles(String type, String title, String func) {
    List<String> out = new ArrayList<>();
    if (func == null) {
      return out;
    }
    if (type.startsWith("KASAN")
        || type.startsWith("KMSAN")
        || type.startsWith("KFENCE")
        || type.equals("MEMORY_SAFETY_BUG")
        || type.equals("NULL-POINTER-DEREFERENCE")
        || title.startsWith("general protection fault")) {
      out.add("bad-access in " + func);
    } else if (type.equals("HANG")) {
      out.add(title.startsWith("INFO: task") ? "hang in " + func : "stall in " + func);
    }
    out.remove(title);
    return out;
  }
}
