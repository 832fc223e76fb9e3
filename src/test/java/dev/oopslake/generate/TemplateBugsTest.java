package dev.oopslake.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.generate.CorpusLogs.TemplateLog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which hand-written template logs are one bug in a corpus archive's ground truth. */
class TemplateBugsTest {

  private static TemplateLog log(String name, String title, String text) {
    return new TemplateLog(name, title, false, text.lines().toList());
  }

  /** A WARN in a made-up function, called from {@code caller} and {@code entry}. */
  private static String warn(String caller, String entry, String noise) {
    return """
        [  560.713151] WARNING: CPU: 2 PID: 1194 at drivers/quux/core.c:412 quux_fini+0x440/0x5c0
        [  560.719399] Modules linked in:
        %s[  560.733271] RIP: 0010:quux_fini+0x440/0x5c0
        [  560.733291] RSP: 0018:ffff8880a8e4f8c8 EFLAGS: 00010293
        [  560.735521] Call Trace:
        [  560.747522]  %s+0x25/0x70
        [  560.747622]  ? quux_fini+0x10/0x5c0
        [  560.748885]  %s.isra.3+0x51d/0xb10
        [  560.753239]  process_one_work+0xd0c/0x1ce0
        """
        .formatted(noise, caller, entry);
  }

  @Test
  void sameTitleSameCulpritSameCallersIsOneBug() {
    String noise =
        "[  438.427757]  should_failslab+0xde/0x140\n[  438.427799]  kmalloc_x+0x1/0x2\n";
    Map<String, String> bug =
        TemplateBugs.bugOf(
            List.of(
                log("b7", "WARNING in quux_fini", warn("quux_net_exit", "cleanup_quux", "")),
                log("a3", "WARNING in quux_fini", warn("quux_net_exit", "cleanup_quux", noise))));
    assertThat(bug)
        .as("the same report with output interleaved is the same crash: the smaller name names it")
        .containsEntry("a3", "a3")
        .containsEntry("b7", "a3");
  }

  @Test
  void sameTitleFromOtherCallersStaysTwoBugs() {
    Map<String, String> bug =
        TemplateBugs.bugOf(
            List.of(
                log("1", "WARNING in quux_fini", warn("quux_net_exit", "cleanup_quux", "")),
                log("2", "WARNING in quux_fini", warn("quux_dev_remove", "quux_unbind", ""))));
    assertThat(bug)
        .as("one title reached from other callers: two bugs")
        .containsEntry("1", "1")
        .containsEntry("2", "2");
  }

  @Test
  void syscallEntryBelowTheCulpritIsNoEvidence() {
    String a =
        warn("vcpu_ioctl_run", "quux_handle_exit", "")
            .replace("vcpu_ioctl_run", "ksys_ioctl")
            .replace("quux_handle_exit.isra.3", "__x64_sys_ioctl");
    Map<String, String> bug =
        TemplateBugs.bugOf(
            List.of(log("1", "WARNING in quux_fini", a), log("2", "WARNING in quux_fini", a)));
    assertThat(bug)
        .as("only entry frames below the culprit: not known to be one bug")
        .containsEntry("2", "2");
  }

  @Test
  void aTitleWithoutCulpritNeverJoins() {
    String text = warn("quux_net_exit", "cleanup_quux", "");
    Map<String, String> bug =
        TemplateBugs.bugOf(
            List.of(
                log("1", "WARNING in corrupted", text),
                log("2", "WARNING in corrupted", text),
                log("3", "", "[    0.000000] Linux version 5.4.0\n")));
    assertThat(bug)
        .as("'in corrupted' names no culprit; a log without a crash has no bug")
        .containsEntry("1", "1")
        .containsEntry("2", "2")
        .doesNotContainKey("3");
  }

  @Test
  void aCulpritNeverPrintedAsFrameStaysApart() {
    String text = warn("quux_net_exit", "cleanup_quux", "");
    Map<String, String> bug =
        TemplateBugs.bugOf(
            List.of(
                log("1", "BUG: Dentry still in use in unmount", text),
                log("2", "BUG: Dentry still in use in unmount", text)));
    assertThat(bug).as("'unmount' is no frame of the log").containsEntry("2", "2");
    assertThat(TemplateBugs.culprit("INFO: task hung in synchronize_rcu"))
        .isEqualTo("synchronize_rcu");
    assertThat(TemplateBugs.culprit("kernel panic: Fatal exception")).isNull();
  }
}
