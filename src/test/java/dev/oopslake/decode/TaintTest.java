package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaintTest {
  private static final KernelRelease RHEL7 =
      KernelRelease.parse("3.10.0-514.21.1.el7.x86_64").orElseThrow();
  private static final KernelRelease RHEL8 =
      KernelRelease.parse("4.18.0-193.28.1.el8_2.x86_64").orElseThrow();
  private static final KernelRelease UPSTREAM_6 = KernelRelease.parse("6.1.0").orElseThrow();

  @Test
  void rhel7TechPreviewIsNotRandstruct() {
    // seed 000: columns 0 G, 12 O, 13 E, 16-27 reserved '-', 29 T
    Taint t = Taint.decode("G           OE  ------------ T", RHEL7);
    assertThat(t.letters()).as("set letters in print order, G is not a taint").isEqualTo("OET");
    assertThat(t.flags().get(0).meaning()).as("O").isEqualTo("out-of-tree module loaded");
    assertThat(t.flags().get(0).bit()).as("O is bit 12 by its column").isEqualTo(12);
    assertThat(t.flags().get(1).meaning()).as("E").isEqualTo("unsigned module loaded");
    assertThat(t.flags().get(2).bit()).as("T column").isEqualTo(29);
    assertThat(t.flags().get(2).meaning())
        .as("T after the RHEL dashes is Red Hat's technology preview")
        .contains("technology preview");
    assertThat(t.raw()).isEqualTo("G           OE  ------------ T");
    assertThat(t.tainted()).isTrue();
  }

  @Test
  void rhel7TechPreviewEvenWhenSpacingIsLost() {
    Taint t = Taint.decode("G OE T", RHEL7);
    assertThat(t.letters()).isEqualTo("OET");
    assertThat(t.flags().get(2).meaning())
        .as("RHEL 7 (3.10) predates upstream's randstruct T (4.15)")
        .contains("technology preview");
    assertThat(t.flags().get(2).bit()).as("column unknown").isEqualTo(-1);
  }

  @Test
  void redHatDashesTellTechPreviewWithoutAKernel() {
    Taint t = Taint.decode("G           OE  ------------ T", null);
    assertThat(t.flags().get(2).meaning())
        .as("only Red Hat prints '-' columns, so a T after them is tech preview")
        .contains("technology preview");
    assertThat(t.flags().get(2).bit()).isEqualTo(29);
  }

  @Test
  void upstreamTIsRandstruct() {
    // bit 17 column on an upstream kernel
    Taint t = Taint.decode("G                T", UPSTREAM_6);
    assertThat(t.letters()).isEqualTo("T");
    assertThat(t.flags().get(0).bit()).isEqualTo(17);
    assertThat(t.flags().get(0).meaning()).as("upstream T").contains("randstruct");
  }

  @Test
  void rhel8UpstreamColumnsStayUpstream() {
    Taint t = Taint.decode("G        W  OE    --------- -  -", RHEL8);
    assertThat(t.letters()).isEqualTo("WOE");
    assertThat(t.flags().get(0).meaning())
        .as("W at bit 9")
        .isEqualTo("kernel issued a warning earlier");
    assertThat(t.flags().get(0).bit()).isEqualTo(9);
  }

  @Test
  void proprietaryAndDieAndWarn() {
    Taint t = Taint.decode("P      D W  O     ", UPSTREAM_6);
    assertThat(t.letters()).as("P is a taint, unlike G").isEqualTo("PDWO");
    assertThat(t.flags().get(0).meaning()).isEqualTo("proprietary module loaded");
    assertThat(t.flags().get(1).meaning()).contains("died recently");
    assertThat(t.has('W')).isTrue();
    assertThat(t.has('E')).isFalse();
  }

  @Test
  void notTaintedAndBlankHaveNoFlags() {
    assertThat(Taint.decode("Not tainted", RHEL7).tainted()).as("Not tainted").isFalse();
    assertThat(Taint.decode("Not tainted", null).letters()).isEmpty();
    assertThat(Taint.decode("", null)).as("blank").isEqualTo(Taint.NONE);
    assertThat(Taint.decode(null, null)).as("null").isEqualTo(Taint.NONE);
    assertThat(Taint.decode("G", null).tainted()).as("G alone means untainted").isFalse();
  }

  @Test
  void acceptsTheTaintedPrefix() {
    Taint t = Taint.decode("Tainted: G        W         ", null);
    assertThat(t.letters()).isEqualTo("W");
    assertThat(t.flags().get(0).bit()).isEqualTo(9);
  }

  @Test
  void lettersNewerThanTheKernelAreFlagged() {
    KernelRelease old = KernelRelease.parse("3.10.108").orElseThrow();
    Taint t = Taint.decode("G              K", old);
    assertThat(t.flags().get(0).meaning())
        .as("K (livepatch) is 4.0+, so on upstream 3.10 it is suspicious")
        .contains("kernel live-patched")
        .contains("unexpected on 3.10");
  }

  @Test
  void unknownLetterIsNamedNotDropped() {
    Taint t = Taint.decode("G Z", null);
    assertThat(t.letters()).isEqualTo("Z");
    assertThat(t.flags().get(0).meaning()).contains("unknown taint flag 'Z'");
  }

  @Test
  void newestUpstreamLetters() {
    Taint t = Taint.decode("G                 NJ", KernelRelease.parse("6.15.0").orElseThrow());
    assertThat(t.flags()).extracting(Taint.Flag::bit).containsExactly(18, 19);
    assertThat(t.flags().get(0).meaning()).contains("KUnit");
    assertThat(t.flags().get(1).meaning()).contains("fwctl");
  }

  @Test
  void suseSupportTaints() {
    KernelRelease sles = KernelRelease.parse("5.14.21-150400.24.46-default").orElseThrow();
    Taint t = Taint.decode("G               X N", sles);
    assertThat(t.letters()).isEqualTo("XN");
    assertThat(t.flags().get(0).meaning()).contains("SUSE: externally supported");
    assertThat(t.flags().get(1).meaning()).contains("SUSE: unsupported module");
    assertThat(Taint.decode("G               X N", UPSTREAM_6).flags().get(0).meaning())
        .as("elsewhere X is the generic auxiliary taint")
        .contains("auxiliary");
  }

  @Test
  void meaningOfModuleLetterDependsOnKernel() {
    assertThat(Taint.meaningOf('T', RHEL7))
        .as("overlay(T) on RHEL 7")
        .contains("technology preview");
    assertThat(Taint.meaningOf('T', UPSTREAM_6)).contains("randstruct");
    assertThat(Taint.meaningOf('O', null)).isEqualTo("out-of-tree module loaded");
  }

  @Test
  void decodersReturnEqualValuesFromTheMemo() {
    KernelRelease first = KernelRelease.parse("3.10.0-957.el7.x86_64").orElseThrow();
    KernelRelease again = KernelRelease.parse(new String("3.10.0-957.el7.x86_64")).orElseThrow();
    assertThat(again).as("same release text, same decoded value").isEqualTo(first);
    assertThat(Taint.decode("G           OE  T", first).letters())
        .as("RHEL 7 taint decodes the same on every call")
        .isEqualTo(Taint.decode("G           OE  T", first).letters());
    assertThat(Taint.decode("G           OE  T", first).flags())
        .as("meanings depend on the kernel: RHEL's T differs from upstream's")
        .isNotEqualTo(
            Taint.decode("G           OE  T", KernelRelease.parse("5.15.0").orElseThrow()).flags());
  }
}
