package dev.oopslake.signature;

import dev.oopslake.parse.Frame;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
  // 2: stall/tick/instrumentation skipped, shared frames free; 3: waiting primitives shared;
  // 4: a stackless crash's title frame carries the location it printed
  public static final int VERSION = 4;

  /**
   * Frames kept after normalization that may be the culprit: enough to tell bugs apart, few enough
   * to ignore entry paths. {@link SharedFrames} frames among them (an allocator above the caller, a
   * generic put above the release) are kept but not counted, up to {@link #MAX_FRAMES} in all: a
   * stack's first five frames can all be shared plumbing, which told different bugs apart by
   * nothing.
   */
  public static final int TOP_FRAMES = 5;

  /** Frames kept at most, shared ones included. */
  public static final int MAX_FRAMES = 2 * TOP_FRAMES;

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

  /**
   * Computes the signature of a crash of class {@code crashClass} with the printed frames. A trace
   * printed with unreliable ({@code ?}) frames only (a corrupted frame pointer chain, an unwinder
   * that gave up) is signed by those: they are what the crash printed, and a class-only signature
   * would join every such crash of the class.
   */
  public static CrashSignature of(String crashClass, List<Frame> frames) {
    return of(crashClass, frames, null);
  }

  /**
   * As {@link #of(String, List)}; a crash that printed no reliable frame is signed by its class and
   * {@code title} ({@link #titleFrame}) rather than by its class alone, which joined every
   * stackless crash of a class (every "WARNING in corrupted", every lockdep report cut before its
   * trace) into one signature. The title also goes before unreliable frames: those are stale return
   * addresses that differ from one crash of a bug to the next. A null or blank title falls back to
   * the unreliable frames, then to the class alone.
   */
  public static CrashSignature of(String crashClass, List<Frame> frames, String title) {
    return of(crashClass, frames, title, null);
  }

  /**
   * As {@link #of(String, List, String)}, with the function a crash that named no culprit printed
   * as where it happened ({@code Report.printedLocation}: its header's function, else its faulting
   * instruction's). Such crashes share a title ("WARNING in corrupted" for every WARNING whose
   * stack was lost), so the title alone joined different bugs; the location goes into the title
   * frame ({@link #titleFrame(String, String)}). A null or blank location signs by the title alone.
   */
  public static CrashSignature of(
      String crashClass, List<Frame> frames, String title, String printedLocation) {
    return of(crashClass, frames, title, printedLocation, null);
  }

  /**
   * As {@link #of(String, List, String, String)}, with the module the report blames. A culprit
   * module that no frame carries came from the report's own text (the driver a transmit timeout
   * names, under a timer stack that is the same for every driver): the title, which names it, leads
   * the frames, so each culprit gets its own signature.
   */
  public static CrashSignature of(
      String crashClass,
      List<Frame> frames,
      String title,
      String printedLocation,
      String culpritModule) {
    if (culpritModule != null
        && title != null
        && !title.isBlank()
        && frames.stream().noneMatch(f -> culpritModule.equals(f.module()))) {
      List<String> led = new ArrayList<>();
      led.add(titleFrame(title));
      led.addAll(FrameNormalizer.normalize(frames));
      return ofNormalized(crashClass, led);
    }
    List<String> normalized = FrameNormalizer.normalize(frames);
    if (normalized.isEmpty() && title != null && !title.isBlank()) {
      normalized = List.of(titleFrame(title, printedLocation));
    }
    if (normalized.isEmpty()) {
      normalized = FrameNormalizer.normalizeAll(frames);
    }
    return ofNormalized(crashClass, normalized);
  }

  /**
   * The stand-in frame of a stackless crash: its title with numbers masked as in {@link CrashKind},
   * in angle brackets so it can never equal a function name.
   */
  public static String titleFrame(String title) {
    return titleFrame(title, null);
  }

  /**
   * As {@link #titleFrame(String)}, followed by {@code @ location} when a location is given: the
   * function name as printed (normalized, its digits kept: they are part of the name), so two
   * stackless WARNINGs from different functions are two signatures.
   */
  public static String titleFrame(String title, String location) {
    String frame = CrashKind.maskNumbers(title.strip());
    String at = location == null ? null : FrameNormalizer.function(location);
    return "<" + (at == null ? frame : frame + " @ " + at) + ">";
  }

  /** Same as {@link #of} over already normalized frames (top first, any length). */
  public static CrashSignature ofNormalized(String crashClass, List<String> normalized) {
    if (crashClass == null || crashClass.isBlank()) {
      throw new IllegalArgumentException("a signature needs a crash class");
    }
    List<String> top = top(normalized);
    return new CrashSignature(hash(canonical(crashClass, top)), VERSION, top);
  }

  /** The first {@link #TOP_FRAMES} frames outside {@link SharedFrames}, with the shared between. */
  static List<String> top(List<String> normalized) {
    int end = 0;
    int counted = 0;
    while (end < normalized.size() && counted < TOP_FRAMES && end < MAX_FRAMES) {
      if (SharedFrames.family(normalized.get(end)) == null) {
        counted++;
      }
      end++;
    }
    return normalized.subList(0, end);
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
