package dev.oopslake.spark;

import dev.oopslake.spark.ingest.LakeState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Registers every table directory of a lake as a temp view named after it. */
public final class LakeViews {
  private LakeViews() {}

  /** Returns the view names registered (table directories that hold Parquet data). */
  public static List<String> register(SparkSession spark, String lake) {
    List<String> names = new ArrayList<>();
    try {
      Path root = new Path(URI.create(lake));
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        return names;
      }
      for (FileStatus st : fs.listStatus(root)) {
        String name = st.getPath().getName();
        // Skip hidden dirs and a table's versions being swapped in or out (name.__new-RUN /
        // name.__old-RUN).
        if (!st.isDirectory()
            || name.startsWith("_")
            || name.startsWith(".")
            || name.contains(".__")) {
          continue;
        }
        if (name.equals(LakeTables.FILES) || name.equals(LakeTables.CRASHES)) {
          // Written per run: committed runs only, each path's latest version (see LakeState).
          (name.equals(LakeTables.FILES)
                  ? LakeState.files(spark, lake, LakeTables.FILE)
                  : LakeState.crashes(spark, lake, LakeTables.FILE, LakeTables.CRASH))
              .createOrReplaceTempView(name);
          names.add(name);
          continue;
        }
        if (!fs.exists(new Path(st.getPath(), "_SUCCESS"))) {
          continue;
        }
        spark.read().parquet(st.getPath().toUri().toString()).createOrReplaceTempView(name);
        names.add(name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list lake " + lake, e);
    }
    return names;
  }
}
