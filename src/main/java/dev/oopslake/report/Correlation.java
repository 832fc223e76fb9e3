package dev.oopslake.report;

/** An attribute over-represented in a cluster against the fleet (Socorro's correlations). */
public record Correlation(String attribute, String value, double clusterShare, double fleetShare) {
  public String text() {
    return String.format(
        java.util.Locale.ROOT,
        "%s %s: %.0f%% vs %.0f%% of the fleet",
        attribute,
        value,
        100 * clusterShare,
        100 * fleetShare);
  }
}
