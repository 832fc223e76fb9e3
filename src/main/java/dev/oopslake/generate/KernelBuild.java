package dev.oopslake.generate;

/**
 * One kernel build of a family: what {@code uname -r} and {@code uname -v} say.
 *
 * @param release the release string printed in the {@code Linux version} and {@code CPU:} lines
 * @param version the full {@code uname -v} text of the {@code Linux version} line
 * @param cpuTag what dump_stack prints after the release on the {@code CPU:} line (the first word
 *     of the version, plus the package version on Debian kernels)
 */
public record KernelBuild(String release, String version, String cpuTag) {
  public KernelBuild {
    Catalog.require(release, "release");
    Catalog.require(version, "version of " + release);
    Catalog.require(cpuTag, "cpuTag of " + release);
  }
}
