package dev.oopslake.trends;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/** Exact (Garwood) confidence intervals for a Poisson count, as rates are reported with. */
public final class PoissonInterval {
  private PoissonInterval() {}

  /**
   * The exact 95% interval for the mean of a Poisson count {@code k}: {@code [χ²(0.025; 2k)/2,
   * χ²(0.975; 2k+2)/2]}; for k = 0 the lower bound is 0 and the upper 3.689.
   */
  public static double[] exact95(long k) {
    if (k < 0) {
      throw new IllegalArgumentException("negative count " + k);
    }
    double low =
        k == 0 ? 0.0 : new ChiSquaredDistribution(2.0 * k).inverseCumulativeProbability(0.025) / 2;
    double high = new ChiSquaredDistribution(2.0 * k + 2).inverseCumulativeProbability(0.975) / 2;
    return new double[] {low, high};
  }
}
