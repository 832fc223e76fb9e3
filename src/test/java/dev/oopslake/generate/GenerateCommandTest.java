package dev.oopslake.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.jobs.OopslakeCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code oopslake generate}: flags, the empty-directory rule, exit codes. */
class GenerateCommandTest {
  @TempDir Path dir;

  @Test
  void generatesIntoAFreshDirectory() throws IOException {
    Path out = dir.resolve("archive");
    int code =
        OopslakeCli.execute(
            "generate",
            "--files",
            "12",
            "--out",
            out.toString(),
            "--seed",
            "5",
            "--gzip-ratio",
            "0.25");
    assertThat(code).as("exit code").isZero();
    assertThat(Files.readAllLines(out.resolve("ground_truth.csv")))
        .as("header + 12 rows")
        .hasSize(13);
  }

  @Test
  void refusesToMixIntoAnOldArchive() throws IOException {
    Files.writeString(dir.resolve("leftover.txt"), "x");
    assertThat(OopslakeCli.execute("generate", "--files", "3", "--out", dir.toString()))
        .as("user error: --out not empty")
        .isEqualTo(2);
  }

  @Test
  void rejectsBadValuesAsUserErrors() {
    Path out = dir.resolve("x");
    assertThat(OopslakeCli.execute("generate", "--files", "0", "--out", out.toString()))
        .isEqualTo(2);
    assertThat(
            OopslakeCli.execute(
                "generate", "--files", "3", "--out", out.toString(), "--gzip-ratio", "1.5"))
        .isEqualTo(2);
    assertThat(OopslakeCli.execute("generate", "--files", "3"))
        .as("--out is required")
        .isEqualTo(2);
    assertThat(Files.exists(out)).as("nothing written on a user error").isFalse();
  }
}
