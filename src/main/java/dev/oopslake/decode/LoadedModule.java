package dev.oopslake.decode;

import dev.oopslake.util.Memo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of the "Modules linked in:" list with its taint flags, e.g. {@code testmod(OE-)}:
 * out-of-tree, unsigned, being unloaded.
 *
 * <p>{@code print_modules()} prints each module's taint letters (the module subset of the kernel's
 * taint letters: P, O, F, C, E, K, X, T, N) followed by {@code +} while it is loading or {@code -}
 * while it is being unloaded.
 *
 * @param flags the letters between the parentheses, as printed
 */
public record LoadedModule(String name, String flags) {

  public LoadedModule {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("module name must not be blank");
    }
    flags = flags == null ? "" : flags;
  }

  // A module token: kernel module names are [A-Za-z0-9_-], flags are letters and +/-
  private static final Pattern MODULE =
      Pattern.compile("([A-Za-z0-9_][A-Za-z0-9_\\-]*)(?:\\(([A-Za-z+\\-]*)\\))?");

  // Not modules: bracketed notes the kernel appends, e.g. [last unloaded: foo], [permanent]
  private static final Pattern BRACKETED = Pattern.compile("\\[[^\\]]*\\]?");

  private static final Pattern LAST_UNLOADED = Pattern.compile("\\[last unloaded: ([^\\]\\s]+)");

  private static final String HEADER = "Modules linked in:";

  /**
   * Splits the text after "Modules linked in:" (already joined across wrapped lines; the header
   * itself is tolerated). Junk tokens (timestamps, truncation, bracketed notes) are skipped, never
   * thrown on; a module listed twice is kept once.
   */
  public static List<LoadedModule> parseList(String text) {
    if (text == null) {
      return List.of();
    }
    return PARSED_LISTS.get(text, LoadedModule::parseListUncached);
  }

  // Lists are long (hundreds of modules on a distro kernel), so fewer are kept than releases.
  private static final Memo<String, List<LoadedModule>> PARSED_LISTS = new Memo<>(256);

  private static List<LoadedModule> parseListUncached(String text) {
    String body = text;
    int header = body.indexOf(HEADER);
    if (header >= 0) {
      body = body.substring(header + HEADER.length());
    }
    body = BRACKETED.matcher(body).replaceAll(" ");
    List<LoadedModule> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String token : body.trim().split("\\s+")) {
      Matcher m = MODULE.matcher(token);
      if (token.isEmpty() || !m.matches() || !hasLetter(m.group(1))) {
        continue;
      }
      if (seen.add(m.group(1))) {
        out.add(new LoadedModule(m.group(1), m.group(2)));
      }
    }
    return List.copyOf(out);
  }

  private static boolean hasLetter(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** The module named in a trailing {@code [last unloaded: foo]}, if any. */
  public static Optional<String> lastUnloaded(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = LAST_UNLOADED.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * Finds a module by the name a frame prints ({@code [testmod]}); '-' and '_' are the same to the
   * module loader.
   */
  public static Optional<LoadedModule> find(List<LoadedModule> modules, String name) {
    if (name == null || modules == null) {
      return Optional.empty();
    }
    String key = normalise(name);
    return modules.stream().filter(m -> normalise(m.name()).equals(key)).findFirst();
  }

  private static String normalise(String name) {
    return name.replace('-', '_').toLowerCase(Locale.ROOT);
  }

  public boolean outOfTree() {
    return flags.indexOf('O') >= 0;
  }

  public boolean unsigned() {
    return flags.indexOf('E') >= 0;
  }

  public boolean proprietary() {
    return flags.indexOf('P') >= 0;
  }

  public boolean forced() {
    return flags.indexOf('F') >= 0;
  }

  public boolean staging() {
    return flags.indexOf('C') >= 0;
  }

  public boolean unloading() {
    return flags.indexOf('-') >= 0;
  }

  public boolean loading() {
    return flags.indexOf('+') >= 0;
  }

  /** {@code testmod(OE-)} as printed. */
  public String display() {
    return flags.isEmpty() ? name : name + "(" + flags + ")";
  }

  /**
   * Each flag with its meaning on a kernel (nullable), e.g. "O: out-of-tree module loaded; -: being
   * unloaded"; letters mean what the kernel's taint letters mean (so T on RHEL 7 is a technology
   * preview module).
   */
  public String describeFlags(KernelRelease kernel) {
    StringBuilder sb = new StringBuilder();
    for (char c : flags.toCharArray()) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      String meaning =
          switch (c) {
            case '+' -> "being loaded";
            case '-' -> "being unloaded";
            default -> moduleMeaning(Taint.meaningOf(c, kernel));
          };
      sb.append(c).append(": ").append(meaning);
    }
    return sb.toString();
  }

  // On a module the taint letters describe the module itself, not "a module was loaded".
  private static String moduleMeaning(String kernelMeaning) {
    return kernelMeaning
        .replace(" module loaded", " module")
        .replace("module force-loaded", "force-loaded");
  }
}
