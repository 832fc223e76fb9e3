package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly's exit code tells the scheduler what happened, from real in-process runs on embedded
 * Spark: {@value OopslakeCli#OK} every file accounted and none rejected, {@value
 * OopslakeCli#REJECTED} finished with some files rejected (counted by reason on the run's line),
 * {@value OopslakeCli#CONFIG} a configuration mistake, {@value OopslakeCli#FAILED} a failed run.
 */
class NightlyExitCodesTest {
  @TempDir Path tmp;

  record Outcome(int code, String err) {}

  static Outcome run(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(buf, true, StandardCharsets.UTF_8);
    System.setErr(tee);
    try {
      int code = OopslakeCli.execute(args);
      return new Outcome(code, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
      System.err.print(buf.toString(StandardCharsets.UTF_8));
    }
  }

  /** The raw log of a parser fixture (its headers end at the first blank line). */
  static byte[] fixtureLog(String name) throws IOException {
    byte[] all =
        Files.readAllBytes(
            Path.of(System.getProperty("oopslake.home", "."), "src/test/resources/parse", name));
    for (int i = 0; i + 1 < all.length; i++) {
      if (all[i] == '\n' && all[i + 1] == '\n') {
        return Arrays.copyOfRange(all, i + 2, all.length);
      }
    }
    throw new IllegalStateException(name + " has no header block");
  }

  /** A kdump folder {@code <ip>-<time>/vmcore-dmesg.txt} holding {@code content}. */
  static Path kdumpFile(Path archive, int host, byte[] content) throws IOException {
    Path file =
        archive.resolve("10.0.0." + host + "-2026-11-20-01:02:0" + host + "/vmcore-dmesg.txt");
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    return file;
  }

  static Path goodArchive(Path archive) throws IOException {
    kdumpFile(archive, 1, fixtureLog("hung-task-jbd2.log"));
    kdumpFile(archive, 2, fixtureLog("boot-no-crash.log"));
    return archive;
  }

  static String runLine(String err) {
    return err.lines().filter(l -> l.startsWith("oopslake: run ")).findFirst().orElse("");
  }

  @Test
  void everyFileReadAndNoneRejectedExitsZero() throws IOException {
    Path archive = goodArchive(tmp.resolve("archive"));

    Outcome o = run("nightly", "--input", archive.toString(), "--lake", tmp.resolve("lake") + "");

    assertThat(o.code()).as("clean run: %s", o.err()).isEqualTo(OopslakeCli.OK);
    assertThat(runLine(o.err()))
        .as("the run's line")
        .contains("2 files listed")
        .contains("1 crash, 1 no_crash, 0 rejected,");
  }

  @Test
  void someFilesRejectedExitsThreeAndTheRunLineCountsThemByReason() throws IOException {
    Path archive = goodArchive(tmp.resolve("archive"));
    kdumpFile(archive, 3, new byte[0]);
    byte[] random = new byte[8192];
    new Random(15).nextBytes(random);
    kdumpFile(archive, 4, random);
    kdumpFile(archive, 5, Arrays.copyOf(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0}, 40));

    Outcome o = run("nightly", "--input", archive.toString(), "--lake", tmp.resolve("lake") + "");

    assertThat(o.code()).as("finished, some rejected: %s", o.err()).isEqualTo(OopslakeCli.REJECTED);
    assertThat(runLine(o.err()))
        .as("rejections counted by reason kind")
        .contains("5 files listed")
        .contains("1 crash, 1 no_crash, 3 rejected (1 binary data, 1 empty input, 1 gzip),");
  }

  @Test
  void aConfigurationMistakeExitsTwoBeforeAnythingIsWritten() throws IOException {
    Path archive = goodArchive(tmp.resolve("archive"));
    Path conf = tmp.resolve("oopslake.yaml");
    Files.writeString(conf, "nightly:\n  partitons: 4\n");

    Outcome o =
        run(
            "nightly",
            "--input",
            archive.toString(),
            "--lake",
            tmp.resolve("lake") + "",
            "--conf",
            conf.toString());

    assertThat(o.code()).isEqualTo(OopslakeCli.CONFIG);
    assertThat(o.err().strip().lines()).as("one line: %s", o.err()).hasSize(1);
    assertThat(o.err()).contains("partitons");
    assertThat(tmp.resolve("lake")).as("nothing written").doesNotExist();
  }

  /**
   * A read error of the storage (here the kernel's EIO on {@code /proc/self/mem}) is not the file's
   * fault: the run fails rather than recording a good file as rejected, and says so on one line.
   */
  @Test
  void aFailedRunExitsOne() throws IOException {
    Path archive = goodArchive(tmp.resolve("archive"));
    Path eio = archive.resolve("10.0.0.9-2026-11-20-01:02:09/vmcore-dmesg.txt");
    Files.createDirectories(eio.getParent());
    Files.createSymbolicLink(eio, Path.of("/proc/self/mem"));

    Outcome o = run("nightly", "--input", archive.toString(), "--lake", tmp.resolve("lake") + "");

    assertThat(o.code()).as("failed run: %s", o.err()).isEqualTo(OopslakeCli.FAILED);
    assertThat(o.err().lines().filter(l -> l.startsWith("oopslake: nightly failed: ")))
        .as("one line a log watcher can match")
        .hasSize(1);
    assertThat(runLine(o.err())).as("no run line: the run did not finish").isEmpty();
  }
}
