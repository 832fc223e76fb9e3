package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.spark.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing from a log, a path or a known-bugs entry is interpreted as SQL: a crash whose kernel
 * release, task name, host folder and known-bug id, URL and title glob carry SQL (quotes, {@code ;
 * DROP TABLE}, comments, backticks) goes through the whole nightly — ingest, summaries, signatures,
 * the morning tables — and every value is stored verbatim; every table is still there.
 * (docs/reliability.md lists each place that builds SQL and why no such value reaches it.)
 */
class HostileValuesTest {
  @TempDir Path tmp;

  static final String RELEASE = "6.1.0-x');DROP_TABLE_crashes;--`";
  static final String COMM = "w'`);--";
  static final String MODULE = "gad'get";
  static final String HOST = "web'; DROP TABLE files; --";
  static final String BUG_ID = "BUG-1'); DROP TABLE cluster_state; --";

  static String log() {
    return String.join(
        "\n",
        "[  77.200000] BUG: sleeping function called from invalid context at include/linux/sched/mm.h:274",
        "[  77.200010] in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 812, name: " + COMM,
        "[  77.200020] preempt_count: 1, expected: 0",
        "[  77.200025] Modules linked in: " + MODULE + "(OE) xfs",
        "[  77.200030] CPU: 2 PID: 812 Comm: "
            + COMM
            + " Tainted: G           OE      "
            + RELEASE
            + " #1",
        "[  77.200040] Call Trace:",
        "[  77.200050]  <TASK>",
        "[  77.200060]  dump_stack_lvl+0x44/0x5c",
        "[  77.200070]  __might_resched.cold+0xcc/0xe0",
        "[  77.200080]  __kmem_cache_alloc_node+0x36c/0x3e0",
        "[  77.200090]  kmalloc_trace+0x26/0x90",
        "[  77.200100]  gadget_queue_req+0x51/0x120 [gadget]",
        "[  77.200110]  gadget_ioctl+0x1b2/0x2d0 [gadget]",
        "[  77.200120]  __x64_sys_ioctl+0x8b/0xc0",
        "[  77.200130]  do_syscall_64+0x3b/0x90",
        "[  77.200150]  </TASK>",
        "");
  }

  @Test
  void sqlInLogsPathsAndKnownBugsIsStoredVerbatimAndNeverRun() throws IOException {
    Path archive = tmp.resolve("archive");
    Path file = archive.resolve(HOST + "/10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, log());
    Path bugs = tmp.resolve("known-bugs.yaml");
    Files.writeString(
        bugs,
        String.join(
            "\n",
            "known_bugs:",
            "  - id: \"" + BUG_ID + "\"",
            "    url: \"https://bugs.example.com/1?q=';DROP TABLE x;--\"",
            "    title: \"BUG: sleeping function called from invalid context in gadget*\"",
            "  - id: \"BUG-2\"",
            "    title: \"*'; DROP TABLE crashes; -- \\\" `x`*\"",
            ""));
    Path lake = tmp.resolve("lake");

    NightlyExitCodesTest.Outcome o =
        NightlyExitCodesTest.run(
            "nightly",
            "--input",
            archive.toString(),
            "--lake",
            lake.toString(),
            "--known-bugs",
            bugs.toString());
    assertThat(o.code()).as(o.err()).isEqualTo(OopslakeCli.OK);

    SparkSession spark = SharedSpark.get();
    Lake l = Lake.open(spark, LakeLocation.embedded(lake.toUri().toString().replaceAll("/$", "")));
    for (String table : LakeTables.ALL) {
      assertThat(l.exists(table)).as("%s still there", table).isTrue();
    }
    Row crash =
        l.read(LakeTables.CRASHES)
            .selectExpr("kernel_release", "comm", "guilty_module", "host", "modules")
            .first();
    assertThat(crash.getString(0)).as("kernel release verbatim").isEqualTo(RELEASE);
    assertThat(crash.getString(1)).as("task name verbatim").isEqualTo(COMM);
    assertThat(crash.getString(2))
        .as("a module name holds no quote: the frame's")
        .isEqualTo("gadget");
    assertThat(crash.getString(3)).as("host from the path verbatim").isEqualTo(HOST);
    Row summary =
        l.read(LakeTables.SUMMARY_KERNEL_MODULE).selectExpr("kernel_release", "module").first();
    assertThat(List.of(summary.getString(0), summary.getString(1)))
        .as("summary keyed by the hostile release and module")
        .containsExactly(RELEASE, "gadget");
    assertThat(l.read(LakeTables.FILES).count()).isEqualTo(1);
    Row state = l.read(LakeTables.CLUSTER_STATE).selectExpr("known_bug", "known_bug_url").first();
    assertThat(state.getString(0)).as("known bug id verbatim").isEqualTo(BUG_ID);
    assertThat(state.getString(1)).isEqualTo("https://bugs.example.com/1?q=';DROP TABLE x;--");
    Row rate = l.read(LakeTables.RELEASE_RATES).selectExpr("kernel_release").distinct().first();
    assertThat(rate.getString(0)).isEqualTo(RELEASE);
  }
}
