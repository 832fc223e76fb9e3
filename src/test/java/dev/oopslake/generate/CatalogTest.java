package dev.oopslake.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CatalogTest {
  private static final Catalog CATALOG = Catalog.load();

  @Test
  void loadsAndCoversEveryClassArchAndKernelLine() {
    assertThat(CATALOG.templates())
        .as("about 25+ bugs besides the two seeds")
        .hasSizeGreaterThanOrEqualTo(30);
    Set<String> classes =
        CATALOG.templates().stream().map(CrashTemplate::crashClass).collect(Collectors.toSet());
    assertThat(classes).as("every crash class has at least one bug").containsAll(Catalog.CLASSES);
    Set<String> arches = new HashSet<>();
    Set<String> releases = new HashSet<>();
    for (CrashTemplate t : CATALOG.templates()) {
      for (String f : t.families()) {
        arches.add(CATALOG.families().get(f).arch());
        CATALOG.families().get(f).builds().forEach(b -> releases.add(b.release()));
      }
    }
    assertThat(arches).as("arches bugs occur on").contains("x86_64", "aarch64", "ppc64le", "s390x");
    for (String line :
        List.of(
            "3.10.0-", "4.18.0-", "5.14.0-", "4.19.90-", "5.10.", "5.15.0-", "6.1.0-", "6.6.")) {
      assertThat(releases)
          .as("some bug runs on a %s kernel", line)
          .anyMatch(r -> r.startsWith(line));
    }
  }

  @Test
  void popularityIsSkewed() {
    List<Integer> weights =
        CATALOG.templates().stream().map(CrashTemplate::weight).sorted((a, b) -> b - a).toList();
    int total = weights.stream().mapToInt(Integer::intValue).sum();
    int topThree = weights.get(0) + weights.get(1) + weights.get(2);
    assertThat(topThree).as("a few bugs dominate").isGreaterThan(total / 4);
    assertThat(weights.get(weights.size() - 1))
        .as("and there is a long tail")
        .isLessThan(weights.get(0) / 10);
  }

  @Test
  void outOfTreeModulesAreAmongTheGuiltyOnes() {
    Set<String> modules =
        CATALOG.templates().stream().flatMap(t -> t.modules().stream()).collect(Collectors.toSet());
    assertThat(modules)
        .as("proprietary and out-of-tree modules")
        .contains("nvidia(POE)", "zfs(PO)", "txgbe(OE)");
  }

  @Test
  void distinctBugsShareTopFrames() {
    Map<String, Set<String>> bugsByTop = new HashMap<>();
    for (CrashTemplate t : CATALOG.templates()) {
      if (!t.stack().isEmpty()) {
        String top = t.stack().get(0).replaceAll("^[~$!]+", "");
        bugsByTop.computeIfAbsent(top, k -> new HashSet<>()).add(t.id());
      }
    }
    assertThat(bugsByTop.get("kfree"))
        .as("several bugs crash in kfree")
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(bugsByTop.get("__list_del_entry_valid.cold"))
        .as("two list corruptions share their top")
        .hasSize(2);
    assertThat(bugsByTop.get("refcount_warn_saturate"))
        .as("two refcount bugs share their top")
        .hasSize(2);
  }

  @Test
  void seedCasesAreInTheCatalogVerbatim() {
    CrashTemplate s000 = CATALOG.template("seed000-rmmod-testmod-sched-atomic");
    assertThat(s000.crashClass()).isEqualTo("scheduling-while-atomic");
    assertThat(s000.literal())
        .as("seed 000 as the user's vmcore-dmesg shows it")
        .contains("[64365.794442] BUG: scheduling while atomic: rmmod/14829/0x00000200")
        .contains("testmod(OE-) xt_conntrack")
        .contains("\n[64365.807828]  virtio_ring virtio drm i2c_core libata floppy\n")
        .contains(
            "CPU: 0 PID: 14829 Comm: rmmod Tainted: G           OE  ------------ T 3.10.0-514.21.1.el7.x86_64 #1")
        .contains("[<ffffffffa045d10b>] TestMode_ServerExit+0x1b/0x90 [testmod]")
        .contains("[<ffffffff816975c9>] system_call_fastpath+0x16/0x1b");
    assertThat(s000.tail())
        .contains("Kernel panic - not syncing: Aiee, killing interrupt handler!");
    assertThat(s000.again())
        .as("later printings carry the W taint the first one added")
        .contains("Tainted: G        W  OE  ------------ T");

    CrashTemplate s002 = CATALOG.template("seed002-ktimersoftd-rt-timerfd-sched-atomic");
    assertThat(s002.literal())
        .as("seed 002 with its CPU column and missing spaces")
        .contains("[ 2004.917769][ 14] BUG: scheduling while atomic: ktimersoftd/14/131/0x00000002")
        .contains("Comm: ktimersoftd/14 Not tainted 4.19.90-25.2.rt.2101.gfb01.ky10.aarch64 #1")
        .contains("[2004.917840][14]__schedule + 0x618/0x748")
        .contains("[2004.917850][14] timerfd_triggered + 0x24/0x60")
        .contains("[ 2006.350914][ 14] Kernel panic - not syncing: Fatal exception")
        .doesNotContain("... ...");
  }

  @Test
  void everyFamilyCanEndAFileWithAFatalCrash() {
    for (KernelFamily f : CATALOG.families().values()) {
      assertThat(CATALOG.templates())
          .as("family %s has a fatal bug for files whose first report was a warning", f.id())
          .anyMatch(t -> t.families().contains(f.id()) && CATALOG.isFatal(t));
    }
  }
}
