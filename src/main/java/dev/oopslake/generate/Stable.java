package dev.oopslake.generate;

import java.util.SplittableRandom;

/**
 * Deterministic hashing and seeding, independent of JVM, thread count and iteration order, so that
 * a seed always gives the same archive and a build always gives a function the same size.
 */
final class Stable {
  private Stable() {}

  /** A 64-bit hash of the parts (FNV-1a then a splitmix finaliser). */
  static long hash(String... parts) {
    long h = 0xcbf29ce484222325L;
    for (String part : parts) {
      for (int i = 0; i < part.length(); i++) {
        h ^= part.charAt(i);
        h *= 0x100000001b3L;
      }
      h ^= 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * {@code digits} random lower-case hex digits (addresses, MACs, UUIDs), 16 per draw of the
   * generator.
   */
  static String hex(SplittableRandom random, int digits) {
    char[] out = new char[digits];
    long bits = 0;
    for (int i = 0; i < digits; i++) {
      if (i % 16 == 0) {
        bits = random.nextLong();
      }
      out[i] = HEX[(int) (bits & 0xf)];
      bits >>>= 4;
    }
    return new String(out);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The random stream of one file: depends only on the archive seed and the file's index. */
  static SplittableRandom fileRandom(long seed, int index) {
    return new SplittableRandom(mix(seed * 0x9e3779b97f4a7c15L + index + 1));
  }

  /** A value in [0, bound) from a hash, for per-build choices. */
  static int pick(long hash, int bound) {
    return (int) Long.remainderUnsigned(hash, bound);
  }
}
