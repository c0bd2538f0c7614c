package io.truelift.workflows.alert;

import java.util.List;

/**
 * Why the alert happened and what to do about it. {@code analyst} says who wrote it ({@code
 * deterministic} or {@code gemini:<model>}); {@code confidence} comes from the test statistic, not
 * from the analyst. {@code fallbackReason} is set when the deterministic analyst stood in for a
 * configured Gemini that failed.
 */
public record AlertAnalysis(
    String analyst,
    String explanation,
    double confidence,
    List<Recommendation> recommendations,
    String fallbackReason) {
  public AlertAnalysis {
    recommendations = List.copyOf(recommendations);
  }

  public AlertAnalysis(
      String analyst, String explanation, double confidence, List<Recommendation> recommendations) {
    this(analyst, explanation, confidence, recommendations, null);
  }

  /** The same analysis, marked as written in place of a failed language model. */
  public AlertAnalysis asFallback(String reason) {
    return new AlertAnalysis(analyst, explanation, confidence, recommendations, reason);
  }
}
