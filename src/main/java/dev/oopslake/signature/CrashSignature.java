package dev.oopslake.signature;

import dev.oopslake.parse.Frame;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The exact signature of a crash: {@code id} is a stable hex hash of the crash class and the top
 * normalized frames (with modules), {@code version} the normalization version it was computed with,
 * {@code frames} those top frames as {@code func [mod]}. The same crash gets the same id in every
 * run, on every machine, until {@link #VERSION} is bumped on purpose.
 */
public record CrashSignature(String id, int version, List<String> frames) {

  /**
   * Normalization version. Bump it whenever {@link FrameNormalizer}, {@link PlumbingFrames}, {@link
   * #TOP_FRAMES} or the hashed text change: every id changes with it, and rows keep the version
   * they were computed with.
   */
  public static final int VERSION = 2; // 2: stall-detector, tick and instrumentation frames skipped

  /**
   * Frames kept after normalization: enough to tell bugs apart, few enough to ignore entry paths.
   */
  public static final int TOP_FRAMES = 5;

  /** Hex characters of the id: 64 bits, no collision in any realistic fleet's signatures. */
  private static final int ID_HEX_LENGTH = 16;

  public CrashSignature {
    if (id == null || id.length() != ID_HEX_LENGTH) {
      throw new IllegalArgumentException("signature id must be " + ID_HEX_LENGTH + " hex chars");
    }
    if (version < 1) {
      throw new IllegalArgumentException("signature version must be positive");
    }
    frames = List.copyOf(frames);
  }

  /** Computes the signature of a crash of class {@code crashClass} with the printed frames. */
  public static CrashSignature of(String crashClass, List<Frame> frames) {
    return ofNormalized(crashClass, FrameNormalizer.normalize(frames));
  }

  /** Same as {@link #of} over already normalized frames (top first, any length). */
  public static CrashSignature ofNormalized(String crashClass, List<String> normalized) {
    if (crashClass == null || crashClass.isBlank()) {
      throw new IllegalArgumentException("a signature needs a crash class");
    }
    List<String> top = normalized.subList(0, Math.min(TOP_FRAMES, normalized.size()));
    return new CrashSignature(hash(canonical(crashClass, top)), VERSION, top);
  }

  /**
   * The hashed text: version, class, then one frame per line. Newlines cannot occur inside a class
   * or a frame, so distinct inputs give distinct texts.
   */
  static String canonical(String crashClass, List<String> top) {
    StringBuilder sb = new StringBuilder(128);
    sb.append("oopslake-signature/v").append(VERSION).append('\n').append(crashClass.strip());
    for (String frame : top) {
      sb.append('\n').append(frame);
    }
    return sb.toString();
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, ID_HEX_LENGTH / 2);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
