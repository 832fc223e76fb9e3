package dev.oopslake.generate;

/**
 * The printed skeleton of one kind of report on one kernel generation (e.g. an x86 5.x page-fault
 * Oops): literal text with {@code {placeholders}} that the renderer fills from the template, the
 * host and the build. A line that is only a block placeholder ({@code {trace}}, {@code {regs}},
 * {@code {modules}}, ...) expands to zero or more lines.
 *
 * @param die whether the report is an Oops ({@code die()}): taints D and, with panic_on_oops, ends
 *     in {@code Kernel panic - not syncing: Fatal exception}
 * @param fatal whether the text itself ends the system (it prints its own panic line)
 * @param traceFromCaller whether the top frame is printed as {@code RIP:} and the call trace starts
 *     at its caller (x86 faults and warnings), rather than at dump_stack. In this case, and
 *     whenever the shape prints {@code {regs}}, {@code {top}} is the first frame (the faulting pc);
 *     otherwise it is the template's culprit frame (marked {@code !})
 * @param fault the exception whose handler frames 6.x prints as {@code ?} noise above the trace
 *     ({@code pf}, {@code gp}, {@code ud}, {@code de}), or null
 * @param taintAfter taint letters the kernel adds once this report is printed (W, D, L, B, M)
 */
public record Shape(
    String id,
    String text,
    boolean die,
    boolean fatal,
    boolean traceFromCaller,
    String fault,
    String taintAfter) {
  public Shape {
    Catalog.require(id, "shape id");
    Catalog.require(text, "text of shape " + id);
    taintAfter = taintAfter == null ? "" : taintAfter;
  }
}
