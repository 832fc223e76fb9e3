package dev.oopslake.it;

import java.nio.charset.StandardCharsets;

/** Hand-written kernel-log-like texts for real-component tests (never corpus material). */
final class KdumpFixtures {
  private KdumpFixtures() {}

  /** A boot log of {@code lines} lines, distinct per {@code seed}, ending in an oops-like block. */
  static byte[] log(int seed, int lines) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      text.append(
          String.format(
              "[%6d.%06d] it-fixture %d: probe device %d ok%n",
              i, (seed * 7919 + i) % 1_000_000, seed, i));
    }
    text.append(String.format("[%6d.000000] BUG: it-fixture %d crash block%n", lines, seed));
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
