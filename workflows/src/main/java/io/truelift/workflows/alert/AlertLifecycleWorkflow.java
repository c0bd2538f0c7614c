package io.truelift.workflows.alert;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.UserAction;

/**
 * The durable lifecycle of one cannibalization alert: store it, analyse it, notify the dashboard,
 * wait for a manager's action (escalating when nobody answers), execute it, wait out the
 * measurement window on a durable timer, measure the action's effect, record the feedback and
 * hand it to retraining. The workflow id is {@code CannibalizationAlert.workflowId()}: one
 * lifecycle per alert, whatever the replays.
 */
@WorkflowInterface
public interface AlertLifecycleWorkflow {
  @WorkflowMethod
  AlertOutcome run(AlertInput input);

  /** A manager's decision; only the first one counts, later ones are ignored. */
  @SignalMethod
  void userAction(UserAction action);

  /**
   * The same alert with newer evidence (the router delivers every message on the alerts topic
   * here); applied while the alert waits for a manager, a repeat of known evidence is ignored.
   */
  @SignalMethod
  void alertUpdated(CannibalizationAlert alert);

  @QueryMethod
  AlertState state();
}
