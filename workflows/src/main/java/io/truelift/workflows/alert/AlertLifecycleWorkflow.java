package io.truelift.workflows.alert;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.truelift.core.contracts.UserAction;

/**
 * The durable lifecycle of one cannibalization alert: store it, analyse it, wait for a manager's
 * action, execute it. The workflow id is {@code CannibalizationAlert.workflowId()}, so a replayed
 * alert starts nothing new.
 */
@WorkflowInterface
public interface AlertLifecycleWorkflow {
  @WorkflowMethod
  AlertOutcome run(AlertInput input);

  /** A manager's decision; only the first one counts, later ones are ignored. */
  @SignalMethod
  void userAction(UserAction action);

  @QueryMethod
  AlertState state();
}
