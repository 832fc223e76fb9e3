package dev.oopslake.it;

import dev.oopslake.archive.ContentReader;
import dev.oopslake.archive.FileContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;

/**
 * The harness's trivial application: lists an archive on the driver and reads every file on the
 * executors with the app jar's {@link ContentReader} — proves the cluster runs our classes and
 * reaches s3a through what the app jar carries. Prints one {@code PROBE} line per file.
 */
public final class ClusterProbeApp {
  private ClusterProbeApp() {}

  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSession.builder().appName("oopslake-cluster-probe").getOrCreate();
    try {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      Path root = new Path(URI.create(args[0]));
      List<String> uris = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> files = root.getFileSystem(conf).listFiles(root, true);
      while (files.hasNext()) {
        uris.add(files.next().getPath().toUri().toString());
      }
      List<String> lines =
          JavaSparkContext.fromSparkContext(spark.sparkContext())
              .parallelize(uris, uris.size())
              .map(ClusterProbeApp::probe)
              .collect();
      lines.forEach(System.out::println);
    } finally {
      spark.stop();
    }
  }

  private static String probe(String uri) {
    Configuration conf = SparkHadoopUtil.get().newConfiguration(SparkEnv.get().conf());
    Path path = new Path(URI.create(uri));
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      FileContent c = new ContentReader(1 << 20).read(in, uri, 0);
      return "PROBE "
          + uri
          + " codec="
          + c.codec().id()
          + " length="
          + c.length()
          + " executor="
          + SparkEnv.get().executorId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
