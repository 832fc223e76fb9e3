package dev.oopslake.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the "Modules linked in:" list with its taint flags, e.g. {@code testmod(OE-)}:
 * out-of-tree, unsigned, being unloaded.
 */
public record LoadedModule(String name, String flags) {

  public LoadedModule {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("module name must not be blank");
    }
    flags = flags == null ? "" : flags;
  }

  /** Splits the text after "Modules linked in:" (already joined across wrapped lines). */
  public static List<LoadedModule> parseList(String text) {
    List<LoadedModule> out = new ArrayList<>();
    for (String token : text.trim().split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      int paren = token.indexOf('(');
      if (paren > 0 && token.endsWith(")")) {
        out.add(
            new LoadedModule(
                token.substring(0, paren), token.substring(paren + 1, token.length() - 1)));
      } else if (paren < 0) {
        out.add(new LoadedModule(token, ""));
      }
    }
    return List.copyOf(out);
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

  public boolean unloading() {
    return flags.indexOf('-') >= 0;
  }

  public boolean loading() {
    return flags.indexOf('+') >= 0;
  }
}
