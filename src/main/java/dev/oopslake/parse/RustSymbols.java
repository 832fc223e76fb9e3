package dev.oopslake.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Rust symbols as the kernel prints them, demangled. The kernel builds its Rust code with the v0
 * mangling scheme ({@code -Csymbol-mangling-version=v0}, rust/Makefile), so a trace through Rust
 * reads {@code _RNvMs3_NtCs..._6binder7processNtB5_7Process10update_ref}; people and syzbot say
 * {@code <binder::process::Process>::update_ref}. This follows the grammar of the Rust reference's
 * "v0 Symbol Format" chapter for paths, impls, generic arguments, types and integer constants, and
 * prints as {@code rustc-demangle}'s short form (no crate hashes, no lifetimes). A symbol outside
 * what it reads (punycode identifiers, non-integer constants) is left as printed.
 */
final class RustSymbols {
  private RustSymbols() {}

  /** The demangled name of a v0 symbol ({@code _R...}), or null when it is none or unreadable. */
  static String demangle(String symbol) {
    if (symbol == null || !symbol.startsWith("_R") || symbol.length() < 4) {
      return null;
    }
    try {
      Reader r = new Reader(symbol.substring(2));
      while (r.peek() >= '0' && r.peek() <= '9') {
        r.pos++; // an encoding version, none defined yet
      }
      String out = r.path();
      // An instantiating crate and a vendor suffix (".llvm.123") may follow: not part of the name.
      // An empty one (a crate named by zero bytes) is no name for a frame.
      return out.isEmpty() ? null : out;
    } catch (Unreadable | IllegalArgumentException | ArithmeticException e) {
      // IllegalArgumentException, ArithmeticException: a char constant that is no code point.
      return null;
    }
  }

  /** A symbol this reader cannot follow: the caller keeps it as printed. */
  private static final class Unreadable extends RuntimeException {
    Unreadable() {
      super(null, null, false, false);
    }
  }

  private static final class Reader {
    /** Backreferences may chain; real symbols nest a few levels, a crafted one must not loop. */
    private static final int MAX_DEPTH = 64;

    /**
     * Paths and types read in all, backreferences re-read: a crafted symbol whose generic arguments
     * point back at each other doubles its output per level.
     */
    private static final int MAX_STEPS = 4_096;

    private int steps;

    private final String s;
    private int pos;
    private int depth;

    Reader(String s) {
      this.s = s;
    }

    char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    char next() {
      if (pos >= s.length()) {
        throw new Unreadable();
      }
      return s.charAt(pos++);
    }

    boolean eat(char c) {
      if (peek() == c) {
        pos++;
        return true;
      }
      return false;
    }

    String path() {
      enter();
      try {
        char tag = next();
        switch (tag) {
          case 'C':
            return identifier().name();
          case 'M':
            implPath();
            return "<" + type() + ">";
          case 'X':
            {
              implPath();
              String self = type();
              return "<" + self + " as " + path() + ">";
            }
          case 'Y':
            {
              String self = type();
              return "<" + self + " as " + path() + ">";
            }
          case 'N':
            {
              char ns = next();
              String parent = path();
              Ident id = identifier();
              if (ns >= 'A' && ns <= 'Z') {
                String kind = ns == 'C' ? "closure" : ns == 'S' ? "shim" : String.valueOf(ns);
                return parent
                    + "::{"
                    + kind
                    + (id.name().isEmpty() ? "" : ":" + id.name())
                    + "#"
                    + id.disambiguator()
                    + "}";
              }
              return id.name().isEmpty() ? parent : parent + "::" + id.name();
            }
          case 'I':
            {
              String base = path();
              List<String> args = new ArrayList<>();
              while (!eat('E')) {
                String a = genericArg();
                if (a != null) {
                  args.add(a);
                }
              }
              return args.isEmpty() ? base : base + "::<" + String.join(", ", args) + ">";
            }
          case 'B':
            return backref(this::path);
          default:
            throw new Unreadable();
        }
      } finally {
        depth--;
      }
    }

    private void enter() {
      if (++depth > MAX_DEPTH || ++steps > MAX_STEPS) {
        throw new Unreadable();
      }
    }

    /** An impl's own path (where the impl block is): disambiguates, never printed. */
    private void implPath() {
      if (eat('s')) {
        base62();
      }
      path();
    }

    private String backref(java.util.function.Supplier<String> what) {
      int start = pos - 1;
      long target = base62();
      if (target >= start) {
        throw new Unreadable(); // a backreference points strictly backwards
      }
      int saved = pos;
      pos = (int) target;
      try {
        return what.get();
      } finally {
        pos = saved;
      }
    }

    private record Ident(String name, long disambiguator) {}

    private Ident identifier() {
      long dis = eat('s') ? Math.min(base62(), Long.MAX_VALUE - 1) + 1 : 0;
      if (eat('u')) {
        throw new Unreadable(); // punycode: not in kernel symbols
      }
      return new Ident(identifierOnly(), dis);
    }

    private long decimal() {
      char c = next();
      if (c < '0' || c > '9') {
        throw new Unreadable();
      }
      long v = c - '0';
      if (v == 0) {
        return 0;
      }
      while (peek() >= '0' && peek() <= '9') {
        v = v * 10 + (next() - '0');
        if (v > Integer.MAX_VALUE) {
          throw new Unreadable();
        }
      }
      return v;
    }

    /**
     * "_" is 0; digits and letters in base 62 then "_" are their value plus one. Crate hashes run
     * past a long (11 digits): their value only disambiguates, so it saturates.
     */
    private long base62() {
      if (eat('_')) {
        return 0;
      }
      long v = 0;
      while (true) {
        char c = next();
        if (c == '_') {
          return v == Long.MAX_VALUE ? v : v + 1;
        }
        int d;
        if (c >= '0' && c <= '9') {
          d = c - '0';
        } else if (c >= 'a' && c <= 'z') {
          d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'Z') {
          d = c - 'A' + 36;
        } else {
          throw new Unreadable();
        }
        v = v > (Long.MAX_VALUE - d) / 62 ? Long.MAX_VALUE : v * 62 + d;
      }
    }

    private String genericArg() {
      if (eat('L')) {
        base62();
        return null; // lifetimes: the short form leaves them out
      }
      if (eat('K')) {
        return constant();
      }
      return type();
    }

    private static String basic(char c) {
      return switch (c) {
        case 'a' -> "i8";
        case 'b' -> "bool";
        case 'c' -> "char";
        case 'd' -> "f64";
        case 'e' -> "str";
        case 'f' -> "f32";
        case 'h' -> "u8";
        case 'i' -> "isize";
        case 'j' -> "usize";
        case 'l' -> "i32";
        case 'm' -> "u32";
        case 'n' -> "i128";
        case 'o' -> "u128";
        case 's' -> "i16";
        case 't' -> "u16";
        case 'u' -> "()";
        case 'v' -> "...";
        case 'x' -> "i64";
        case 'y' -> "u64";
        case 'z' -> "!";
        case 'p' -> "_";
        default -> null;
      };
    }

    String type() {
      enter();
      try {
        char c = peek();
        String b = basic(c);
        if (b != null) {
          pos++;
          return b;
        }
        switch (c) {
          case 'C', 'M', 'X', 'Y', 'N', 'I':
            return path();
          case 'B':
            pos++;
            return backref(this::type);
          case 'R', 'Q':
            {
              pos++;
              if (eat('L')) {
                base62();
              }
              return (c == 'R' ? "&" : "&mut ") + type();
            }
          case 'P':
            pos++;
            return "*const " + type();
          case 'O':
            pos++;
            return "*mut " + type();
          case 'S':
            pos++;
            return "[" + type() + "]";
          case 'A':
            {
              pos++;
              String t = type();
              return "[" + t + "; " + constant() + "]";
            }
          case 'T':
            {
              pos++;
              List<String> parts = new ArrayList<>();
              while (!eat('E')) {
                parts.add(type());
              }
              return parts.size() == 1
                  ? "(" + parts.get(0) + ",)"
                  : "(" + String.join(", ", parts) + ")";
            }
          case 'F':
            {
              pos++;
              binder();
              boolean unsafe = eat('U');
              String abi = "";
              if (eat('K')) {
                abi = eat('C') ? "extern \"C\" " : "extern \"" + identifierOnly() + "\" ";
              }
              List<String> params = new ArrayList<>();
              while (!eat('E')) {
                params.add(type());
              }
              String ret = type();
              return (unsafe ? "unsafe " : "")
                  + abi
                  + "fn("
                  + String.join(", ", params)
                  + ")"
                  + (ret.equals("()") ? "" : " -> " + ret);
            }
          case 'D':
            {
              pos++;
              binder();
              List<String> traits = new ArrayList<>();
              while (!eat('E')) {
                String trait = path();
                List<String> bindings = new ArrayList<>();
                while (eat('p')) {
                  String name = identifierOnly();
                  bindings.add(name + " = " + type());
                }
                if (!bindings.isEmpty()) {
                  // The associated types go inside the trait's generic list, if it has one.
                  trait =
                      trait.endsWith(">")
                          ? trait.substring(0, trait.length() - 1)
                              + ", "
                              + String.join(", ", bindings)
                              + ">"
                          : trait + "<" + String.join(", ", bindings) + ">";
                }
                traits.add(trait);
              }
              if (!eat('L')) {
                throw new Unreadable();
              }
              base62();
              return "dyn " + String.join(" + ", traits);
            }
          default:
            throw new Unreadable();
        }
      } finally {
        depth--;
      }
    }

    /** A length, an optional "_" separating it from a name that starts with a digit or "_". */
    private String identifierOnly() {
      long len = decimal();
      eat('_');
      if (len > s.length() - pos) {
        throw new Unreadable();
      }
      String name = s.substring(pos, pos + (int) len);
      pos += (int) len;
      return name;
    }

    private void binder() {
      if (eat('G')) {
        base62();
      }
    }

    /** Integer, bool and char constants, and backreferences to them; placeholders as "_". */
    private String constant() {
      char c = next();
      if (c == 'p') {
        return "_";
      }
      if (c == 'B') {
        return backref(this::constant);
      }
      String t = basic(c);
      if (t == null || c == 'e' || c == 'u' || c == 'v' || c == 'z' || c == 'd' || c == 'f') {
        throw new Unreadable();
      }
      boolean negative = eat('n');
      int start = pos;
      while (peek() != '_') {
        char h = next();
        if (Character.digit(h, 16) < 0) {
          throw new Unreadable();
        }
      }
      String hex = s.substring(start, pos);
      pos++; // '_'
      java.math.BigInteger v =
          hex.isEmpty() ? java.math.BigInteger.ZERO : new java.math.BigInteger(hex, 16);
      return switch (c) {
        case 'b' -> v.signum() == 0 ? "false" : "true";
        case 'c' -> "'" + new String(Character.toChars(v.intValueExact())) + "'";
        default -> (negative ? "-" : "") + v;
      };
    }
  }
}
