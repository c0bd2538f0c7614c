package io.truelift.workflows.retraining;

import io.temporal.activity.ActivityInterface;
import io.truelift.workflows.retraining.BaselineTrainer.DataRange;
import io.truelift.workflows.retraining.BaselineTrainer.Evaluation;
import io.truelift.workflows.retraining.BaselineTrainer.RegisteredModel;
import io.truelift.workflows.retraining.BaselineTrainer.TrainedModel;

/** Retraining's side effects: the trainer's work and the model registry's writes; idempotent. */
@ActivityInterface
public interface RetrainingActivities {
  /** The decision as stored: PROMOTED or REJECTED, why, and the model ACTIVE afterwards. */
  record StoredDecision(String outcome, String reason, String activeModelId) {}

  /** Inserts the run into {@code retraining_run} (outcome RUNNING). */
  void recordRunStarted(String runId, String trigger, int feedbackCount);

  /**
   * Trains the challenger and stores it as CANDIDATE; a retry after the row exists returns it
   * without training again. A worker without a trainer fails with a non-retryable {@code
   * NoTrainerConfigured}.
   */
  TrainedModel trainChallenger(String modelId, DataRange training);

  /** The ACTIVE baseline model, or null when there is none yet. */
  RegisteredModel activeModel();

  /** Scores both on the held-out range and stores the metrics on the candidate's row. */
  Evaluation evaluateChallenger(TrainedModel candidate, RegisteredModel active, DataRange heldOut);

  /**
   * Promotes the candidate (retiring the previous ACTIVE model) or rejects it, in one transaction;
   * a promotion is refused when the ACTIVE model is no longer {@code expectedActiveId}.
   */
  StoredDecision recordDecision(
      String candidateId, String expectedActiveId, boolean promote, String reason);

  /** Closes the run's row with its outcome. */
  void recordRunFinished(String runId, String outcome, String candidateId, String reason);
}
