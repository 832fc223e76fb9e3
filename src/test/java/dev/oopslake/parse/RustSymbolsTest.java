package dev.oopslake.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * v0 symbols written by hand from the grammar (the Rust reference's "v0 Symbol Format"), in the
 * shapes kernel Rust code has: module paths, inherent and trait impls with backreferences,
 * closures, generic functions; and what is left as printed.
 */
class RustSymbolsTest {

  @Test
  void aPathThroughModules() {
    assertThat(RustSymbols.demangle("_RNvNtCs1234_7mycrate3foo3bar"))
        .isEqualTo("mycrate::foo::bar");
  }

  @Test
  void crateHashesLongerThanALongAreOnlyDisambiguators() {
    assertThat(RustSymbols.demangle("_RNvCsZZZZZZZZZZZZ_7___rustc17rust_begin_unwind"))
        .isEqualTo("__rustc::rust_begin_unwind");
  }

  @Test
  void anInherentImplNamesItsTypeThroughABackreference() {
    // "B5_" points at offset 6 after "_R": the crate path "binder::process" printed again.
    assertThat(RustSymbols.demangle("_RNvMs0_NtCs5_6binder7processNtB5_7Process10update_ref"))
        .isEqualTo("<binder::process::Process>::update_ref");
  }

  @Test
  void aTraitImplNamesTheTypeAndTheTrait() {
    assertThat(
            RustSymbols.demangle(
                "_RNvXs_Cs4_6ashmemNtB4_6AshmemNtNtCs9_6kernel10miscdevice10MiscDevice4mmap"))
        .isEqualTo("<ashmem::Ashmem as kernel::miscdevice::MiscDevice>::mmap");
    assertThat(RustSymbols.demangle("_RNvYNtCs1_5krate3FooNtB4_5Trait3bar"))
        .isEqualTo("<krate::Foo as krate::Trait>::bar");
  }

  @Test
  void closuresAndShims() {
    assertThat(RustSymbols.demangle("_RNCNvCs1_5krate4main0"))
        .isEqualTo("krate::main::{closure#0}");
    assertThat(RustSymbols.demangle("_RNCNvCs1_5krate4mains_0"))
        .isEqualTo("krate::main::{closure#1}");
  }

  @Test
  void genericArgumentsTypesAndConstants() {
    assertThat(RustSymbols.demangle("_RINvNtCs1_4core3ptr13drop_in_placeNtCs2_6kernel4TaskE"))
        .isEqualTo("core::ptr::drop_in_place::<kernel::Task>");
    assertThat(RustSymbols.demangle("_RINvCs1_1a1fRShKj8_E")).isEqualTo("a::f::<&[u8], 8>");
    assertThat(RustSymbols.demangle("_RINvCs1_1a1fDNtCs2_4core3AnyEL_E"))
        .isEqualTo("a::f::<dyn core::Any>");
    assertThat(RustSymbols.demangle("_RINvCs1_1a1fTmQyEKanff_E"))
        .isEqualTo("a::f::<(u32, &mut u64), -255>");
  }

  @Test
  void anInstantiatingCrateOrVendorSuffixIsNotPartOfTheName() {
    assertThat(RustSymbols.demangle("_RNvCs1_5krate4mainCs2_5other")).isEqualTo("krate::main");
    assertThat(RustSymbols.demangle("_RNvCs1_5krate4main.llvm.1234")).isEqualTo("krate::main");
  }

  @Test
  void whatItCannotReadIsLeftAsPrinted() {
    assertThat(RustSymbols.demangle("vfs_write")).isNull();
    assertThat(RustSymbols.demangle("_ZN4core3fmt5write17h0123456789abcdefE")).isNull();
    assertThat(RustSymbols.demangle("_RNvCs1_")).as("truncated").isNull();
    assertThat(RustSymbols.demangle("_RB_")).as("a backreference to itself").isNull();
    assertThat(RustSymbols.demangle("_RNvCs1_5krate99toolong")).as("length past the end").isNull();
    assertThat(RustSymbols.demangle("_RNvCs1_u5krate3foo")).as("punycode").isNull();
    assertThat(RustSymbols.demangle("_RCs1_0"))
        .as("a name of zero bytes (found by fuzzing)")
        .isNull();
    assertThat(FrameFormats.normalize("_RCs1_0")).isEqualTo("_RCs1_0");
    // Each level's generic arguments are two backreferences to the level below: 3^40 names.
    int levels = 40;
    StringBuilder doubling =
        new StringBuilder("_R").append("I".repeat(levels)).append("NvCs1_1a1f");
    for (int level = 1; level <= levels; level++) {
      String back = backref(levels - level + 1);
      doubling.append(back).append(back).append("E");
    }
    assertThat(RustSymbols.demangle(doubling.toString())).as("output growing per level").isNull();
    assertThat(RustSymbols.demangle("_RIINvCs1_1a1f" + backref(2) + "E" + backref(1) + "E"))
        .as("the same shape, two levels")
        .isEqualTo("a::f::<a::f>::<a::f::<a::f>>");
    StringBuilder deep = new StringBuilder("_R");
    deep.append("NvNt".repeat(200)).append("Cs1_1a");
    assertThat(RustSymbols.demangle(deep.toString())).as("nesting past any real symbol").isNull();
  }

  @Test
  void framesCarryTheDemangledName() {
    assertThat(FrameFormats.normalize("_RNvNtCs1234_7mycrate3foo3bar"))
        .isEqualTo("mycrate::foo::bar");
    assertThat(FrameFormats.normalize("_RNvCs1_")).isEqualTo("_RNvCs1_");
  }

  /**
   * A backreference to offset {@code at} after "_R": "_" is 0, else base 62 of at - 1, then "_".
   */
  private static String backref(int at) {
    if (at == 0) {
      return "B_";
    }
    String digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    StringBuilder sb = new StringBuilder();
    int v = at - 1;
    do {
      sb.insert(0, digits.charAt(v % 62));
      v /= 62;
    } while (v > 0);
    return "B" + sb + "_";
  }
}
