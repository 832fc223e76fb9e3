package dev.oopslake.decode;

import dev.oopslake.util.Memo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel release string ({@code uname -r}) taken apart: upstream version, distro build and tag,
 * distro name, arch (as {@code uname -m} prints it), flavours such as {@code rt} or {@code debug}.
 *
 * <p>Examples: {@code 3.10.0-514.21.1.el7.x86_64} is RHEL/CentOS 7 build {@code 514.21.1} on
 * x86_64; {@code 4.19.90-25.2.rt.2101.gfb01.ky10.aarch64} is a Kylin V10 PREEMPT_RT kernel on
 * aarch64; {@code 5.15.0-91-generic} is Ubuntu's generic flavour with no arch in the name.
 *
 * @param localVersion everything after {@code V.P[.S]}, e.g. {@code -514.21.1.el7.x86_64}
 * @param distroBuild the distro's package build number, e.g. {@code 514.21.1}; null for upstream
 * @param distTag the distro's tag, e.g. {@code el7}, {@code ky10}, {@code amzn2}, {@code generic};
 *     null when the release carries none
 * @param distro the distro family, e.g. {@code RHEL/CentOS}, {@code Ubuntu}, {@code upstream}
 * @param arch {@code uname -m} name ({@code x86_64}, {@code aarch64}...), null when not in the name
 * @param flavours build variants in the order found: {@code rt}, {@code debug}, {@code kasan},
 *     {@code 64k}...
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

  /** Distro name used for Red Hat kernels; {@link Taint} keys its RHEL table on it. */
  public static final String RHEL = "RHEL/CentOS";

  /** Distro name for kernels with no recognised distro tag. */
  public static final String UPSTREAM = "upstream";

  public KernelRelease {
    if (release == null || release.isBlank()) {
      throw new IllegalArgumentException("release must not be blank");
    }
    if (version < 0 || patchlevel < 0 || sublevel < 0) {
      throw new IllegalArgumentException("negative version in " + release);
    }
    localVersion = localVersion == null ? "" : localVersion;
    flavours = List.copyOf(flavours);
  }

  private static final Pattern VERSION =
      Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})(?:\\.(\\d{1,5}))?([-.+_~a-zA-Z].*)?$");

  /** An RPM-style dist tag between dots, as Red Hat-like distros put it before the arch. */
  private record DotTag(Pattern pattern, String distro) {}

  // Dot-separated dist tags ({@code %{dist}} of the kernel RPM), tried in order on each dot token.
  private static final List<DotTag> DOT_TAGS =
      List.of(
          // Oracle's Unbreakable Enterprise Kernel: 5.4.17-2136.300.7.el8uek.x86_64
          new DotTag(Pattern.compile("el\\d+uek"), "Oracle UEK"),
          // RHEL and its rebuilds (CentOS, Rocky, Alma): 3.10.0-514.21.1.el7.x86_64, el9_2
          new DotTag(Pattern.compile("el\\d+(?:_\\d+)?"), RHEL),
          // Kylin V10 (openEuler-based): 4.19.90-24.4.v2101.ky10.aarch64
          new DotTag(Pattern.compile("ky\\d+"), "Kylin"),
          // Amazon Linux 2 / 2023: 4.14.256-197.484.amzn2.x86_64
          new DotTag(Pattern.compile("amzn\\d+"), "Amazon Linux"),
          // Fedora: 6.5.6-300.fc39.x86_64
          new DotTag(Pattern.compile("fc\\d+"), "Fedora"),
          // openEuler: 5.10.0-60.18.0.50.oe2203.x86_64, oe1, oe2203sp1
          new DotTag(Pattern.compile("oe\\d+(?:sp\\d+)?"), "openEuler"),
          // Alibaba Cloud Linux: 4.19.91-26.al7.x86_64
          new DotTag(Pattern.compile("al\\d+"), "Alibaba Cloud Linux"),
          // Anolis OS: 5.10.134-13.an8.x86_64
          new DotTag(Pattern.compile("an\\d+"), "Anolis OS"),
          // UnionTech UOS server: 4.19.90-2211.5.0.0178.22.uel20.x86_64
          new DotTag(Pattern.compile("uel\\d+"), "UnionTech UOS"));

  /** A dash-style release ({@code -BUILD-WORD}) as Debian, Ubuntu and SUSE name them. */
  private record DashStyle(Pattern pattern, String distro, String comment) {}

  // Matched against the local version; group "build" is the distro build, "tag" the dist tag.
  private static final List<DashStyle> DASH_STYLES =
      List.of(
          new DashStyle(
              Pattern.compile(
                  "^-(?<build>\\d+(?:\\.\\d+)*)-(?<tag>default|64kb|kvmsmall|preempt|vanilla)$"),
              "SUSE",
              "SLES/openSUSE flavours only SUSE uses: 5.14.21-150400.24.46-default"),
          new DashStyle(
              Pattern.compile("^-(?<build>\\d+\\.\\d+(?:\\.\\d+)*)-(?<tag>azure|rt|debug)$"),
              "SUSE",
              "SUSE azure/rt flavours: dotted build numbers tell them from Ubuntu's"),
          new DashStyle(
              Pattern.compile(
                  "^-(?<build>\\d+)-(?<tag>generic(?:-64k|-lpae|-pae)?|lowlatency(?:-64k)?"
                      + "|azure(?:-fde)?|aws|gcp|gke|gkeop|kvm|oracle|ibm|raspi|realtime|oem"
                      + "|nvidia(?:-lowlatency)?|intel-iotg|xilinx-zynqmp|bluefield)$"),
              "Ubuntu",
              "Ubuntu ABI number and flavour: 5.15.0-91-generic, 5.15.0-1051-azure"),
          new DashStyle(
              Pattern.compile(
                  "^-(?:0\\.(?<tag>deb\\d+)\\.)?(?<build>\\d+(?:\\.\\d+)?)-(?:(?:rt|cloud)-)?"
                      + "(?:amd64|arm64|686|686-pae|armmp|armmp-lpae|ppc64el|ppc64|s390x"
                      + "|riscv64|loong64|mips64r2el|4kc-malta|5kc-malta|octeon|marvell|rpi)"
                      + "(?:-unsigned)?$"),
              "Debian",
              "Debian ABI and arch: 6.1.0-13-amd64, 6.1.0-13-rt-arm64, 5.10.0-0.deb10.16-amd64"),
          new DashStyle(
              Pattern.compile("^-(?<build>arch\\d+-\\d+)$"),
              "Arch Linux",
              "Arch Linux: 6.6.1-arch1-1"),
          new DashStyle(
              Pattern.compile("^-(?<tag>android\\d+)-(?<build>\\d+).*$"),
              "Android",
              "Android GKI: 5.10.107-android13-4-00001-g..."),
          new DashStyle(
              Pattern.compile("^-(?<tag>v\\d+l?|v7l?|v8)(?:-16k)?\\+$"),
              "Raspberry Pi OS",
              "Raspberry Pi Foundation kernels: 6.1.21-v8+"));

  /** Arch tokens as releases spell them, mapped to {@code uname -m}. */
  private static final Map<String, String> ARCH_NAMES =
      Map.ofEntries(
          // RPM arch suffixes (.x86_64) are already uname -m names
          Map.entry("x86_64", "x86_64"),
          Map.entry("aarch64", "aarch64"),
          Map.entry("ppc64le", "ppc64le"),
          Map.entry("ppc64", "ppc64"),
          Map.entry("s390x", "s390x"),
          Map.entry("i686", "i686"),
          Map.entry("i586", "i686"),
          Map.entry("i386", "i686"),
          Map.entry("riscv64", "riscv64"),
          Map.entry("loongarch64", "loongarch64"),
          Map.entry("armv7hl", "armv7l"),
          Map.entry("armv7l", "armv7l"),
          // Debian port names (-amd64) differ from uname -m
          Map.entry("amd64", "x86_64"),
          Map.entry("arm64", "aarch64"),
          Map.entry("ppc64el", "ppc64le"),
          Map.entry("686", "i686"),
          Map.entry("armmp", "armv7l"),
          Map.entry("loong64", "loongarch64"));

  // An arch token ending the release, before an optional +variant or .debug (RHEL 7 debug kernels)
  private static final Pattern ARCH_SUFFIX =
      Pattern.compile(
          "[.\\-](x86_64|aarch64|ppc64le|ppc64|s390x|i[3-6]86|riscv64|loongarch64|armv7hl|armv7l"
              + "|amd64|arm64|ppc64el|686|armmp|loong64)(?=$|[+.\\-](?:debug|64k|rt|pae|lpae"
              + "|unsigned|16k|kdump)\\b)");

  /** A build-variant token and the flavour it means. */
  private record FlavourToken(Pattern token, String flavour) {}

  // Tokens of the local version (split on . - + _) that name a build variant.
  private static final List<FlavourToken> FLAVOUR_TOKENS =
      List.of(
          // PREEMPT_RT: RHEL 1160.rt56.1131, upstream -rt17, Kylin .rt., Debian -rt-amd64, SUSE -rt
          new FlavourToken(Pattern.compile("rt\\d*"), "rt"),
          // Ubuntu's PREEMPT_RT flavour
          new FlavourToken(Pattern.compile("realtime"), "rt"),
          // debug kernels (lockdep, KASAN on some): RHEL +debug / .debug, SUSE -debug
          new FlavourToken(Pattern.compile("debug"), "debug"),
          // KASAN-instrumented builds
          new FlavourToken(Pattern.compile("kasan"), "kasan"),
          // 64k page size builds: RHEL 9 aarch64 +64k, Ubuntu generic-64k, SUSE -64kb
          new FlavourToken(Pattern.compile("64kb?"), "64k"),
          // 16k page size builds (Raspberry Pi 5)
          new FlavourToken(Pattern.compile("16k"), "16k"),
          // Ubuntu low-latency (PREEMPT, not RT)
          new FlavourToken(Pattern.compile("lowlatency"), "lowlatency"),
          // SUSE's full-preemption flavour
          new FlavourToken(Pattern.compile("preempt"), "preempt"),
          // 32-bit PAE builds (Debian 686-pae, Ubuntu generic-pae)
          new FlavourToken(Pattern.compile("l?pae"), "pae"),
          // Debian's cloud flavour (fewer drivers)
          new FlavourToken(Pattern.compile("cloud"), "cloud"),
          // kdump capture kernels
          new FlavourToken(Pattern.compile("kdump"), "kdump"));

  private static final Pattern TOKEN_SPLIT = Pattern.compile("[.\\-+_]");
  private static final Pattern BUILD_BEFORE_TAG = Pattern.compile("^-(.+?)\\.$");
  private static final Pattern ELN_MINOR = Pattern.compile("_\\d+$");

  private static final Memo<String, Optional<KernelRelease>> PARSED = new Memo<>(1024);

  /** Parses a release; empty when it does not start with {@code N.N}. */
  public static Optional<KernelRelease> parse(String release) {
    if (release == null) {
      return Optional.empty();
    }
    return PARSED.get(release, KernelRelease::parseUncached);
  }

  private static Optional<KernelRelease> parseUncached(String release) {
    String text = release.strip();
    // tolerate the build banner after the release ("3.10.0-514.el7.x86_64 #1")
    int blank = firstBlank(text);
    text = blank < 0 ? text : text.substring(0, blank);
    Matcher m = VERSION.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    String local = m.group(4) == null ? "" : m.group(4);
    String arch = null;
    String beforeArch = local;
    Matcher am = ARCH_SUFFIX.matcher(local);
    int archAt = -1;
    while (am.find()) {
      archAt = am.start();
      arch = ARCH_NAMES.get(am.group(1).toLowerCase(Locale.ROOT));
      if (arch == null && am.group(1).matches("i[3-6]86")) {
        arch = "i686";
      }
    }
    if (archAt >= 0 && local.charAt(archAt) == '.') {
      beforeArch = local.substring(0, archAt);
    }

    List<String> flavours = new ArrayList<>();
    for (String token : TOKEN_SPLIT.split(local.toLowerCase(Locale.ROOT))) {
      for (FlavourToken ft : FLAVOUR_TOKENS) {
        if (ft.token().matcher(token).matches() && !flavours.contains(ft.flavour())) {
          flavours.add(ft.flavour());
        }
      }
    }

    String distroBuild = null;
    String distTag = null;
    String distro = null;
    String[] dotTokens = beforeArch.split("\\.");
    for (int i = dotTokens.length - 1; i >= 1 && distro == null; i--) {
      String token = dotTokens[i];
      for (DotTag tag : DOT_TAGS) {
        if (tag.pattern().matcher(token).matches()) {
          distro = tag.distro();
          distTag = ELN_MINOR.matcher(token).replaceFirst("");
          int at = beforeArch.lastIndexOf("." + token);
          Matcher bm = BUILD_BEFORE_TAG.matcher(beforeArch.substring(0, at + 1));
          distroBuild = bm.matches() ? bm.group(1) : null;
          break;
        }
      }
    }
    if (distro == null) {
      for (DashStyle style : DASH_STYLES) {
        Matcher dm = style.pattern().matcher(local);
        if (dm.matches()) {
          distro = style.distro();
          distroBuild = group(dm, "build");
          distTag = group(dm, "tag");
          break;
        }
      }
    }
    if (distro == null) {
      distro = UPSTREAM;
    }
    return Optional.of(
        new KernelRelease(
            text,
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
            local,
            distroBuild,
            distTag,
            distro,
            arch,
            flavours.contains("rt"),
            flavours));
  }

  private static int firstBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String group(Matcher m, String name) {
    try {
      return m.group(name);
    } catch (IllegalArgumentException noSuchGroup) {
      return null;
    }
  }

  /** Whether this release is at least {@code v.p}. */
  public boolean atLeast(int v, int p) {
    return version > v || (version == v && patchlevel >= p);
  }

  /** Whether this release is at least {@code v.p.s}. */
  public boolean atLeast(int v, int p, int s) {
    return version > v || (version == v && (patchlevel > p || (patchlevel == p && sublevel >= s)));
  }

  /** Whether this is a Red Hat Enterprise Linux (or rebuild) kernel. */
  public boolean isRhel() {
    return RHEL.equals(distro);
  }

  /** The RHEL major release ({@code 7} for {@code el7}), or 0 when not a RHEL kernel. */
  public int rhelMajor() {
    if (!isRhel() || distTag == null) {
      return 0;
    }
    try {
      return Integer.parseInt(distTag.substring(2).replaceFirst("_.*", ""));
    } catch (NumberFormatException e) {
      // A garbled tag (e.g. el222...2, more digits than an int holds): not a RHEL major we know.
      return 0;
    }
  }

  /** {@code V.P}, the upstream series, e.g. {@code 3.10}. */
  public String series() {
    return version + "." + patchlevel;
  }

  /**
   * This release with the arch filled in from elsewhere in the log when the release string lacks
   * it.
   */
  public KernelRelease withArchIfMissing(String otherArch) {
    if (arch != null || otherArch == null) {
      return this;
    }
    String normal = ARCH_NAMES.getOrDefault(otherArch.toLowerCase(Locale.ROOT), otherArch);
    return new KernelRelease(
        release,
        version,
        patchlevel,
        sublevel,
        localVersion,
        distroBuild,
        distTag,
        distro,
        normal,
        rt,
        flavours);
  }
}
