package dev.oopslake.decode;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Name patterns in rule files: a glob ({@code rt_spin_lock*}, {@code *_bh}, {@code ?}) matched
 * against the whole name, or a regex when written {@code re:...}.
 */
public final class Globs {
  private Globs() {}

  private static final String REGEX_PREFIX = "re:";

  /**
   * Compiles a glob (or {@code re:} regex); a bad regex is a {@link RuleError} naming {@code
   * where}.
   */
  public static Pattern compile(String glob, String where) {
    if (glob.startsWith(REGEX_PREFIX)) {
      return regex(glob.substring(REGEX_PREFIX.length()), where);
    }
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(re.toString());
  }

  static Pattern regex(String regex, String where) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new RuleError(
          where + ": bad regular expression '" + regex + "': " + e.getDescription());
    }
  }
}
