package dev.oopslake.signature;

import java.time.Instant;
import java.util.List;

/**
 * What the derived tables count of one primary crash: a {@code crashes} row's columns that the
 * signatures, the kernel/module ranking and the morning cells read.
 *
 * @param crashTime null for a crash neither its folder nor its log dates
 * @param frames the crash's stack as printed (the morning report's sample)
 * @param signatureFrames the normalized frames its signature hashes
 * @param modules the loaded modules as the kernel lists them, taint letters included
 */
public record CrashFacts(
    String file,
    String host,
    Instant crashTime,
    String crashClass,
    String title,
    String kernelRelease,
    String distro,
    String arch,
    Boolean rt,
    String taint,
    String guiltyModule,
    String hardware,
    List<String> frames,
    List<String> modules,
    List<String> diagnoses,
    String signatureId,
    List<String> signatureFrames) {

  public CrashFacts {
    frames = frames == null ? List.of() : frames;
    modules = modules == null ? List.of() : modules;
    diagnoses = diagnoses == null ? List.of() : diagnoses;
  }
}
