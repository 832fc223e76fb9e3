package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadedModuleTest {
  private static final KernelRelease RHEL7 =
      KernelRelease.parse("3.10.0-514.21.1.el7.x86_64").orElseThrow();

  @Test
  void parsesFlagsOfEachModule() {
    List<LoadedModule> mods =
        LoadedModule.parseList("tun veth demo_mod(OE-) overlay(T) nvidia(POE) ext4 loop(+)");
    assertThat(mods)
        .extracting(LoadedModule::name)
        .containsExactly("tun", "veth", "demo_mod", "overlay", "nvidia", "ext4", "loop");
    LoadedModule demo = mods.get(2);
    assertThat(demo.outOfTree()).as("O").isTrue();
    assertThat(demo.unsigned()).as("E").isTrue();
    assertThat(demo.unloading()).as("-").isTrue();
    assertThat(demo.loading()).isFalse();
    assertThat(demo.display()).isEqualTo("demo_mod(OE-)");
    assertThat(mods.get(4).proprietary()).as("P").isTrue();
    assertThat(mods.get(6).loading()).as("+").isTrue();
    assertThat(mods.get(0).flags()).as("no flags").isEmpty();
  }

  @Test
  void toleratesHeaderJunkAndNotes() {
    List<LoadedModule> mods =
        LoadedModule.parseList(
            "Modules linked in: a_mod(O) [12345.678901] b-mod c_mod [last unloaded: old_mod]"
                + " ??? (broken) d_mod(O  e_mod [permanent] 1234");
    assertThat(mods)
        .extracting(LoadedModule::name)
        .as("timestamps, bracketed notes, numbers and half tokens are skipped")
        .containsExactly("a_mod", "b-mod", "c_mod", "e_mod");
    assertThat(LoadedModule.lastUnloaded("x y [last unloaded: old_mod]")).contains("old_mod");
    assertThat(LoadedModule.lastUnloaded("x y")).isEmpty();
    assertThat(LoadedModule.parseList(null)).isEmpty();
    assertThat(LoadedModule.parseList("   ")).isEmpty();
  }

  @Test
  void keepsAModuleOnce() {
    assertThat(LoadedModule.parseList("a b a(O)"))
        .extracting(LoadedModule::name)
        .containsExactly("a", "b");
  }

  @Test
  void findsByFrameNameWithDashOrUnderscore() {
    List<LoadedModule> mods = LoadedModule.parseList("nf_conntrack demo_mod(OE-)");
    assertThat(LoadedModule.find(mods, "demo-mod")).map(LoadedModule::flags).contains("OE-");
    assertThat(LoadedModule.find(mods, "absent")).isEmpty();
    assertThat(LoadedModule.find(mods, null)).isEmpty();
  }

  @Test
  void describesFlagsPerKernel() {
    LoadedModule demo = LoadedModule.parseList("demo_mod(OE-)").get(0);
    assertThat(demo.describeFlags(RHEL7))
        .isEqualTo("O: out-of-tree module; E: unsigned module; -: being unloaded");
    assertThat(LoadedModule.parseList("overlay(T)").get(0).describeFlags(RHEL7))
        .as("overlayfs was a technology preview on RHEL 7")
        .contains("technology preview");
  }
}
