package dev.oopslake.jobs;

import static org.apache.spark.sql.functions.col;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeTables;
import dev.oopslake.spark.NightlyPipeline;
import dev.oopslake.spark.Sessions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code oopslake nightly}: reads every vmcore-dmesg file under the input and rewrites the lake's
 * tables. Embedded Spark by default; under {@code spark-submit} the cluster's.
 */
@Command(
    name = "nightly",
    mixinStandardHelpOptions = true,
    description = "Ingest an archive of vmcore-dmesg files into the lake's Parquet tables.")
public final class NightlyJob implements Callable<Integer> {

  @Option(
      names = "--input",
      required = true,
      description = "Archive root URI (file://, s3a://, hdfs://).")
  String input;

  @picocli.CommandLine.Mixin LakeOptions lakeOptions = new LakeOptions();

  @Option(names = "--conf", description = "Settings file (default: conf/oopslake.yaml).")
  Path conf;

  @Option(
      names = "--rules",
      description =
          "Extra diagnosis rules (YAML, like conf/diagnoses.yaml); same ids replace bundled rules.")
  Path rules;

  @Option(names = "--max-file-bytes", description = "Per-file cap on decompressed bytes.")
  Long maxFileBytes;

  @Option(names = "--partitions", description = "Read tasks (0 = four per core).")
  Integer partitions;

  @Option(
      names = "--manifest",
      description =
          "List of the archive's object keys instead of listing --input: an S3 Inventory report"
              + " (Parquet or CSV) or a CSV with a 'key' header.")
  String manifest;

  @Option(
      names = "--since",
      description =
          "Re-process files modified at or after this date/instant (2024-03-07 or"
              + " 2024-03-07T12:00:00Z), even if ingested before.")
  String since;

  @Option(names = "--until", description = "Re-process files modified before this date/instant.")
  String until;

  @Option(
      names = "--rebuild",
      description = "Re-read every file from scratch; earlier runs stop being visible.")
  boolean rebuild;

  @Override
  public Integer call() {
    NightlyOptions options = NightlyOptions.from(this);
    SparkSession spark =
        Sessions.getOrCreate("oopslake-nightly", LakeOptions.sparkConf(conf, options.location()));
    try {
      NightlyPipeline.Result result = NightlyPipeline.run(spark, options);
      Progress.say(result.describe());
      Lake lake = Lake.open(spark, options.location());
      printSummary(lake, options);
      Progress.say(
          "tables: "
              + options
                  .location()
                  .sqlName("{files,crashes,summary_kernel_module,signatures,clusters}")
              + " (Iceberg)");
      return 0;
    } finally {
      spark.stop();
    }
  }

  /**
   * The ranked summary a user reads first: top (kernel release, module) pairs by primary crashes.
   */
  static void printSummary(Lake lake, NightlyOptions options) {
    if (!lake.exists(LakeTables.SUMMARY_KERNEL_MODULE)) {
      System.out.println("No crashes in the lake yet.");
      return;
    }
    Dataset<Row> top =
        lake.read(LakeTables.SUMMARY_KERNEL_MODULE)
            .orderBy(col("crashes").desc(), col("kernel_release"), col("module"))
            .select(
                "kernel_release", "module", "rank", "crashes", "hosts", "signatures", "top_title")
            .limit(options.summaryTop());
    System.out.println("Top crashes by kernel release and module (rank = within its release):");
    System.out.print(Tables.render(List.of(top.columns()), top.collectAsList()));
  }

  public static void main(String[] args) {
    System.exit(OopslakeCli.execute(prepend("nightly", args)));
  }

  static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
