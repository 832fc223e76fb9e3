package dev.oopslake.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.lake.TestLakes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local archives with the traps of a real disk: a folder symlink looping back up the tree, a
 * symlink loop in a file's place, a dangling symlink, a file nobody may read, a file that changed
 * between listing and reading. Every real file is listed once and ends as exactly one of crash,
 * no_crash or rejected-with-a-reason; the counts add up; the run does not fail.
 */
class HostileLocalArchiveTest {
  @TempDir static Path tmp;
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SharedSpark.get();
  }

  private static Path kdump(Path archive, String host, int n, String text) throws IOException {
    Path file = archive.resolve(host + "/10.0.0." + n + "-2026-11-20-01:02:0" + n);
    Files.createDirectories(file);
    return Files.writeString(file.resolve("vmcore-dmesg.txt"), text);
  }

  private static NightlyPipeline.Result run(Path archive, String name) {
    String dir = tmp.resolve(name).toUri().toString().replaceAll("/$", "");
    LakeLocation lake = TestLakes.at(dir);
    return NightlyPipeline.run(
        spark,
        NightlyOptions.builder(archive.toString(), dir)
            .maxFileBytes(1 << 20)
            .summaryTop(10)
            .location(lake)
            .build());
  }

  /** Each path in the run's files table with its status and reason. */
  private static Map<String, String> files(String name) {
    Lake lake = Lake.open(spark, TestLakes.at(tmp.resolve(name).toUri().toString()));
    Map<String, String> out = new TreeMap<>();
    for (Row r : lake.read(LakeTables.FILES).select("path", "status", "reason").collectAsList()) {
      String path = r.getString(0);
      String was =
          out.put(path.substring(path.indexOf("/archive") + 1), r.getString(1) + " " + r.get(2));
      assertThat(was).as("%s listed once", path).isNull();
    }
    return out;
  }

  private static void assertAddsUp(NightlyPipeline.Result result, Map<String, String> files) {
    assertThat(result.accounted()).as("counts add up: %s", result.describe()).isTrue();
    assertThat(result.listed()).as("one row per listed file").isEqualTo(files.size());
  }

  @Test
  void symlinkLoopsAndDanglingLinksAreAccountedForWithAReason() throws IOException {
    Path archive = tmp.resolve("links/archive");
    kdump(archive, "web-01", 1, NightlyPipelineTest.CRASH);
    kdump(archive, "web-01", 2, NightlyPipelineTest.CLEAN);
    // Folder links back up the tree: followed, they would list web-01 again, forever.
    Files.createSymbolicLink(archive.resolve("web-01/up"), Path.of(".."));
    Files.createSymbolicLink(archive.resolve("web-01/self"), Path.of("."));
    // In a file's place: a link to itself, a two-link loop, a link to nothing.
    Path loop = archive.resolve("web-02/10.0.0.3-2026-11-20-01:02:03/vmcore-dmesg.txt");
    Files.createDirectories(loop.getParent());
    Files.createSymbolicLink(loop, loop.getFileName());
    Path a = archive.resolve("web-02/10.0.0.4-2026-11-20-01:02:04/vmcore-dmesg.txt");
    Files.createDirectories(a.getParent());
    Files.createSymbolicLink(a, Path.of("vmcore-dmesg.txt.b"));
    Files.createSymbolicLink(a.resolveSibling("vmcore-dmesg.txt.b"), a.getFileName());
    Path dangling = archive.resolve("web-02/10.0.0.5-2026-11-20-01:02:05/vmcore-dmesg.txt");
    Files.createDirectories(dangling.getParent());
    Files.createSymbolicLink(dangling, Path.of("/nonexistent/vmcore-dmesg.txt"));
    // A link to a real file elsewhere: read through it.
    Path elsewhere = tmp.resolve("links/elsewhere.txt");
    Files.writeString(elsewhere, NightlyPipelineTest.CRASH);
    Path linked = archive.resolve("web-03/10.0.0.6-2026-11-20-01:02:06/vmcore-dmesg.txt");
    Files.createDirectories(linked.getParent());
    Files.createSymbolicLink(linked, elsewhere);

    NightlyPipeline.Result result = run(archive, "links/lake");
    Map<String, String> files = files("links/lake");

    assertAddsUp(result, files);
    assertThat(files)
        .as("the looping folders add nothing; every file is there once, with a reason if rejected")
        .containsExactly(
            Map.entry("archive/web-01/10.0.0.1-2026-11-20-01:02:01/vmcore-dmesg.txt", "crash null"),
            Map.entry(
                "archive/web-01/10.0.0.2-2026-11-20-01:02:02/vmcore-dmesg.txt", "no_crash null"),
            Map.entry(
                "archive/web-02/10.0.0.3-2026-11-20-01:02:03/vmcore-dmesg.txt",
                "rejected unreadable: symlink loop"),
            Map.entry(
                "archive/web-02/10.0.0.4-2026-11-20-01:02:04/vmcore-dmesg.txt",
                "rejected unreadable: symlink loop"),
            Map.entry(
                "archive/web-02/10.0.0.4-2026-11-20-01:02:04/vmcore-dmesg.txt.b",
                "rejected unreadable: symlink loop"),
            Map.entry(
                "archive/web-02/10.0.0.5-2026-11-20-01:02:05/vmcore-dmesg.txt",
                "rejected unreadable: dangling symlink"),
            Map.entry(
                "archive/web-03/10.0.0.6-2026-11-20-01:02:06/vmcore-dmesg.txt", "crash null"));
    assertThat(result.rejectedByReason()).containsExactly(Map.entry("unreadable", 4L));
  }

  /**
   * chmod 000. Root reads any file whatever its mode, so under root (as in some containers) there
   * is no unreadable file to make and the test is skipped.
   */
  @Test
  void aFileNobodyMayReadIsRejectedAsUnreadable() throws IOException {
    Path archive = tmp.resolve("perm/archive");
    kdump(archive, "web-01", 1, NightlyPipelineTest.CRASH);
    Path locked = kdump(archive, "web-01", 2, NightlyPipelineTest.CRASH);
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(locked), "running as root: chmod 000 does not stop reads");

    NightlyPipeline.Result result = run(archive, "perm/lake");
    Map<String, String> files = files("perm/lake");

    assertAddsUp(result, files);
    assertThat(files)
        .containsEntry(
            "archive/web-01/10.0.0.2-2026-11-20-01:02:02/vmcore-dmesg.txt",
            "rejected unreadable: permission denied");
    assertThat(result.crash()).isEqualTo(1);
  }
}
