package io.truelift.model;

import java.util.List;

/**
 * Challenger against the active model on the same held-out rows: the challenger wins only if its
 * clean-row WAPE (the baseline's own accuracy) is lower by at least {@code minRelativeGain} and its
 * 90% coverage stays within {@code [0.85, 0.95]} or closer to 0.90 than the active model's.
 */
public final class ModelComparison {
  /** The two models' held-out figures and the decision with its reason. */
  public record Result(
      String activeModelId,
      String challengerModelId,
      HeldOutMetrics active,
      HeldOutMetrics challenger,
      boolean challengerWins,
      String reason) {}

  private ModelComparison() {}

  public static Result compare(
      BaselineModel active,
      BaselineModel challenger,
      SalesHistory context,
      List<Observation> heldOut,
      double minRelativeGain) {
    if (heldOut.isEmpty()) {
      throw new IllegalArgumentException("heldOut must contain rows to compare the models on, got none");
    }
    HeldOutMetrics a = HeldOutMetrics.of(active, context, heldOut);
    HeldOutMetrics c = HeldOutMetrics.of(challenger, context, heldOut);
    double gain = (a.cleanWape() - c.cleanWape()) / Math.max(a.cleanWape(), 1e-12);
    boolean coverageOk =
        (c.coverage90() >= 0.85 && c.coverage90() <= 0.95)
            || Math.abs(c.coverage90() - 0.9) <= Math.abs(a.coverage90() - 0.9);
    boolean wins = gain >= minRelativeGain && coverageOk;
    String reason =
        "clean WAPE %.4f vs active %.4f (gain %.1f%%, need %.1f%%); coverage90 %.3f vs %.3f%s"
            .formatted(
                c.cleanWape(), a.cleanWape(), 100 * gain, 100 * minRelativeGain, c.coverage90(),
                a.coverage90(), coverageOk ? "" : " (coverage out of range)");
    return new Result(active.modelId(), challenger.modelId(), a, c, wins, reason);
  }
}
