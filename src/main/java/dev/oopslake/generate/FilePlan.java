package dev.oopslake.generate;

/**
 * Everything decided about one file before its text is rendered: where it goes, which host and
 * build it comes from, which bug it shows and which traps it carries. Planning is sequential and
 * cheap; rendering, the costly part, then runs in parallel from the plan and the file's own seed.
 *
 * @param path the file's path relative to the archive root, {@code .gz} included
 * @param template the primary crash's template, or null for a clean boot log
 * @param crashMicros uptime of the crash (or of the end of the log)
 * @param targetBytes rough size of the log before the crash
 * @param crlf whether lines end in CR LF (a log passed through a Windows tool)
 * @param garbled whether one line carries bytes that are not UTF-8
 * @param callerIds whether lines carry printk caller ids
 * @param truncated whether the file is cut off inside the crash report
 */
record FilePlan(
    int index,
    String path,
    boolean gzip,
    String host,
    KernelFamily family,
    KernelBuild build,
    Machine machine,
    CrashTemplate template,
    long crashMicros,
    int targetBytes,
    boolean crlf,
    boolean garbled,
    boolean callerIds,
    boolean truncated) {
  /** The same file without the traps (CRLF, bad bytes, caller ids, cut tail). */
  FilePlan withoutTraps() {
    return new FilePlan(
        index,
        path,
        gzip,
        host,
        family,
        build,
        machine,
        template,
        crashMicros,
        targetBytes,
        false,
        false,
        false,
        false);
  }
}
