package dev.oopslake.decode;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel release string ({@code uname -r}) taken apart: upstream version, distro build and tag,
 * arch, flavours such as {@code rt} or {@code debug}.
 */
public record KernelRelease(
    String release,
    int version,
    int patchlevel,
    int sublevel,
    String localVersion,
    String distroBuild,
    String distTag,
    String distro,
    String arch,
    boolean rt,
    List<String> flavours) {

  public KernelRelease {
    if (release == null || release.isBlank()) {
      throw new IllegalArgumentException("release must not be blank");
    }
    localVersion = localVersion == null ? "" : localVersion;
    flavours = List.copyOf(flavours);
  }

  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?(.*)$");

  /** Parses a release; empty when it does not start with {@code N.N}. */
  public static Optional<KernelRelease> parse(String release) {
    if (release == null) {
      return Optional.empty();
    }
    Matcher m = VERSION.matcher(release.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String local = m.group(4);
    boolean rt = local.matches(".*(?:[.\\-_+]rt[\\d.\\-_]|[.\\-]rt$|-rt).*");
    return Optional.of(
        new KernelRelease(
            release.trim(),
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
            local,
            null,
            null,
            null,
            null,
            rt,
            rt ? List.of("rt") : List.of()));
  }

  /** Whether this release is at least {@code v.p}. */
  public boolean atLeast(int v, int p) {
    return version > v || (version == v && patchlevel >= p);
  }

  /**
   * This release with the arch filled in from elsewhere in the log when the release string lacks
   * it.
   */
  public KernelRelease withArchIfMissing(String otherArch) {
    if (arch != null || otherArch == null) {
      return this;
    }
    return new KernelRelease(
        release,
        version,
        patchlevel,
        sublevel,
        localVersion,
        distroBuild,
        distTag,
        distro,
        otherArch,
        rt,
        flavours);
  }
}
