package dev.oopslake.report;

/** A cluster that appeared on a release, or disappeared from it, against the branch's previous. */
public record ReleaseChange(
    String release,
    String previousRelease,
    String clusterId,
    String title,
    String change,
    long crashes) {
  public String displayTitle() {
    return title == null || title.isBlank() ? clusterId : title;
  }
}
