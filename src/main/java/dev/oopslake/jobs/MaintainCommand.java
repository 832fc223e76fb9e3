package dev.oopslake.jobs;

import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.lake.Maintenance;
import dev.oopslake.spark.ProgressLog;
import dev.oopslake.spark.Sessions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code oopslake maintain}: compacts small data files, expires old snapshots and deletes orphan
 * files of every lake table, with Iceberg's actions; retention from {@code conf/oopslake.yaml}'s
 * {@code maintain} section.
 */
@Command(
    name = "maintain",
    mixinStandardHelpOptions = true,
    description =
        "Compact data files, expire old snapshots and delete orphan files of every lake table.")
public final class MaintainCommand implements Callable<Integer> {
  static final Set<String> KEYS =
      Set.of("snapshot-age-days", "retain-last", "orphan-age-hours", "target-file-mb");

  @Mixin LakeOptions lakeOptions = new LakeOptions();

  @Option(names = "--conf", description = "Settings file (default: conf/oopslake.yaml).")
  Path conf;

  @Override
  public Integer call() {
    Settings s = Settings.load(conf, "maintain", KEYS);
    Maintenance.Options options;
    try {
      options =
          new Maintenance.Options(
              Duration.ofDays(s.getLong("snapshot-age-days", 7)),
              (int) s.getLong("retain-last", 10),
              Duration.ofHours(s.getLong("orphan-age-hours", 72)),
              s.getLong("target-file-mb", 128) << 20);
    } catch (dev.oopslake.lake.LakeError e) {
      throw new UserError("maintain: " + e.getMessage());
    }
    LakeLocation location = lakeOptions.location(conf);
    SparkSession spark =
        Sessions.getOrCreate("oopslake-maintain", LakeOptions.sparkConf(conf, location));
    try {
      List<Maintenance.TableResult> results =
          Maintenance.run(Lake.open(spark, location), options, Instant.now());
      for (Maintenance.TableResult r : results) {
        ProgressLog.say(
            String.format(
                java.util.Locale.ROOT,
                "%s: %d data files compacted into %d; %d data files and %d manifests of expired"
                    + " snapshots deleted; %d orphan files deleted",
                r.table(),
                r.rewrittenFiles(),
                r.addedFiles(),
                r.expiredDataFiles(),
                r.expiredManifests(),
                r.orphansDeleted()));
      }
      return 0;
    } finally {
      spark.stop();
    }
  }
}
