package dev.oopslake.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.archive.Codec;
import dev.oopslake.archive.Compress;
import dev.oopslake.archive.ContentReader;
import dev.oopslake.archive.FileContent;
import dev.oopslake.archive.PathLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads compressed kdump files back from a real S3 server through Spark and Hadoop's s3a connector
 * (path-style, 127.0.0.1), keys with colons included: the storage path the nightly job takes.
 */
class S3aReadIT {
  private static final String BUCKET = "crashes";

  /** key under the bucket → original (uncompressed) content. */
  private static final Map<String, byte[]> ORIGINALS = new LinkedHashMap<>();

  private static S3Server s3;
  private static EmbeddedSpark embedded;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    s3 = S3Server.start(ChildProcess.projectHome().resolve("target/it/s3a-read"));
    s3.createBucket(BUCKET);
    String[] codecs = {"", ".gz", ".xz", ".zst", ".bz2"};
    Codec[] codec = {Codec.PLAIN, Codec.GZIP, Codec.XZ, Codec.ZSTD, Codec.BZIP2};
    for (int i = 0; i < codecs.length; i++) {
      String key =
          String.format(
              "archive/web-%02d/10.0.0.%d-2024-03-0%d-13:45:0%d/vmcore-dmesg.txt%s",
              i, i, i + 1, i, codecs[i]);
      byte[] text = KdumpFixtures.log(i, 400 + 100 * i);
      ORIGINALS.put(key, text);
      s3.put(BUCKET, key, Compress.with(codec[i], text));
    }
    embedded = EmbeddedSpark.start(s3);
    spark = embedded.session();
  }

  @AfterAll
  static void stop() {
    if (embedded != null) {
      embedded.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void everyCompressedKdumpFileReadsBackThroughS3a() throws IOException {
    String root = "s3a://" + BUCKET + "/archive";
    List<String> uris = listOnDriver(root);

    assertThat(uris).as("all objects listed, colon keys included").hasSize(ORIGINALS.size());
    assertThat(uris).allSatisfy(u -> assertThat(u).contains(":45:0"));

    List<String> read =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(uris, 2)
            .map(S3aReadIT::readOnExecutor)
            .collect();

    List<String> expected = new ArrayList<>();
    ORIGINALS.forEach(
        (key, text) -> {
          String relative = key.substring("archive/".length());
          var fields = PathLayout.kdump().match(relative);
          expected.add(
              "s3a://"
                  + BUCKET
                  + "/"
                  + key
                  + " host="
                  + fields.host()
                  + " ip="
                  + fields.ip()
                  + " time="
                  + fields.crashTime()
                  + " "
                  + text.length
                  + " "
                  + new String(text, StandardCharsets.US_ASCII).hashCode());
        });
    assertThat(read)
        .as("each file decompressed on an executor to its original bytes, path fields from the key")
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(read)
        .as("the layout found host, ip and time in every key")
        .noneMatch(s -> s.contains("=null"));
  }

  /**
   * What ArchiveIngest does on the driver: a streamed recursive listing, each path kept as a URI.
   */
  private static List<String> listOnDriver(String root) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    FileSystem fs = FileSystem.get(URI.create(root), conf);
    List<String> uris = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> files =
        fs.listFiles(new org.apache.hadoop.fs.Path(root), true);
    while (files.hasNext()) {
      uris.add(files.next().getPath().toUri().toString());
    }
    return uris;
  }

  private static String readOnExecutor(String uri) {
    try {
      Configuration conf = SparkHadoopUtil.get().newConfiguration(SparkEnv.get().conf());
      URI u = new URI(uri);
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(u);
      FileSystem fs = FileSystem.get(u, conf);
      FileContent content;
      try (InputStream in = fs.open(path)) {
        content = new ContentReader(1 << 20).read(in, uri, 0);
      }
      String relative = u.getPath().substring("/archive/".length());
      var fields = PathLayout.kdump().match(relative);
      String text = new String(content.bytes(), 0, content.length(), StandardCharsets.US_ASCII);
      return uri
          + " host="
          + fields.host()
          + " ip="
          + fields.ip()
          + " time="
          + fields.crashTime()
          + " "
          + content.length()
          + " "
          + text.hashCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
