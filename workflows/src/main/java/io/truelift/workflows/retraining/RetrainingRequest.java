package io.truelift.workflows.retraining;

/**
 * One retraining run's parameters: what triggered it (SCHEDULE, FEEDBACK, MANUAL), how many days
 * of history train the challenger, how many of the most recent days are held out to compare it
 * with the active model, the relative improvement it must beat, and (FEEDBACK) how long to
 * collect further feedback before training.
 */
public record RetrainingRequest(
    String trigger,
    int trainingDays,
    int heldOutDays,
    double minRelativeImprovement,
    long debounceSeconds) {
  public RetrainingRequest {
    if (trigger == null || !trigger.matches("SCHEDULE|FEEDBACK|MANUAL")) {
      throw new IllegalArgumentException(
          "trigger must be SCHEDULE, FEEDBACK or MANUAL, got " + trigger);
    }
    if (trainingDays < 1 || heldOutDays < 1) {
      throw new IllegalArgumentException(
          "trainingDays and heldOutDays must be >= 1, got %d and %d"
              .formatted(trainingDays, heldOutDays));
    }
    if (!(minRelativeImprovement >= 0)) {
      throw new IllegalArgumentException(
          "minRelativeImprovement must be >= 0, got " + minRelativeImprovement);
    }
    if (debounceSeconds < 0) {
      throw new IllegalArgumentException("debounceSeconds must be >= 0, got " + debounceSeconds);
    }
  }

  public RetrainingRequest withTrigger(String t) {
    return new RetrainingRequest(t, trainingDays, heldOutDays, minRelativeImprovement, debounceSeconds);
  }
}
