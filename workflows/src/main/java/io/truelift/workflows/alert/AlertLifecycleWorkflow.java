package io.truelift.workflows.alert;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.truelift.core.contracts.AlertRetraction;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.UserAction;

/**
 * The durable lifecycle of one cannibalization alert: store it, analyse it, notify the dashboard,
 * wait for a manager's action (escalating when nobody answers), execute it, wait out the
 * measurement window on a durable timer, measure the action's effect, record the feedback and
 * hand it to retraining; or end as retracted when the pipeline withdraws the alert first. The workflow id is {@code CannibalizationAlert.workflowId()}: one
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

  /**
   * The pipeline withdrew the alert: late data corrected its evidence (the router delivers each
   * retraction on the alerts topic here, never starting a workflow for it). Before an action is
   * executed the lifecycle ends {@code RETRACTED}; after one, the retraction is noted and the
   * action stands. Repeats are ignored.
   */
  @SignalMethod
  void alertRetracted(AlertRetraction retraction);

  @QueryMethod
  AlertState state();
}
