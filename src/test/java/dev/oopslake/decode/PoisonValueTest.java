package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses as the kernel prints them in fault headers, read against include/linux/poison.h. */
class PoisonValueTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // x86-64/arm64 since 4.2: list_del()'s next, and a field 8 bytes into it.
        "dead000000000100|list-poison1|",
        "dead000000000108|list-poison1|+0x8",
        // LIST_POISON2 is 0x22 past LIST_POISON1: the nearer value wins.
        "0xdead000000000122|list-poison2|",
        // RHEL 7 (3.10): 0x100100 and 0x200200 past the delta.
        "dead000000100100|list-poison1|",
        "dead000000200208|list-poison2|+0x8",
        // 32-bit kernels: no delta.
        "00200200|list-poison2|",
        // slub_debug's freed-object and new-object bytes, a GPF's non-canonical address.
        "0x6b6b6b6b6b6b6b73|slab-free|+0x8",
        "5a5a5a5a5a5a5a5a|slab-uninitialized|",
        "6b6b6b6b|slab-free|",
        "cccccccccccccccc|slab-redzone|",
        "aaaaaaaaaaaaaaaa|page-poison|",
        // another POISON_POINTER_DELTA value (an hlist or rbtree node's links).
        "dead000000002000|poison-pointer|+0x2000",
      })
  void aPoisonedAddressNamesItsPoison(String printed, String id, String offset) {
    PoisonValue.Match m = PoisonValue.find(printed).orElseThrow();
    assertThat(m.poison().id()).isEqualTo(id);
    assertThat(m.offsetText()).isEqualTo(offset == null ? "" : offset);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ffff888012345678", // a direct-map address
    "0000000000000010", // NULL plus a field: its own class, not a poison
    "ffffffffc0a1b2c3", // module text
    "6b6b6b6b6b6b6b6b6b", // too long
    "not-hex",
    "dead000001000000", // far past the delta
  })
  void anOrdinaryAddressIsNoPoison(String printed) {
    assertThat(PoisonValue.find(printed)).isEmpty();
  }
}
