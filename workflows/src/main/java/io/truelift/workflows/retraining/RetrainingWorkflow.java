package io.truelift.workflows.retraining;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.truelift.workflows.alert.Feedback;

/**
 * Retrains the baseline model: trains a challenger, evaluates it against the active model on
 * held-out data, promotes it only if it is better, and records the decision in the model registry
 * ({@code model_version}) and the run in {@code retraining_run}. Started nightly by the Temporal
 * Schedule {@value #NIGHTLY_SCHEDULE_ID} and, when alerts finish, as {@value
 * #FEEDBACK_WORKFLOW_ID} through signal-with-start.
 */
@WorkflowInterface
public interface RetrainingWorkflow {
  String NIGHTLY_SCHEDULE_ID = "retraining-nightly";
  String NIGHTLY_WORKFLOW_ID = "retraining-nightly";
  String FEEDBACK_WORKFLOW_ID = "retraining-on-feedback";

  @WorkflowMethod
  RetrainingOutcome run(RetrainingRequest request);

  /** A finished alert's feedback; counted once per alert. */
  @SignalMethod
  void feedback(Feedback feedback);

  @QueryMethod
  RetrainingState state();
}
