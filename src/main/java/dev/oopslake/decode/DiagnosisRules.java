package dev.oopslake.decode;

import java.util.List;

/** Diagnosis rules kept as data ({@code conf/diagnoses.yaml}); first version knows none. */
public final class DiagnosisRules {
  private DiagnosisRules() {}

  public static DiagnosisRules defaults() {
    return new DiagnosisRules();
  }

  public List<Diagnosis> diagnose(CrashFacts facts) {
    return List.of();
  }
}
