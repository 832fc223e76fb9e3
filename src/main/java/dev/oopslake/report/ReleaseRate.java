package dev.oopslake.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A kernel release's crashes per 1,000 host-days in the window with the 95% Poisson interval, and
 * its taint mix. {@code exposure} is where host-days came from: {@code inventory} or {@code
 * crashing-hosts} (hosts seen crashing stand in, so the rate is over crashing hosts only).
 */
public record ReleaseRate(
    String release,
    String distro,
    String branch,
    Boolean rt,
    long crashes,
    long hosts,
    Double hostDays,
    String exposure,
    Double rate,
    Double low,
    Double high,
    long outOfTree,
    long unsigned,
    long proprietary,
    List<String> topClusters) {
  public static final String INVENTORY = "inventory";

  public ReleaseRate {
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(exposure, "exposure");
    topClusters = List.copyOf(topClusters);
  }

  public boolean fromInventory() {
    return INVENTORY.equals(exposure);
  }

  public String rateText() {
    return rate == null ? "\u2013" : String.format(Locale.ROOT, "%.2f", rate);
  }

  public String intervalText() {
    return low == null || high == null
        ? "\u2013"
        : String.format(Locale.ROOT, "%.2f \u2013 %.2f", low, high);
  }

  public String hostDaysText() {
    return hostDays == null ? "\u2013" : String.format(Locale.ROOT, "%,.0f", hostDays);
  }
}
