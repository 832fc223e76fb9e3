package dev.oopslake.decode;

import java.util.Comparator;
import java.util.Locale;

/**
 * Kernel releases in each distro's own order, never as strings: {@code 5.14.0-362.8.1.el9_3} is
 * newer than {@code 5.14.0-70.13.1.el9_0} although "3" &lt; "7". Red Hat-like releases compare as
 * RPM does ({@code rpmvercmp}); Debian and Ubuntu ABI numbers as dpkg does; upstream {@code x.y.z}
 * numerically, with {@code -rcN} before the release.
 *
 * <p>Order only means something within one stable <em>branch</em> ({@link #branch}): a fix
 * backported to RHEL 9 says nothing of Ubuntu 5.15, and a RHEL 8 build number is not comparable
 * with a RHEL 9 one.
 */
public final class ReleaseOrder {
  private ReleaseOrder() {}

  /**
   * Total order for sorting tables: by branch, then newest last within a branch. Releases of
   * different branches are ordered by branch name only.
   */
  public static final Comparator<KernelRelease> ORDER =
      Comparator.comparing(ReleaseOrder::branch).thenComparing(ReleaseOrder::compare);

  /**
   * The stable branch a release belongs to: fixes are released per branch. RHEL-like distros: the
   * dist tag without its minor ({@code el9}, {@code amzn2}); Debian, Ubuntu, SUSE and upstream: the
   * {@code x.y} line, per flavour for Ubuntu; PREEMPT_RT builds are their own branch.
   */
  public static String branch(KernelRelease k) {
    String line = k.version() + "." + k.patchlevel();
    String rt = k.rt() ? " rt" : "";
    if (rpmStyle(k)) {
      // Fedora rebases within a release (6.5 then 6.6 on fc39): the fc tag is the branch.
      return k.distro() + " " + k.distTag() + rt;
    }
    if ("Ubuntu".equals(k.distro()) && k.distTag() != null) {
      // 5.15.0-91-generic and 5.15.0-1051-azure are different packages with their own ABI counts
      return "Ubuntu " + line + " " + flavourFamily(k.distTag()) + rt;
    }
    return k.distro() + " " + line + rt;
  }

  /** Ubuntu flavours that share one ABI sequence; cloud kernels each have their own. */
  private static String flavourFamily(String tag) {
    return tag.startsWith("generic") || tag.startsWith("lowlatency") ? "generic" : tag;
  }

  /**
   * Compares two releases of one branch: negative when {@code a} is older. Callers compare across
   * branches at their own risk (see {@link #ORDER}).
   */
  public static int compare(KernelRelease a, KernelRelease b) {
    int upstream = compareUpstream(a, b);
    if (upstream != 0) {
      return upstream;
    }
    if (rpmStyle(a) && rpmStyle(b)) {
      return rpmvercmp(nullToEmpty(a.distroBuild()), nullToEmpty(b.distroBuild()));
    }
    if (a.distroBuild() != null && b.distroBuild() != null) {
      return dpkgCompare(a.distroBuild(), b.distroBuild());
    }
    return rpmvercmp(prerelease(a.localVersion()), prerelease(b.localVersion()));
  }

  /** True when {@code seen} is the fix's release or a later one of the same branch. */
  public static boolean atOrAfter(KernelRelease seen, KernelRelease fix) {
    return branch(seen).equals(branch(fix)) && compare(seen, fix) >= 0;
  }

  private static boolean rpmStyle(KernelRelease k) {
    return k.distTag() != null
        && k.distroBuild() != null
        && k.localVersion().contains("." + k.distTag());
  }

  private static int compareUpstream(KernelRelease a, KernelRelease b) {
    int c = Integer.compare(a.version(), b.version());
    if (c == 0) {
      c = Integer.compare(a.patchlevel(), b.patchlevel());
    }
    return c != 0 ? c : Integer.compare(a.sublevel(), b.sublevel());
  }

  // "-rc3" sorts before the release itself, as RPM's "~" does; other suffixes after.
  private static String prerelease(String local) {
    String l = local.toLowerCase(Locale.ROOT);
    return l.startsWith("-rc") ? "~" + l.substring(1) : l;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * RPM's {@code rpmvercmp}: alternating runs of digits and letters compared run by run, numbers
   * numerically and newer than letters, separators ignored, {@code ~} older than anything, {@code
   * ^} newer than the end.
   */
  public static int rpmvercmp(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      while (i < a.length() && !Character.isLetterOrDigit(a.charAt(i)) && !special(a.charAt(i))) {
        i++;
      }
      while (j < b.length() && !Character.isLetterOrDigit(b.charAt(j)) && !special(b.charAt(j))) {
        j++;
      }
      char ca = i < a.length() ? a.charAt(i) : 0;
      char cb = j < b.length() ? b.charAt(j) : 0;
      if (ca == '~' || cb == '~') {
        if (ca != '~') {
          return 1;
        }
        if (cb != '~') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (ca == '^' || cb == '^') {
        if (i >= a.length()) {
          return -1;
        }
        if (j >= b.length()) {
          return 1;
        }
        if (ca != '^') {
          return 1;
        }
        if (cb != '^') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (i >= a.length() || j >= b.length()) {
        break;
      }
      boolean numeric = Character.isDigit(ca);
      int si = i;
      int sj = j;
      while (i < a.length() && run(a.charAt(i), numeric)) {
        i++;
      }
      while (j < b.length() && run(b.charAt(j), numeric)) {
        j++;
      }
      if (sj == j) {
        // a number against letters: the number is newer
        return numeric ? 1 : -1;
      }
      int c =
          numeric
              ? compareNumbers(a.substring(si, i), b.substring(sj, j))
              : a.substring(si, i).compareTo(b.substring(sj, j));
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    boolean aLeft = i < a.length();
    boolean bLeft = j < b.length();
    return aLeft == bLeft ? 0 : aLeft ? 1 : -1;
  }

  private static boolean special(char c) {
    return c == '~' || c == '^';
  }

  private static boolean run(char c, boolean numeric) {
    return numeric ? Character.isDigit(c) : Character.isLetter(c);
  }

  private static int compareNumbers(String a, String b) {
    String x = a.replaceFirst("^0+(?=.)", "");
    String y = b.replaceFirst("^0+(?=.)", "");
    return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
  }

  /**
   * dpkg's version comparison (Debian Policy 5.6.12): non-digit parts compared with {@code ~} first
   * and letters before other characters, digit parts numerically.
   */
  public static int dpkgCompare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int firstDiff = 0;
      while ((i < a.length() && !Character.isDigit(a.charAt(i)))
          || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
        int ac = i < a.length() && !Character.isDigit(a.charAt(i)) ? dpkgOrder(a.charAt(i)) : 0;
        int bc = j < b.length() && !Character.isDigit(b.charAt(j)) ? dpkgOrder(b.charAt(j)) : 0;
        if (ac != bc) {
          return Integer.signum(ac - bc);
        }
        i++;
        j++;
      }
      while (i < a.length() && a.charAt(i) == '0') {
        i++;
      }
      while (j < b.length() && b.charAt(j) == '0') {
        j++;
      }
      while (i < a.length()
          && Character.isDigit(a.charAt(i))
          && j < b.length()
          && Character.isDigit(b.charAt(j))) {
        if (firstDiff == 0) {
          firstDiff = a.charAt(i) - b.charAt(j);
        }
        i++;
        j++;
      }
      if (i < a.length() && Character.isDigit(a.charAt(i))) {
        return 1;
      }
      if (j < b.length() && Character.isDigit(b.charAt(j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return Integer.signum(firstDiff);
      }
    }
    return 0;
  }

  private static int dpkgOrder(char c) {
    if (Character.isLetter(c)) {
      return c;
    }
    return c == '~' ? -1 : c + 256;
  }
}
