package dev.oopslake.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BCubedTest {

  @Test
  void perfectClusteringScoresOne() {
    BCubed.Score s = new BCubed().add("c1", "bugA", 3).add("c2", "bugB", 2).score();
    assertThat(s.f1()).isCloseTo(1.0, within(1e-12));
    assertThat(s.items()).isEqualTo(5);
  }

  @Test
  void sprayingOneBugCostsRecallOnly() {
    // bugA's 4 crashes in 4 singleton buckets: precision 1, recall 1/4 for each.
    BCubed b = new BCubed();
    for (int i = 0; i < 4; i++) {
      b.add("s" + i, "bugA", 1);
    }
    BCubed.Score s = b.score();
    assertThat(s.precision()).as("every bucket is pure").isCloseTo(1.0, within(1e-12));
    assertThat(s.recall()).as("each crash sees 1 of its 4").isCloseTo(0.25, within(1e-12));
    assertThat(s.f1()).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void hidingTwoBugsInOneBucketCostsPrecision() {
    // Worked by hand: cluster {A,A,A,B}: precision A = 3/4 (x3), B = 1/4 -> (9/4 + 1/4)/4 = 0.625.
    BCubed.Score s = new BCubed().add("c", "A", 3).add("c", "B", 1).score();
    assertThat(s.precision()).isCloseTo(0.625, within(1e-12));
    assertThat(s.recall()).isCloseTo(1.0, within(1e-12));
  }
}
