package dev.oopslake.signature;

import dev.oopslake.parse.Frame;
import dev.oopslake.util.Memo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns printed call-trace frames into the comparable form {@code func [mod]}: no offsets or
 * addresses, no compiler clone suffixes, one name per syscall, no unreliable ({@code ?}) frames, no
 * plumbing from {@link PlumbingFrames}. The same normalization feeds the exact signature and the
 * clustering similarity, so both see the same stack.
 */
public final class FrameNormalizer {

  /**
   * Compiler clone suffixes GCC/Clang append when they specialize or split a function; the same
   * source function gets different suffixes across builds.
   */
  private static final Pattern CLONE_SUFFIX =
      Pattern.compile(
          "(?:\\.(?:isra|constprop|part|cold|llvm|lto_priv|clone|localalias|specialized)(?:\\.\\d+)?)+$");

  /**
   * Syscall wrappers across kernel versions and arches; all name one syscall {@code sys_X}. Order
   * matters: longer prefixes first.
   */
  private static final Pattern SYSCALL_PREFIX =
      Pattern.compile(
          "^(?:__do_compat_sys_|__ia32_compat_sys_|__x64_compat_sys_|__arm64_compat_sys_"
              + "|compat_SyS_|compat_sys_|__x64_sys_|__ia32_sys_|__arm64_sys_|__se_sys_"
              + "|__do_sys_|__sys_|SyS_|sys_)(.+)$");

  /** A frame the unwinder printed as a bare address: nothing stable to compare. */
  private static final Pattern BARE_ADDRESS = Pattern.compile("^(?:0x)?[0-9a-fA-F]{8,}$");

  /** An offset the parser may have left on the name, {@code +0x1b/0x90} or {@code + 0x1b/0x90}. */
  private static final Pattern OFFSET_TAIL = Pattern.compile("\\s*\\+\\s*0x[0-9a-fA-F]+.*$");

  /**
   * Display text as stored in tables: optional {@code ? }, {@code func+0x1b/0x90}, optional {@code
   * [mod]}.
   */
  private static final Pattern DISPLAY =
      Pattern.compile("^\\s*(\\?\\s+)?(\\S+?)(?:\\s*\\+\\s*0x\\S+)?(?:\\s+\\[([^\\]]+)\\])?\\s*$");

  private FrameNormalizer() {}

  /**
   * Normalized names by printed name: four regexes per frame of every report, on the few thousand
   * symbols a fleet's kernels print.
   */
  private static final Memo<String, Optional<String>> FUNCTIONS = new Memo<>(16_384);

  /** The normalized function name, or {@code null} when nothing stable is left. */
  public static String function(String raw) {
    return FUNCTIONS.get(raw, r -> Optional.ofNullable(normalizedOrNull(r))).orElse(null);
  }

  private static String normalizedOrNull(String raw) {
    String f = OFFSET_TAIL.matcher(raw.strip()).replaceFirst("");
    if (f.isEmpty() || BARE_ADDRESS.matcher(f).matches()) {
      return null;
    }
    f = CLONE_SUFFIX.matcher(f).replaceFirst("");
    Matcher sys = SYSCALL_PREFIX.matcher(f);
    if (sys.matches()) {
      f = "sys_" + sys.group(1);
    }
    return f.isEmpty() ? null : f;
  }

  /**
   * Module names are printed with {@code -} or {@code _} interchangeably; the kernel treats them
   * alike.
   */
  public static String module(String raw) {
    return raw == null ? "" : raw.strip().replace('-', '_');
  }

  /** The whole normalized stack, top first, as {@code func} or {@code func [mod]}. */
  public static List<String> normalize(List<Frame> frames) {
    List<String> out = new ArrayList<>(frames.size());
    for (Frame frame : frames) {
      if (!frame.reliable()) {
        continue;
      }
      add(out, frame.function(), frame.module());
    }
    return List.copyOf(out);
  }

  /** As {@link #normalize}, keeping unreliable frames too. */
  public static List<String> normalizeAll(List<Frame> frames) {
    List<String> out = new ArrayList<>(frames.size());
    for (Frame frame : frames) {
      add(out, frame.function(), frame.module());
    }
    return List.copyOf(out);
  }

  /**
   * The same normalization over display texts as stored in the {@code crashes} table ({@code
   * func+0x1b/0x90 [mod]}, with a leading {@code ? } when unreliable).
   */
  public static List<String> normalizeDisplay(List<String> displayFrames) {
    List<String> out = new ArrayList<>(displayFrames.size());
    for (String text : displayFrames) {
      if (text == null) {
        continue;
      }
      Matcher m = DISPLAY.matcher(text);
      if (!m.matches()) {
        continue;
      }
      if (m.group(1) != null) {
        continue;
      }
      add(out, m.group(2), m.group(3));
    }
    return List.copyOf(out);
  }

  private static void add(List<String> out, String rawFunction, String rawModule) {
    String function = function(rawFunction);
    if (function == null || PlumbingFrames.isPlumbing(function)) {
      return;
    }
    String module = module(rawModule);
    out.add(module.isEmpty() ? function : function + " [" + module + "]");
  }
}
