package io.truelift.workflows.retraining;

import io.truelift.workflows.retraining.BaselineTrainer.Evaluation;
import java.util.Locale;

/**
 * Decides whether a challenger replaces the active model: only when it scores better on the same
 * held-out data by more than {@code minRelativeImprovement} (0: any improvement), or when there is
 * no active model. Pure code, so the workflow can call it.
 */
public final class PromotionPolicy {
  private PromotionPolicy() {}

  /** PROMOTE or REJECT, with the numbers that decided it. */
  public record Decision(boolean promote, String reason) {}

  public static Decision decide(Evaluation e, String activeModelId, double minRelativeImprovement) {
    if (e.heldOutRows() <= 0) {
      return new Decision(false, "no held-out rows to evaluate the challenger on");
    }
    if (!Double.isFinite(e.candidateScore())) {
      return new Decision(
          false, "challenger's held-out %s is %s".formatted(e.metric(), e.candidateScore()));
    }
    if (activeModelId == null) {
      return new Decision(
          true,
          String.format(
              Locale.ROOT,
              "no active model; challenger %s %.6g on %d held-out rows",
              e.metric(),
              e.candidateScore(),
              e.heldOutRows())
              + data(e));
    }
    if (e.activeScore() == null || !Double.isFinite(e.activeScore())) {
      return new Decision(
          false,
          "active model %s could not be scored on the held-out rows (%s); keeping it"
                  .formatted(activeModelId, e.activeScore())
              + data(e));
    }
    double active = e.activeScore();
    double gain =
        (e.lowerIsBetter() ? active - e.candidateScore() : e.candidateScore() - active)
            / Math.max(Math.abs(active), 1e-12);
    String numbers =
        String.format(
            Locale.ROOT,
            "held-out %s: challenger %.6g vs active %s %.6g on %d rows (%s is better), relative"
                + " improvement %.2f%% (needed > %.2f%%)",
            e.metric(),
            e.candidateScore(),
            activeModelId,
            active,
            e.heldOutRows(),
            e.lowerIsBetter() ? "lower" : "higher",
            100 * gain,
            100 * minRelativeImprovement);
    return gain > minRelativeImprovement
        ? new Decision(true, "promoted: " + numbers + data(e))
        : new Decision(false, "rejected: " + numbers + data(e));
  }

  /** The trainer's note on the held-out data (source, range, further figures), if any. */
  private static String data(Evaluation e) {
    return e.data() == null || e.data().isBlank() ? "" : "; " + e.data();
  }
}
