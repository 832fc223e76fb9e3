package dev.oopslake.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import dev.oopslake.jobs.NightlyOptions;
import dev.oopslake.jobs.Progress;
import dev.oopslake.spark.cluster.SignatureStage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The nightly run: list, read and parse every file once, write {@code files} and {@code crashes},
 * then the summaries derived from them. Returns counts that add up: every listed file is crash,
 * no_crash or rejected.
 */
public final class NightlyPipeline {
  private NightlyPipeline() {}

  /** Counts of one run. */
  public record Result(
      String runId,
      long listed,
      long crash,
      long noCrash,
      long rejected,
      long truncated,
      long reports,
      SignatureStage.Result signatures,
      double seconds) {

    public String describe() {
      return String.format(
          "run %s: %d files (%d crash, %d no_crash, %d rejected; %d truncated), %d crash reports;"
              + " %d signatures (%d new) in %d clusters, %d merges; %.1f s",
          runId,
          listed,
          crash,
          noCrash,
          rejected,
          truncated,
          reports,
          signatures.signatures(),
          signatures.newSignatures(),
          signatures.clusters(),
          signatures.merges(),
          seconds);
    }
  }

  public static Result run(SparkSession spark, NightlyOptions options) {
    long start = System.nanoTime();
    String runId =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    spark.sparkContext().setJobDescription("oopslake: list " + options.input());
    List<Row> listing;
    try {
      listing = ArchiveIngest.list(spark, options.input(), options.fileNamePattern());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + options.input(), e);
    }
    Progress.say("listed " + listing.size() + " files under " + options.input());
    int partitions =
        options.partitions() > 0
            ? options.partitions()
            : spark.sparkContext().defaultParallelism() * 4;
    partitions = Math.max(1, Math.min(partitions, listing.size()));

    Dataset<Row> ingested =
        ArchiveIngest.ingest(
                spark,
                spark.createDataFrame(listing, ArchiveIngest.LISTING).repartition(partitions),
                options.maxFileBytes(),
                options.rules(),
                runId)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      spark.sparkContext().setJobDescription("oopslake: read and parse files");
      Dataset<Row> files = ingested.drop("crash_rows");
      write(files, options.lake(), LakeTables.FILES);

      spark.sparkContext().setJobDescription("oopslake: write crashes");
      Dataset<Row> crashes = ingested.select(explode(col("crash_rows")).as("c")).select("c.*");
      write(crashes, options.lake(), LakeTables.CRASHES);

      spark.sparkContext().setJobDescription("oopslake: count");
      Dataset<Row> written = spark.read().parquet(path(options.lake(), LakeTables.FILES));
      long crash = 0, noCrash = 0, rejected = 0, truncated = 0, reports = 0;
      for (Row r :
          written
              .groupBy("status")
              .agg(
                  org.apache.spark.sql.functions.count("*"),
                  org.apache.spark.sql.functions.sum(col("truncated").cast("int")),
                  org.apache.spark.sql.functions.sum("reports"))
              .collectAsList()) {
        long n = r.getLong(1);
        truncated += r.isNullAt(2) ? 0 : r.getLong(2);
        reports += r.isNullAt(3) ? 0 : r.getLong(3);
        switch (r.getString(0)) {
          case "crash" -> crash = n;
          case "no_crash" -> noCrash = n;
          default -> rejected += n;
        }
      }

      spark.sparkContext().setJobDescription("oopslake: summarize");
      Summaries.writeKernelModule(spark, options.lake());

      spark.sparkContext().setJobDescription("oopslake: signatures and clusters");
      SignatureStage.Result signatures = SignatureStage.run(spark, options.lake(), Instant.now());
      return new Result(
          runId,
          listing.size(),
          crash,
          noCrash,
          rejected,
          truncated,
          reports,
          signatures,
          (System.nanoTime() - start) / 1e9);
    } finally {
      ingested.unpersist();
    }
  }

  static void write(Dataset<Row> rows, String lake, String table) {
    rows.write().mode(SaveMode.Overwrite).parquet(path(lake, table));
  }

  public static String path(String lake, String table) {
    return lake + "/" + table;
  }
}
