package dev.oopslake.parse;

import java.util.List;

/**
 * The parser's answer for one file: its status, why (when rejected) and the reports found, primary
 * first.
 */
public record ParsedFile(FileStatus status, String reason, List<Report> reports) {

  public ParsedFile {
    if (status == null) {
      throw new IllegalArgumentException("status must not be null");
    }
    reports = List.copyOf(reports);
    if (status == FileStatus.CRASH && reports.isEmpty()) {
      throw new IllegalArgumentException("a crash file needs at least one report");
    }
    if (status != FileStatus.CRASH && !reports.isEmpty()) {
      throw new IllegalArgumentException(status + " file must not carry reports");
    }
    if (status == FileStatus.REJECTED && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("a rejected file needs a reason");
    }
  }

  public static ParsedFile rejected(String reason) {
    return new ParsedFile(FileStatus.REJECTED, reason, List.of());
  }

  public static ParsedFile noCrash() {
    return new ParsedFile(FileStatus.NO_CRASH, null, List.of());
  }

  public static ParsedFile crash(List<Report> reports) {
    return new ParsedFile(FileStatus.CRASH, null, reports);
  }
}
