package dev.oopslake.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL server on 127.0.0.1 for the lake's JDBC catalog: Debian's binaries ({@code
 * postgresql} package, which {@code .ci/run} installs), a fresh cluster in a temporary folder,
 * password authentication with a random password. Run as the {@code postgres} user when the tests
 * run as root, since the server refuses root.
 */
final class PostgresServer implements AutoCloseable {
  private final Path bin;
  private final Path data;
  private final int port;
  private final String password;

  private PostgresServer(Path bin, Path data, int port, String password) {
    this.bin = bin;
    this.data = data;
    this.port = port;
    this.password = password;
  }

  static PostgresServer start() {
    return start(HexFormat.of().formatHex(new SecureRandom().generateSeed(12)));
  }

  /** A server whose role {@code oopslake} has {@code password} (a test's recognisable fake). */
  static PostgresServer start(String password) {
    Path bin = binaries();
    try {
      Path home = Files.createTempDirectory("oopslake-pg");
      Path data = home.resolve("data");
      Path pwfile = home.resolve("pw");
      Files.writeString(pwfile, password + "\n");
      chownToPostgres(home);
      run(
          List.of(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              "oopslake",
              "--auth=scram-sha-256",
              "--pwfile=" + pwfile),
          home);
      Files.delete(pwfile);
      int port = ChildProcess.freePort();
      startServer(bin, data, port);
      return new PostgresServer(bin, data, port, password);
    } catch (IOException e) {
      throw new UncheckedIOException("starting PostgreSQL", e);
    }
  }

  /** The JDBC catalog's settings for Spark catalog {@code name}, warehouse at {@code warehouse}. */
  Map<String, String> catalogConf(String name, String warehouse) {
    String p = "spark.sql.catalog." + name;
    return Map.of(
        p,
        "org.apache.iceberg.spark.SparkCatalog",
        p + ".type",
        "jdbc",
        p + ".uri",
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
        p + ".jdbc.user",
        "oopslake",
        p + ".jdbc.password",
        password,
        p + ".warehouse",
        warehouse);
  }

  private static void startServer(Path bin, Path data, int port) {
    Path home = data.getParent();
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            home.resolve("server.log").toString(),
            "-w",
            "-o",
            "-p " + port + " -k " + home + " -c listen_addresses=127.0.0.1",
            "start"),
        home);
  }

  /** Starts the server again on the same port with the same data, after {@link #kill}. */
  void restart() {
    startServer(bin, data, port);
  }

  /** The JDBC URL (no credentials in it). */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  String password() {
    return password;
  }

  /** Stops the server at once, as a crash or a kill would: no clean shutdown. */
  void kill() {
    run(
        List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"),
        data.getParent());
  }

  @Override
  public void close() {
    try {
      kill();
    } catch (RuntimeException alreadyStopped) {
      // stopped by the test
    }
  }

  private static Path binaries() {
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("postgres")))
          .max(Comparator.comparing(Path::toString))
          .orElseThrow();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "PostgreSQL server not installed: apt-get install postgresql (.ci/run does)", e);
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void chownToPostgres(Path dir) throws IOException {
    if (root()) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir);
    }
  }

  private static void run(List<String> command, Path dir) {
    List<String> full = new ArrayList<>();
    if (root() && !command.get(0).equals("chown")) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    try {
      Process p =
          new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException(
            String.join(" ", command.subList(0, 1)) + " failed:\n" + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
