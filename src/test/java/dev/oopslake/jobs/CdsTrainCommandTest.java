package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The class-data training run that jobs/lib.sh starts in the background: it must succeed (a silent
 * failure there means every later run starts without the archive) and leave nothing behind.
 */
class CdsTrainCommandTest {
  private static long trainingDirs() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("oopslake-cds-train")).count();
    }
  }

  @Test
  void runsNightlySqlAndReportAndCleansUp() throws Exception {
    long before = trainingDirs();
    assertThat(OopslakeCli.execute("cds-train")).isZero();
    assertThat(trainingDirs()).isEqualTo(before);
  }
}
