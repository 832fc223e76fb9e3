package dev.oopslake.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JVM (or other program) a real-component test starts as its own process: output to a log file,
 * waiting for a line that says it is ready, and stopping it with its children.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ChildProcess start(String name, List<String> command, Map<String, String> env, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.redirectOutput(log.toFile());
      builder.environment().putAll(env);
      return new ChildProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + name, e);
    }
  }

  /** The java launcher of the JVM running the tests, so children run the same Java. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A port free on loopback now (nothing in a test may leave 127.0.0.1). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The project root (surefire/failsafe pass it), for target/ and conf/. */
  static Path projectHome() {
    return Path.of(System.getProperty("oopslake.home", ".")).toAbsolutePath();
  }

  /** JVM flags every Spark JVM needs on Java 17 (the file jobs/* and the tests share). */
  static String moduleOptions() {
    return "@" + projectHome().resolve("conf/jvm-module-options");
  }

  /**
   * The command line of a nightly run as jobs/oopslake starts it: a JVM of its own on the app jar
   * and the class path {@code mvn package} writes (failsafe runs after package), with the project's
   * module flags and log4j configuration.
   */
  static List<String> nightlyCommand(Path archive, Path lake) {
    Path home = projectHome();
    String classpath;
    try {
      classpath =
          home.resolve("target/oopslake.jar")
              + ":"
              + Files.readString(home.resolve("target/local-classpath.txt")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the class path mvn package wrote", e);
    }
    return List.of(
        java(),
        moduleOptions(),
        "-Xmx1g",
        "-Doopslake.home=" + home,
        "-Dlog4j2.configurationFile=" + home.resolve("conf/log4j2.properties"),
        "-cp",
        classpath,
        "dev.oopslake.jobs.OopslakeCli",
        "nightly",
        "--input",
        archive.toString(),
        "--lake",
        lake.toString());
  }

  /** Waits until the log shows {@code ready}; fails with the log's tail if the process dies. */
  void awaitLog(Pattern ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (ready.matcher(logText()).find()) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited " + process.exitValue() + ":\n" + tail());
      }
      sleep(200);
    }
    throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + tail());
  }

  /** Waits for the process to end and returns its exit code. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        close();
        throw new IllegalStateException(name + " still running after " + timeout + ":\n" + tail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String tail() {
    String[] lines = logText().split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
  }

  Path log() {
    return log;
  }

  /** {@code kill -9}: the process and its children end at once, nothing cleaned up. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
