package dev.oopslake.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.jobs.OopslakeCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The servers a nightly depends on stop in the middle of a run: the S3 server holding the archive
 * and the warehouse (s3a), and the PostgreSQL of the JDBC catalog. Real servers, really stopped
 * ({@code kill -9} of s3proxy, {@code pg_ctl -m immediate stop}); the nightly is the real command
 * line in this JVM. Each failed run exits {@value OopslakeCli#FAILED} with one line naming the
 * store and what it was doing, commits nothing (every table's snapshot as before), and once the
 * servers are back one run gives exactly the tables of a clean run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectStoreFaultIT {
  private static final Path WORK = ChildProcess.projectHome().resolve("target/it/faults");
  private static final String BUCKET = "faults";
  private static final String CATALOG = "fleet";

  /** Fake secrets a leak would show: each holds {@link #MARKER}. */
  static final String MARKER = "SeCrEtMaRk";

  private static final String S3_KEY = "AKIA" + MARKER.toUpperCase() + "01";
  private static final String S3_SECRET = "s3-" + MARKER + "-secret-0123456789";
  private static final String PG_PASSWORD = "pg-" + MARKER + "-password";

  /** Everything the runs printed and logged, for the secrets check. */
  static final StringBuilder OUTPUT = new StringBuilder();

  private static S3Server s3;
  private static PostgresServer pg;
  private static Map<String, String> spark;
  private static Path settings;
  private static LogCapture logs;

  @BeforeAll
  static void start() throws IOException {
    FileUtils.deleteDirectory(WORK.toFile());
    s3 = S3Server.start(WORK.resolve("s3"), S3_KEY, S3_SECRET, true);
    s3.createBucket(BUCKET);
    pg = PostgresServer.start(PG_PASSWORD);
    CatalogLakes.uploadGenerated(s3, BUCKET, "archive", WORK.resolve("generated"), 60);
    spark = new LinkedHashMap<>();
    CatalogLakes.s3a(s3).forEach((k, v) -> spark.put("spark.hadoop." + k, v));
    spark.put("spark.hadoop.fs.s3a.access.key", s3.accessKey());
    spark.put("spark.hadoop.fs.s3a.secret.key", s3.secretKey());
    spark.put(
        "spark.hadoop.fs.s3a.aws.credentials.provider",
        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    spark.put("spark.hadoop.fs.s3a.impl", FaultyS3AFileSystem.class.getName());
    spark.put("spark.driver.host", "127.0.0.1");
    spark.put("spark.driver.bindAddress", "127.0.0.1");
    spark.putAll(pg.catalogConf(CATALOG, "s3a://" + BUCKET + "/warehouse"));
    settings = CatalogLakes.settingsFile(WORK.resolve("oopslake.yaml"), spark);
    logs = LogCapture.start();
  }

  @AfterAll
  static void stop() {
    FaultyS3AFileSystem.beforeOpen(null);
    if (logs != null) {
      logs.close();
    }
    if (pg != null) {
      pg.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  record Outcome(int code, String out) {
    /** The lines the CLI prints for a failed run. */
    List<String> failureLines() {
      return out.lines().filter(l -> l.startsWith("oopslake: nightly failed")).toList();
    }
  }

  private static Outcome nightly(String namespace) {
    PrintStream oldErr = System.err;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(buf, true, StandardCharsets.UTF_8);
    System.setErr(tee);
    System.setOut(tee);
    try {
      int code =
          OopslakeCli.execute(
              "nightly",
              "--conf",
              settings.toString(),
              "--input",
              "s3a://" + BUCKET + "/archive",
              "--catalog",
              CATALOG,
              "--namespace",
              namespace);
      String out = buf.toString(StandardCharsets.UTF_8);
      OUTPUT.append(out);
      return new Outcome(code, out);
    } finally {
      System.setErr(oldErr);
      System.setOut(oldOut);
      oldErr.print(buf.toString(StandardCharsets.UTF_8));
    }
  }

  /** Runs {@code action} before the {@code n}th object read of the run (once). */
  private static void atRead(int n, Runnable action) {
    AtomicInteger opened = new AtomicInteger();
    FaultyS3AFileSystem.beforeOpen(
        (path, attempt) -> {
          if (path.getName().startsWith("vmcore-dmesg") && opened.incrementAndGet() == n) {
            action.run();
          }
        });
  }

  @Test
  @Order(1)
  void serversStoppedMidRunFailInOneLineCommitNothingAndARerunEqualsACleanRun() {
    Outcome clean = nightly("clean");
    assertThat(clean.code()).as(clean.out()).isIn(OopslakeCli.OK, OopslakeCli.REJECTED);

    // 1. The S3 server dies while the read tasks fetch the archive.
    String lake = "faulted";
    Map<String, Long> before = CatalogLakes.snapshots(spark, CATALOG, lake);
    atRead(5, s3::kill);
    Outcome s3Down = nightly(lake);
    FaultyS3AFileSystem.beforeOpen(null);
    s3.restart();
    assertThat(s3Down.code()).as(s3Down.out()).isEqualTo(OopslakeCli.FAILED);
    assertThat(s3Down.failureLines())
        .as("one line naming the object store and the operation")
        .singleElement()
        .asString()
        .contains("object store (s3a) at " + s3.endpoint().getAuthority())
        .contains("; while: ");
    assertThat(CatalogLakes.snapshots(spark, CATALOG, lake))
        .as("S3 down in the read: nothing committed")
        .isEqualTo(before);

    // 2. The catalog's PostgreSQL dies during the read: the commit cannot reach it.
    atRead(5, pg::kill);
    Outcome pgDown = nightly(lake);
    FaultyS3AFileSystem.beforeOpen(null);
    pg.restart();
    assertThat(pgDown.code()).as(pgDown.out()).isEqualTo(OopslakeCli.FAILED);
    assertThat(pgDown.failureLines())
        .as("one line naming the catalog database")
        .singleElement()
        .asString()
        .contains("catalog database (JDBC) failed: ");
    assertThat(CatalogLakes.snapshots(spark, CATALOG, lake))
        .as("PostgreSQL down before the commit: nothing committed")
        .isEqualTo(before);

    Outcome rerun = nightly(lake);
    assertThat(rerun.code()).as(rerun.out()).isEqualTo(clean.code());
    assertThat(rerun.out())
        .as("the failed runs left nothing ingested: everything read again")
        .contains("listed 60 files under s3a://" + BUCKET + "/archive; 60 to read");

    SparkSession reader = readerSession();
    try {
      for (String table : CatalogLakes.TABLES) {
        assertThat(CatalogLakes.rows(reader, CATALOG, lake, table))
            .as("%s: two outages then a rerun = one clean run", table)
            .isEqualTo(CatalogLakes.rows(reader, CATALOG, "clean", table));
      }
      assertThat(CatalogLakes.rows(reader, CATALOG, lake, "files")).hasSizeGreaterThan(50);
    } finally {
      reader.stop();
    }
  }

  /**
   * The runs above (clean, failed, rerun) had an S3 access key and secret and a database password
   * that all hold {@link #MARKER}: none appears in what they printed or logged (INFO and up, every
   * logger), in any object they wrote (data files read as rows, metadata JSON, Avro manifests read
   * as records, snapshot summaries, orphans of the failed runs), or in the catalog's database rows.
   */
  @Test
  @Order(2)
  void noSecretInAnyOutputOrAnyFileWritten() throws Exception {
    assertThat(OUTPUT).as("the runs happened").contains("oopslake: run ");
    assertThat(logs.text()).as("logs were captured").isNotEmpty();
    assertThat(OUTPUT + logs.text()).as("stdout, stderr and logs").doesNotContain(MARKER);

    List<String> keys = new java.util.ArrayList<>();
    s3.client()
        .listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("warehouse/"))
        .contents()
        .forEach(o -> keys.add(o.key()));
    assertThat(keys).as("the lakes' files").anyMatch(k -> k.endsWith(".metadata.json"));
    assertThat(keys).anyMatch(k -> k.endsWith(".avro"));
    assertThat(keys).anyMatch(k -> k.endsWith(".parquet"));
    SparkSession reader = readerSession();
    try {
      for (String key : keys) {
        byte[] bytes = s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (key.endsWith(".avro")) {
          text += avroRecords(bytes);
        } else if (key.endsWith(".parquet")) {
          text +=
              String.join(
                  "\n",
                  reader.read().parquet("s3a://" + BUCKET + "/" + key).toJSON().collectAsList());
        }
        assertThat(text).as("object %s", key).doesNotContain(MARKER);
      }
      for (String table : CatalogLakes.TABLES) {
        String name = "`" + CATALOG + "`.`clean`.`" + table + "`";
        assertThat(String.join("\n", reader.table(name + ".snapshots").toJSON().collectAsList()))
            .as("%s: snapshot summaries", table)
            .contains("oopslake.run-id")
            .doesNotContain(MARKER);
      }
    } finally {
      reader.stop();
    }
    assertThat(catalogRows()).as("the catalog database").contains("faulted").doesNotContain(MARKER);
  }

  private static String avroRecords(byte[] bytes) throws IOException {
    StringBuilder out = new StringBuilder();
    try (var reader =
        new org.apache.avro.file.DataFileReader<Object>(
            new org.apache.avro.file.SeekableByteArrayInput(bytes),
            new org.apache.avro.generic.GenericDatumReader<>())) {
      for (String meta : reader.getMetaKeys()) {
        out.append(meta).append('=').append(reader.getMetaString(meta)).append('\n');
      }
      for (Object record : reader) {
        out.append(record).append('\n');
      }
    }
    return out.toString();
  }

  /** Every row of every table in the catalog's database, as text. */
  private static String catalogRows() throws Exception {
    StringBuilder out = new StringBuilder();
    try (var c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), "oopslake", pg.password());
        var tables =
            c.createStatement()
                .executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
      List<String> names = new java.util.ArrayList<>();
      while (tables.next()) {
        names.add(tables.getString(1));
      }
      for (String t : names) {
        try (var rows = c.createStatement().executeQuery("SELECT * FROM \"" + t + "\"")) {
          int n = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int i = 1; i <= n; i++) {
              out.append(rows.getString(i)).append('|');
            }
            out.append('\n');
          }
        }
      }
    }
    return out.toString();
  }

  private static SparkSession readerSession() {
    SparkSession.Builder b =
        SparkSession.builder()
            .appName("fault-reader")
            .master("local[2]")
            .config("spark.ui.enabled", "false");
    spark.forEach(b::config);
    return b.getOrCreate();
  }
}
