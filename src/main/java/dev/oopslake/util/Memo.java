package dev.oopslake.util;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded, thread-safe memo for pure functions of log text. A fleet prints few distinct kernel
 * releases, taint strings, module lists and function names, each thousands of times a night, and
 * every report of a file repeats its file's; computing each once per distinct text spares the regex
 * work. Values are immutable, so sharing them across parser threads is safe. When full the memo is
 * emptied at once: memory stays bounded whatever the input, and a hostile stream of unique keys
 * costs one map insert per call, no eviction bookkeeping.
 */
public final class Memo<K, V> {
  private final int capacity;
  private final ConcurrentHashMap<K, V> values;

  public Memo(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
    this.values = new ConcurrentHashMap<>(capacity * 2);
  }

  /**
   * The memoized value of {@code compute} for {@code key}; {@code compute} must not return null.
   */
  public V get(K key, Function<K, V> compute) {
    V value = values.get(key);
    if (value != null) {
      return value;
    }
    value = compute.apply(key);
    if (values.size() >= capacity) {
      values.clear();
    }
    values.put(key, value);
    return value;
  }

  int size() {
    return values.size();
  }
}
