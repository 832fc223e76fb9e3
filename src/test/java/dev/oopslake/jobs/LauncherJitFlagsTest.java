package dev.oopslake.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JIT choice jobs/lib.sh makes for embedded runs (docs/benchmarks.md has why): C1 only for the
 * Spark commands and the bench, the JVM's default for the rest, for {@code OOPSLAKE_JIT=c2} and
 * when the user's OOPSLAKE_JAVA_OPTS names a tiered-compilation flag; a bad value stops the
 * launcher.
 */
class LauncherJitFlagsTest {

  private static final String C1 = "-XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m";

  private record Result(int exit, String out, String err) {}

  private static Result jitFlags(String command, Map<String, String> env)
      throws IOException, InterruptedException {
    Path home = Path.of(System.getProperty("oopslake.home", ".")).toAbsolutePath();
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            "-c",
            ". \"$1/jobs/lib.sh\"; oopslake_jit_flags \"$2\"; echo \"${OOPSLAKE_JIT_FLAGS[*]}\"",
            "test",
            home.toString(),
            command);
    pb.environment().remove("OOPSLAKE_JIT");
    pb.environment().remove("OOPSLAKE_JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return new Result(p.waitFor(), out, err);
  }

  @Test
  void sparkCommandsAndTheBenchRunOnTheClientCompiler() throws Exception {
    for (String command :
        new String[] {
          "nightly", "sql", "report", "maintain", "eval-clusters", "dev.oopslake.bench.NightlyBench"
        }) {
      assertThat(jitFlags(command, Map.of()).out()).as(command).isEqualTo(C1);
    }
  }

  @Test
  void otherCommandsAndAskingForC2KeepTheJvmDefault() throws Exception {
    assertThat(jitFlags("parse", Map.of()).out()).isEmpty();
    assertThat(jitFlags("generate", Map.of()).out()).isEmpty();
    assertThat(jitFlags("nightly", Map.of("OOPSLAKE_JIT", "c2")).out()).isEmpty();
    assertThat(jitFlags("nightly", Map.of("OOPSLAKE_JIT", "c1")).out()).isEqualTo(C1);
  }

  @Test
  void aTieredFlagOfTheUsersWins() throws Exception {
    assertThat(
            jitFlags("nightly", Map.of("OOPSLAKE_JAVA_OPTS", "-Xmx2g -XX:TieredStopAtLevel=4"))
                .out())
        .isEmpty();
    assertThat(jitFlags("sql", Map.of("OOPSLAKE_JAVA_OPTS", "-XX:-TieredCompilation")).out())
        .isEmpty();
    assertThat(jitFlags("sql", Map.of("OOPSLAKE_JAVA_OPTS", "-Xmx2g")).out()).isEqualTo(C1);
  }

  @Test
  void anUnknownChoiceStopsWithOneLineNamingTheVariable() throws Exception {
    Result r = jitFlags("nightly", Map.of("OOPSLAKE_JIT", "fast"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "oopslake: OOPSLAKE_JIT=fast is not a JIT choice; set it to c1 (the default) or c2");
  }

  @Test
  void aCodeCacheSetByTheUserIsKept() throws Exception {
    assertThat(
            jitFlags("nightly", Map.of("OOPSLAKE_JAVA_OPTS", "-XX:ReservedCodeCacheSize=512m"))
                .out())
        .isEqualTo("-XX:TieredStopAtLevel=1");
  }

  /**
   * C1 alone makes the JVM size its code cache for C1 (48 MB), which one JVM's nightly and next
   * increment filled: the compiler stopped and a task died of "Out of space in CodeCache". The
   * launcher's flags keep the cache the JVM gives by default.
   */
  @Test
  void theClientCompilerKeepsTheDefaultCodeCache() throws Exception {
    long byDefault = reservedCodeCache(List.of());
    long withLauncherFlags =
        reservedCodeCache(List.of(jitFlags("nightly", Map.of()).out().split(" ")));
    long c1Alone = reservedCodeCache(List.of("-XX:TieredStopAtLevel=1"));
    assertThat(c1Alone).as("what C1 alone would get").isLessThan(byDefault);
    assertThat(withLauncherFlags).isEqualTo(byDefault);
  }

  private static long reservedCodeCache(List<String> flags) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\sReservedCodeCacheSize\\s+=\\s+(\\d+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return Long.parseLong(m.group(1));
  }
}
