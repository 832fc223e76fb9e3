package dev.oopslake.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server on 127.0.0.1: s3proxy's jar-with-dependencies (fetched by Maven to
 * target/it) run as its own process with the in-memory backend — its Jetty clashes with Spark's in
 * one JVM. The credentials are random per run and stay in files and in memory, never in logs.
 */
final class S3Server implements AutoCloseable {
  static final String REGION = "us-east-1";

  private ChildProcess process;
  private final Path workDir;
  private final URI endpoint;
  private final String accessKey;
  private final String secretKey;
  private final S3Client client;

  private S3Server(
      ChildProcess process, Path workDir, URI endpoint, String accessKey, String secretKey) {
    this.process = process;
    this.workDir = workDir;
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.client =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.of(REGION))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
            .build();
  }

  static S3Server start(Path workDir) {
    return start(workDir, "it" + random(8), random(20), false);
  }

  /**
   * A server with the given credentials; {@code persistent}: objects kept on disk under {@code
   * workDir} (s3proxy's filesystem backend), so the server can be stopped and started again with
   * its objects, as a real store comes back after an outage.
   */
  static S3Server start(Path workDir, String accessKey, String secretKey, boolean persistent) {
    Path jar = ChildProcess.projectHome().resolve("target/it/s3proxy.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " missing: run through Maven (generate-test-resources copies it)");
    }
    int port = ChildProcess.freePort();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    Path properties = workDir.resolve("s3proxy.properties");
    try {
      Files.createDirectories(workDir.resolve("blobs"));
      Files.writeString(
          properties,
          String.join(
              "\n",
              "s3proxy.endpoint=" + endpoint,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + accessKey,
              "s3proxy.credential=" + secretKey,
              "jclouds.provider=" + (persistent ? "filesystem" : "transient"),
              "jclouds.filesystem.basedir=" + workDir.resolve("blobs"),
              "jclouds.identity=" + accessKey,
              "jclouds.credential=" + secretKey,
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new S3Server(launch(workDir), workDir, endpoint, accessKey, secretKey);
  }

  private static ChildProcess launch(Path workDir) {
    Path jar = ChildProcess.projectHome().resolve("target/it/s3proxy.jar");
    ChildProcess process =
        ChildProcess.start(
            "s3proxy",
            List.of(
                ChildProcess.java(),
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "--properties",
                workDir.resolve("s3proxy.properties").toString()),
            Map.of(),
            workDir.resolve("s3proxy.log"));
    try {
      process.awaitLog(Pattern.compile("Started Server"), Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
    return process;
  }

  /** Stops the server at once ({@code kill -9}), as a crash or an outage would. */
  void kill() {
    process.kill();
  }

  /** Starts it again on the same endpoint (a persistent server comes back with its objects). */
  void restart() {
    process.kill();
    process = launch(workDir);
  }

  URI endpoint() {
    return endpoint;
  }

  String accessKey() {
    return accessKey;
  }

  String secretKey() {
    return secretKey;
  }

  /** The environment a process needs to reach this server through the AWS provider chain. */
  Map<String, String> credentialEnv() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey, "AWS_REGION", REGION);
  }

  /**
   * s3a settings for this server: path-style, plain http on loopback. Credentials are not among
   * them: they come from the provider chain (environment) or are set in code by the caller.
   */
  Map<String, String> s3aConf() {
    return Map.of(
        "fs.s3a.endpoint", endpoint.toString(),
        "fs.s3a.endpoint.region", REGION,
        "fs.s3a.path.style.access", "true",
        "fs.s3a.connection.ssl.enabled", "false",
        // Fail fast in tests instead of s3a's minutes of retries against a dead endpoint.
        "fs.s3a.attempts.maximum", "2",
        "fs.s3a.retry.limit", "2");
  }

  S3Client client() {
    return client;
  }

  void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  void put(String bucket, String key, byte[] bytes) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  @Override
  public void close() {
    client.close();
    process.close();
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
