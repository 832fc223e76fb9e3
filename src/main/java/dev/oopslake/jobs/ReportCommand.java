package dev.oopslake.jobs;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.report.MorningReport;
import dev.oopslake.report.ReportPage;
import dev.oopslake.spark.ReportData;
import dev.oopslake.spark.Sessions;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code oopslake report}: the morning report, one self-contained HTML file from the lake's morning
 * tables (top clusters and their states, trends, new/spiking/regressed, release × module, rates,
 * taint, known bugs).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write the morning report: one HTML file that opens from disk with no network.")
public final class ReportCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin LakeOptions lakeOptions = new LakeOptions();

  @Option(names = "--conf", description = "Settings file (default: conf/oopslake.yaml).")
  Path conf;

  @Option(names = "--out", required = true, description = "The HTML file to write.")
  Path out;

  @Option(
      names = "--window",
      defaultValue = "7",
      description =
          "Days in the ranking window (default ${DEFAULT-VALUE}; the nightly keeps 7 and 28).")
  int window;

  @Option(
      names = "--top",
      defaultValue = "20",
      description =
          "Top clusters listed (default ${DEFAULT-VALUE}); the trend chart draws the first 8.")
  int top;

  @Option(
      names = "--as-of",
      description = "The report's day, YYYY-MM-DD (default: the morning tables' latest).")
  LocalDate asOf;

  @Override
  public Integer call() throws IOException {
    ReportData.Options options;
    try {
      options = new ReportData.Options(window, asOf, top, Math.min(8, Math.max(1, top)));
    } catch (dev.oopslake.spark.ConfigError e) {
      throw new UserError(e.getMessage());
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new UserError("--out " + out + ": folder " + parent + " does not exist");
    }
    LakeLocation location = lakeOptions.location(conf);
    long start = System.nanoTime();
    SparkSession spark =
        Sessions.getOrCreate("oopslake-report", LakeOptions.sparkConf(conf, location));
    MorningReport report;
    long opened = 0;
    long read;
    try {
      Lake lake = Lake.open(spark, location);
      if (!lake.exists(dev.oopslake.lake.LakeTables.CRASHES)) {
        throw new UserError(
            location.describe()
                + " holds no crashes table; run `oopslake nightly` there first, or check --lake");
      }
      opened = System.nanoTime();
      report = ReportData.read(lake, options, Instant.now());
      read = System.nanoTime();
    } finally {
      spark.stop();
    }
    // Written beside the target and moved into place: a reader never opens half a page.
    Path tmp = Files.createTempFile(parent, ".report", ".html.tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      ReportPage.render(report, w);
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    long end = System.nanoTime();
    System.out.printf(
        "wrote %s (%,d KB, as of %s, %d-day window) in %.1f s: Spark start %.1f s, tables %.1f s,"
            + " page %.1f s%n",
        out,
        Files.size(out) / 1024,
        report.asOf(),
        report.windowDays(),
        (end - start) / 1e9,
        (opened - start) / 1e9,
        (read - opened) / 1e9,
        (end - read) / 1e9);
    return 0;
  }
}
