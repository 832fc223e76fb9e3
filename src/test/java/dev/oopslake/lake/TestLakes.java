package dev.oopslake.lake;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Embedded lakes for tests that share one Spark session: each lake is its own catalog. */
public final class TestLakes {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private TestLakes() {}

  /** The embedded lake at {@code uri} under a catalog name no other test lake uses. */
  public static LakeLocation at(String uri) {
    return LakeLocation.embedded(uri.replaceAll("/$", ""))
        .named("test_lake_" + NEXT.incrementAndGet());
  }

  /** One table of the lake, as Spark reads its current snapshot. */
  public static Dataset<Row> table(SparkSession spark, LakeLocation lake, String table) {
    return Lake.open(spark, lake).read(table);
  }
}
