package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.UserAction;
import io.truelift.workflows.alert.AlertActivities;
import io.truelift.workflows.alert.AlertInput;
import io.truelift.workflows.alert.AlertLifecycleWorkflow;
import io.truelift.workflows.alert.AlertLifecycleWorkflowImpl;
import io.truelift.workflows.alert.AlertOutcome;
import io.truelift.workflows.alert.AlertState;
import io.truelift.workflows.alert.DeterministicAnalyst;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/** Every path of the lifecycle, with mocked activities and skipped time. */
class AlertLifecycleWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(AlertLifecycleWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static AlertActivities activities() {
    AlertActivities a = mock(AlertActivities.class, withSettings().withoutAnnotations());
    when(a.analyse(any()))
        .thenAnswer(inv -> new DeterministicAnalyst().analyse(inv.getArgument(0)));
    when(a.executeAction(any(), any()))
        .thenAnswer(inv -> "action-" + ((UserAction) inv.getArgument(1)).actionId());
    return a;
  }

  private static AlertLifecycleWorkflow start(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      AlertActivities a,
      CannibalizationAlert alert) {
    worker.registerActivitiesImplementations(a);
    env.start();
    AlertLifecycleWorkflow wf =
        client.newWorkflowStub(
            AlertLifecycleWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(alert.workflowId())
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, new AlertInput(alert, 3600, 7200));
    return wf;
  }

  @Test
  void stopPromotionIsExecutedOnceAndLaterActionsAreIgnored(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    AlertActivities a = activities();
    CannibalizationAlert alert = TestAlerts.alert("P-1");
    AlertLifecycleWorkflow wf = start(env, client, worker, a, alert);
    env.sleep(Duration.ofMinutes(5));
    assertThat(wf.state().status()).isEqualTo("ANALYSED");

    UserAction stop = TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-1");
    wf.userAction(stop);
    wf.userAction(TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-2"));
    AlertOutcome outcome = WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);

    assertThat(outcome)
        .isEqualTo(new AlertOutcome(alert.alertId(), "ACTIONED", ActionType.STOP_PROMOTION, "a-1"));
    assertThat(wf.state().actionId()).isEqualTo("a-1");
    verify(a).persistAlert(alert);
    verify(a, times(1)).executeAction(eq(alert), eq(stop));
    verify(a, never()).recordDismissal(any(), any());
    verify(a, never()).markStatus(any(), eq("ESCALATED"));
  }

  @Test
  void dismissalIsRecordedWithoutTouchingTheMarket(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    AlertActivities a = activities();
    CannibalizationAlert alert = TestAlerts.alert("P-2");
    AlertLifecycleWorkflow wf = start(env, client, worker, a, alert);
    UserAction dismiss = TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-3");
    wf.userAction(dismiss);
    AlertOutcome outcome = WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
    assertThat(outcome.finalStatus()).isEqualTo("DISMISSED");
    verify(a).recordDismissal(alert, dismiss);
    verify(a, never()).executeAction(any(), any()); // no market effect
    verify(a, never()).markStatus(any(), any());
  }

  @Test
  void unansweredAlertEscalatesAfterAnHourThenClosesAtTheMaximumWait(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    AlertActivities a = activities();
    CannibalizationAlert alert = TestAlerts.alert("P-3");
    AlertLifecycleWorkflow wf = start(env, client, worker, a, alert); // escalate 1 h, max 2 h
    WorkflowStub stub = WorkflowStub.fromTyped(wf);
    env.sleep(Duration.ofMinutes(59));
    assertThat(wf.state().status()).isEqualTo("ANALYSED");
    verify(a, never()).markStatus(any(), any());

    env.sleep(Duration.ofMinutes(2));
    assertThat(wf.state().status()).isEqualTo("ESCALATED");
    verify(a).markStatus(alert.alertId(), "ESCALATED");

    env.sleep(Duration.ofMinutes(57)); // 1 h 58 min in: still waiting for a manager
    assertThat(wf.state().status()).isEqualTo("ESCALATED");
    verify(a, never()).markStatus(alert.alertId(), "CLOSED");

    AlertOutcome outcome = stub.getResult(AlertOutcome.class);
    assertThat(outcome).isEqualTo(new AlertOutcome(alert.alertId(), "CLOSED", null, null));
    verify(a).markStatus(alert.alertId(), "CLOSED");
    verify(a, never()).executeAction(any(), any());
    verify(a, never()).recordDismissal(any(), any());
  }

  @Test
  void defaultWaitsAreADayToEscalateAndAWeekToClose(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    AlertActivities a = activities();
    worker.registerActivitiesImplementations(a);
    env.start();
    CannibalizationAlert alert = TestAlerts.alert("P-6");
    AlertLifecycleWorkflow wf =
        client.newWorkflowStub(
            AlertLifecycleWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(alert.workflowId())
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, new AlertInput(alert));
    env.sleep(Duration.ofHours(23));
    assertThat(wf.state().status()).isEqualTo("ANALYSED");
    env.sleep(Duration.ofHours(2));
    assertThat(wf.state().status()).isEqualTo("ESCALATED");
    env.sleep(Duration.ofDays(6).minusHours(2));
    assertThat(wf.state().status()).isEqualTo("ESCALATED");
    assertThat(WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class).finalStatus())
        .isEqualTo("CLOSED");
  }

  @Test
  void stateQueryFollowsEachStep(TestWorkflowEnvironment env, WorkflowClient client, Worker worker)
      throws Exception {
    AlertActivities a = activities();
    CountDownLatch analysing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    doAnswer(
            inv -> {
              analysing.countDown();
              release.await(10, TimeUnit.SECONDS);
              return new DeterministicAnalyst().analyse(inv.getArgument(0));
            })
        .when(a)
        .analyse(any());
    CannibalizationAlert alert = TestAlerts.alert("P-7");
    AlertLifecycleWorkflow wf = start(env, client, worker, a, alert);
    assertThat(analysing.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(wf.state()).isEqualTo(new AlertState(alert.alertId(), "OPEN", null, null));
    release.countDown();
    env.sleep(Duration.ofMinutes(1));
    assertThat(wf.state()).isEqualTo(new AlertState(alert.alertId(), "ANALYSED", null, null));
    env.sleep(Duration.ofMinutes(60));
    assertThat(wf.state().status()).isEqualTo("ESCALATED");
    wf.userAction(TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-7"));
    WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
    assertThat(wf.state())
        .isEqualTo(new AlertState(alert.alertId(), "DISMISSED", ActionType.DISMISS, "a-7"));
  }

  @Test
  void actionForAnotherAlertIsIgnored(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    AlertActivities a = activities();
    CannibalizationAlert alert = TestAlerts.alert("P-8");
    AlertLifecycleWorkflow wf = start(env, client, worker, a, alert);
    env.sleep(Duration.ofMinutes(1));
    wf.userAction(TestAlerts.action("someone-else", ActionType.STOP_PROMOTION, "a-8"));
    env.sleep(Duration.ofMinutes(1));
    assertThat(wf.state().status()).isEqualTo("ANALYSED");
    assertThat(wf.state().actionId()).isNull();
    UserAction stop = TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-9");
    wf.userAction(stop);
    assertThat(WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class).actionId())
        .isEqualTo("a-9");
    verify(a, times(1)).executeAction(any(), any());
    verify(a).executeAction(alert, stop);
  }

  @Test
  void actionAfterEscalationIsStillExecuted(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    AlertActivities a = activities();
    CannibalizationAlert alert = TestAlerts.alert("P-4");
    AlertLifecycleWorkflow wf = start(env, client, worker, a, alert);
    env.sleep(Duration.ofMinutes(90));
    UserAction adjust = TestAlerts.action(alert.alertId(), ActionType.ADJUST_PRICE, "a-4");
    wf.userAction(adjust);
    AlertOutcome outcome = WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
    assertThat(outcome.finalStatus()).isEqualTo("ACTIONED");
    assertThat(outcome.actionType()).isEqualTo(ActionType.ADJUST_PRICE);
    verify(a).executeAction(alert, adjust);
    assertThat(List.of(wf.state().status(), String.valueOf(wf.state().actionId())))
        .containsExactly("ACTIONED", "a-4");
  }

  @Test
  void alertIsStoredThenAnalysedBeforeAnyAction(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    AlertActivities a = activities();
    CannibalizationAlert alert = TestAlerts.alert("P-5");
    AlertLifecycleWorkflow wf = start(env, client, worker, a, alert);
    env.sleep(Duration.ofSeconds(1));
    InOrder order = inOrder(a);
    order.verify(a).persistAlert(alert);
    order.verify(a).analyse(alert);
    verifyNoMoreInteractions(a);
    wf.userAction(TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-5"));
    WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
    order.verify(a).recordDismissal(any(), any());
  }
}
