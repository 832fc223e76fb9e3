package dev.oopslake.jobs;

import dev.oopslake.lake.LakeLocation;
import dev.oopslake.spark.NightlyOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Where the lake is, for every job that reads or writes it: {@code --lake URI} (the embedded
 * Iceberg catalog in that folder) or {@code --catalog NAME} (a catalog configured under {@code
 * spark.sql.catalog.NAME.*}), else the {@code lake:} section of {@code conf/oopslake.yaml}.
 */
public final class LakeOptions {
  static final Set<String> KEYS = Set.of("catalog", "namespace", "scratch");

  @Option(
      names = "--lake",
      description = "Lake folder (file:// or hdfs://; a bare path is local): the embedded catalog.")
  String lake;

  @Option(
      names = "--catalog",
      description =
          "An Iceberg catalog set as spark.sql.catalog.NAME.* (conf/oopslake.yaml spark: section,"
              + " or spark-defaults.conf under spark-submit); for lakes on object storage.")
  String catalog;

  @Option(
      names = "--namespace",
      description = "The lake's namespace in --catalog (default oopslake).")
  String namespace;

  public LakeOptions() {}

  /** The embedded catalog at {@code lake} (tests and the bench). */
  public static LakeOptions at(String lake) {
    LakeOptions o = new LakeOptions();
    o.lake = lake;
    return o;
  }

  /** The lake to use; exactly one of --lake and a catalog must say where it is. */
  public LakeLocation location(Path confFile) {
    Settings s = Settings.load(confFile, "lake", KEYS);
    String named = catalog != null ? catalog : s.get("catalog", "");
    if (lake != null && catalog != null) {
      throw new UserError("give --lake or --catalog, not both");
    }
    try {
      if (lake != null) {
        return LakeLocation.embedded(NightlyOptions.normalizeUri("--lake", lake));
      }
      if (named.isBlank()) {
        throw new UserError(
            "say where the lake is: --lake DIR, or --catalog NAME (or lake.catalog in conf/oopslake.yaml)");
      }
      String scratch = s.get("scratch", "");
      return LakeLocation.configured(
          named,
          namespace != null ? namespace : s.get("namespace", LakeLocation.DEFAULT_NAMESPACE),
          scratch.isBlank() ? null : NightlyOptions.normalizeUri("lake.scratch", scratch));
    } catch (dev.oopslake.lake.LakeError e) {
      throw new UserError(e.getMessage());
    }
  }

  /** The session settings: the {@code spark:} section of the settings file, then the lake's. */
  public static Map<String, String> sparkConf(Path confFile, LakeLocation location) {
    Map<String, String> conf = new java.util.LinkedHashMap<>(Settings.sparkSection(confFile));
    conf.putAll(location.sparkConf());
    return conf;
  }
}
