package dev.oopslake.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackSimilarityTest {

  /** 1000 signatures; kfree and a common VFS path are in many, driver frames in few. */
  private static final Map<String, Integer> DF =
      Map.of(
          "kfree", 400,
          "vfs_write", 150,
          "sys_write", 150,
          "vfs_ioctl", 120,
          "sys_ioctl", 120);

  private final StackSimilarity sim = new StackSimilarity(ClusteringParams.DEFAULTS, DF, 1000);

  private static final List<String> BUG =
      List.of("demo_free_ring [demo]", "demo_release [demo]", "vfs_write", "sys_write");

  @Test
  void identicalStacksAreFullySimilar() {
    assertThat(sim.similarity(BUG, BUG)).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void symmetricAndBounded() {
    List<String> other = List.of("kfree", "other_put [other]", "vfs_ioctl");
    double ab = sim.similarity(BUG, other);
    assertThat(ab).as("symmetric").isCloseTo(sim.similarity(other, BUG), within(1e-12));
    assertThat(ab).isBetween(0.0, 1.0);
    assertThat(sim.similarity(List.of(), List.of())).as("empty stacks say nothing").isZero();
  }

  @Test
  void sameBugThroughAnotherEntryPathStaysAboveThreshold() {
    List<String> viaIoctl =
        List.of("demo_free_ring [demo]", "demo_release [demo]", "vfs_ioctl", "sys_ioctl");
    assertThat(sim.similarity(BUG, viaIoctl))
        .as("top two rare frames agree, only the common entry path differs")
        .isGreaterThanOrEqualTo(ClusteringParams.DEFAULTS.threshold());
  }

  @Test
  void anInlinedOrExtraFrameStaysAboveThreshold() {
    List<String> extra =
        List.of(
            "demo_free_ring [demo]",
            "demo_ring_put [demo]",
            "demo_release [demo]",
            "vfs_write",
            "sys_write");
    List<String> inlinedTop = BUG.subList(1, BUG.size());
    assertThat(sim.similarity(BUG, extra)).as("one frame inserted").isGreaterThan(0.7);
    assertThat(sim.similarity(BUG, inlinedTop))
        .as("top frame inlined away in another build")
        .isGreaterThanOrEqualTo(ClusteringParams.DEFAULTS.threshold());
  }

  @Test
  void twoBugsSharingOnlyACommonTopFrameStayApart() {
    List<String> a = List.of("kfree", "alpha_close [alpha]", "alpha_release [alpha]", "vfs_write");
    List<String> b = List.of("kfree", "beta_teardown [beta]", "beta_remove [beta]", "vfs_write");
    assertThat(sim.similarity(a, b))
        .as("kfree is in 40% of signatures: sharing it says little")
        .isLessThan(ClusteringParams.DEFAULTS.threshold());
  }

  @Test
  void topDifferencesCostMoreThanBottomOnes() {
    List<String> base = List.of("f0 [m]", "f1 [m]", "f2 [m]", "f3 [m]", "f4 [m]");
    List<String> topChanged = List.of("x [m]", "f1 [m]", "f2 [m]", "f3 [m]", "f4 [m]");
    List<String> bottomChanged = List.of("f0 [m]", "f1 [m]", "f2 [m]", "f3 [m]", "x [m]");
    assertThat(sim.similarity(base, topChanged))
        .as("position weighting")
        .isLessThan(sim.similarity(base, bottomChanged));
  }

  @Test
  void paramsAreChecked() {
    assertThatThrownBy(() -> ClusteringParams.DEFAULTS.withThreshold(0))
        .hasMessageContaining("threshold");
  }
}
