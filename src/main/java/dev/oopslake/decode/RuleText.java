package dev.oopslake.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A diagnosis text template, parsed and checked once: {@code {field}} inserts a {@link FactFields}
 * value, {@code {field|fallback}} uses the fallback when the fact is unknown, and {@code
 * {caller_of:GLOB,GLOB...}} inserts the frame just below the topmost run of frames matching a GLOB
 * (the function that called, say, {@code rt_spin_lock*}).
 */
final class RuleText {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}|]*)(?:\\|([^{}]*))?\\}");
  private static final String CALLER_OF = "caller_of:";
  private static final String UNKNOWN = "(unknown)";

  /** Literal text or a placeholder. */
  private record Part(String literal, String field, List<Pattern> callerOf, String fallback) {}

  private final List<Part> parts;

  private RuleText(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  static RuleText compile(String template, String where) {
    List<Part> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int last = 0;
    while (m.find()) {
      parts.add(new Part(template.substring(last, m.start()), null, null, null));
      String name = m.group(1).strip();
      String fallback = m.group(2);
      if (name.startsWith(CALLER_OF)) {
        List<Pattern> globs = new ArrayList<>();
        for (String glob : name.substring(CALLER_OF.length()).split(",")) {
          if (!glob.isBlank()) {
            globs.add(Globs.compile(glob.strip(), where));
          }
        }
        if (globs.isEmpty()) {
          throw new RuleError(where + ": placeholder {" + name + "} needs a frame glob");
        }
        parts.add(new Part("", null, List.copyOf(globs), fallback));
      } else if (FactFields.FIELDS.containsKey(name)) {
        parts.add(new Part("", name, null, fallback));
      } else {
        throw new RuleError(
            where
                + ": unknown placeholder {"
                + name
                + "} in text (known: "
                + String.join(", ", FactFields.FIELDS.keySet())
                + ", caller_of:GLOB,GLOB...)");
      }
      last = m.end();
    }
    String tail = template.substring(last);
    if (tail.indexOf('{') >= 0 || tail.indexOf('}') >= 0) {
      throw new RuleError(
          where
              + ": unbalanced '{' or '}' in text near \""
              + tail.strip().replace("\n", "\\n")
              + "\"");
    }
    parts.add(new Part(tail, null, null, null));
    return new RuleText(parts);
  }

  String render(CrashFacts facts) {
    StringBuilder sb = new StringBuilder();
    for (Part p : parts) {
      if (p.field() == null && p.callerOf() == null) {
        sb.append(p.literal());
        continue;
      }
      Object value =
          p.callerOf() != null ? callerOf(p.callerOf(), facts) : FactFields.value(p.field(), facts);
      String text = value == null ? "" : String.valueOf(value);
      if (text.isEmpty()) {
        text = p.fallback() != null ? p.fallback() : UNKNOWN;
      }
      sb.append(text);
    }
    return sb.toString().strip();
  }

  private static String callerOf(List<Pattern> globs, CrashFacts facts) {
    List<String> frames = facts.frames();
    int i = 0;
    while (i < frames.size() && !matchesAny(globs, frames.get(i))) {
      i++;
    }
    while (i < frames.size() && matchesAny(globs, frames.get(i))) {
      i++;
    }
    return i > 0 && i < frames.size() ? frames.get(i) : null;
  }

  private static boolean matchesAny(List<Pattern> globs, String frame) {
    for (Pattern p : globs) {
      if (p.matcher(frame).matches()) {
        return true;
      }
    }
    return false;
  }
}
