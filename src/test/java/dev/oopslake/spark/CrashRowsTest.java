package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.lake.LakeTables;
import dev.oopslake.parse.CrashParser;
import dev.oopslake.parse.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The crash row's values sit under the schema's field names, whatever order the schema has. */
class CrashRowsTest {

  private static Report report() throws IOException {
    byte[] all =
        Files.readAllBytes(
            Path.of(
                System.getProperty("oopslake.home", "."),
                "src/test/resources/parse/seed000-scheduling-while-atomic.log"));
    String text = new String(all, StandardCharsets.UTF_8);
    byte[] log = text.substring(text.indexOf("\n\n") + 2).getBytes(StandardCharsets.UTF_8);
    return CrashParser.withDefaults().parse(log).reports().get(0);
  }

  private static Object field(Row row, String name) {
    return row.get(LakeTables.CRASH.fieldIndex(name));
  }

  @Test
  void everyValueSitsUnderItsFieldName() throws IOException {
    Report r = report();
    Timestamp when = Timestamp.valueOf("2026-12-01 06:00:00");
    Row row = CrashRows.toRow("file:///a/vmcore-dmesg.txt", "host-1", when, r, "run-7");

    assertThat(row.size()).as("one value per schema field").isEqualTo(LakeTables.CRASH.size());
    assertThat(field(row, "file")).isEqualTo("file:///a/vmcore-dmesg.txt");
    assertThat(field(row, "host")).isEqualTo("host-1");
    assertThat(field(row, "crash_time")).isEqualTo(when);
    assertThat(field(row, "run_id")).isEqualTo("run-7");
    assertThat(field(row, "title"))
        .isEqualTo("BUG: scheduling while atomic in TestMode_ServerExit");
    assertThat(field(row, "class")).isEqualTo("scheduling-while-atomic");
    assertThat(field(row, "kernel_release")).isEqualTo("3.10.0-514.21.1.el7.x86_64");
    assertThat(field(row, "kernel_version")).isEqualTo("3.10.0");
    assertThat(field(row, "arch")).isEqualTo("x86_64");
    assertThat(field(row, "guilty_frame")).isEqualTo("TestMode_ServerExit");
    assertThat(field(row, "guilty_module")).isEqualTo("testmod");
    assertThat(field(row, "comm")).isEqualTo("rmmod");
    assertThat(field(row, "pid")).isEqualTo(14829);
    assertThat(field(row, "preempt_count")).isEqualTo(0x200L);
    assertThat(field(row, "softirq")).isEqualTo(r.preemptCount().softirq());
    assertThat(field(row, "softirq_disable")).isEqualTo(r.preemptCount().softirqDisable());
    assertThat(field(row, "hardirq")).isEqualTo(r.preemptCount().hardirq());
    assertThat((String[]) field(row, "modules")).contains("testmod(OE-)");
    assertThat(field(row, "signature_id")).isNotNull();
  }

  private static Row stacklessWarning(int cpu, int pid, int line, String function) {
    String log =
        "[   95.884027] ------------[ cut here ]------------\n"
            + "[   95.884028] WARNING: CPU: "
            + cpu
            + " PID: "
            + pid
            + " at drivers/quux/quux_core.c:"
            + line
            + " "
            + function
            + "+0x118/0x180\n"
            + "[   95.884034] Kernel panic - not syncing: panic_on_warn set ...\n";
    Report r =
        CrashParser.withDefaults().parse(log.getBytes(StandardCharsets.UTF_8)).reports().get(0);
    return CrashRows.toRow("file:///a/vmcore-dmesg.txt", "host-1", null, r, "run-7");
  }

  @Test
  void stacklessReportsOfOneTitleAreSignedByTheFunctionTheyPrinted() {
    Row poll = stacklessWarning(3, 1975, 241, "quuxdrv_poll");
    Row pollElsewhere = stacklessWarning(1, 18244, 241, "quuxdrv_poll");
    Row reset = stacklessWarning(3, 1975, 241, "quuxdrv_reset");
    assertThat(field(poll, "title")).isEqualTo("WARNING in corrupted");
    assertThat(field(reset, "title")).isEqualTo("WARNING in corrupted");
    assertThat(field(poll, "signature_id"))
        .as("another CPU and PID: the same signature")
        .isEqualTo(field(pollElsewhere, "signature_id"));
    assertThat(field(poll, "signature_id"))
        .as("one title, two printed functions: two signatures")
        .isNotEqualTo(field(reset, "signature_id"));
    assertThat((String[]) field(poll, "signature_frames"))
        .containsExactly("<WARNING in corrupted @ quuxdrv_poll>");
  }
}
