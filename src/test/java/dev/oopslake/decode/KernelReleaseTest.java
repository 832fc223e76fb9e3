package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KernelReleaseTest {

  /** One release and what it must decode to; null means "not printed in the release". */
  record Case(
      String release,
      String version,
      String build,
      String tag,
      String distro,
      String arch,
      boolean rt,
      List<String> flavours) {
    @Override
    public String toString() {
      return release;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        // seed 000: RHEL 7
        new Case(
            "3.10.0-514.21.1.el7.x86_64",
            "3.10.0",
            "514.21.1",
            "el7",
            "RHEL/CentOS",
            "x86_64",
            false,
            List.of()),
        // seed 002: Kylin V10 RT on arm64
        new Case(
            "4.19.90-25.2.rt.2101.gfb01.ky10.aarch64",
            "4.19.90",
            "25.2.rt.2101.gfb01",
            "ky10",
            "Kylin",
            "aarch64",
            true,
            List.of("rt")),
        new Case(
            "4.19.90-24.4.v2101.ky10.aarch64",
            "4.19.90",
            "24.4.v2101",
            "ky10",
            "Kylin",
            "aarch64",
            false,
            List.of()),
        new Case(
            "3.10.0-1160.rt56.1131.el7.x86_64",
            "3.10.0",
            "1160.rt56.1131",
            "el7",
            "RHEL/CentOS",
            "x86_64",
            true,
            List.of("rt")),
        new Case(
            "4.18.0-305.rt7.77.el8.x86_64",
            "4.18.0",
            "305.rt7.77",
            "el8",
            "RHEL/CentOS",
            "x86_64",
            true,
            List.of("rt")),
        new Case(
            "5.14.0-284.11.1.rt14.296.el9_2.x86_64",
            "5.14.0",
            "284.11.1.rt14.296",
            "el9",
            "RHEL/CentOS",
            "x86_64",
            true,
            List.of("rt")),
        new Case(
            "4.18.0-348.el8.x86_64",
            "4.18.0",
            "348",
            "el8",
            "RHEL/CentOS",
            "x86_64",
            false,
            List.of()),
        new Case(
            "5.14.0-284.11.1.el9_2.x86_64",
            "5.14.0",
            "284.11.1",
            "el9",
            "RHEL/CentOS",
            "x86_64",
            false,
            List.of()),
        new Case(
            "5.14.0-70.13.1.el9_0.aarch64+64k",
            "5.14.0",
            "70.13.1",
            "el9",
            "RHEL/CentOS",
            "aarch64",
            false,
            List.of("64k")),
        new Case(
            "5.14.0-362.8.1.el9_3.x86_64+debug",
            "5.14.0",
            "362.8.1",
            "el9",
            "RHEL/CentOS",
            "x86_64",
            false,
            List.of("debug")),
        new Case(
            "3.10.0-1160.el7.x86_64.debug",
            "3.10.0",
            "1160",
            "el7",
            "RHEL/CentOS",
            "x86_64",
            false,
            List.of("debug")),
        new Case(
            "3.10.0-1160.el7.centos.plus.x86_64",
            "3.10.0",
            "1160",
            "el7",
            "RHEL/CentOS",
            "x86_64",
            false,
            List.of()),
        new Case(
            "2.6.32-754.el6.i686", "2.6.32", "754", "el6", "RHEL/CentOS", "i686", false, List.of()),
        new Case(
            "5.4.17-2136.300.7.el8uek.x86_64",
            "5.4.17",
            "2136.300.7",
            "el8uek",
            "Oracle UEK",
            "x86_64",
            false,
            List.of()),
        new Case(
            "4.14.256-197.484.amzn2.x86_64",
            "4.14.256",
            "197.484",
            "amzn2",
            "Amazon Linux",
            "x86_64",
            false,
            List.of()),
        new Case(
            "6.1.61-85.141.amzn2023.aarch64",
            "6.1.61",
            "85.141",
            "amzn2023",
            "Amazon Linux",
            "aarch64",
            false,
            List.of()),
        new Case(
            "6.5.6-300.fc39.x86_64", "6.5.6", "300", "fc39", "Fedora", "x86_64", false, List.of()),
        new Case(
            "5.10.0-60.18.0.50.oe2203.x86_64",
            "5.10.0",
            "60.18.0.50",
            "oe2203",
            "openEuler",
            "x86_64",
            false,
            List.of()),
        new Case("5.15.0-91-generic", "5.15.0", "91", "generic", "Ubuntu", null, false, List.of()),
        new Case("5.15.0-1051-azure", "5.15.0", "1051", "azure", "Ubuntu", null, false, List.of()),
        new Case("5.15.0-1047-aws", "5.15.0", "1047", "aws", "Ubuntu", null, false, List.of()),
        new Case("5.15.0-1046-gcp", "5.15.0", "1046", "gcp", "Ubuntu", null, false, List.of()),
        new Case(
            "5.15.0-1034-realtime",
            "5.15.0",
            "1034",
            "realtime",
            "Ubuntu",
            null,
            true,
            List.of("rt")),
        new Case(
            "5.15.0-91-lowlatency",
            "5.15.0",
            "91",
            "lowlatency",
            "Ubuntu",
            null,
            false,
            List.of("lowlatency")),
        new Case("6.1.0-13-amd64", "6.1.0", "13", null, "Debian", "x86_64", false, List.of()),
        new Case(
            "6.1.0-13-rt-arm64", "6.1.0", "13", null, "Debian", "aarch64", true, List.of("rt")),
        new Case(
            "6.1.0-13-cloud-amd64",
            "6.1.0",
            "13",
            null,
            "Debian",
            "x86_64",
            false,
            List.of("cloud")),
        new Case(
            "4.19.0-25-686-pae", "4.19.0", "25", null, "Debian", "i686", false, List.of("pae")),
        new Case(
            "5.10.0-0.deb10.16-amd64",
            "5.10.0",
            "16",
            "deb10",
            "Debian",
            "x86_64",
            false,
            List.of()),
        new Case(
            "5.14.21-150400.24.46-default",
            "5.14.21",
            "150400.24.46",
            "default",
            "SUSE",
            null,
            false,
            List.of()),
        new Case(
            "5.14.21-150500.13.21-rt",
            "5.14.21",
            "150500.13.21",
            "rt",
            "SUSE",
            null,
            true,
            List.of("rt")),
        new Case("6.5.9-1-default", "6.5.9", "1", "default", "SUSE", null, false, List.of()),
        new Case("6.6.1-arch1-1", "6.6.1", "arch1-1", null, "Arch Linux", null, false, List.of()),
        new Case("5.4.18", "5.4.18", null, null, "upstream", null, false, List.of()),
        new Case(
            "6.7.0-rc1-syzkaller-00012-gabcdef",
            "6.7.0",
            null,
            null,
            "upstream",
            null,
            false,
            List.of()),
        new Case("5.15.65-rt49", "5.15.65", null, null, "upstream", null, true, List.of("rt")),
        new Case(
            "6.6.0-rc4-next-20231002+", "6.6.0", null, null, "upstream", null, false, List.of()),
        new Case("6.2", "6.2.0", null, null, "upstream", null, false, List.of()));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decodesRelease(Case c) {
    KernelRelease k = KernelRelease.parse(c.release()).orElseThrow();
    assertThat(k.version() + "." + k.patchlevel() + "." + k.sublevel())
        .as("upstream version of %s", c.release())
        .isEqualTo(c.version());
    assertThat(k.distroBuild()).as("distro build of %s", c.release()).isEqualTo(c.build());
    assertThat(k.distTag()).as("dist tag of %s", c.release()).isEqualTo(c.tag());
    assertThat(k.distro()).as("distro of %s", c.release()).isEqualTo(c.distro());
    assertThat(k.arch()).as("uname -m arch of %s", c.release()).isEqualTo(c.arch());
    assertThat(k.rt()).as("PREEMPT_RT of %s", c.release()).isEqualTo(c.rt());
    assertThat(k.flavours()).as("flavours of %s", c.release()).isEqualTo(c.flavours());
    assertThat(k.release()).as("release kept verbatim").isEqualTo(c.release());
  }

  @Test
  void ignoresTheBuildBannerAfterTheRelease() {
    KernelRelease k = KernelRelease.parse(" 3.10.0-514.21.1.el7.x86_64 #1\n").orElseThrow();
    assertThat(k.release()).isEqualTo("3.10.0-514.21.1.el7.x86_64");
    assertThat(k.arch()).as("arch still found at the end of the release").isEqualTo("x86_64");
  }

  @Test
  void rejectsTextThatIsNotARelease() {
    assertThat(KernelRelease.parse(null)).as("null").isEmpty();
    assertThat(KernelRelease.parse("")).as("empty").isEmpty();
    assertThat(KernelRelease.parse("Not tainted")).as("words").isEmpty();
    assertThat(KernelRelease.parse("#1 SMP")).as("build banner").isEmpty();
    assertThat(KernelRelease.parse("123456789.1")).as("absurd version").isEmpty();
  }

  @Test
  void comparesVersions() {
    KernelRelease k = KernelRelease.parse("4.19.90-25.2.rt.2101.gfb01.ky10.aarch64").orElseThrow();
    assertThat(k.atLeast(4, 19)).as("same series").isTrue();
    assertThat(k.atLeast(4, 4)).as("older series").isTrue();
    assertThat(k.atLeast(5, 0)).as("newer major").isFalse();
    assertThat(k.atLeast(4, 19, 91)).as("newer sublevel").isFalse();
    assertThat(k.atLeast(4, 19, 90)).as("same sublevel").isTrue();
    assertThat(k.series()).isEqualTo("4.19");
  }

  @Test
  void rhelMajorOnlyForRedHat() {
    assertThat(KernelRelease.parse("3.10.0-514.21.1.el7.x86_64").orElseThrow().rhelMajor())
        .as("el7")
        .isEqualTo(7);
    assertThat(KernelRelease.parse("5.14.0-284.11.1.el9_2.x86_64").orElseThrow().rhelMajor())
        .as("el9_2 is RHEL 9")
        .isEqualTo(9);
    assertThat(KernelRelease.parse("5.4.17-2136.300.7.el8uek.x86_64").orElseThrow().isRhel())
        .as("UEK is Oracle's own kernel, not a RHEL kernel")
        .isFalse();
  }

  @Test
  void fillsArchOnlyWhenMissing() {
    KernelRelease ubuntu = KernelRelease.parse("5.15.0-91-generic").orElseThrow();
    assertThat(ubuntu.withArchIfMissing("amd64").arch())
        .as("arch from elsewhere, normalised to uname -m")
        .isEqualTo("x86_64");
    KernelRelease rhel = KernelRelease.parse("3.10.0-514.21.1.el7.x86_64").orElseThrow();
    assertThat(rhel.withArchIfMissing("aarch64").arch())
        .as("the release's own arch wins")
        .isEqualTo("x86_64");
    assertThat(ubuntu.withArchIfMissing(null)).as("nothing to fill").isSameAs(ubuntu);
  }
}
