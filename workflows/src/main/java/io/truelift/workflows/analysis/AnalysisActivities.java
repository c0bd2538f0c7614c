package io.truelift.workflows.analysis;

import io.temporal.activity.ActivityInterface;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.workflows.alert.AlertAnalysis;

/** Writing an alert's analysis; each stores it and moves the alert from OPEN to ANALYSED. */
@ActivityInterface
public interface AnalysisActivities {
  /**
   * One Gemini call. Fails with a retryable {@code Gemini<Kind>} ApplicationFailure (rate limit,
   * server error, timeout, malformed answer) or a non-retryable {@code GeminiRejected} or {@code
   * GeminiNotConfigured}.
   */
  AlertAnalysis analyseWithGemini(CannibalizationAlert alert);

  /**
   * The deterministic analyst, labelled {@code deterministic}; {@code fallbackReason} (nullable)
   * says why it stands in for a configured Gemini.
   */
  AlertAnalysis analyseDeterministically(CannibalizationAlert alert, String fallbackReason);
}
