package dev.oopslake.lake;

import java.io.Serializable;
import java.util.List;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.LocationProvider;
import org.apache.spark.sql.types.StructType;

/**
 * What a task needs to write data files of one table without the catalog: where files go, how the
 * table is partitioned, its columns with their field ids, and which column metrics to keep. Built
 * on the driver from the table; shipped with the task.
 *
 * @param table the table's name, for messages
 * @param source the schema of the rows the task holds (may carry more columns than the table)
 * @param written the table's columns, with field ids
 * @param unique columns whose values rarely repeat (written without a dictionary)
 */
public record WriteTarget(
    String table,
    Schema schema,
    PartitionSpec spec,
    LocationProvider locations,
    StructType source,
    StructType written,
    MetricsConfig metrics,
    String codec,
    String sparkVersion,
    List<String> unique)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public WriteTarget {
    unique = List.copyOf(unique);
  }

  /** A target for {@code table}'s current schema and spec, from rows of {@code source}. */
  public static WriteTarget of(
      Lake lake, String table, StructType source, StructType columns, List<String> unique) {
    Table t = lake.table(table);
    return new WriteTarget(
        table,
        t.schema(),
        t.spec(),
        t.locationProvider(),
        source,
        Lake.withFieldIds(columns, t.schema()),
        MetricsConfig.forTable(t),
        t.properties()
            .getOrDefault(
                TableProperties.PARQUET_COMPRESSION, TableProperties.PARQUET_COMPRESSION_DEFAULT),
        lake.spark().version(),
        unique);
  }
}
