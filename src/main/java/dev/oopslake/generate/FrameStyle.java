package dev.oopslake.generate;

/**
 * How each architecture prints one stack frame, and where its functions live, so the same function
 * in the same build always gets the same size, offset and address.
 */
final class FrameStyle {
  private FrameStyle() {}

  /** Function size in one build: stable per (release, name), so one build repeats itself. */
  static long length(String release, String name) {
    return 0x20 + Stable.pick(Stable.hash(release, name, "len"), 0x7c0);
  }

  /** Offset of the return address (or faulting pc) inside the function, for one call site. */
  static long offset(String release, String name, String site) {
    long len = length(release, name);
    return 1 + Stable.pick(Stable.hash(release, name, site, "off"), (int) len - 1);
  }

  /** Where the function starts, in the kernel's text or in module space. */
  static long start(String style, String release, String name, String module) {
    long h = Stable.hash(release, name, module == null ? "" : module, "addr");
    return switch (style) {
      case "x86-old" ->
          (module == null ? 0xffffffff81000000L : 0xffffffffa0000000L)
              + (Stable.pick(h, 0x800000) & ~0xfL);
      case "x86" ->
          (module == null ? 0xffffffff81000000L : 0xffffffffc0000000L)
              + (Stable.pick(h, 0x1000000) & ~0xfL);
      case "arm64" ->
          (module == null ? 0xffff800008000000L : 0xffff800001000000L)
              + (Stable.pick(h, 0x1000000) & ~0x3L);
      case "ppc64" ->
          (module == null ? 0xc000000000000000L : 0xc008000000000000L)
              + (Stable.pick(h, 0x2000000) & ~0x3L);
      default ->
          (module == null ? 0x0000000000100000L : 0x000003ff80000000L)
              + (Stable.pick(h, 0x1000000) & ~0x1L);
    };
  }

  static String hex(long v) {
    return Long.toHexString(v);
  }

  /** Lower-case hex of v, zero-padded to width; String.format is too slow for per-line use. */
  static String hex(long v, int width) {
    String s = Long.toHexString(v);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }

  static String hex16(long v) {
    String s = Long.toHexString(v);
    return "0".repeat(16 - s.length()) + s;
  }

  /** {@code name+0xoff/0xlen [module]}, the part every architecture prints the same way. */
  static String symbol(String release, String name, String module, String site) {
    StringBuilder sb = new StringBuilder(name.length() + 24);
    sb.append(name)
        .append("+0x")
        .append(hex(offset(release, name, site)))
        .append("/0x")
        .append(hex(length(release, name)));
    if (module != null) {
      sb.append(" [").append(module).append(']');
    }
    return sb.toString();
  }
}
