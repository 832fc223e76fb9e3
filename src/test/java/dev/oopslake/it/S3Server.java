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

  private final ChildProcess process;
  private final URI endpoint;
  private final String accessKey;
  private final String secretKey;
  private final S3Client client;

  private S3Server(ChildProcess process, URI endpoint, String accessKey, String secretKey) {
    this.process = process;
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
    Path jar = ChildProcess.projectHome().resolve("target/it/s3proxy.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " missing: run through Maven (generate-test-resources copies it)");
    }
    int port = ChildProcess.freePort();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    String accessKey = "it" + random(8);
    String secretKey = random(20);
    Path properties = workDir.resolve("s3proxy.properties");
    try {
      Files.createDirectories(workDir);
      Files.writeString(
          properties,
          String.join(
              "\n",
              "s3proxy.endpoint=" + endpoint,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + accessKey,
              "s3proxy.credential=" + secretKey,
              "jclouds.provider=transient",
              "jclouds.identity=" + accessKey,
              "jclouds.credential=" + secretKey,
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChildProcess process =
        ChildProcess.start(
            "s3proxy",
            List.of(
                ChildProcess.java(),
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "--properties",
                properties.toString()),
            Map.of(),
            workDir.resolve("s3proxy.log"));
    try {
      process.awaitLog(Pattern.compile("Started Server"), Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
    return new S3Server(process, endpoint, accessKey, secretKey);
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
