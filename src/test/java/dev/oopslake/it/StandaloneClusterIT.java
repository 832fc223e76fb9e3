package dev.oopslake.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.archive.Codec;
import dev.oopslake.archive.Compress;
import dev.oopslake.lake.Lake;
import dev.oopslake.lake.LakeLocation;
import dev.oopslake.lake.LakeTables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app jar (target/oopslake.jar, built by {@code mvn package}) on a real standalone cluster — a
 * master and two workers in their own JVMs on 127.0.0.1 — submitted with Spark's own SparkSubmit,
 * reading s3a objects from a real S3 server with credentials from the AWS provider chain
 * (environment), not from any command line.
 */
class StandaloneClusterIT {
  private static final String BUCKET = "fleet";
  private static final Path WORK = ChildProcess.projectHome().resolve("target/it/cluster");

  private static S3Server s3;
  private static StandaloneCluster cluster;
  private static PostgresServer pg;

  /** The lake's catalog: JDBC on PostgreSQL, data and metadata files on s3a. */
  private static final String CATALOG = "fleet_lake";

  @BeforeAll
  static void start() {
    s3 = S3Server.start(WORK.resolve("s3"));
    s3.createBucket(BUCKET);
    pg = PostgresServer.start();
    cluster = StandaloneCluster.start(WORK, 2, s3.credentialEnv());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (pg != null) {
      pg.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void theAppJarRunsOnTwoWorkersAndReadsS3a() throws IOException {
    Path appJar = ChildProcess.projectHome().resolve("target/oopslake.jar");
    assertThat(appJar).as("mvn package builds it before integration-test").isRegularFile();
    s3.put(
        BUCKET,
        "kdump/h1/10.1.0.1-2024-05-01-01:02:03/vmcore-dmesg.txt.gz",
        Compress.with(Codec.GZIP, KdumpFixtures.log(1, 500)));
    s3.put(
        BUCKET,
        "kdump/h2/10.1.0.2-2024-05-01-04:05:06/vmcore-dmesg.txt.xz",
        Compress.with(Codec.XZ, KdumpFixtures.log(2, 600)));
    s3.put(
        BUCKET,
        "kdump/h3/10.1.0.3-2024-05-01-07:08:09/vmcore-dmesg.txt",
        KdumpFixtures.log(3, 700));
    s3.put(
        BUCKET,
        "kdump/h4/10.1.0.4-2024-05-01-10:11:12/vmcore-dmesg.txt.zst",
        Compress.with(Codec.ZSTD, KdumpFixtures.log(4, 800)));

    Map<String, String> conf = new HashMap<>();
    s3.s3aConf().forEach((k, v) -> conf.put("spark.hadoop." + k, v));
    StandaloneCluster.Submission run =
        cluster.submit(
            WORK.resolve("probe"),
            ClusterProbeApp.class.getName(),
            testJar(WORK.resolve("probe/probe.jar"), ClusterProbeApp.class),
            List.of(appJar),
            conf,
            s3.credentialEnv(),
            List.of("s3a://" + BUCKET + "/kdump"),
            Duration.ofMinutes(5));

    assertThat(run.exitCode()).as("SparkSubmit exit; output:\n%s", run.output()).isZero();
    Matcher probe =
        Pattern.compile("PROBE (\\S+) codec=(\\w+) length=(\\d+) executor=(\\S+)")
            .matcher(run.output());
    Map<String, String> codecByKey = new HashMap<>();
    Map<String, Integer> lengthByKey = new HashMap<>();
    java.util.Set<String> executors = new java.util.HashSet<>();
    while (probe.find()) {
      codecByKey.put(probe.group(1), probe.group(2));
      lengthByKey.put(probe.group(1), Integer.parseInt(probe.group(3)));
      executors.add(probe.group(4));
    }
    assertThat(codecByKey)
        .as("every object read through s3a on the cluster, codec detected by the app jar's reader")
        .containsOnlyKeys(
            "s3a://fleet/kdump/h1/10.1.0.1-2024-05-01-01:02:03/vmcore-dmesg.txt.gz",
            "s3a://fleet/kdump/h2/10.1.0.2-2024-05-01-04:05:06/vmcore-dmesg.txt.xz",
            "s3a://fleet/kdump/h3/10.1.0.3-2024-05-01-07:08:09/vmcore-dmesg.txt",
            "s3a://fleet/kdump/h4/10.1.0.4-2024-05-01-10:11:12/vmcore-dmesg.txt.zst")
        .containsValues("gzip", "xz", "plain", "zstd");
    assertThat(
            lengthByKey.get(
                "s3a://fleet/kdump/h2/10.1.0.2-2024-05-01-04:05:06/vmcore-dmesg.txt.xz"))
        .as("decompressed on the executor")
        .isEqualTo(KdumpFixtures.log(2, 600).length);
    assertThat(executors)
        .as("both workers' executors did work")
        .hasSize(2)
        .doesNotContain("driver");
    assertThat(run.output()).as("credentials never printed").doesNotContain(s3.secretKey());
  }

  /**
   * The real nightly job, app jar as submitted by users, reading a generated archive from s3a and
   * writing its lake through a JDBC catalog on PostgreSQL with its warehouse on s3a: the same
   * tables as the embedded run of the same code. (Reruns adding nothing are IncrementalRunTest's;
   * each submission here costs a minute of JVM warm-up.)
   *
   * <p>With speculative execution on and one read task made slow on purpose: the first attempt of
   * the task that opens {@link #SLOW_OBJECT} stalls in the open ({@link
   * SlowFirstAttemptS3AFileSystem}), Spark launches a speculative copy on the other worker, the
   * copy finishes first and the stalled attempt is killed, after it had read, parsed and written
   * whatever came before that object in its partition. The tables still equal the embedded run's
   * row for row, with no file and no report twice: a speculative copy never double-counts. Embedded
   * Spark never speculates (its local scheduler has no speculation check), so only this test can
   * show it.
   */
  @Test
  void theNightlyJobOnTheClusterGivesTheEmbeddedTables() throws IOException {
    Path appJar = ChildProcess.projectHome().resolve("target/oopslake.jar");
    String input = "s3a://" + BUCKET + "/archive";
    uploadArchive("archive");
    Map<String, String> conf = new HashMap<>();
    s3.s3aConf().forEach((k, v) -> conf.put("spark.hadoop." + k, v));
    // Clusters often set Kryo in spark-defaults.conf; task results and broadcasts then go through
    // it between JVMs, which embedded runs never exercise.
    conf.put("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    Map<String, String> catalog = pg.catalogConf(CATALOG, "s3a://" + BUCKET + "/warehouse");
    conf.putAll(catalog);
    List<String> common = List.of("--input", input, "--max-file-bytes", "40000");
    conf.putAll(speculation("archive/" + SLOW_OBJECT));
    Path speculationJar =
        testJar(
            WORK.resolve("nightly-1/speculation.jar"),
            SlowFirstAttemptS3AFileSystem.class,
            SpeculationListener.class);

    StandaloneCluster.Submission first =
        nightly(appJar, List.of(speculationJar), conf, common, "cluster", "nightly-1");

    // The archive holds one broken gzip: finished with rejections, the exit code says so.
    assertThat(first.exitCode())
        .as("nightly on the cluster; output:\n%s", first.output())
        .isEqualTo(dev.oopslake.jobs.OopslakeCli.REJECTED);
    assertThat(first.output()).contains("1 rejected (1 gzip)");
    assertThat(first.output())
        .as("credentials never printed")
        .doesNotContain(s3.secretKey())
        .doesNotContain(pg.password());
    assertThat(first.output())
        .as("every file read, none ingested before")
        .containsPattern("listed (\\d+) files under s3a://fleet/archive; \\1 to read");
    assertSpeculatedRead(first.output());

    try (EmbeddedSpark embedded = EmbeddedSpark.start(s3)) {
      var spark = embedded.session();
      catalog.forEach(spark.conf()::set);
      LakeLocation clusterLake = LakeLocation.configured(CATALOG, "cluster", null);
      LakeLocation embeddedLake = LakeLocation.configured(CATALOG, "embedded", null);
      dev.oopslake.spark.NightlyPipeline.Result result =
          dev.oopslake.spark.NightlyPipeline.run(
              spark,
              dev.oopslake.spark.NightlyOptions.builder(input, null)
                  .maxFileBytes(40_000)
                  .location(embeddedLake)
                  .build());
      assertThat(result.truncated()).as("the cap truncates some generated files").isPositive();
      assertThat(result.rejected()).as("the broken gzip").isPositive();

      String fileColumns =
          "concat_ws('|', path, status, coalesce(reason, ''), coalesce(host, ''), coalesce(ip, ''), cast(crash_time as string), codec, truncated, bytes_read, reports)";
      String crashColumns =
          "concat_ws('|', file, report_index, primary, class, title, signature_id, coalesce(guilty_frame, ''))";
      assertThat(rows(table(spark, clusterLake, LakeTables.FILES), fileColumns))
          .as("files: cluster run = embedded run")
          .hasSize((int) result.listed())
          .isEqualTo(rows(table(spark, embeddedLake, LakeTables.FILES), fileColumns));
      assertThat(rows(table(spark, clusterLake, LakeTables.CRASHES), crashColumns))
          .as("crashes: cluster run = embedded run")
          .hasSize((int) result.reports())
          .isEqualTo(rows(table(spark, embeddedLake, LakeTables.CRASHES), crashColumns));
      assertThat(repeated(table(spark, clusterLake, LakeTables.FILES), "path"))
          .as("no file counted twice")
          .isEmpty();
      assertThat(repeated(table(spark, clusterLake, LakeTables.CRASHES), "file", "report_index"))
          .as("no report counted twice")
          .isEmpty();
      String summaryColumns =
          "concat_ws('|', kernel_release, module, rank, crashes, hosts, signatures, top_signature_id)";
      assertThat(rows(table(spark, clusterLake, LakeTables.SUMMARY_KERNEL_MODULE), summaryColumns))
          .as("summary: cluster run = embedded run")
          .isNotEmpty()
          .isEqualTo(
              rows(table(spark, embeddedLake, LakeTables.SUMMARY_KERNEL_MODULE), summaryColumns));
      assertThat(Lake.open(spark, clusterLake).table(LakeTables.FILES).location())
          .as("the catalog keeps the tables on object storage")
          .startsWith("s3a://" + BUCKET + "/warehouse/");
    }
  }

  /**
   * The read job's description (NightlyPipeline's phase name), as SpeculationListener prints it.
   */
  private static final String READ_JOB = "oopslake: read, parse and write files";

  /**
   * Spark conf for a submission that speculates, and whose read task opening {@code slowKey} stalls
   * 30 s in its first attempt. Speculation is checked every 100 ms; a running task is speculated
   * once half its stage's tasks have finished and it has run twice their median and at least 5 s:
   * the stalled task gets its copy within seconds; the nightly's other tasks run under 5 s here and
   * get none. Speculation by elapsed time only: the efficiency check (records per second, from
   * executor heartbeats every 10 s) would only delay it.
   */
  private static Map<String, String> speculation(String slowKey) {
    Map<String, String> conf = new HashMap<>();
    conf.put("spark.speculation", "true");
    conf.put("spark.speculation.interval", "100ms");
    conf.put("spark.speculation.quantile", "0.5");
    conf.put("spark.speculation.multiplier", "2");
    conf.put("spark.speculation.minTaskRuntime", "5s");
    conf.put("spark.speculation.efficiency.enabled", "false");
    conf.put("spark.extraListeners", SpeculationListener.class.getName());
    conf.put("spark.hadoop.fs.s3a.impl", SlowFirstAttemptS3AFileSystem.class.getName());
    conf.put("spark.hadoop." + SlowFirstAttemptS3AFileSystem.KEY, slowKey);
    conf.put("spark.hadoop." + SlowFirstAttemptS3AFileSystem.SECONDS, "30");
    return conf;
  }

  /**
   * A read task was speculated, and its copy won: the copy (attempt 1, on the other worker)
   * succeeded and Spark killed the stalled first attempt of the same task. Without this the test
   * would pass with speculation never happening.
   */
  private static void assertSpeculatedRead(String output) {
    Matcher copy =
        Pattern.compile(
                "SPECULATION start job=\""
                    + Pattern.quote(READ_JOB)
                    + "\" stage=(\\d+) partition=(\\d+) attempt=1 speculative=true host=(\\S+)")
            .matcher(output);
    assertThat(copy.find())
        .as("a speculative copy of a read task started; output:\n%s", output)
        .isTrue();
    String task =
        "job=\""
            + Pattern.quote(READ_JOB)
            + "\" stage="
            + copy.group(1)
            + " partition="
            + copy.group(2);
    assertThat(output)
        .as("the copy finished first")
        .containsPattern(
            "SPECULATION end " + task + " attempt=1 speculative=true host=\\S+ reason=Success")
        // Spark says "another attempt succeeded" or, when the copy was the stage's last task,
        // "Stage cancelled: Stage finished": whichever kill reaches the executor first.
        .as("the stalled first attempt, on the other worker, was killed")
        .containsPattern(
            "SPECULATION end "
                + task
                + " attempt=0 speculative=false host=(?!"
                + Pattern.quote(copy.group(3))
                + " )\\S+ reason=TaskKilled \\((another attempt succeeded|Stage cancelled: Stage"
                + " finished)\\)");
  }

  /** The values of {@code key} that more than one row of {@code table} has. */
  private static List<org.apache.spark.sql.Row> repeated(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table, String key, String... more) {
    return table.groupBy(key, more).count().where("count > 1").collectAsList();
  }

  private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table(
      org.apache.spark.sql.SparkSession spark, LakeLocation lake, String table) {
    return Lake.open(spark, lake).read(table);
  }

  private static List<String> rows(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table, String expr) {
    return table
        .selectExpr(expr)
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()
        .stream()
        .sorted()
        .toList();
  }

  private static StandaloneCluster.Submission nightly(
      Path appJar,
      List<Path> jars,
      Map<String, String> conf,
      List<String> common,
      String namespace,
      String name) {
    List<String> args = new java.util.ArrayList<>(List.of("nightly"));
    args.addAll(common);
    args.addAll(List.of("--catalog", CATALOG, "--namespace", namespace));
    return cluster.submit(
        WORK.resolve(name),
        "dev.oopslake.jobs.OopslakeCli",
        appJar,
        jars,
        conf,
        s3.credentialEnv(),
        args,
        Duration.ofMinutes(8));
  }

  /** The archive object (below the archive's prefix) whose first read attempt is made slow. */
  private static final String SLOW_OBJECT =
      "extra/10.9.0.1-2024-06-01-00:00:01/vmcore-dmesg.txt.xz";

  /**
   * A generated archive (kdump layout, half gzipped) plus xz/zstd/bzip2 copies and a broken gzip.
   */
  private static void uploadArchive(String prefix) throws IOException {
    Path local = WORK.resolve("generated");
    if (!Files.exists(local.resolve("ground_truth.csv"))) {
      dev.oopslake.generate.ArchiveGenerator.generate(
          local, dev.oopslake.generate.GeneratorOptions.of(24).withSeed(7).withThreads(1));
    }
    List<Path> files;
    try (var walk = Files.walk(local)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      s3.put(
          BUCKET,
          prefix + "/" + local.relativize(f).toString().replace('\\', '/'),
          Files.readAllBytes(f));
    }
    byte[] text = KdumpFixtures.log(5, 300);
    s3.put(BUCKET, prefix + "/" + SLOW_OBJECT, Compress.with(Codec.XZ, text));
    s3.put(
        BUCKET,
        prefix + "/extra/10.9.0.2-2024-06-01-00:00:02/vmcore-dmesg.txt.zst",
        Compress.with(Codec.ZSTD, text));
    s3.put(
        BUCKET,
        prefix + "/extra/10.9.0.3-2024-06-01-00:00:03/vmcore-dmesg.txt.bz2",
        Compress.with(Codec.BZIP2, text));
    s3.put(
        BUCKET,
        prefix + "/extra/10.9.0.4-2024-06-01-00:00:04/vmcore-dmesg.txt.gz",
        new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0});
  }

  /**
   * Test classes (each with its nested classes) in a jar of their own, to ship to the cluster: the
   * probe application (its primary jar, the app jar coming along with --jars), or classes that a
   * submission of the app jar loads by name from --jars (a file system, a listener).
   */
  private static Path testJar(Path jar, Class<?>... shipped) throws IOException {
    Files.createDirectories(jar.getParent());
    Path classes =
        Path.of(
            ClusterProbeApp.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    List<String> names = java.util.Arrays.stream(shipped).map(Class::getSimpleName).toList();
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        var walk = Files.walk(classes.resolve("dev/oopslake/it"))) {
      for (Path c : walk.filter(p -> isOneOf(p.getFileName().toString(), names)).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(c).toString()));
        Files.copy(c, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Whether {@code classFile} is one of the named classes or nested in one. */
  private static boolean isOneOf(String classFile, List<String> names) {
    return names.stream()
        .anyMatch(n -> classFile.equals(n + ".class") || classFile.startsWith(n + "$"));
  }
}
