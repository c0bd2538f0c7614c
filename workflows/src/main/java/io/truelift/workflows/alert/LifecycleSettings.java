package io.truelift.workflows.alert;

/**
 * The worker's lifecycle configuration, carried in every {@link AlertInput} so the workflow reads
 * it deterministically: which analyst writes the analysis ({@code gemini:<model>} or {@code
 * deterministic}), the Gemini call's timeout and attempts before the deterministic fallback, how
 * long the durable timer waits before the action's effect is measured, and whether the TrueLift
 * search attributes are registered on the Temporal service (then the workflow keeps them up to
 * date).
 */
public record LifecycleSettings(
    String analyst,
    long analysisTimeoutSeconds,
    int analysisMaxAttempts,
    long measurementWaitSeconds,
    boolean searchAttributes) {
  public static final long DEFAULT_MEASUREMENT_WAIT_SECONDS = 7 * 24 * 3600;

  /** Deterministic analyst, a 7-day measurement wait, no search attributes. */
  public static final LifecycleSettings DEFAULTS =
      new LifecycleSettings(DeterministicAnalyst.NAME, 30, 3, DEFAULT_MEASUREMENT_WAIT_SECONDS, false);

  public LifecycleSettings {
    if (analyst == null || analyst.isBlank()) {
      analyst = DeterministicAnalyst.NAME;
    }
    if (analysisTimeoutSeconds <= 0) {
      analysisTimeoutSeconds = 30;
    }
    if (analysisMaxAttempts <= 0) {
      analysisMaxAttempts = 3;
    }
    if (measurementWaitSeconds <= 0) {
      measurementWaitSeconds = DEFAULT_MEASUREMENT_WAIT_SECONDS;
    }
  }

  public boolean usesGemini() {
    return analyst.startsWith("gemini:");
  }

  public LifecycleSettings withSearchAttributes(boolean on) {
    return new LifecycleSettings(
        analyst, analysisTimeoutSeconds, analysisMaxAttempts, measurementWaitSeconds, on);
  }
}
