package dev.oopslake.parse;

import java.util.List;

/**
 * The parser's answer for one file: its status, why (when rejected) and the reports found, primary
 * first.
 */
public record ParsedFile(FileOutcome status, String reason, List<Report> reports) {

  public ParsedFile {
    if (status == null) {
      throw new IllegalArgumentException("status must not be null");
    }
    reports = List.copyOf(reports);
    if (status == FileOutcome.CRASH && reports.isEmpty()) {
      throw new IllegalArgumentException("a crash file needs at least one report");
    }
    if (status != FileOutcome.CRASH && !reports.isEmpty()) {
      throw new IllegalArgumentException(status + " file must not carry reports");
    }
    if (status == FileOutcome.REJECTED && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("a rejected file needs a reason");
    }
  }

  public static ParsedFile rejected(String reason) {
    return new ParsedFile(FileOutcome.REJECTED, reason, List.of());
  }

  public static ParsedFile noCrash() {
    return new ParsedFile(FileOutcome.NO_CRASH, null, List.of());
  }

  public static ParsedFile crash(List<Report> reports) {
    return new ParsedFile(FileOutcome.CRASH, null, reports);
  }

  /** Longest reason kind kept in counts; a longer one is cut (a reason may quote an exception). */
  private static final int MAX_REASON_KIND = 40;

  /**
   * The kind of a rejection reason, for counting rejections by reason: reasons read {@code "kind:
   * detail"} (e.g. {@code "gzip: truncated input"}, {@code "binary data: 3 of 4096 ..."}, {@code
   * "not found: deleted after it was listed"}), so the kind is the text before the first colon, or
   * the whole reason (e.g. {@code "empty input"}).
   */
  public static String reasonKind(String reason) {
    if (reason == null || reason.isBlank()) {
      return "unknown";
    }
    int colon = reason.indexOf(':');
    String kind = (colon > 0 ? reason.substring(0, colon) : reason).strip();
    if (kind.isEmpty()) {
      return "unknown";
    }
    return kind.length() <= MAX_REASON_KIND ? kind : kind.substring(0, MAX_REASON_KIND);
  }
}
