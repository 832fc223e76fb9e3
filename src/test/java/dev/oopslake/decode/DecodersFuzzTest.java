package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the decoders (Jazzer), fed what a damaged log may hold in each field
 * the parser hands them. Seeds, in {@code
 * src/test/resources/dev/oopslake/decode/DecodersFuzzTestInputs/<method>/}, are readable text: one
 * field per line (see {@link #decode}). Each decoder answers or declines, never throws, and answers
 * the same twice. Long run: docs/fuzzing.md.
 */
@Tag("fuzz")
class DecodersFuzzTest {

  /**
   * Lines: release, arch, taint flags, preempt_count (hex), hardware line, modules linked in, crash
   * class, comm, panic reason, then one frame per line ({@code func} or {@code func [module]}).
   */
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "15m")
  void decode(byte[] data) {
    String[] f = new String(data, StandardCharsets.UTF_8).split("\n", -1);
    String release = field(f, 0);
    String arch = field(f, 1);
    String taintText = field(f, 2);
    long preempt = parseHex(field(f, 3));
    String hardwareText = field(f, 4);
    String modulesText = field(f, 5);

    Optional<KernelRelease> kernel = KernelRelease.parse(release);
    assertThat(KernelRelease.parse(new String(release.toCharArray())))
        .as("the same text parses the same")
        .isEqualTo(kernel);
    kernel.ifPresent(
        k -> {
          assertThat(k.distro()).as("every parsed release has a distro").isNotBlank();
          assertThat(k.rt()).as("rt iff flavour rt").isEqualTo(k.flavours().contains("rt"));
          assertThat(k.series()).isNotBlank();
          assertThatCode(() -> k.withArchIfMissing(arch)).doesNotThrowAnyException();
        });
    KernelRelease k = kernel.orElse(null);

    Taint taint = Taint.decode(taintText, k);
    assertThat(taint.letters()).as("G is never a taint letter").doesNotStartWith("G");
    assertThat(taint.flags()).as("one flag per letter").hasSize(taint.letters().length());
    assertThat(taint.flags()).allMatch(flag -> !flag.meaning().isEmpty());
    assertThat(taint.describe()).isNotNull();
    assertThat(Taint.decode(taintText, k)).as("the same flags decode the same").isEqualTo(taint);

    String effectiveArch = arch.isEmpty() ? null : arch;
    PreemptCount p = PreemptCount.decode(preempt, effectiveArch, k);
    long rebuilt = p.preempt() | ((long) p.softirq() << 8) | ((long) p.softirqDisable() << 9);
    assertThat(rebuilt).as("low 16 bits are preempt + softirq").isEqualTo(p.value() & 0xffff);
    assertThat(p.explain()).isNotBlank();
    assertThat(p.hex()).isNotBlank();
    assertThat(PreemptCount.decode(preempt, effectiveArch, k)).isEqualTo(p);

    Optional<Hardware> hardware = Hardware.parse(hardwareText);
    hardware.ifPresent(h -> assertThat(h.raw()).isNotBlank());
    assertThat(Hardware.parse(hardwareText)).isEqualTo(hardware);

    List<LoadedModule> modules = LoadedModule.parseList(modulesText);
    assertThat(modules).allMatch(m -> !m.name().isBlank());
    assertThat(modules.stream().map(LoadedModule::name).distinct().count())
        .as("a module listed twice is kept once")
        .isEqualTo(modules.size());
    for (LoadedModule m : modules) {
      assertThat(m.display()).isNotBlank();
      assertThat(m.describeFlags(k)).isNotNull();
    }
    assertThatCode(() -> LoadedModule.lastUnloaded(modulesText)).doesNotThrowAnyException();

    List<String> frames = new ArrayList<>();
    List<String> frameModules = new ArrayList<>();
    for (String frame : Arrays.asList(f).subList(Math.min(f.length, 9), f.length)) {
      int bracket = frame.indexOf(" [");
      frames.add(bracket < 0 ? frame : frame.substring(0, bracket));
      frameModules.add(bracket < 0 ? "" : frame.substring(bracket + 2).replace("]", ""));
    }
    CrashFacts facts =
        new CrashFacts(
            field(f, 6),
            "fuzzed title",
            frames,
            frames.isEmpty() ? null : frames.get(0),
            frameModules.isEmpty() ? null : frameModules.get(0),
            field(f, 7),
            k,
            taint,
            p,
            modules,
            field(f, 8),
            frameModules,
            // The faulting address as fuzzed text, read like a printed one.
            Fault.of(field(f, 9), Fault.access(field(f, 10)).orElse(null)));
    List<Diagnosis> diagnoses = RULES.diagnose(facts);
    assertThat(diagnoses).allMatch(d -> !d.id().isBlank() && d.text() != null);
    assertThat(RULES.diagnose(facts)).as("the same facts diagnose the same").isEqualTo(diagnoses);
    assertThatCode(facts::culpritModuleEntry).doesNotThrowAnyException();
  }

  /**
   * A diagnosis rules file (YAML) is user input too: it loads, or fails with one {@link RuleError}
   * naming the file; nothing else escapes, and a file that loads diagnoses without throwing.
   */
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "10m")
  void diagnosisRules(byte[] data) {
    DiagnosisRules rules;
    try {
      rules = DiagnosisRules.load(new ByteArrayInputStream(data), "fuzz.yaml");
    } catch (RuleError e) {
      assertThat(e.getMessage()).as("the error names the file").contains("fuzz.yaml");
      assertThat(e.getMessage()).as("one line").doesNotContain("\n");
      return;
    }
    CrashFacts facts =
        new CrashFacts(
            "scheduling-while-atomic",
            "BUG: scheduling while atomic in f",
            List.of("f", "g"),
            "f",
            "mod",
            "comm",
            KernelRelease.parse("5.14.0-70.13.1.el9_0.x86_64").orElseThrow(),
            Taint.decode("G OE", null),
            PreemptCount.decode(0x200, "x86_64", null),
            LoadedModule.parseList("mod(OE) other"),
            "panic",
            List.of("mod", ""),
            null);
    assertThat(rules.diagnose(facts)).allMatch(d -> !d.id().isBlank());
  }

  private static final DiagnosisRules RULES = DiagnosisRules.defaults();

  private static String field(String[] fields, int i) {
    return i < fields.length ? fields[i] : "";
  }

  private static long parseHex(String s) {
    String t = s.strip();
    if (t.startsWith("0x")) {
      t = t.substring(2);
    }
    try {
      return Long.parseUnsignedLong(t, 16);
    } catch (NumberFormatException e) {
      return t.hashCode();
    }
  }
}
