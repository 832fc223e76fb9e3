package dev.oopslake.jobs;

import dev.oopslake.generate.ArchiveGenerator;
import dev.oopslake.generate.GeneratorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * A short run of every embedded path (nightly, sql, report) on a small generated archive, in one
 * JVM: {@code jobs/cds-archive} (run by {@code mvn package}) runs it with the JVM told to write the
 * classes it loaded to the class-data archive as it exits, so no user run waits for it.
 */
@Command(
    name = "cds-train",
    hidden = true,
    description = "Loads the classes of nightly, sql and report on a small archive (for CDS).")
public final class CdsTrainCommand implements Callable<Integer> {
  static final int FILES = 30;

  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("oopslake-cds-train");
    try {
      Path archive = dir.resolve("archive");
      Path lake = dir.resolve("lake");
      ArchiveGenerator.generate(archive, GeneratorOptions.of(FILES).withThreads(1));
      int nightly =
          OopslakeCli.execute("nightly", "--input", archive.toString(), "--lake", lake.toString());
      int sql =
          OopslakeCli.execute("sql", "--lake", lake.toString(), "SELECT count(*) FROM crashes");
      int report =
          OopslakeCli.execute(
              "report", "--lake", lake.toString(), "--out", dir.resolve("r.html").toString());
      return nightly <= OopslakeCli.REJECTED && sql == 0 && report == 0 ? 0 : 1;
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
