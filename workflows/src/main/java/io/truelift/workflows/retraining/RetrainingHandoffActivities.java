package io.truelift.workflows.retraining;

import io.temporal.activity.ActivityInterface;
import io.truelift.workflows.alert.Feedback;

/** Hands an alert's feedback to the retraining workflow. */
@ActivityInterface
public interface RetrainingHandoffActivities {
  /**
   * Signals (starting it if none runs) the workflow {@value RetrainingWorkflow#FEEDBACK_WORKFLOW_ID}
   * with the feedback; a repeat of the same alert's feedback is counted once by the workflow.
   */
  void handToRetraining(Feedback feedback);
}
