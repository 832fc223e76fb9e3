package dev.oopslake.decode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The named fields of {@link CrashFacts} that diagnosis rules can test ({@code when}) and print
 * ({@code text}). Values are String, Integer or Boolean; null when the log did not show the fact.
 */
final class FactFields {
  private FactFields() {}

  /** Name → how to read it; the names are what rule files use. */
  static final Map<String, Function<CrashFacts, Object>> FIELDS;

  static {
    Map<String, Function<CrashFacts, Object>> f = new LinkedHashMap<>();
    // the parser's crash class id, e.g. scheduling-while-atomic
    f.put("class", CrashFacts::crashClass);
    // syzbot-style title, e.g. "BUG: scheduling while atomic in kthread_stop"
    f.put("title", CrashFacts::title);
    // the task that crashed ("Comm:" / "scheduling while atomic: comm/pid/...")
    f.put("comm", CrashFacts::comm);
    // text after "Kernel panic - not syncing: "
    f.put("panic_reason", CrashFacts::panicReason);
    // first frame that is not reporting/locking/scheduler plumbing
    f.put("guilty_frame", CrashFacts::guiltyFrame);
    // module of the guilty frame (null for core kernel)
    f.put("guilty_module", CrashFacts::guiltyModule);
    // guilty module, else topmost module frame, else the module being (un)loaded
    f.put("culprit_module", c -> c.culpritModule().orElse(null));
    // the culprit's taint flags with meanings, e.g. "O: out-of-tree module; -: being unloaded"
    f.put(
        "culprit_module_flags",
        c ->
            c.culpritModuleEntry()
                .map(m -> m.flags().isEmpty() ? null : m.describeFlags(c.kernel()))
                .orElse(null));
    // uname -r as printed
    f.put("kernel.release", c -> c.kernel() == null ? null : c.kernel().release());
    // upstream series, e.g. 3.10
    f.put("kernel.series", c -> c.kernel() == null ? null : c.kernel().series());
    // distro family, e.g. RHEL/CentOS, Kylin, upstream
    f.put("kernel.distro", c -> c.kernel() == null ? null : c.kernel().distro());
    // dist tag, e.g. el7, ky10, generic
    f.put("kernel.dist_tag", c -> c.kernel() == null ? null : c.kernel().distTag());
    // uname -m arch
    f.put("kernel.arch", c -> c.kernel() == null ? null : c.kernel().arch());
    // PREEMPT_RT kernel; a log without a release counts as not RT (RT fleets are the exception)
    f.put("kernel.rt", c -> c.kernel() != null && c.kernel().rt());
    // preempt_count as printed, 0x00000200
    f.put("preempt.value", c -> c.preemptCount() == null ? null : c.preemptCount().hex());
    // preemption depth (bits 0-7)
    f.put("preempt.preempt", c -> c.preemptCount() == null ? null : c.preemptCount().preempt());
    // 1 while serving softirqs (0x100)
    f.put("preempt.softirq", c -> c.preemptCount() == null ? null : c.preemptCount().softirq());
    // local_bh_disable() levels (0x200 each)
    f.put(
        "preempt.softirq_disable",
        c -> c.preemptCount() == null ? null : c.preemptCount().softirqDisable());
    // hard interrupt nesting
    f.put("preempt.hardirq", c -> c.preemptCount() == null ? null : c.preemptCount().hardirq());
    // NMI nesting
    f.put("preempt.nmi", c -> c.preemptCount() == null ? null : c.preemptCount().nmiCount());
    // human explanation of all fields
    f.put("preempt.explain", c -> c.preemptCount() == null ? null : c.preemptCount().explain());
    // which bit layout decoded it
    f.put("preempt.layout", c -> c.preemptCount() == null ? null : c.preemptCount().layout());
    // the faulting address as printed in hex, e.g. dead000000000108
    f.put("fault.address", c -> c.fault() == null ? null : c.fault().address());
    // the faulting access: read, write or execute (an instruction fetch)
    f.put(
        "fault.access",
        c -> c.fault() == null || c.fault().access() == null ? null : c.fault().access().id());
    // the faulting address as an error pointer, e.g. "-12 (-ENOMEM)"; null unless within 4095 below
    // 0
    f.put(
        "fault.error_pointer",
        c -> c.fault() == null ? null : c.fault().errorPointer().orElse(null));
    // the poison the faulting address reads as, e.g. LIST_POISON1 (include/linux/poison.h)
    f.put("poison.name", c -> poison(c) == null ? null : poison(c).poison().name());
    // the offset past the poison value ("+0x8"), empty at the value itself
    f.put("poison.offset", c -> poison(c) == null ? null : poison(c).offsetText());
    // what memory holding the poison was, and what reading a pointer from it means
    f.put("poison.meaning", c -> poison(c) == null ? null : poison(c).poison().meaning());
    // taint letters in print order, e.g. OET
    f.put("taint.letters", c -> c.taint().letters().isEmpty() ? null : c.taint().letters());
    // taint letters with meanings
    f.put("taint.flags", c -> c.taint().tainted() ? c.taint().describe() : null);
    FIELDS = Collections.unmodifiableMap(f);
  }

  private static PoisonValue.Match poison(CrashFacts c) {
    return c.fault() == null ? null : c.fault().poison();
  }

  static Object value(String name, CrashFacts facts) {
    return FIELDS.get(name).apply(facts);
  }
}
