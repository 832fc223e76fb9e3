package dev.oopslake.lake;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which Iceberg catalog holds the lake, its namespace, and the Spark settings that reach it.
 *
 * <p>Two ways, as Spark users configure Iceberg: {@link #embedded} is a Hadoop catalog whose
 * warehouse is the {@code --lake} folder (no server; local disks and HDFS, which rename
 * atomically); {@link #configured} names any catalog set with the standard {@code
 * spark.sql.catalog.<name>.*} keys (REST, JDBC, Glue, Hive, Nessie), the way to keep a lake on
 * object storage.
 *
 * @param catalog the Spark catalog name the tables are under
 * @param namespace the Iceberg namespace holding every table
 * @param scratch where a run keeps its listing spill; null: under the catalog's warehouse
 * @param sparkConf settings the session needs to reach the catalog (empty when configured)
 */
public record LakeLocation(
    String catalog, String namespace, String scratch, Map<String, String> sparkConf) {

  /** The embedded catalog's name in Spark SQL: tables are {@code lake.oopslake.crashes}. */
  public static final String EMBEDDED_CATALOG = "lake";

  public static final String DEFAULT_NAMESPACE = "oopslake";

  /** Schemes whose file systems rename atomically, which the Hadoop catalog's commit relies on. */
  private static final Set<String> ATOMIC_RENAME = Set.of("file", "hdfs", "viewfs");

  public LakeLocation {
    if (catalog == null || !catalog.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw LakeError.config(
          "Cannot use catalog name '" + catalog + "': use letters, digits and underscores");
    }
    if (namespace == null || !namespace.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw LakeError.config(
          "Cannot use namespace '" + namespace + "': use letters, digits and underscores");
    }
    sparkConf = Map.copyOf(sparkConf);
  }

  /** A Hadoop catalog whose warehouse is {@code lakeUri}; refused where renames are not atomic. */
  public static LakeLocation embedded(String lakeUri) {
    String scheme = URI.create(lakeUri).getScheme();
    if (scheme == null || !ATOMIC_RENAME.contains(scheme)) {
      throw LakeError.config(
          "--lake "
              + lakeUri
              + ": Iceberg's Hadoop catalog commits by rename, which "
              + scheme
              + ":// cannot do atomically; configure a catalog (JDBC, REST, Glue, Hive or Nessie) as"
              + " spark.sql.catalog.NAME.* with its warehouse there, and run with --catalog NAME");
    }
    Map<String, String> conf = new LinkedHashMap<>();
    String prefix = "spark.sql.catalog." + EMBEDDED_CATALOG;
    conf.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    conf.put(prefix + ".type", "hadoop");
    conf.put(prefix + ".warehouse", lakeUri);
    return new LakeLocation(EMBEDDED_CATALOG, DEFAULT_NAMESPACE, lakeUri + "/_scratch", conf);
  }

  /**
   * The same lake under another catalog name: one session can then hold several embedded lakes
   * (tests, a comparison), each its own catalog.
   */
  public LakeLocation named(String name) {
    Map<String, String> conf = new LinkedHashMap<>();
    String from = "spark.sql.catalog." + catalog;
    sparkConf.forEach(
        (k, v) ->
            conf.put(
                k.equals(from) || k.startsWith(from + ".")
                    ? "spark.sql.catalog." + name + k.substring(from.length())
                    : k,
                v));
    return new LakeLocation(name, namespace, scratch, conf);
  }

  /** A catalog the user configured under {@code spark.sql.catalog.<catalog>.*}. */
  public static LakeLocation configured(String catalog, String namespace, String scratch) {
    return new LakeLocation(
        catalog, namespace == null ? DEFAULT_NAMESPACE : namespace, scratch, Map.of());
  }

  /** The table's name in Spark SQL, quoted: {@code `lake`.`oopslake`.`crashes`}. */
  public String sqlName(String table) {
    return "`" + catalog + "`.`" + namespace + "`.`" + table + "`";
  }

  /** How messages name the lake: its folder when embedded, else its catalog and namespace. */
  public String describe() {
    String warehouse = sparkConf.get("spark.sql.catalog." + catalog + ".warehouse");
    return warehouse != null ? "the lake at " + warehouse : "`" + catalog + "`.`" + namespace + "`";
  }
}
