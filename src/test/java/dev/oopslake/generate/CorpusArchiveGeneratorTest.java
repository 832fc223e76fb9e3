package dev.oopslake.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oopslake.jobs.OopslakeCli;
import dev.oopslake.parse.CrashParser;
import dev.oopslake.parse.Frame;
import dev.oopslake.parse.ParsedFile;
import dev.oopslake.parse.Report;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --corpus}: a tiny corpus of hand-written logs (not the shared corpus) becomes an
 * archive whose files vary what a fleet varies and keep what makes the bug.
 */
class CorpusArchiveGeneratorTest {
  @TempDir Path dir;
  Path corpus;

  private static final CrashParser PARSER = CrashParser.withDefaults();

  /** A general protection fault in a made-up driver, with an unreliable frame. */
  private static final String GPF =
      """
      [   41.101201] general protection fault: 0000 [#1] PREEMPT SMP KASAN
      [   41.101988] CPU: 3 PID: 4242 Comm: syz-executor.2 Not tainted 5.4.0-rc3+ #12
      [   41.102552] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.13.0-1 04/01/2014
      [   41.103117] RIP: 0010:frob_widget_queue+0x8c/0x2d0
      [   41.103720] Call Trace:
      [   41.104001]  frob_widget_ioctl+0x21a/0x580
      [   41.104341]  ? frob_widget_queue+0x2d0/0x2d0
      [   41.104612]  do_vfs_ioctl+0x1a3/0x10e0
      [   41.104991]  ksys_ioctl+0x9b/0xc0
      [   41.105246]  __x64_sys_ioctl+0x6f/0xb0
      [   41.105551]  do_syscall_64+0xfa/0x780
      [   41.105870]  entry_SYSCALL_64_after_hwframe+0x49/0xbe
      [   41.106222] Modules linked in:
      [   41.106555] ---[ end trace 5d3e9a1b0c2f4e11 ]---
      """;

  /** A WARNING in another made-up function, caller ids on every line. */
  private static final String WARN =
      """
      [  103.551020][ T7311] WARNING: CPU: 0 PID: 7311 at drivers/quux/core.c:412 quux_release+0x3e/0x120
      [  103.552101][ T7311] Kernel panic - not syncing: panic_on_warn set ...
      [  103.552800][ T7311] CPU: 0 PID: 7311 Comm: syz-executor.0 Not tainted 5.10.0-rc1-syzkaller #0
      [  103.553400][ T7311] Call Trace:
      [  103.553900][ T7311]  quux_put+0x55/0x90
      [  103.554300][ T7311]  quux_close+0x2c/0x60
      [  103.554800][ T7311]  __fput+0x283/0x920
      [  103.555200][ T7311]  task_work_run+0xdd/0x190
      [  103.555600][ T7311]  exit_to_user_mode_prepare+0x1d2/0x1e0
      [  103.556000][ T7311]  syscall_exit_to_user_mode+0x38/0x260
      [  103.556400][ T7311]  entry_SYSCALL_64_after_hwframe+0x44/0xa9
      """;

  @BeforeEach
  void writeCorpus() throws IOException {
    corpus = dir.resolve("corpus");
    Files.createDirectories(corpus);
    Files.writeString(corpus.resolve("gpf.log"), GPF);
    Files.writeString(corpus.resolve("warn.log"), WARN);
    Files.writeString(corpus.resolve("clean.log"), "[    1.000000] Linux version 5.4.0\n");
    Files.writeString(
        corpus.resolve(CorpusLogs.EXPECTED),
        "name\ttitle\talt_titles\ttype\tcorrupted\n"
            + "gpf\tgeneral protection fault in frob_widget_queue\t\tUNKNOWN\t0\n"
            + "warn\tWARNING in quux_release\t\tWARNING\t0\n"
            + "clean\t\t\t\t0\n");
  }

  @Test
  void everyFileIsOneTemplatesBugAfterABootLog() throws IOException {
    Path out = dir.resolve("archive");
    GenerationResult result =
        CorpusArchiveGenerator.generate(corpus, out, new GeneratorOptions(60, 9, 0.5, 2));

    List<String> truth = Files.readAllLines(result.groundTruth());
    assertThat(truth.get(0)).isEqualTo("file,bug_id");
    assertThat(truth).as("header + one row per file").hasSize(61);
    Map<String, Set<String>> ripsByBug = new HashMap<>();
    Set<String> bugs = new HashSet<>();
    for (String row : truth.subList(1, truth.size())) {
      String[] cols = row.split(",", -1);
      String bug = cols[1];
      String text = read(out.resolve(cols[0]));
      assertThat(text).as("a generated boot log comes first").startsWith("[");
      assertThat(text).contains("Linux version");
      ParsedFile parsed = PARSER.parse(text.getBytes(StandardCharsets.ISO_8859_1));
      if (bug.isEmpty()) {
        assertThat(parsed.reports()).as("the clean template stays clean: %s", cols[0]).isEmpty();
        continue;
      }
      bugs.add(bug);
      assertThat(bug).isIn("syz-gpf", "syz-warn");
      Report r = parsed.reports().get(0);
      String expected =
          bug.equals("syz-gpf")
              ? "general protection fault in frob_widget_queue"
              : "WARNING in quux_release";
      assertThat(r.title())
          .as("the bug's title survives the variation: %s", cols[0])
          .isEqualTo(expected);
      List<String> reliable =
          r.frames().stream().filter(Frame::reliable).map(Frame::function).toList();
      assertThat(reliable)
          .as("reliable frames keep their order")
          .containsSubsequence(
              bug.equals("syz-gpf")
                  ? List.of("frob_widget_ioctl", "do_vfs_ioctl", "ksys_ioctl")
                  : List.of("quux_put", "quux_close", "__fput"));
      ripsByBug
          .computeIfAbsent(bug, k -> new HashSet<>())
          .add(text.substring(text.lastIndexOf("PID: ")).split("\\s+")[1]);
    }
    assertThat(bugs).as("both crash templates drawn").hasSize(2);
    assertThat(ripsByBug.values())
        .as("PIDs differ between crashes of one bug")
        .allSatisfy(pids -> assertThat(pids).hasSizeGreaterThan(1));
    assertThat(result.gzipFiles()).as("about half gzipped").isBetween(15, 45);
  }

  @Test
  void theSameSeedGivesTheSameBytes() throws IOException {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    CorpusArchiveGenerator.generate(corpus, a, new GeneratorOptions(8, 4, 0, 1));
    CorpusArchiveGenerator.generate(corpus, b, new GeneratorOptions(8, 4, 0, 2));
    try (Stream<Path> files = Files.walk(a)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readAllBytes(b.resolve(a.relativize(f))))
            .as("thread count changes no byte: %s", f)
            .isEqualTo(Files.readAllBytes(f));
      }
    }
  }

  @Test
  void variationMovesAddressesOffsetsAndTimeButKeepsFunctions() {
    LogVariation.Build rebuilt = new LogVariation.Build("-gabc", 7, 12345);
    LogVariation.Draw draw =
        new LogVariation.Draw(rebuilt, 1_000_000_000L, 0x400000L, 0x3000L, 1, 8, 99);
    String line =
        "[  264.330694] [<ffffffff834dea24>] ipmr_mfc_seq_stop+0xe4/0x140 at ffff8801bd87f948";
    String varied = LogVariation.rewrite(line, draw);
    assertThat(varied)
        .startsWith("[ 1264.330694]")
        .contains("ffffffff838dea24", "ffff8801bd882948", "ipmr_mfc_seq_stop+0x")
        .doesNotContain("+0xe4/0x140");
    assertThat(
            LogVariation.rewrite(
                "CPU: 1 PID: 1081 Comm: syz-executor1 Not tainted 4.9.65-gea83e4a+ #95", draw))
        .as("CPU moved, PID remapped, release rebuilt")
        .startsWith("CPU: 2 PID: ")
        .doesNotContain("PID: 1081")
        .endsWith("Not tainted 4.9.65-gea83e4a-gabc+ #7");
  }

  @Test
  void aRebuiltKernelInlinesSomeFunctionsButNeverTheFirstFrameOrTheTitles() {
    List<String> template =
        List.of(
            "[    1.000000] Call Trace:",
            "[    1.000001]  first_fn+0x10/0x20",
            "[    1.000002]  named_fn+0x10/0x20",
            "[    1.000003]  f3+0x10/0x20",
            "[    1.000004]  f4+0x10/0x20");
    LogVariation.Build own = new LogVariation.Build("", 1, 0);
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    LogVariation.Draw same = new LogVariation.Draw(own, 0, 0, 0, 0, 1, 1);
    assertThat(LogVariation.vary(template, same, random, Set.of()))
        .as("the template's own build inlines nothing")
        .hasSizeGreaterThanOrEqualTo(template.size());
    int dropped = 0;
    for (long salt = 1; salt < 400; salt += 2) {
      LogVariation.Draw d =
          new LogVariation.Draw(new LogVariation.Build("-g1", 2, salt), 0, 0, 0, 0, 1, 1);
      List<String> out = LogVariation.vary(template, d, random, Set.of("named_fn"));
      assertThat(out).anyMatch(l -> l.matches("\\[[^\\]]*\\]\\s+first_fn\\+.*"));
      assertThat(out).anyMatch(l -> l.matches("\\[[^\\]]*\\]\\s+named_fn\\+.*"));
      dropped += out.stream().anyMatch(l -> l.matches("\\[[^\\]]*\\]\\s+f3\\+.*")) ? 0 : 1;
    }
    assertThat(dropped).as("f3 inlined in about a tenth of 200 builds").isBetween(5, 40);
  }

  @Test
  void aCorpusWithoutItsTableIsRefused() throws IOException {
    Files.delete(corpus.resolve(CorpusLogs.EXPECTED));
    assertThatThrownBy(() -> CorpusLogs.load(corpus)).hasMessageContaining("expected.tsv");
    assertThat(
            OopslakeCli.execute(
                "generate",
                "--files",
                "3",
                "--corpus",
                corpus.toString(),
                "--out",
                dir.resolve("x").toString()))
        .as("user error")
        .isEqualTo(2);
  }

  private static String read(Path file) throws IOException {
    if (!file.toString().endsWith(".gz")) {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
