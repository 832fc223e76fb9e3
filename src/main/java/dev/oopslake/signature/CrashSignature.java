package dev.oopslake.signature;

import dev.oopslake.parse.Frame;
import java.util.List;

/** LOCAL STUB (not committed). */
public record CrashSignature(String id, int version, List<String> frames) {
  public static CrashSignature of(String c, List<Frame> f) {
    return new CrashSignature(Integer.toHexString((c + f.toString()).hashCode()), 1, List.of());
  }
}
