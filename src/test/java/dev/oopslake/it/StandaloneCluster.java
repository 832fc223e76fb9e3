package dev.oopslake.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on loopback: a {@code Master} on 127.0.0.1 and {@code Worker}s on
 * 127.0.0.1, 127.0.0.2, ... (each its own host to Spark's scheduler, which launches a speculative
 * copy of a task only on a host where it is not running already), each its own JVM started from
 * Spark's jars (Maven's provided-scope classpath, linked into a SPARK_HOME under target/it so the
 * workers can build executor command lines from {@code SPARK_HOME/jars}), and applications
 * submitted with Spark's own {@code SparkSubmit}. Like a stock Spark distribution, it has no
 * hadoop-aws: whatever the job needs beyond Spark comes in the app jar.
 */
final class StandaloneCluster implements AutoCloseable {
  private final Path home;
  private final Map<String, String> env;
  private final List<ChildProcess> daemons = new ArrayList<>();
  private final String masterUrl;

  private StandaloneCluster(Path home, Map<String, String> env, String masterUrl) {
    this.home = home;
    this.env = env;
    this.masterUrl = masterUrl;
  }

  /**
   * Starts a master and {@code workers} workers of one core each, worker {@code i} on 127.0.0.i.
   *
   * @param extraEnv environment of every daemon (and so of the executors they start), e.g. the AWS
   *     provider chain's variables
   */
  static StandaloneCluster start(Path workDir, int workers, Map<String, String> extraEnv) {
    Path home = sparkHome(workDir.resolve("spark-home"));
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_CONF_DIR", home.resolve("conf").toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_SCALA_VERSION", "2.13");
    int masterPort = ChildProcess.freePort();
    String masterUrl = "spark://127.0.0.1:" + masterPort;
    StandaloneCluster cluster = new StandaloneCluster(home, env, masterUrl);
    try {
      ChildProcess master =
          cluster.daemon(
              "master",
              "org.apache.spark.deploy.master.Master",
              Map.of(),
              List.of(
                  "--host",
                  "127.0.0.1",
                  "--port",
                  String.valueOf(masterPort),
                  "--webui-port",
                  String.valueOf(ChildProcess.freePort())),
              workDir.resolve("logs/master.log"));
      master.awaitLog(Pattern.compile("I have been elected leader"), Duration.ofSeconds(60));
      List<ChildProcess> started = new ArrayList<>();
      for (int i = 1; i <= workers; i++) {
        String host = "127.0.0." + i;
        started.add(
            cluster.daemon(
                "worker-" + i,
                "org.apache.spark.deploy.worker.Worker",
                Map.of("SPARK_LOCAL_IP", host),
                List.of(
                    "--host",
                    host,
                    "--webui-port",
                    String.valueOf(ChildProcess.freePort()),
                    "--cores",
                    "1",
                    "--memory",
                    "1g",
                    "--work-dir",
                    workDir.resolve("work-" + i).toString(),
                    masterUrl),
                workDir.resolve("logs/worker-" + i + ".log")));
      }
      for (ChildProcess worker : started) {
        worker.awaitLog(
            Pattern.compile("Successfully registered with master"), Duration.ofSeconds(60));
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  String masterUrl() {
    return masterUrl;
  }

  /**
   * Runs {@code SparkSubmit} (client mode, driver bound to loopback) and waits for it.
   *
   * @param conf Spark settings, written to a properties file rather than the command line
   * @param extraEnv the driver's environment (e.g. credentials for the provider chain)
   */
  Submission submit(
      Path workDir,
      String mainClass,
      Path primaryJar,
      List<Path> jars,
      Map<String, String> conf,
      Map<String, String> extraEnv,
      List<String> args,
      Duration timeout) {
    Map<String, String> all = new HashMap<>();
    all.put("spark.master", masterUrl);
    all.put("spark.submit.deployMode", "client");
    all.put("spark.driver.host", "127.0.0.1");
    all.put("spark.driver.bindAddress", "127.0.0.1");
    all.put("spark.ui.enabled", "false");
    all.put("spark.executor.memory", "512m");
    all.put("spark.executor.cores", "1");
    // Start only when both executors are up, so the work is spread across the two workers.
    all.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
    all.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s");
    all.putAll(conf);
    Path properties = workDir.resolve("submit.properties");
    StringBuilder text = new StringBuilder();
    all.forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
    List<String> command = new ArrayList<>(javaCommand("-Xmx768m"));
    command.add("org.apache.spark.deploy.SparkSubmit");
    command.addAll(List.of("--properties-file", properties.toString(), "--class", mainClass));
    if (!jars.isEmpty()) {
      command.add("--jars");
      command.add(String.join(",", jars.stream().map(Path::toString).toList()));
    }
    command.add(primaryJar.toString());
    command.addAll(args);
    Map<String, String> driverEnv = new HashMap<>(env);
    driverEnv.putAll(extraEnv);
    try {
      Files.createDirectories(workDir);
      Files.writeString(properties, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ChildProcess submit =
        ChildProcess.start("spark-submit", command, driverEnv, workDir.resolve("submit.log"))) {
      int exit = submit.awaitExit(timeout);
      return new Submission(exit, submit.logText());
    }
  }

  /** What a submitted application printed (stdout and stderr) and how it exited. */
  record Submission(int exitCode, String output) {}

  @Override
  public void close() {
    // Workers first (they stop their executors), the master last.
    for (int i = daemons.size() - 1; i >= 0; i--) {
      daemons.get(i).close();
    }
  }

  private ChildProcess daemon(
      String name, String mainClass, Map<String, String> ownEnv, List<String> args, Path log) {
    List<String> command = new ArrayList<>(javaCommand("-Xmx256m"));
    command.add(mainClass);
    command.addAll(args);
    Map<String, String> daemonEnv = new HashMap<>(env);
    daemonEnv.putAll(ownEnv);
    ChildProcess process = ChildProcess.start(name, command, daemonEnv, log);
    daemons.add(process);
    return process;
  }

  private List<String> javaCommand(String heap) {
    return List.of(
        ChildProcess.java(),
        heap,
        ChildProcess.moduleOptions(),
        "-cp",
        home.resolve("jars") + "/*:" + home.resolve("conf"));
  }

  /** SPARK_HOME with jars/ linking Spark's runtime jars and a quiet conf/. Rebuilt each run. */
  private static Path sparkHome(Path home) {
    Path listing = ChildProcess.projectHome().resolve("target/it/spark-classpath.txt");
    try {
      if (!Files.isRegularFile(listing)) {
        throw new IllegalStateException(
            listing + " missing: run through Maven (generate-test-resources writes it)");
      }
      Path jars = home.resolve("jars");
      Files.createDirectories(jars);
      try (var old = Files.list(jars)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
      Set<String> names = new HashSet<>();
      for (String jar : Files.readString(listing).strip().split(java.io.File.pathSeparator)) {
        Path source = Path.of(jar);
        String name = source.getFileName().toString();
        if (!names.add(name)) {
          name = source.getParent().getParent().getFileName() + "-" + name;
        }
        Files.createSymbolicLink(jars.resolve(name), source);
      }
      Path conf = Files.createDirectories(home.resolve("conf"));
      Files.writeString(
          conf.resolve("log4j2.properties"),
          String.join(
              "\n",
              "rootLogger.level = warn",
              "rootLogger.appenderRef.stdout.ref = console",
              "appender.console.type = Console",
              "appender.console.name = console",
              "appender.console.target = SYSTEM_ERR",
              "appender.console.layout.type = PatternLayout",
              "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
              // The readiness lines the harness waits for.
              "logger.master.name = org.apache.spark.deploy.master.Master",
              "logger.master.level = info",
              "logger.worker.name = org.apache.spark.deploy.worker.Worker",
              "logger.worker.level = info",
              ""));
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
