package dev.oopslake.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oopslake.trends.DayCell;
import dev.oopslake.trends.HostSketch;
import dev.oopslake.trends.ReleaseModuleState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Counting crashes into the derived tables' states, without Spark: each state's columns from its
 * crashes, and counting in parts (Spark partitions, nights) then merging equals counting all.
 */
class CrashStatesTest {

  private static CrashFacts crash(
      String file,
      String host,
      String time,
      String release,
      String guiltyModule,
      String taint,
      List<String> modules,
      String signature) {
    return new CrashFacts(
        file,
        host,
        time == null ? null : Instant.parse(time),
        "warning",
        "WARNING in " + file,
        release,
        "ubuntu",
        "x86_64",
        false,
        taint,
        guiltyModule,
        "QEMU Standard PC",
        List.of("f1+0x1/0x2", "f2+0x3/0x4"),
        modules,
        List.of("scheduling-while-atomic"),
        signature,
        List.of("f1", "f2"));
  }

  private static List<CrashFacts> crashes() {
    return List.of(
        // 23:30 UTC on the 1st: a UTC day, whatever the machine's zone.
        crash(
            "f3",
            "h1",
            "2026-03-01T23:30:00Z",
            "6.1",
            "testmod",
            "POE",
            List.of("testmod(POE)", "e1000e"),
            "s-1"),
        crash("f1", "h2", "2026-03-01T10:00:00Z", "6.1", "", "G", List.of("e1000e"), "s-1"),
        crash("f2", "h1", "2026-03-02T01:00:00Z", null, null, null, List.of(), "s-1"),
        crash("f4", "h3", null, "6.1", "testmod", "O", List.of("testmod(O)"), "s-2"),
        crash("f0", "h9", "2026-03-01T00:00:00Z", "6.1", "x", "", List.of(), null));
  }

  @Test
  void eachStateCountsItsCrashes() {
    CrashStates states = CrashStates.of(crashes());

    assertThat(states.signatures())
        .extracting(SignatureState::signatureId)
        .as("a crash without a signature counts nowhere")
        .containsExactly("s-1", "s-2");
    SignatureState s1 = states.signatures().get(0);
    assertThat(s1.crashes()).isEqualTo(3);
    assertThat(s1.exampleFile()).isEqualTo("f1");
    assertThat(s1.title()).isEqualTo("WARNING in f1");
    assertThat(s1.firstSeen()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(s1.lastSeen()).isEqualTo(Instant.parse("2026-03-02T01:00:00Z"));
    assertThat(s1.kernelReleases()).as("an unknown release counts nowhere").containsExactly("6.1");
    assertThat(s1.moduleCrashes())
        .as("an empty guilty module is a key, as the crashes table holds it")
        .isEqualTo(Map.of("testmod", 1L, "", 1L));
    assertThat(s1.hosts()).isEqualTo(2);
    assertThat(s1.frames()).containsExactly("f1", "f2");

    assertThat(states.releaseModules())
        .extracting(r -> r.kernelRelease() + "/" + r.module() + "=" + r.crashes())
        .as("no release is 'unknown', no module the core kernel's")
        .containsExactlyInAnyOrder("6.1/testmod=2", "6.1/vmlinux=1", "unknown/vmlinux=1");

    DayCell first =
        states.cells().stream()
            .filter(
                c ->
                    LocalDate.parse("2026-03-01").equals(c.day())
                        && "6.1".equals(c.kernelRelease()))
            .findFirst()
            .orElseThrow();
    assertThat(first.clusterId()).as("cells are keyed by signature").isEqualTo("s-1");
    assertThat(first.crashes()).isEqualTo(2);
    assertThat(first.taintedProprietary()).isEqualTo(1);
    assertThat(first.taintedOutOfTree()).isEqualTo(1);
    assertThat(first.taintedUnsigned()).isEqualTo(1);
    assertThat(first.latest().file()).as("23:30, the latest").isEqualTo("f3");
    assertThat(first.modules()).isEqualTo(Map.of("testmod", 1L, "vmlinux", 1L));
    assertThat(first.diagnoses()).isEqualTo(Map.of("scheduling-while-atomic", 2L));
    assertThat(first.attributes())
        .as("each loaded module once, its taint letters stripped; each taint letter; the hardware")
        .containsEntry("module=testmod", 1L)
        .containsEntry("module=e1000e", 2L)
        .containsEntry("taint=P", 1L)
        .containsEntry("taint=G", 1L)
        .containsEntry("hardware=QEMU Standard PC", 2L)
        .doesNotContainKey("module=testmod(POE)");
    assertThat(states.cells())
        .as("an undated crash has a cell of its own, with a null day")
        .anyMatch(c -> c.day() == null && c.clusterId().equals("s-2"));
  }

  @Test
  void countingInPartsThenMergingEqualsCountingAll() {
    List<CrashFacts> all = crashes();
    CrashStates whole = CrashStates.of(all);
    List<CrashStates> parts = new ArrayList<>();
    for (CrashFacts c : all) {
      parts.add(CrashStates.of(List.of(c)));
    }

    CrashStates merged = CrashStates.mergeAll(parts);

    assertThat(described(merged.signatures())).isEqualTo(described(whole.signatures()));
    assertThat(byKey(merged)).isEqualTo(byKey(whole));
    assertThat(merged.cells()).hasSameSizeAs(whole.cells());
    for (DayCell c : whole.cells()) {
      DayCell m =
          merged.cells().stream().filter(x -> x.key().equals(c.key())).findFirst().orElseThrow();
      assertThat(m.crashes()).isEqualTo(c.crashes());
      assertThat(m.latest()).isEqualTo(c.latest());
      assertThat(m.attributes()).isEqualTo(c.attributes());
      assertThat(HostSketch.estimate(List.of(m.hosts())))
          .isEqualTo(HostSketch.estimate(List.of(c.hosts())));
    }
    assertThat(CrashStates.of(List.of(all.get(0))).merge(CrashStates.NONE).signatures()).hasSize(1);
  }

  /** Every column of each state, the host sketch as its estimate (unions may encode it apart). */
  private static List<String> described(List<SignatureState> states) {
    return states.stream()
        .map(
            s ->
                String.join(
                    " ",
                    s.signatureId(),
                    s.crashClass(),
                    s.frames().toString(),
                    s.title(),
                    s.exampleFile(),
                    String.valueOf(s.firstSeen()),
                    String.valueOf(s.lastSeen()),
                    String.valueOf(s.crashes()),
                    String.valueOf(s.hosts()),
                    s.kernelReleases().toString(),
                    new java.util.TreeMap<>(s.moduleCrashes()).toString()))
        .toList();
  }

  @Test
  void aModulesTaintLettersAreStrippedAsTheKernelPrintsThem() {
    assertThat(CrashStates.withoutTaint("testmod(POE)")).isEqualTo("testmod");
    assertThat(CrashStates.withoutTaint("e1000e")).isEqualTo("e1000e");
    assertThat(CrashStates.withoutTaint("odd(x)y")).as("not at the end: kept").isEqualTo("odd(x)y");
    assertThat(CrashStates.withoutTaint("a(b)(c)")).as("from the first parenthesis").isEqualTo("a");
    assertThat(CrashStates.withoutTaint("")).isEmpty();
  }

  private static Map<String, Long> byKey(CrashStates s) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (ReleaseModuleState r : s.releaseModules()) {
      out.put(r.kernelRelease() + "/" + r.module() + " " + r.signatureCrashes(), r.crashes());
    }
    return out;
  }
}
