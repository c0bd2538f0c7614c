package io.truelift.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.UserAction;
import io.truelift.workflows.TaskQueues;
import io.truelift.workflows.alert.AlertInput;
import io.truelift.workflows.alert.AlertLifecycleWorkflow;
import io.truelift.workflows.alert.AlertOutcome;
import io.truelift.workflows.alert.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real signal path through the Temporal SDK, against an in-process test service. */
class TemporalAlertWorkflowsTest {
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private TemporalAlertWorkflows workflows;

  /** Stands in for the worker's workflow: waits for the manager's action and reports it. */
  public static class WaitingWorkflow implements AlertLifecycleWorkflow {
    private UserAction action;

    @Override
    public AlertOutcome run(AlertInput input) {
      Workflow.await(() -> action != null);
      return new AlertOutcome(action.alertId(), "ACTIONED", action.type(), action.actionId());
    }

    @Override
    public void userAction(UserAction action) {
      if (this.action == null) {
        this.action = action;
      }
    }

    @Override
    public void alertUpdated(CannibalizationAlert alert) {}

    @Override
    public void alertRetracted(io.truelift.core.contracts.AlertRetraction retraction) {}

    @Override
    public AlertState state() {
      return action == null
          ? new AlertState(null, "ANALYSED", null, null)
          : new AlertState(action.alertId(), "ACTIONED", action.type(), action.actionId());
    }
  }

  @BeforeEach
  void startService() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.ALERTS);
    worker.registerWorkflowImplementationTypes(WaitingWorkflow.class);
    env.start();
    client = env.getWorkflowClient();
    workflows = new TemporalAlertWorkflows("in-process", () -> client);
  }

  @AfterEach
  void stopService() {
    env.close();
  }

  @Test
  void signalReachesTheAlertWorkflow() throws Exception {
    WorkflowStub started =
        client.newUntypedWorkflowStub(
            "AlertLifecycleWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId("alert-A-1")
                .setTaskQueue(TaskQueues.ALERTS)
                .setWorkflowRunTimeout(Duration.ofMinutes(5))
                .build());
    started.start((Object) null);
    UserAction action =
        new UserAction(
            UserAction.VERSION,
            "X-1",
            "A-1",
            ActionType.ADJUST_PRICE,
            349L,
            null,
            "ann",
            Instant.parse("2026-11-24T09:00:00Z"));

    workflows.signalAction("alert-A-1", action);

    AlertOutcome outcome = started.getResult(10, TimeUnit.SECONDS, AlertOutcome.class);
    assertThat(outcome)
        .isEqualTo(new AlertOutcome("A-1", "ACTIONED", ActionType.ADJUST_PRICE, "X-1"));
  }

  @Test
  void signalToAMissingWorkflowSaysItIsNotRunning() {
    UserAction action =
        new UserAction(
            UserAction.VERSION,
            "X-2",
            "A-404",
            ActionType.STOP_PROMOTION,
            null,
            null,
            "ann",
            Instant.parse("2026-11-24T09:00:00Z"));

    assertThatThrownBy(() -> workflows.signalAction("alert-A-404", action))
        .isInstanceOf(AlertWorkflows.WorkflowUnavailableException.class)
        .hasMessageContaining("workflow alert-A-404 is not running");
  }

  @Test
  void startConnectsInTheBackgroundAndNeverHoldsTheApi() throws Exception {
    java.util.concurrent.CountDownLatch created = new java.util.concurrent.CountDownLatch(1);
    TemporalAlertWorkflows warm =
        new TemporalAlertWorkflows(
            "in-process",
            () -> {
              created.countDown();
              return client;
            });
    warm.start();
    // The client exists (and has asked the service for its info) before any action needs it.
    assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();

    // Nothing listens on port 1: start returns at once and the failure only logs.
    TemporalAlertWorkflows down = new TemporalAlertWorkflows("127.0.0.1:1", "default");
    long t0 = System.nanoTime();
    down.start();
    assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(1));
    down.stop();
  }
}
