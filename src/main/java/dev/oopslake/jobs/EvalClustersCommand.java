package dev.oopslake.jobs;

import dev.oopslake.signature.BCubed;
import dev.oopslake.spark.Sessions;
import dev.oopslake.spark.signatures.ClusterEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code eval-clusters --lake URI --truth FILE}: B-cubed precision, recall and F1 of the lake's
 * {@code cluster_id} and exact {@code signature_id} against a generated archive's bug ids.
 */
@Command(
    name = "eval-clusters",
    mixinStandardHelpOptions = true,
    description = "Scores cluster_id and signature_id against ground_truth.csv (B-cubed).")
public final class EvalClustersCommand implements Callable<Integer> {

  @picocli.CommandLine.Mixin LakeOptions lakeOptions = new LakeOptions();

  @Option(names = "--truth", required = true, description = "ground_truth.csv (file,bug_id).")
  String truth;

  @Override
  public Integer call() {
    String truthUri = truth;
    if (!truth.contains("://")) {
      Path p = Path.of(truth);
      if (!Files.isRegularFile(p)) {
        throw new UserError("--truth " + truth + ": no such file");
      }
      truthUri = p.toAbsolutePath().toUri().toString();
    }
    dev.oopslake.lake.LakeLocation location = lakeOptions.location(null);
    SparkSession spark =
        Sessions.getOrCreate("oopslake eval-clusters", LakeOptions.sparkConf(null, location));
    try {
      dev.oopslake.lake.Lake lake = dev.oopslake.lake.Lake.open(spark, location);
      if (!lake.exists(dev.oopslake.lake.LakeTables.CRASHES)
          || !lake.exists(dev.oopslake.lake.LakeTables.SIGNATURES)) {
        throw new UserError(
            location.sqlName("") + ": no crashes and signatures tables; run nightly first");
      }
      ClusterEvaluation.Result r = ClusterEvaluation.run(lake, truthUri);
      System.out.printf(
          Locale.ROOT,
          "eval-clusters: %d truth files, %d primary crashes matched, %d primary crashes without"
              + " truth%n",
          r.truthFiles(),
          r.matched(),
          r.crashesWithoutTruth());
      print("cluster_id", r.clusters());
      print("signature_id", r.signatures());
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static void print(String what, BCubed.Score s) {
    System.out.printf(
        Locale.ROOT,
        "%-13s B-cubed precision %.4f  recall %.4f  F1 %.4f  (%d buckets, %d bugs, %d crashes)%n",
        what,
        s.precision(),
        s.recall(),
        s.f1(),
        s.clusters(),
        s.labels(),
        s.items());
  }
}
