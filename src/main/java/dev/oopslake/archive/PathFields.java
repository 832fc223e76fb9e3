package dev.oopslake.archive;

import java.time.LocalDateTime;

/**
 * What a file's path says about the crash: the host (when the archive has a host folder), the
 * address kdump named the crash folder after, and the crash time (kdump's local time, no zone). Any
 * of them is null when the path does not carry it.
 */
public record PathFields(String host, String ip, LocalDateTime crashTime) {

  /** A path that does not match the layout: the file is still ingested, without these fields. */
  public static final PathFields NONE = new PathFields(null, null, null);

  public PathFields {
    host = blankToNull(host);
    ip = blankToNull(ip);
  }

  public boolean matched() {
    return host != null || ip != null || crashTime != null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
