package dev.oopslake.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Lakes of the real-component tests that live in a JDBC catalog on PostgreSQL with the warehouse on
 * s3a: the settings file a user writes for them, the current snapshot of each table as Iceberg's
 * own JDBC catalog sees it (no Spark), and a table's rows for comparing two runs.
 */
final class CatalogLakes {
  private CatalogLakes() {}

  /** Every table a nightly writes (LakeTables.ALL, spelled out so a new table is a decision). */
  static final List<String> TABLES =
      List.of(
          "files",
          "crashes",
          "summary_kernel_module",
          "signatures",
          "clusters",
          "signature_registry",
          "cluster_merges",
          "cluster_daily",
          "cluster_windows",
          "cluster_state",
          "release_rates",
          "release_cluster_changes",
          "cluster_correlations");

  /** Columns that differ between two runs of the same input by design. */
  private static final List<String> RUN_COLUMNS = List.of("run_id", "registered_at", "merged_at");

  /** The s3a settings (Hadoop keys) for {@code s3}, with retries short enough for a test. */
  static Map<String, String> s3a(S3Server s3) {
    Map<String, String> conf = new LinkedHashMap<>(s3.s3aConf());
    conf.put("fs.s3a.attempts.maximum", "1");
    conf.put("fs.s3a.retry.limit", "1");
    conf.put("fs.s3a.retry.interval", "50ms");
    conf.put("fs.s3a.retry.throttle.limit", "1");
    conf.put("fs.s3a.retry.throttle.interval", "50ms");
    return conf;
  }

  /** A {@code conf/oopslake.yaml} with only a {@code spark:} section holding {@code spark}. */
  static Path settingsFile(Path file, Map<String, String> spark) {
    StringBuilder yaml = new StringBuilder("spark:\n");
    spark.forEach(
        (k, v) ->
            yaml.append("  ")
                .append(k)
                .append(": \"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\"\n"));
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Each table's current snapshot id in {@code namespace} (absent: no table or no snapshot), read
   * through Iceberg's JDBC catalog from its Spark settings {@code spark.sql.catalog.<name>.*}.
   */
  static Map<String, Long> snapshots(Map<String, String> sparkConf, String name, String namespace) {
    Configuration hadoop = new Configuration(false);
    Map<String, String> props = new LinkedHashMap<>();
    String prefix = "spark.sql.catalog." + name + ".";
    sparkConf.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            props.put(k.substring(prefix.length()), v);
          } else if (k.startsWith("spark.hadoop.")) {
            hadoop.set(k.substring("spark.hadoop.".length()), v);
          }
        });
    // Plain s3a here: the test's fault hooks belong to the runs, not to this check.
    hadoop.set("fs.s3a.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
    hadoop.setBoolean("fs.s3a.impl.disable.cache", true);
    Map<String, Long> out = new LinkedHashMap<>();
    try (JdbcCatalog catalog = new JdbcCatalog()) {
      catalog.setConf(hadoop);
      catalog.initialize(name, props);
      for (String t : TABLES) {
        TableIdentifier id = TableIdentifier.of(namespace, t);
        if (catalog.tableExists(id)) {
          Table table = catalog.loadTable(id);
          Snapshot s = table.currentSnapshot();
          if (s != null) {
            out.put(t, s.snapshotId());
          }
        }
      }
    }
    return out;
  }

  /** A table's rows as sorted text, without the columns that differ between runs. */
  static List<String> rows(SparkSession spark, String catalog, String namespace, String table) {
    String name = "`" + catalog + "`.`" + namespace + "`.`" + table + "`";
    spark.catalog().refreshTable(name);
    var df = spark.table(name);
    List<String> columns = new ArrayList<>();
    for (String c : df.columns()) {
      if (!RUN_COLUMNS.contains(c)) {
        columns.add("coalesce(cast(`" + c + "` AS string), 'null')");
      }
    }
    return df
        .selectExpr("concat_ws('|', " + String.join(", ", columns) + ")")
        .as(Encoders.STRING())
        .collectAsList()
        .stream()
        .sorted()
        .toList();
  }

  /** A generated archive (kdump layout, half gzipped) uploaded under {@code prefix}. */
  static void uploadGenerated(S3Server s3, String bucket, String prefix, Path local, int files) {
    try {
      if (!Files.exists(local.resolve("ground_truth.csv"))) {
        dev.oopslake.generate.ArchiveGenerator.generate(
            local, dev.oopslake.generate.GeneratorOptions.of(files).withSeed(11).withThreads(1));
      }
      List<Path> all;
      try (var walk = Files.walk(local)) {
        all = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path f : all) {
        s3.put(bucket, prefix + "/" + local.relativize(f), Files.readAllBytes(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
