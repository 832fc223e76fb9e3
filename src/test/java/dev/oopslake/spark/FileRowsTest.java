package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.archive.Codec;
import dev.oopslake.archive.FileContent;
import dev.oopslake.archive.PathFields;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.parse.CrashParser;
import dev.oopslake.parse.ParsedFile;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The file row's values sit under the schema's field names, for a read file and an unread one. */
class FileRowsTest {
  private static final String URI =
      "file:///a/web-01/10.0.0.1-2026-11-20-01:02:03/vmcore-dmesg.txt";
  private static final PathFields PATH =
      new PathFields("web-01", "10.0.0.1", LocalDateTime.of(2026, 11, 20, 1, 2, 3));

  private static Object field(Row row, String name) {
    return row.get(LakeTables.INGESTED.fieldIndex(name));
  }

  @Test
  void aReadCrashFileCarriesItsColumnsAndItsCrashRows() {
    byte[] log =
        ("[   95.884028] WARNING: CPU: 3 PID: 1975 at drivers/quux/quux_core.c:241"
                + " quuxdrv_poll+0x118/0x180\n"
                + "[   95.884034] Kernel panic - not syncing: panic_on_warn set ...\n")
            .getBytes(StandardCharsets.UTF_8);
    ParsedFile parsed = CrashParser.withDefaults().parse(log);
    int reports = parsed.reports().size();
    assertThat(reports).as("the log holds a crash").isPositive();
    FileContent content = new FileContent(log, log.length, 300, Codec.GZIP, false, null);

    Row row = FileRows.toRow(URI, 300, 1_000L, PATH, content, parsed, "run-7");

    Timestamp crashTime = Timestamp.valueOf("2026-11-20 01:02:03");
    assertThat(row.size()).as("one value per schema field").isEqualTo(LakeTables.INGESTED.size());
    assertThat(field(row, "path")).isEqualTo(URI);
    assertThat(field(row, "size")).isEqualTo(300L);
    assertThat(field(row, "modified")).isEqualTo(new Timestamp(1_000L));
    assertThat(field(row, "status")).isEqualTo("crash");
    assertThat(field(row, "reason")).isNull();
    assertThat(field(row, "host")).isEqualTo("web-01");
    assertThat(field(row, "ip")).isEqualTo("10.0.0.1");
    assertThat(field(row, "crash_time")).isEqualTo(crashTime);
    assertThat(field(row, "reports")).isEqualTo(reports);
    assertThat(field(row, "codec")).isEqualTo("gzip");
    assertThat(field(row, "truncated")).isEqualTo(false);
    assertThat(field(row, "bytes_read")).as("decompressed bytes").isEqualTo((long) log.length);
    assertThat(field(row, "run_id")).isEqualTo("run-7");
    Row[] crashes = (Row[]) field(row, "crash_rows");
    assertThat(crashes).as("one crash row per report").hasSize(reports);
    assertThat(crashes[0].getString(LakeTables.CRASH.fieldIndex("file")))
        .as("the crash row names its file")
        .isEqualTo(URI);
    assertThat(crashes[0].get(LakeTables.CRASH.fieldIndex("crash_time")))
        .as("and the crash time its path carries")
        .isEqualTo(crashTime);
  }

  @Test
  void aFileThatCouldNotBeOpenedHasNoCodecNoBytesAndNoCrashRows() {
    Row row =
        FileRows.toRow(
            URI,
            300,
            1_000L,
            PathFields.NONE,
            null,
            ParsedFile.rejected("not found: deleted after it was listed"),
            "run-7");

    assertThat(field(row, "status")).isEqualTo("rejected");
    assertThat(field(row, "reason")).isEqualTo("not found: deleted after it was listed");
    assertThat(field(row, "host")).isNull();
    assertThat(field(row, "crash_time")).isNull();
    assertThat(field(row, "reports")).isEqualTo(0);
    assertThat(field(row, "codec")).isNull();
    assertThat(field(row, "truncated")).isEqualTo(false);
    assertThat(field(row, "bytes_read")).isEqualTo(0L);
    assertThat((Row[]) field(row, "crash_rows")).isEmpty();
  }
}
