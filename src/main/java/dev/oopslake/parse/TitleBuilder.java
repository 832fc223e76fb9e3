package dev.oopslake.parse;

import dev.oopslake.util.Memo;
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
      for (String name : GROUP_NAMES.get(p, TitleBuilder::groupNames)) {
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

  /** The named groups of each class pattern, read from its text once, not once per report. */
  private static final Memo<Pattern, List<String>> GROUP_NAMES = new Memo<>(1_024);

  private static List<String> groupNames(Pattern p) {
    List<String> names = new ArrayList<>();
    Matcher m = GROUP_NAME.matcher(p.pattern());
    while (m.find()) {
      names.add(m.group(1));
    }
    return List.copyOf(names);
  }

  /**
   * Each template split once into literal text and token names, alternating and starting with text:
   * "{func} in {x}" is ["", "func", " in ", "x", ""].
   */
  private static final Memo<String, List<String>> TEMPLATES = new Memo<>(1_024);

  private static List<String> split(String template) {
    List<String> parts = new ArrayList<>();
    Matcher m = TOKEN.matcher(template);
    int at = 0;
    while (m.find()) {
      parts.add(template.substring(at, m.start()));
      parts.add(m.group(1));
      at = m.end();
    }
    parts.add(template.substring(at));
    return List.copyOf(parts);
  }

  static String fill(String template, Values values) {
    List<String> parts = TEMPLATES.get(template, TitleBuilder::split);
    StringBuilder sb = new StringBuilder(parts.get(0));
    for (int k = 1; k < parts.size(); k += 2) {
      String name = parts.get(k);
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
      sb.append(normalizeValue(name, v)).append(parts.get(k + 1));
    }
    String out = SPACES.matcher(sb).replaceAll(" ").trim();
    return out.endsWith("-") ? out.substring(0, out.length() - 1) : out;
  }

  private static final Pattern SPACES = Pattern.compile("\\s{2,}");
  // A digit that is part of a name stays: "EXT4-fs" is no number.
  private static final Pattern DIGITS_IN_WORD = Pattern.compile("(?<!\\bEXT)\\d+(?=[A-Za-z])");
  private static final Pattern NUMBER = Pattern.compile("(?<!\\bEXT)\\d+");

  /**
   * Device names inside free-text titles, made DEV (syzbot's convention for "waiting for DEV to
   * become free"): the same error on sda1 of one host and nvme0n1p2 of another is one bug.
   */
  private static final Pattern DEVICE_NAME =
      Pattern.compile("\\b(EXT[234]-fs|XFS|BTRFS(?: error)?) \\((?:device )?[^)\\s]+\\)");

  /**
   * Free-text parts of titles (panic reasons, messages) lose their numbers and device names, so the
   * same message with another pid, size or device gives the same title (syzbot's NUM convention).
   */
  static String scrubNumbers(String v) {
    String s = DEVICE_NAME.matcher(v).replaceAll("$1 (DEV)");
    s = DIGITS_IN_WORD.matcher(s).replaceAll("N");
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
