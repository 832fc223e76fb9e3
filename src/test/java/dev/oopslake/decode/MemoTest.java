package dev.oopslake.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoTest {

  @Test
  void computesEachKeyOnceWhileItFits() {
    Memo<String, Integer> memo = new Memo<>(4);
    AtomicInteger calls = new AtomicInteger();
    for (int round = 0; round < 3; round++) {
      for (String k : new String[] {"a", "bb", "ccc"}) {
        assertThat(
                memo.get(
                    k,
                    key -> {
                      calls.incrementAndGet();
                      return key.length();
                    }))
            .as("the memoized value is the computed one")
            .isEqualTo(k.length());
      }
    }
    assertThat(calls).as("three keys, computed once each over three rounds").hasValue(3);
  }

  @Test
  void staysBoundedUnderUniqueKeys() {
    Memo<Integer, Integer> memo = new Memo<>(8);
    for (int i = 0; i < 1000; i++) {
      assertThat(memo.get(i, k -> k * 2)).isEqualTo(i * 2);
      assertThat(memo.size()).as("never more entries than the capacity").isLessThanOrEqualTo(8);
    }
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

  @Test
  void rejectsNonPositiveCapacity() {
    assertThatThrownBy(() -> new Memo<String, String>(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
  }
}
