package dev.oopslake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job one would write first: {@code wholeTextFiles} over the archive (Hadoop's codecs inflate
 * the {@code .gz} files), one regex for the first crash line and one for the {@code RIP:} function,
 * a row per file written as Parquet, and a count by title. No parser, no signatures, no lake: the
 * baseline the nightly's whole run is compared with.
 */
final class NaiveJob {
  private NaiveJob() {}

  /** The first line a crash report starts with, as a kernel engineer greps for it. */
  private static final Pattern CRASH =
      Pattern.compile(
          "^(?:\\[[ 0-9.]+\\] )?((?:BUG: |WARNING: |Kernel panic - not syncing|general protection"
              + " fault|Oops: |kernel BUG at |INFO: task |Unable to handle kernel)[^\\n]*)",
          Pattern.MULTILINE);

  private static final Pattern RIP = Pattern.compile("RIP: [0-9a-f]{4}:([A-Za-z0-9_.]+)\\+");

  static final StructType SCHEMA =
      new StructType()
          .add("path", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("rip", DataTypes.StringType);

  /**
   * Runs the job over every file under {@code archive}; returns its wall seconds. The kdump folder
   * names hold colons, which Hadoop's paths refuse, so the files are first hard-linked under plain
   * names in {@code work} (not timed: a naive job on a colon-free archive would not need it).
   */
  static double run(SparkSession spark, Path archive, Path work) throws IOException {
    FileUtils.deleteDirectory(work.toFile());
    Path links = work.resolve("in");
    Files.createDirectories(links);
    List<Path> all;
    try (Stream<Path> walk = Files.walk(archive)) {
      all =
          walk.filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().startsWith("vmcore-dmesg"))
              .toList();
    }
    int i = 0;
    for (Path p : all) {
      String name = String.format("f%07d%s", i++, p.toString().endsWith(".gz") ? ".gz" : "");
      Files.createLink(links.resolve(name), p);
    }
    long start = System.nanoTime();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    sc.setJobDescription("naive job");
    JavaRDD<Row> rows =
        sc.wholeTextFiles(links.toUri().toString(), 2 * spark.sparkContext().defaultParallelism())
            .flatMap(
                f -> {
                  List<Row> out = new ArrayList<>();
                  Matcher m = CRASH.matcher(f._2());
                  if (m.find()) {
                    Matcher rip = RIP.matcher(f._2());
                    out.add(
                        RowFactory.create(
                            f._1(), m.group(1).strip(), rip.find(m.end()) ? rip.group(1) : null));
                  }
                  return out.iterator();
                });
    Dataset<Row> crashes = spark.createDataFrame(rows, SCHEMA);
    crashes.write().mode(SaveMode.Overwrite).parquet(work.resolve("crashes").toUri().toString());
    spark
        .read()
        .parquet(work.resolve("crashes").toUri().toString())
        .groupBy("title")
        .count()
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(work.resolve("by_title").toUri().toString());
    double secs = (System.nanoTime() - start) / 1e9;
    sc.setJobDescription(null);
    FileUtils.deleteDirectory(work.toFile());
    return secs;
  }
}
