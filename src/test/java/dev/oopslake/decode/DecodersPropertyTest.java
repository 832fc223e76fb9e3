package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The decoders see whatever a damaged log contains: they must answer, never throw. */
class DecodersPropertyTest {

  @Provide
  Arbitrary<String> logish() {
    // characters that occur in the decoded fields, plus anything at all
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .withChars("0123456789.-+_elkyamznrtgcx86ab ()[]:GPOE-T")
            .ofMaxLength(60),
        Arbitraries.strings().all().ofMaxLength(60));
  }

  @Property(tries = 500)
  void kernelReleaseNeverThrows(@ForAll("logish") String s) {
    KernelRelease.parse(s)
        .ifPresent(
            k -> {
              assertThat(k.distro()).as("every parsed release has a distro").isNotBlank();
              assertThat(k.rt()).as("rt iff flavour rt").isEqualTo(k.flavours().contains("rt"));
            });
  }

  @Property(tries = 500)
  void taintNeverThrowsAndLettersMatchFlags(@ForAll("logish") String s) {
    Taint t = Taint.decode(s, KernelRelease.parse("3.10.0-514.el7.x86_64").orElseThrow());
    assertThat(t.letters()).as("G is never a taint letter").doesNotStartWith("G");
    assertThat(t.flags()).hasSize(t.letters().length());
    assertThat(Taint.decode(s, null).flags()).allMatch(f -> !f.meaning().isEmpty());
  }

  @Property(tries = 500)
  void preemptCountDecodesEveryValue(
      @ForAll long value, @ForAll("arches") String arch, @ForAll("releases") String release) {
    PreemptCount p = PreemptCount.decode(value, arch, KernelRelease.parse(release).orElse(null));
    long rebuilt = p.preempt() | ((long) p.softirq() << 8) | ((long) p.softirqDisable() << 9);
    assertThat(rebuilt).as("low 16 bits are preempt + softirq").isEqualTo(p.value() & 0xffff);
    assertThat(p.explain()).isNotBlank();
  }

  @Provide
  Arbitrary<String> arches() {
    return Arbitraries.of("x86_64", "aarch64", "ppc64le", "s390x", "i686", "");
  }

  @Provide
  Arbitrary<String> releases() {
    return Arbitraries.of(
        "2.6.32-754.el6.x86_64",
        "3.10.0",
        "3.13.0",
        "4.1.0",
        "4.4.0",
        "5.10.0",
        "5.11.0",
        "6.6.0",
        "garbage");
  }

  @Property(tries = 500)
  void moduleListAndHardwareNeverThrow(@ForAll("logish") String s) {
    assertThat(LoadedModule.parseList(s)).allMatch(m -> !m.name().isBlank());
    Hardware.parse(s).ifPresent(h -> assertThat(h.raw()).isNotBlank());
  }
}
