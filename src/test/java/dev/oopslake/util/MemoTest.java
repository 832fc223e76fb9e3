package dev.oopslake.util;

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
  void rejectsNonPositiveCapacity() {
    assertThatThrownBy(() -> new Memo<String, String>(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
  }
}
