package io.truelift.workflows.alert;

import java.util.List;

/**
 * Why the alert happened and what to do about it. {@code analyst} says who wrote it ({@code
 * deterministic} or {@code gemini:<model>}); {@code confidence} comes from the test statistic, not
 * from the analyst.
 */
public record AlertAnalysis(
    String analyst, String explanation, double confidence, List<Recommendation> recommendations) {
  public AlertAnalysis {
    recommendations = List.copyOf(recommendations);
  }
}
