package dev.oopslake.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.oopslake.jobs.OopslakeCli;
import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A file nobody may read ({@code chmod 000}) in a local archive, read by the nightly as users run
 * it (its own JVM). HostileLocalArchiveTest checks the same in the test JVM, but skips it under
 * root, which reads any file whatever its mode — and the build machine and many containers run as
 * root. Here, under root, the nightly's JVM starts through {@code setpriv} without the two
 * capabilities that let root ignore file modes (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so the
 * kernel refuses the open as it would for any user: the file is rejected as unreadable, the other
 * is read, and the run exits {@value OopslakeCli#REJECTED}.
 */
class UnreadableFileIT {
  private static final Path WORK = ChildProcess.projectHome().resolve("target/it/unreadable");

  @Test
  void aFileNobodyMayReadIsRejectedAsUnreadableEvenWhenTheJobRunsAsRoot() throws IOException {
    FileUtils.deleteDirectory(WORK.toFile());
    Path archive = WORK.resolve("archive");
    Path readable = kdump(archive, 1);
    Path locked = kdump(archive, 2);
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    Path lake = WORK.resolve("lake");

    List<String> command = new ArrayList<>();
    if (isRoot()) {
      assumeTrue(
          canDropFileModeOverride(),
          "running as root without the right to drop capabilities (no setpriv or CAP_SETPCAP)");
      command.addAll(DROP_FILE_MODE_OVERRIDE);
    }
    command.addAll(ChildProcess.nightlyCommand(archive, lake));
    ChildProcess run =
        ChildProcess.start("nightly", command, Map.of("SPARK_LOCAL_IP", "127.0.0.1"), log());
    int code = run.awaitExit(Duration.ofMinutes(5));

    assertThat(code).as(run.tail()).isEqualTo(OopslakeCli.REJECTED);
    assertThat(run.logText())
        .as("the summary counts the rejection by reason")
        .contains("1 rejected (1 unreadable)");
    Map<String, String> files = filesTable(lake);
    assertThat(files)
        .as("both files, once each; the locked one with its reason")
        .containsExactly(
            Map.entry(readable.toUri().getPath(), "crash null"),
            Map.entry(locked.toUri().getPath(), "rejected unreadable: permission denied"));
  }

  /** setpriv's arguments: no capability that lets root read or search what its mode forbids. */
  private static final List<String> DROP_FILE_MODE_OVERRIDE =
      List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search");

  private static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  /** Whether setpriv can drop the capabilities here, and then a 000 file is really refused. */
  private static boolean canDropFileModeOverride() throws IOException {
    Path probe = Files.createTempFile("oopslake-unreadable", ".probe");
    try {
      Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("---------"));
      List<String> cat = new ArrayList<>(DROP_FILE_MODE_OVERRIDE);
      cat.addAll(List.of("cat", probe.toString()));
      Process p = new ProcessBuilder(cat).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      return p.waitFor() != 0 && out.contains("Permission denied");
    } catch (IOException e) {
      return false; // no setpriv
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  private static Path log() {
    return WORK.resolve("nightly.log");
  }

  /** A kdump folder with a real-looking crash (a parser fixture's log), distinct per {@code n}. */
  private static Path kdump(Path archive, int n) throws IOException {
    String all =
        Files.readString(
            ChildProcess.projectHome()
                .resolve("src/test/resources/parse/sleeping-in-atomic-allocator.log"));
    String log = all.substring(all.indexOf("\n\n") + 2).replace("pid: 812", "pid: " + (800 + n));
    Path dir = archive.resolve("web-01/10.0.0." + n + "-2026-11-20-01:02:0" + n);
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve("vmcore-dmesg.txt"), log);
  }

  /** The files table of {@code lake}: each file's local path with its status and reason. */
  private static Map<String, String> filesTable(Path lake) {
    SparkSession spark =
        SparkSession.builder()
            .appName("unreadable-reader")
            .master("local[1]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    try {
      Map<String, String> out = new TreeMap<>();
      for (Row r :
          Lake.open(spark, TestLakes.at(lake.toUri().toString()))
              .read(LakeTables.FILES)
              .select("path", "status", "reason")
              .collectAsList()) {
        String was =
            out.put(java.net.URI.create(r.getString(0)).getPath(), r.getString(1) + " " + r.get(2));
        assertThat(was).as("%s once", r.getString(0)).isNull();
      }
      return out;
    } finally {
      spark.stop();
    }
  }
}
