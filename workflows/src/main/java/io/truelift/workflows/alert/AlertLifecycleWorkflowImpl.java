package io.truelift.workflows.alert;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.UserAction;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Store, analyse, wait for the manager (escalating when nobody answers), then execute the decision.
 * Deterministic: no I/O, clock or randomness outside activities and Workflow APIs.
 */
public class AlertLifecycleWorkflowImpl implements AlertLifecycleWorkflow {
  private static final Logger log = Workflow.getLogger(AlertLifecycleWorkflowImpl.class);

  // Database writes: short, and retried until the database is back (a lost alert is worse than
  // a late one); bad input fails at once through non-retryable ApplicationFailures.
  private final AlertActivities db =
      Workflow.newActivityStub(
          AlertActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .build())
              .build());

  // Publishing waits for the broker's ack (producer delivery timeout 20 s, bounded wait 25 s), so
  // one attempt may take longer than a database write. Retried without limit: the event id is
  // derived from the action, so a repeated publish is a duplicate consumers ignore.
  private final AlertActivities market =
      Workflow.newActivityStub(
          AlertActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(60))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(2))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofMinutes(2))
                      .build())
              .build());

  private CannibalizationAlert alert;
  private String status = "OPEN";
  private UserAction action;

  @Override
  public AlertOutcome run(AlertInput input) {
    alert = input.alert();
    db.persistAlert(alert);
    db.analyse(alert);
    status = "ANALYSED";

    Duration escalateAfter = Duration.ofSeconds(input.effectiveEscalateAfterSeconds());
    Duration maxWait = Duration.ofSeconds(input.effectiveMaxWaitSeconds());
    boolean answered = Workflow.await(escalateAfter, () -> action != null);
    if (!answered) {
      status = "ESCALATED";
      log.info("Alert {} unanswered after {}; escalated", alert.alertId(), escalateAfter);
      db.markStatus(alert.alertId(), status);
      Duration rest = maxWait.minus(escalateAfter);
      answered = !rest.isZero() && Workflow.await(rest, () -> action != null);
    }
    if (!answered) {
      status = "CLOSED";
      log.info("Alert {} unanswered after {}; closed without action", alert.alertId(), maxWait);
      db.markStatus(alert.alertId(), status);
      return new AlertOutcome(alert.alertId(), status, null, null);
    }
    if (action.type() == ActionType.DISMISS) {
      db.recordDismissal(alert, action);
      status = "DISMISSED";
    } else {
      market.executeAction(alert, action);
      status = "ACTIONED";
    }
    return new AlertOutcome(alert.alertId(), status, action.type(), action.actionId());
  }

  @Override
  public void userAction(UserAction a) {
    // Signal handlers only record state; the main method acts on it.
    if (alert != null && !alert.alertId().equals(a.alertId())) {
      log.warn(
          "Alert {} got action {} for alert {}; ignoring",
          alert.alertId(),
          a.actionId(),
          a.alertId());
      return;
    }
    if (action != null) {
      log.info(
          "Alert {} already has action {}; ignoring {}",
          a.alertId(),
          action.actionId(),
          a.actionId());
      return;
    }
    action = a;
  }

  @Override
  public AlertState state() {
    return new AlertState(
        alert == null ? null : alert.alertId(),
        status,
        action == null ? null : action.type(),
        action == null ? null : action.actionId());
  }
}
