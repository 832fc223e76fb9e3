package dev.oopslake.parse;

/**
 * One call-trace frame as printed: function, optional offset/length and module, whether the
 * unwinder marked it unreliable ({@code ?}), and the stack section it was in (task, irq, softirq,
 * nmi, exception).
 *
 * @param function symbol with compiler suffixes ({@code .isra.0}, {@code .constprop.1}, {@code
 *     .cold}, {@code .part.0}) removed, so the same source function always has the same name
 * @param symbol the symbol exactly as printed (suffixes kept); equals function when there were none
 */
public record Frame(
    String function,
    String offset,
    String module,
    boolean reliable,
    String section,
    String symbol) {

  public Frame {
    if (function == null || function.isEmpty()) {
      throw new IllegalArgumentException("frame function must not be empty");
    }
    offset = offset == null ? "" : offset;
    module = module == null ? "" : module;
    section = section == null ? "task" : section;
    symbol = symbol == null || symbol.isEmpty() ? function : symbol;
  }

  /** A frame whose printed symbol needed no normalising. */
  public Frame(String function, String offset, String module, boolean reliable, String section) {
    this(function, offset, module, reliable, section, function);
  }

  /** {@code func+0x1b/0x90 [mod]} — the canonical text used in tables. */
  public String display() {
    StringBuilder sb = new StringBuilder(function);
    if (!offset.isEmpty()) {
      sb.append('+').append(offset);
    }
    if (!module.isEmpty()) {
      sb.append(" [").append(module).append(']');
    }
    return sb.toString();
  }
}
