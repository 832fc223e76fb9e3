package dev.oopslake.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PathLayoutTest {

  private static final PathLayout KDUMP = PathLayout.kdump();
  private static final LocalDateTime T = LocalDateTime.of(2024, 3, 7, 13, 45, 9);

  @Test
  void kdumpFolderAlone() {
    assertThat(KDUMP.match("10.1.2.3-2024-03-07-13:45:09/vmcore-dmesg.txt"))
        .isEqualTo(new PathFields(null, "10.1.2.3", T));
  }

  @Test
  void aFailedExtractionsIncompleteFileIsTheSameCrashFolder() {
    assertThat(KDUMP.match("web-01/10.1.2.3-2024-03-07-13:45:09/vmcore-dmesg-incomplete.txt"))
        .isEqualTo(new PathFields("web-01", "10.1.2.3", T));
  }

  @Test
  void underAHostFolderCompressed() {
    assertThat(KDUMP.match("web-01/10.1.2.3-2024-03-07-13:45:09/vmcore-dmesg.txt.gz"))
        .isEqualTo(new PathFields("web-01", "10.1.2.3", T));
  }

  @Test
  void underADateAndAHostFolder() {
    assertThat(KDUMP.match("/2024-03-07/web-01/10.1.2.3-2024-03-07-13:45:09/vmcore-dmesg.txt.zst"))
        .as("a date folder is matched and not taken for the host")
        .isEqualTo(new PathFields("web-01", "10.1.2.3", T));
  }

  @Test
  void underADateFolderOnly() {
    assertThat(KDUMP.match("20240307/10.1.2.3-2024-03-07-13:45:09/vmcore-dmesg.txt"))
        .isEqualTo(new PathFields(null, "10.1.2.3", T));
  }

  @Test
  void ipv6AndHostnameFolders() {
    assertThat(KDUMP.match("fe80::1-2024-03-07-13:45:09/vmcore-dmesg.txt").ip())
        .isEqualTo("fe80::1");
    assertThat(KDUMP.match("db-7-2024-03-07-13:45:09/vmcore-dmesg.txt").ip())
        .as("kdump may name the folder after a hostname with dashes")
        .isEqualTo("db-7");
  }

  @Test
  void aPathThatDoesNotMatchHasNoFields() {
    assertThat(KDUMP.match("misc/notes.txt")).isEqualTo(PathFields.NONE);
    assertThat(KDUMP.match("a/b/c/10.1.2.3-2024-03-07-13:45:09/vmcore-dmesg.txt").matched())
        .as("too many folders for the layout")
        .isFalse();
  }

  @Test
  void anImpossibleTimeKeepsHostAndIp() {
    PathFields f = KDUMP.match("h/10.1.2.3-2024-13-07-13:45:09/vmcore-dmesg.txt");
    assertThat(f.crashTime()).as("month 13").isNull();
    assertThat(f.ip()).isEqualTo("10.1.2.3");
  }

  /** The commented example in conf/oopslake.yaml, read from there so it cannot go stale. */
  @Test
  void theUbuntuLayoutConfSpellsOutReadsItsFolders() throws Exception {
    Map<String, String> example = new HashMap<>();
    for (String line : Files.readAllLines(Path.of("conf/oopslake.yaml"))) {
      Matcher m = Pattern.compile("^\\s*#\\s+([a-z-]+): \"(.*)\"$").matcher(line);
      if (m.matches()) {
        // YAML's double-quoted string: a doubled backslash is one.
        example.put(m.group(1), m.group(2).replace("\\\\", "\\"));
      }
    }
    PathLayout ubuntu = PathLayout.of(example.get("path-pattern"), example.get("path-time-format"));
    assertThat(ubuntu.match("host-a/202312071637/dmesg.202312071637.gz"))
        .isEqualTo(new PathFields("host-a", null, LocalDateTime.of(2023, 12, 7, 16, 37)));
    assertThat("dmesg.202312071637.gz").matches(example.get("file-name-pattern"));
  }

  @Test
  void aCustomLayoutFromConf() {
    PathLayout layout =
        PathLayout.of("crashes/(?<host>[^/]+)/(?<time>\\d{8}T\\d{6})\\.log", "yyyyMMdd'T'HHmmss");
    assertThat(layout.match("crashes/node9/20240307T134509.log"))
        .isEqualTo(new PathFields("node9", null, T));
  }

  @Test
  void badLayoutsNameWhatToChange() {
    assertThatThrownBy(() -> PathLayout.of("(?<hostname>.*)", "yyyy"))
        .hasMessageContaining("unknown group (?<hostname>)");
    assertThatThrownBy(() -> PathLayout.of("(.*)", "yyyy")).hasMessageContaining("names none");
    assertThatThrownBy(() -> PathLayout.of("(?<host>", "yyyy"))
        .hasMessageContaining("not a valid regex");
    assertThatThrownBy(() -> PathLayout.of("(?<host>.*)", "yyyy-pp-{{"))
        .hasMessageContaining("time format");
  }

  @Test
  void kdumpTimesReadByHandAgreeWithTheFormatter() {
    java.time.format.DateTimeFormatter f =
        java.time.format.DateTimeFormatter.ofPattern(PathLayout.KDUMP_TIME_FORMAT);
    java.util.List<String> times =
        new java.util.ArrayList<>(
            java.util.List.of(
                "2026-11-20-03:14:15",
                "2024-02-29-00:00:00",
                "2026-02-30-12:00:00",
                "2026-02-29-12:00:00",
                "2026-04-31-12:00:00",
                "2026-13-01-00:00:00",
                "2026-00-10-00:00:00",
                "2026-01-00-00:00:00",
                "2026-01-01-24:00:00",
                "2026-01-01-23:60:00",
                "2026-01-01-23:59:60",
                "0000-01-01-00:00:00",
                "2026-1-01-00:00:00x",
                "2026-01-01 00:00:00",
                "2026-01-01-00:00:0a",
                "+026-01-01-00:00:00",
                "２026-01-01-00:00:00"));
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      times.add(
          String.format(
              java.util.Locale.ROOT,
              "%04d-%02d-%02d-%02d:%02d:%02d",
              random.nextInt(10_000),
              random.nextInt(14),
              random.nextInt(33),
              random.nextInt(26),
              random.nextInt(62),
              random.nextInt(62)));
    }
    for (String t : times) {
      java.time.LocalDateTime expected;
      try {
        expected = java.time.LocalDateTime.parse(t, f);
      } catch (java.time.format.DateTimeParseException e) {
        expected = null;
      }
      assertThat(PathLayout.kdumpTime(t)).as(t).isEqualTo(expected);
    }
  }
}
