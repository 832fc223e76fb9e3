package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PreemptCountTest {
  private static final KernelRelease MODERN_X86 =
      KernelRelease.parse("6.1.0-13-amd64").orElseThrow();
  private static final KernelRelease RHEL7 =
      KernelRelease.parse("3.10.0-514.21.1.el7.x86_64").orElseThrow();
  private static final KernelRelease KYLIN_RT =
      KernelRelease.parse("4.19.90-25.2.rt.2101.gfb01.ky10.aarch64").orElseThrow();
  private static final KernelRelease V4_1 = KernelRelease.parse("4.1.12").orElseThrow();
  private static final KernelRelease V5_4 = KernelRelease.parse("5.4.18").orElseThrow();

  /** A value, its kernel/arch and every field it must decode to. */
  record Case(
      String why,
      long value,
      String arch,
      KernelRelease kernel,
      int preempt,
      int softirq,
      int softirqDisable,
      int hardirq,
      int nmiCount,
      boolean preemptActive,
      Boolean needResched,
      long unknownBits,
      String layoutStartsWith,
      String explainContains) {
    @Override
    public String toString() {
      return String.format("0x%08x %s", value, why);
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "one bh-disable level",
            0x200,
            "x86_64",
            MODERN_X86,
            0,
            0,
            1,
            0,
            0,
            false,
            null,
            0,
            "5.11+ x86",
            "1 softirq-disable level (local_bh_disable / *_bh lock held)"),
        new Case(
            "bh-disable plus preempt",
            0x201,
            "x86_64",
            MODERN_X86,
            1,
            0,
            1,
            0,
            0,
            false,
            null,
            0,
            "5.11+ x86",
            "preempt depth 1"),
        new Case(
            "preempt depth 2 (seed 002)",
            0x2,
            "aarch64",
            KYLIN_RT,
            2,
            0,
            0,
            0,
            0,
            false,
            null,
            0,
            "4.4-5.10",
            "preempt depth 2"),
        new Case(
            "hardirq 1 + preempt 1",
            0x10001,
            "x86_64",
            MODERN_X86,
            1,
            0,
            0,
            1,
            0,
            false,
            null,
            0,
            "5.11+ x86",
            "hard interrupt context, nesting 1"),
        new Case(
            "serving softirq + preempt 1",
            0x101,
            "x86_64",
            MODERN_X86,
            1,
            1,
            0,
            0,
            0,
            false,
            null,
            0,
            "5.11+ x86",
            "serving softirqs"),
        new Case(
            "NMI",
            0x100000,
            "x86_64",
            MODERN_X86,
            0,
            0,
            0,
            0,
            1,
            false,
            null,
            0,
            "5.11+ x86",
            "in NMI"),
        new Case(
            "NMI nesting 2 (5.11+ NMI_BITS 4)",
            0x200000,
            "x86_64",
            MODERN_X86,
            0,
            0,
            0,
            0,
            2,
            false,
            null,
            0,
            "5.11+ x86",
            "in NMI, nesting 2"),
        new Case(
            "x86 need-resched bit only",
            0x80000000L,
            "x86_64",
            MODERN_X86,
            0,
            0,
            0,
            0,
            0,
            false,
            false,
            0,
            "5.11+ x86",
            "inverted: no reschedule pending"),
        new Case(
            "bit 31 means nothing on arm64",
            0x80000000L,
            "aarch64",
            V5_4,
            0,
            0,
            0,
            0,
            0,
            false,
            null,
            0x80000000L,
            "4.4-5.10",
            "unknown bits 0x80000000"),
        new Case(
            "3.10 PREEMPT_ACTIVE on x86 (0x10000000)",
            0x10000001L,
            "x86_64",
            RHEL7,
            1,
            0,
            0,
            0,
            0,
            true,
            null,
            0,
            "pre-3.13 x86",
            "PREEMPT_ACTIVE"),
        new Case(
            "3.10 NMI at bit 26",
            0x04000000L,
            "x86_64",
            RHEL7,
            0,
            0,
            0,
            0,
            1,
            false,
            null,
            0,
            "pre-3.13 x86",
            "in NMI"),
        new Case(
            "3.10 10 hardirq bits: 0x00100000 is hardirq 16, not NMI",
            0x00100000L,
            "x86_64",
            RHEL7,
            0,
            0,
            0,
            16,
            0,
            false,
            null,
            0,
            "pre-3.13 x86",
            "nesting 16"),
        new Case(
            "3.10 seed 000 value",
            0x200,
            "x86_64",
            RHEL7,
            0,
            0,
            1,
            0,
            0,
            false,
            null,
            0,
            "pre-3.13 x86",
            "1 softirq-disable level"),
        new Case(
            "pre-3.13 generic PREEMPT_ACTIVE 0x08000000",
            0x08000000L,
            "aarch64",
            KernelRelease.parse("3.10.0-123.el7.aarch64").orElseThrow(),
            0,
            0,
            0,
            0,
            0,
            true,
            null,
            0,
            "pre-3.13",
            "PREEMPT_ACTIVE"),
        new Case(
            "4.1 PREEMPT_ACTIVE 0x00200000",
            0x00200000L,
            "x86_64",
            V4_1,
            0,
            0,
            0,
            0,
            0,
            true,
            null,
            0,
            "3.13-4.3 x86",
            "PREEMPT_ACTIVE"),
        new Case(
            "4.4-5.10 bit 21 is unused (NMI is one bit)",
            0x00200000L,
            "x86_64",
            V5_4,
            0,
            0,
            0,
            0,
            0,
            false,
            null,
            0x00200000L,
            "4.4-5.10 x86",
            "unknown bits"),
        new Case(
            "two bh levels",
            0x400,
            "x86_64",
            MODERN_X86,
            0,
            0,
            2,
            0,
            0,
            false,
            null,
            0,
            "5.11+ x86",
            "2 softirq-disable levels"),
        new Case(
            "nothing set",
            0x0,
            "x86_64",
            MODERN_X86,
            0,
            0,
            0,
            0,
            0,
            false,
            null,
            0,
            "5.11+ x86",
            "nothing set"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decodes(Case c) {
    PreemptCount p = PreemptCount.decode(c.value(), c.arch(), c.kernel());
    assertThat(p.preempt()).as("preempt depth").isEqualTo(c.preempt());
    assertThat(p.softirq()).as("serving softirq").isEqualTo(c.softirq());
    assertThat(p.softirqDisable()).as("bh-disable levels").isEqualTo(c.softirqDisable());
    assertThat(p.hardirq()).as("hardirq nesting").isEqualTo(c.hardirq());
    assertThat(p.nmiCount()).as("nmi nesting").isEqualTo(c.nmiCount());
    assertThat(p.nmi()).as("nmi flag").isEqualTo(c.nmiCount() > 0);
    assertThat(p.preemptActive()).as("PREEMPT_ACTIVE").isEqualTo(c.preemptActive());
    assertThat(p.needResched()).as("x86 inverted need-resched").isEqualTo(c.needResched());
    assertThat(p.unknownBits())
        .as("bits with no meaning in this layout")
        .isEqualTo(c.unknownBits());
    assertThat(p.layout()).as("layout chosen by version and arch").startsWith(c.layoutStartsWith());
    assertThat(p.explain()).as("explanation").contains(c.explainContains());
  }

  @Test
  void unknownKernelAssumesModernLayoutAndSaysSo() {
    PreemptCount p = PreemptCount.decode(0x200, null, null);
    assertThat(p.layout())
        .as("assumptions are visible")
        .contains("kernel unknown")
        .contains("x86 assumed");
    assertThat(p.softirqDisable()).isEqualTo(1);
    assertThat(p.hex()).isEqualTo("0x00000200");
  }

  @Test
  void archFromKernelWhenNotGiven() {
    PreemptCount p = PreemptCount.decode(0x2, null, KYLIN_RT);
    assertThat(p.layout()).as("kernel release says aarch64").isEqualTo("4.4-5.10");
  }

  @Test
  void atomicIgnoresOnlyNeedResched() {
    assertThat(PreemptCount.decode(0x80000000L, "x86_64", MODERN_X86).atomic()).isFalse();
    assertThat(PreemptCount.decode(0x80000200L, "x86_64", MODERN_X86).atomic()).isTrue();
  }

  @Test
  void rejectsValuesWiderThan32Bits() {
    assertThatThrownBy(
            () -> new PreemptCount(0x1_0000_0000L, 0, 0, 0, 0, false, 0, false, null, "x", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PreemptCount.decode(0x1_0000_0200L, "x86_64", MODERN_X86).value())
        .as("decode keeps the low 32 bits the kernel printed")
        .isEqualTo(0x200);
  }
}
