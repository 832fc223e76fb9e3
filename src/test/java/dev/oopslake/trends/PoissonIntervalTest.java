package dev.oopslake.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PoissonIntervalTest {
  @Test
  void matchesPublishedExactLimits() {
    // Garwood limits as tabulated (e.g. Ulm 1990): 0 -> [0, 3.689], 1 -> [0.0253, 5.572],
    // 10 -> [4.795, 18.39], 100 -> [81.36, 121.6]
    assertThat(PoissonInterval.exact95(0)).containsExactly(new double[] {0, 3.689}, within(1e-3));
    assertThat(PoissonInterval.exact95(1))
        .containsExactly(new double[] {0.0253, 5.572}, within(1e-3));
    assertThat(PoissonInterval.exact95(10))
        .containsExactly(new double[] {4.795, 18.39}, within(1e-2));
    assertThat(PoissonInterval.exact95(100))
        .containsExactly(new double[] {81.36, 121.6}, within(0.1));
  }
}
