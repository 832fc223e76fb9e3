package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseOrderTest {

  private static KernelRelease k(String release) {
    return KernelRelease.parse(release).orElseThrow();
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    // RHEL: build numbers compare as numbers, not strings
    "5.14.0-70.13.1.el9_0.x86_64, 5.14.0-362.8.1.el9_3.x86_64",
    "5.14.0-362.el9, 5.14.0-362.8.1.el9_3.x86_64",
    "3.10.0-957.el7.x86_64, 3.10.0-1160.el7.x86_64",
    "3.10.0-1160.el7.x86_64, 3.10.0-1160.119.1.el7.x86_64",
    "4.18.0-513.5.1.el8_9.x86_64, 4.18.0-513.24.1.el8_9.x86_64",
    "5.14.0-427.13.1.el9_4.x86_64, 5.14.0-503.11.1.el9_5.x86_64",
    // Amazon Linux and Fedora: upstream version first, then the build
    "4.14.256-197.484.amzn2.x86_64, 4.14.336-257.562.amzn2.x86_64",
    "6.5.6-300.fc39.x86_64, 6.6.2-201.fc39.x86_64",
    "6.5.12-300.fc39.x86_64, 6.5.12-301.fc39.x86_64",
    // Debian and Ubuntu ABI numbers
    "6.1.0-9-amd64, 6.1.0-13-amd64",
    "5.10.0-0.deb10.16-amd64, 5.10.0-0.deb10.28-amd64",
    "5.15.0-91-generic, 5.15.0-105-generic",
    "5.15.0-9-generic, 5.15.0-10-generic",
    // Upstream stable: numeric sublevel, rc before the release
    "6.6.8, 6.6.10",
    "6.1.9, 6.1.55",
    "6.7.0-rc3, 6.7.0",
    "6.7.0-rc3, 6.7.0-rc10",
  })
  void olderThenNewer(String older, String newer) {
    KernelRelease a = k(older);
    KernelRelease b = k(newer);
    assertThat(ReleaseOrder.branch(a)).isEqualTo(ReleaseOrder.branch(b));
    assertThat(ReleaseOrder.compare(a, b)).isNegative();
    assertThat(ReleaseOrder.compare(b, a)).isPositive();
    assertThat(ReleaseOrder.atOrAfter(b, a)).isTrue();
    assertThat(ReleaseOrder.atOrAfter(a, b)).isFalse();
  }

  @ParameterizedTest(name = "{0} and {1} are different branches")
  @CsvSource({
    "5.14.0-362.el9.x86_64, 4.18.0-513.el8.x86_64",
    "5.15.0-91-generic, 5.15.0-1051-azure",
    "6.1.0-13-amd64, 6.1.0-13-rt-amd64",
    "6.6.8, 6.1.55",
    "5.14.0-362.el9.x86_64, 5.14.0",
  })
  void differentBranches(String a, String b) {
    assertThat(ReleaseOrder.branch(k(a))).isNotEqualTo(ReleaseOrder.branch(k(b)));
    assertThat(ReleaseOrder.atOrAfter(k(a), k(b))).isFalse();
    assertThat(ReleaseOrder.atOrAfter(k(b), k(a))).isFalse();
  }

  @Test
  void theSameBuildOnTwoArchesIsEqual() {
    assertThat(ReleaseOrder.compare(k("5.14.0-362.el9.x86_64"), k("5.14.0-362.el9.aarch64")))
        .isZero();
  }

  @Test
  void aMixedTableSortsByBranchThenReleaseNeverAsStrings() {
    List<KernelRelease> l = new ArrayList<>();
    for (String r :
        List.of(
            "5.14.0-70.13.1.el9_0.x86_64",
            "6.1.0-13-amd64",
            "5.14.0-362.8.1.el9_3.x86_64",
            "6.1.0-9-amd64",
            "5.14.0-284.11.1.el9_2.x86_64")) {
      l.add(k(r));
    }
    l.sort(ReleaseOrder.ORDER);
    assertThat(l)
        .extracting(KernelRelease::release)
        .containsExactly(
            "6.1.0-9-amd64",
            "6.1.0-13-amd64",
            "5.14.0-70.13.1.el9_0.x86_64",
            "5.14.0-284.11.1.el9_2.x86_64",
            "5.14.0-362.8.1.el9_3.x86_64");
  }

  @ParameterizedTest(name = "rpmvercmp({0}, {1}) = {2}")
  @CsvSource({
    // from rpm's own test suite (tests/rpmvercmp.at)
    "1.0, 1.0, 0",
    "1.0, 2.0, -1",
    "2.0.1, 2.0, 1",
    "2.0a, 2.0, 1",
    "1.0a, 1.0b, -1",
    "1.0010, 1.9, 1",
    "1.05, 1.5, 0",
    "5.5p1, 5.5p10, -1",
    "10xyz, 10.1xyz, -1",
    "xyz10, xyz10.1, -1",
    "1.0~rc1, 1.0, -1",
    "1.0~rc1, 1.0~rc2, -1",
    "1.0^, 1.0, 1",
    "1.0^git1, 1.0, 1",
    "1.0^git1, 1.01, -1",
    "a, 1, -1",
    "2_0, 2_0, 0",
    "2.0, 2_0, 0",
  })
  void rpmvercmpAgreesWithRpm(String a, String b, int expected) {
    assertThat(Integer.signum(ReleaseOrder.rpmvercmp(a, b))).isEqualTo(expected);
    assertThat(Integer.signum(ReleaseOrder.rpmvercmp(b, a))).isEqualTo(-expected);
  }

  @ParameterizedTest(name = "dpkg({0}, {1}) = {2}")
  @CsvSource({
    "1.0, 1.0, 0",
    "1.0~rc1, 1.0, -1",
    "1.0, 1.0+b1, -1",
    "1.0a, 1.0+, -1",
    "6.1.55-1, 6.1.66-1, -1",
    "6.1.55-1, 6.1.55-1~bpo11+1, 1",
    "9, 10, -1",
    "1.002, 1.2, 0",
  })
  void dpkgCompareAgreesWithDebianPolicy(String a, String b, int expected) {
    assertThat(Integer.signum(ReleaseOrder.dpkgCompare(a, b))).isEqualTo(expected);
    assertThat(Integer.signum(ReleaseOrder.dpkgCompare(b, a))).isEqualTo(-expected);
  }
}
