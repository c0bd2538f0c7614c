package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.AlertRetraction;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.Severity;
import io.truelift.core.contracts.UserAction;
import io.truelift.workflows.alert.AlertActivities;
import io.truelift.workflows.alert.AlertAnalysis;
import io.truelift.workflows.alert.AlertInput;
import io.truelift.workflows.alert.AlertLifecycleWorkflow;
import io.truelift.workflows.alert.AlertLifecycleWorkflowImpl;
import io.truelift.workflows.alert.AlertOutcome;
import io.truelift.workflows.alert.AlertSearchAttributes;
import io.truelift.workflows.alert.AlertState;
import io.truelift.workflows.alert.DashboardNotice;
import io.truelift.workflows.alert.DeterministicAnalyst;
import io.truelift.workflows.alert.EffectivenessResult;
import io.truelift.workflows.alert.Feedback;
import io.truelift.workflows.alert.LifecycleSettings;
import io.truelift.workflows.analysis.AnalysisActivities;
import io.truelift.workflows.effect.EffectivenessActivities;
import io.truelift.workflows.retraining.RetrainingHandoffActivities;
import io.truelift.workflows.router.AlertRouter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/** Every path of the lifecycle, with mocked activities and skipped time. */
class AlertLifecycleWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = extension();

  static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder b =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(AlertLifecycleWorkflowImpl.class)
            .setDoNotStart(true);
    AlertSearchAttributes.ALL.forEach(b::registerSearchAttribute);
    return b.build();
  }

  /** Measurement wait of 3 days; deterministic analyst; search attributes on. */
  static final LifecycleSettings SETTINGS =
      new LifecycleSettings(DeterministicAnalyst.NAME, 30, 3, 3 * 24 * 3600, true);

  /**
   * The router as these tests and the replay recorder use it: SETTINGS, the one-hour/two-hour
   * freshness bounds and a clock fixed at 2026-01-05T12:00Z (the test alerts' day), dead letters
   * dropped.
   */
  static AlertRouter router(WorkflowClient client) {
    return new AlertRouter(
        client, d -> {}, "cannibalization-alerts", 3600, 7200, SETTINGS,
        Clock.fixed(Instant.parse("2026-01-05T12:00:00Z"), ZoneOffset.UTC));
  }

  static final LifecycleSettings GEMINI =
      new LifecycleSettings("gemini:test-model", 30, 3, 3 * 24 * 3600, true);

  static final EffectivenessResult EFFECTIVE =
      new EffectivenessResult("eval-a-1", "EFFECTIVE", 72_000L, 40_000L, 104_000L, 100, "did");

  /** The four activity interfaces, mocked; analyses come from the real deterministic analyst. */
  record Mocks(
      AlertActivities db,
      AnalysisActivities analysis,
      EffectivenessActivities effect,
      RetrainingHandoffActivities retraining) {
    static Mocks create() {
      Mocks m =
          new Mocks(
              mock(AlertActivities.class, withSettings().withoutAnnotations()),
              mock(AnalysisActivities.class, withSettings().withoutAnnotations()),
              mock(EffectivenessActivities.class, withSettings().withoutAnnotations()),
              mock(RetrainingHandoffActivities.class, withSettings().withoutAnnotations()));
      when(m.analysis.analyseDeterministically(any(), any()))
          .thenAnswer(
              inv ->
                  new DeterministicAnalyst()
                      .analyse((CannibalizationAlert) inv.getArgument(0))
                      .asFallback(inv.getArgument(1)));
      when(m.db.executeAction(any(), any()))
          .thenAnswer(inv -> "action-" + ((UserAction) inv.getArgument(1)).actionId());
      when(m.effect.measureEffect(any(), any())).thenReturn(EFFECTIVE);
      return m;
    }

    void register(Worker worker) {
      worker.registerActivitiesImplementations(db, analysis, effect, retraining);
    }

    /** A worker on the router's task queue ({@link TaskQueues#ALERTS}), with these mocks. */
    void registerAlertsWorker(TestWorkflowEnvironment env) {
      Worker w = env.newWorker(TaskQueues.ALERTS);
      w.registerWorkflowImplementationTypes(AlertLifecycleWorkflowImpl.class);
      register(w);
    }
  }

  /** Waits (wall clock) until the query shows {@code status}: activities run on real threads. */
  static void awaitStatus(AlertLifecycleWorkflow wf, String status) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!status.equals(wf.state().status())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("status stayed " + wf.state().status() + ", expected " + status);
      }
      Thread.sleep(20);
    }
  }

  private static AlertLifecycleWorkflow start(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      Mocks m,
      CannibalizationAlert alert,
      LifecycleSettings settings) {
    m.register(worker);
    env.start();
    AlertLifecycleWorkflow wf =
        client.newWorkflowStub(
            AlertLifecycleWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(alert.workflowId())
                .setTaskQueue(worker.getTaskQueue())
                .setTypedSearchAttributes(AlertSearchAttributes.initial(alert))
                .build());
    WorkflowClient.start(wf::run, new AlertInput(alert, 3600, 7200, settings));
    return wf;
  }

  private static String statusAttribute(WorkflowClient client, CannibalizationAlert alert) {
    return String.valueOf(
        client
            .newUntypedWorkflowStub(alert.workflowId())
            .describe()
            .getSearchAttributes()
            .get(AlertSearchAttributes.STATUS.getName())
            .get(0));
  }

  @Test
  void stopPromotionIsExecutedOnceMeasuredAfterTheWindowAndHandedToRetraining(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Mocks m = Mocks.create();
    CannibalizationAlert alert = TestAlerts.alert("P-1");
    AlertLifecycleWorkflow wf = start(env, client, worker, m, alert, SETTINGS);
    env.sleep(Duration.ofMinutes(5));
    assertThat(wf.state().status()).isEqualTo("ANALYSED");
    assertThat(statusAttribute(client, alert)).isEqualTo("ANALYSED");

    UserAction stop = TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-1");
    wf.userAction(stop);
    wf.userAction(TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-2"));
    env.sleep(Duration.ofHours(1));
    AlertState acted = wf.state();
    assertThat(acted.status()).isEqualTo("ACTIONED");
    assertThat(acted.actionId()).isEqualTo("a-1");
    // The durable timer: due three days after the action, nothing measured before that.
    assertThat(acted.measurementDueAtMillis() - env.currentTimeMillis())
        .isBetween(
            Duration.ofDays(3).minusHours(1).minusMinutes(1).toMillis(),
            Duration.ofDays(3).toMillis());
    verify(m.effect, never()).measureEffect(any(), any());
    env.sleep(Duration.ofDays(2));
    verify(m.effect, never()).measureEffect(any(), any());

    AlertOutcome outcome = WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);

    assertThat(outcome)
        .isEqualTo(
            new AlertOutcome(
                alert.alertId(), "MEASURED", ActionType.STOP_PROMOTION, "a-1", EFFECTIVE));
    assertThat(wf.state().effect()).isEqualTo(EFFECTIVE);
    verify(m.db).persistAlert(alert);
    verify(m.db, times(1)).executeAction(eq(alert), eq(stop));
    verify(m.effect, times(1)).measureEffect(alert, stop);
    verify(m.db, never()).recordDismissal(any(), any());
    verify(m.db, never()).markStatus(any(), eq("ESCALATED"));
    Feedback feedback =
        new Feedback(alert.alertId(), "a-1", ActionType.STOP_PROMOTION, "EFFECTIVE", 72_000L, 100);
    verify(m.db).recordFeedback(feedback);
    verify(m.retraining).handToRetraining(feedback);
    verify(m.db)
        .notifyDashboard(argThat(n -> n.notificationId().equals("P-1-e1:MEASURED")
            && n.message().contains("EFFECTIVE (score 100/100)")));
    assertThat(statusAttribute(client, alert)).isEqualTo("MEASURED");
  }

  @Test
  void repriceAfterEscalationIsMeasuredAndInsufficientDataIsFedBack(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Mocks m = Mocks.create();
    EffectivenessResult insufficient =
        new EffectivenessResult("eval-a-4", "INSUFFICIENT_DATA", null, null, null, null, "did");
    when(m.effect.measureEffect(any(), any())).thenReturn(insufficient);
    CannibalizationAlert alert = TestAlerts.alert("P-4");
    AlertLifecycleWorkflow wf = start(env, client, worker, m, alert, SETTINGS);
    env.sleep(Duration.ofMinutes(90));
    assertThat(wf.state().status()).isEqualTo("ESCALATED");
    UserAction adjust = TestAlerts.action(alert.alertId(), ActionType.ADJUST_PRICE, "a-4");
    wf.userAction(adjust);

    AlertOutcome outcome = WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);

    assertThat(outcome.finalStatus()).isEqualTo("MEASURED");
    assertThat(outcome.actionType()).isEqualTo(ActionType.ADJUST_PRICE);
    assertThat(outcome.effect().outcome()).isEqualTo("INSUFFICIENT_DATA");
    assertThat(outcome.effect().score()).isNull();
    verify(m.db).executeAction(alert, adjust);
    verify(m.db)
        .recordFeedback(
            new Feedback(
                alert.alertId(), "a-4", ActionType.ADJUST_PRICE, "INSUFFICIENT_DATA", null, null));
    assertThat(List.of(wf.state().status(), String.valueOf(wf.state().actionId())))
        .containsExactly("MEASURED", "a-4");
  }

  @Test
  void dismissalIsRecordedWithoutTouchingTheMarketOrMeasuring(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Mocks m = Mocks.create();
    CannibalizationAlert alert = TestAlerts.alert("P-2");
    AlertLifecycleWorkflow wf = start(env, client, worker, m, alert, SETTINGS);
    UserAction dismiss = TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-3");
    wf.userAction(dismiss);
    AlertOutcome outcome = WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
    assertThat(outcome)
        .isEqualTo(new AlertOutcome(alert.alertId(), "DISMISSED", ActionType.DISMISS, "a-3"));
    verify(m.db).recordDismissal(alert, dismiss);
    verify(m.db, never()).executeAction(any(), any()); // no market effect
    verify(m.effect, never()).measureEffect(any(), any());
    verify(m.db, never()).markStatus(any(), any());
    Feedback feedback =
        new Feedback(alert.alertId(), "a-3", ActionType.DISMISS, "DISMISSED", null, null);
    verify(m.db).recordFeedback(feedback);
    verify(m.retraining).handToRetraining(feedback);
    verify(m.db)
        .notifyDashboard(
            new DashboardNotice(
                "P-2-e1:DISMISSED", "P-2-e1", "DISMISSED", "Dismissed by maria: planned loss leader"));
    assertThat(statusAttribute(client, alert)).isEqualTo("DISMISSED");
  }

  @Test
  void unansweredAlertEscalatesAfterAnHourThenClosesAtTheMaximumWait(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Mocks m = Mocks.create();
    CannibalizationAlert alert = TestAlerts.alert("P-3");
    AlertLifecycleWorkflow wf = start(env, client, worker, m, alert, SETTINGS); // 1 h, max 2 h
    WorkflowStub stub = WorkflowStub.fromTyped(wf);
    env.sleep(Duration.ofMinutes(59));
    assertThat(wf.state().status()).isEqualTo("ANALYSED");
    verify(m.db, never()).markStatus(any(), any());

    env.sleep(Duration.ofMinutes(2));
    assertThat(wf.state().status()).isEqualTo("ESCALATED");
    verify(m.db).markStatus(alert.alertId(), "ESCALATED");
    verify(m.db).notifyDashboard(argThat(n -> n.kind().equals("ESCALATED")));
    assertThat(statusAttribute(client, alert)).isEqualTo("ESCALATED");

    env.sleep(Duration.ofMinutes(57)); // 1 h 58 min in: still waiting for a manager
    assertThat(wf.state().status()).isEqualTo("ESCALATED");
    verify(m.db, never()).markStatus(alert.alertId(), "CLOSED");

    AlertOutcome outcome = stub.getResult(AlertOutcome.class);
    assertThat(outcome).isEqualTo(new AlertOutcome(alert.alertId(), "CLOSED", null, null));
    verify(m.db).markStatus(alert.alertId(), "CLOSED");
    verify(m.db, never()).executeAction(any(), any());
    verify(m.db, never()).recordDismissal(any(), any());
    verify(m.db).recordFeedback(new Feedback(alert.alertId(), null, null, "UNANSWERED", null, null));
    assertThat(statusAttribute(client, alert)).isEqualTo("CLOSED");
  }

  @Test
  void defaultWaitsAreADayToEscalateAWeekToCloseAndAWeekToMeasure(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Mocks m = Mocks.create();
    m.register(worker);
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
    wf.userAction(TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-6"));
    env.sleep(Duration.ofDays(7).minusHours(1));
    verify(m.effect, never()).measureEffect(any(), any());
    assertThat(WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class).finalStatus())
        .isEqualTo("MEASURED");
  }

  @Test
  void geminiFailingEveryRetryFallsBackToTheDeterministicAnalyst(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Mocks m = Mocks.create();
    when(m.analysis.analyseWithGemini(any()))
        .thenThrow(
            ApplicationFailure.newFailure("Gemini answered HTTP 503 UNAVAILABLE", "GeminiServerError"));
    CannibalizationAlert alert = TestAlerts.alert("P-11");
    AlertLifecycleWorkflow wf = start(env, client, worker, m, alert, GEMINI);
    env.sleep(Duration.ofMinutes(10));

    verify(m.analysis, times(3)).analyseWithGemini(alert);
    verify(m.analysis)
        .analyseDeterministically(
            eq(alert),
            argThat(
                r ->
                    r.contains("after up to 3 attempt(s)")
                        && r.contains("GeminiServerError: Gemini answered HTTP 503")));
    assertThat(wf.state().status()).isEqualTo("ANALYSED");
    assertThat(wf.state().analyst()).isEqualTo("deterministic");
    wf.userAction(TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-11"));
    WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
  }

  @Test
  void geminiSucceedingOnItsThirdAttemptNeedsNoFallback(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Mocks m = Mocks.create();
    AtomicInteger calls = new AtomicInteger();
    when(m.analysis.analyseWithGemini(any()))
        .thenAnswer(
            inv -> {
              if (calls.incrementAndGet() == 1) {
                throw ApplicationFailure.newFailure("HTTP 429", "GeminiRateLimited");
              }
              if (calls.get() == 2) {
                throw ApplicationFailure.newFailure("not JSON", "GeminiMalformed");
              }
              AlertAnalysis d = new DeterministicAnalyst().analyse(inv.getArgument(0));
              return new AlertAnalysis(
                  "gemini:test-model", "worded by the model", d.confidence(), d.recommendations());
            });
    CannibalizationAlert alert = TestAlerts.alert("P-12");
    AlertLifecycleWorkflow wf = start(env, client, worker, m, alert, GEMINI);
    env.sleep(Duration.ofMinutes(10));
    assertThat(calls.get()).isEqualTo(3);
    verify(m.analysis, never()).analyseDeterministically(any(), any());
    assertThat(wf.state().analyst()).isEqualTo("gemini:test-model");
    wf.userAction(TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-12"));
    WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
  }

  @Test
  void refusedGeminiRequestIsNotRetriedButFallsBackAtOnce(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Mocks m = Mocks.create();
    when(m.analysis.analyseWithGemini(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure("HTTP 403 API key not valid", "GeminiRejected"));
    CannibalizationAlert alert = TestAlerts.alert("P-13");
    AlertLifecycleWorkflow wf = start(env, client, worker, m, alert, GEMINI);
    env.sleep(Duration.ofMinutes(1));
    verify(m.analysis, times(1)).analyseWithGemini(alert);
    verify(m.analysis).analyseDeterministically(eq(alert), argThat(r -> r.contains("GeminiRejected")));
    wf.userAction(TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-13"));
    WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
  }

  @Test
  void routerDeliversRepeatsAndUpdatesOfTheSameAlertToOneWorkflow(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Mocks m = Mocks.create();
    m.registerAlertsWorker(env);
    env.start();
    AlertRouter router = router(client);
    CannibalizationAlert first = TestAlerts.alert("P-14");
    String firstRun;
    assertThat(router.route(EventJson.encode(first))).isEqualTo(AlertRouter.Outcome.DELIVERED);
    awaitStatus(client.newWorkflowStub(AlertLifecycleWorkflow.class, first.workflowId()), "ANALYSED");
    firstRun = client.newUntypedWorkflowStub(first.workflowId()).describe().getExecution().getRunId();
    // The same message replayed: delivered, nothing applied, still one run.
    assertThat(router.route(EventJson.encode(first))).isEqualTo(AlertRouter.Outcome.DELIVERED);
    env.sleep(Duration.ofMinutes(1));
    AlertLifecycleWorkflow wf = client.newWorkflowStub(AlertLifecycleWorkflow.class, first.workflowId());
    assertThat(wf.state().evidenceMessages()).isEqualTo(2); // signal-with-start's copy + the repeat
    assertThat(wf.state().evidenceUpdates()).isZero();
    verify(m.db, never()).updateEvidence(any());

    // Newer evidence: 20 more minutes, more units lost, severity up.
    CannibalizationAlert newer = withEvidence(first, "2026-01-05T10:53:00Z", 95.0, Severity.CRITICAL);
    assertThat(router.route(EventJson.encode(newer))).isEqualTo(AlertRouter.Outcome.DELIVERED);
    env.sleep(Duration.ofMinutes(1));
    // Older evidence arriving late is ignored.
    router.route(EventJson.encode(withEvidence(first, "2026-01-05T10:40:00Z", 80.0, Severity.HIGH)));
    env.sleep(Duration.ofMinutes(1));

    assertThat(client.newUntypedWorkflowStub(first.workflowId()).describe().getExecution().getRunId())
        .isEqualTo(firstRun);
    AlertState s = wf.state();
    assertThat(s.evidenceMessages()).isEqualTo(4);
    assertThat(s.evidenceUpdates()).isEqualTo(1);
    verify(m.db, times(1)).updateEvidence(newer);
    verify(m.analysis).analyseDeterministically(newer, null);
    verify(m.db)
        .notifyDashboard(argThat(n -> n.notificationId().equals("P-14-e1:UPDATED:1")));
    assertThat(
            client
                .newUntypedWorkflowStub(first.workflowId())
                .describe()
                .getSearchAttributes()
                .get(AlertSearchAttributes.SEVERITY.getName()))
        .isEqualTo(List.of("CRITICAL"));

    UserAction stop = TestAlerts.action(first.alertId(), ActionType.STOP_PROMOTION, "a-14");
    wf.userAction(stop);
    AlertOutcome outcome = WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
    // The action and the measurement use the newest evidence.
    verify(m.db).executeAction(newer, stop);
    verify(m.effect).measureEffect(newer, stop);
    assertThat(outcome.finalStatus()).isEqualTo("MEASURED");
    // Closed: a replay starts nothing.
    assertThat(router.route(EventJson.encode(newer))).isEqualTo(AlertRouter.Outcome.DUPLICATE);
  }

  @Test
  void retractionBeforeAnyActionEndsTheLifecycleRetractedWithoutTouchingTheMarket(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Mocks m = Mocks.create();
    m.registerAlertsWorker(env);
    env.start();
    AlertRouter router = router(client);
    CannibalizationAlert alert = TestAlerts.alert("P-20");
    AlertRetraction retraction = TestAlerts.retraction(alert);
    assertThat(router.route(EventJson.encode(alert))).isEqualTo(AlertRouter.Outcome.DELIVERED);
    AlertLifecycleWorkflow wf = client.newWorkflowStub(AlertLifecycleWorkflow.class, alert.workflowId());
    awaitStatus(wf, "ANALYSED");

    assertThat(router.route(EventJson.encode(retraction))).isEqualTo(AlertRouter.Outcome.DELIVERED);
    AlertOutcome outcome = WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);

    assertThat(outcome).isEqualTo(new AlertOutcome(alert.alertId(), "RETRACTED", null, null));
    verify(m.db).markStatus(alert.alertId(), "RETRACTED");
    verify(m.db)
        .notifyDashboard(
            new DashboardNotice(
                "P-20-e1:RETRACTED",
                "P-20-e1",
                "RETRACTED",
                "Retracted by the pipeline: " + retraction.reason()));
    verify(m.db, never()).executeAction(any(), any()); // no market event
    verify(m.db, never()).recordDismissal(any(), any());
    verify(m.effect, never()).measureEffect(any(), any());
    verify(m.db, never()).markStatus(any(), eq("CLOSED"));
    assertThat(statusAttribute(client, alert)).isEqualTo("RETRACTED");
    // Closed: the retraction again, or the alert again, changes nothing.
    assertThat(router.route(EventJson.encode(retraction))).isEqualTo(AlertRouter.Outcome.SKIPPED);
    assertThat(router.route(EventJson.encode(alert))).isEqualTo(AlertRouter.Outcome.DUPLICATE);
  }

  @Test
  void retractionAfterTheActionIsNotedAndTheActionStandsAndIsMeasured(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Mocks m = Mocks.create();
    CannibalizationAlert alert = TestAlerts.alert("P-21");
    AlertLifecycleWorkflow wf = start(env, client, worker, m, alert, SETTINGS);
    UserAction stop = TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-21");
    wf.userAction(stop);
    env.sleep(Duration.ofHours(1));
    assertThat(wf.state().status()).isEqualTo("ACTIONED");
    long due = wf.state().measurementDueAtMillis();

    AlertRetraction retraction = TestAlerts.retraction(alert);
    wf.alertRetracted(retraction);
    wf.alertRetracted(retraction); // a repeat: noted once
    env.sleep(Duration.ofMinutes(1));
    verify(m.db)
        .notifyDashboard(
            argThat(
                n ->
                    n.notificationId().equals("P-21-e1:RETRACTED")
                        && n.message().contains("after STOP_PROMOTION was executed")
                        && n.message().contains("the action stands")
                        && n.message().endsWith(retraction.reason())));
    assertThat(wf.state().status()).isEqualTo("ACTIONED");
    verify(m.effect, never()).measureEffect(any(), any());

    AlertOutcome outcome = WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
    assertThat(outcome.finalStatus()).isEqualTo("MEASURED");
    // The durable timer still fired at its time, the action was executed once and not undone.
    assertThat(env.currentTimeMillis()).isGreaterThanOrEqualTo(due);
    verify(m.db, times(1)).executeAction(alert, stop);
    verify(m.effect, times(1)).measureEffect(alert, stop);
    verify(m.db, times(1)).notifyDashboard(argThat(n -> n.kind().equals("RETRACTED")));
    verify(m.db, never()).markStatus(any(), eq("RETRACTED"));
  }

  @Test
  void retractionOfAnotherAlertIsIgnored(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Mocks m = Mocks.create();
    CannibalizationAlert alert = TestAlerts.alert("P-22");
    AlertLifecycleWorkflow wf = start(env, client, worker, m, alert, SETTINGS);
    env.sleep(Duration.ofMinutes(5));
    wf.alertRetracted(TestAlerts.retraction(TestAlerts.alert("P-other")));
    env.sleep(Duration.ofMinutes(5));
    assertThat(wf.state().status()).isEqualTo("ANALYSED");
    wf.userAction(TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-22"));
    assertThat(WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class).finalStatus())
        .isEqualTo("DISMISSED");
    verify(m.db, never()).notifyDashboard(argThat(n -> n.kind().equals("RETRACTED")));
  }

  static CannibalizationAlert withEvidence(
      CannibalizationAlert b, String windowEnd, double cannibalized, Severity severity) {
    return new CannibalizationAlert(
        b.schemaVersion(),
        b.alertId(),
        b.promotionId(),
        b.promotedSku(),
        b.category(),
        b.subCategory(),
        Instant.parse(windowEnd),
        b.windowStart(),
        Instant.parse(windowEnd),
        b.grossLiftUnits() + 10,
        cannibalized,
        cannibalized / (b.grossLiftUnits() + 10),
        b.lostRevenueCents() + 10_000,
        b.testStatistic() + 2,
        severity,
        b.substitutes());
  }

  @Test
  void stateQueryFollowsEachStep(TestWorkflowEnvironment env, WorkflowClient client, Worker worker)
      throws Exception {
    Mocks m = Mocks.create();
    CountDownLatch analysing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    doAnswer(
            inv -> {
              analysing.countDown();
              release.await(10, TimeUnit.SECONDS);
              return new DeterministicAnalyst().analyse((CannibalizationAlert) inv.getArgument(0));
            })
        .when(m.analysis)
        .analyseDeterministically(any(), any());
    CannibalizationAlert alert = TestAlerts.alert("P-7");
    AlertLifecycleWorkflow wf = start(env, client, worker, m, alert, SETTINGS);
    assertThat(analysing.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(wf.state()).isEqualTo(new AlertState(alert.alertId(), "OPEN", null, null));
    release.countDown();
    env.sleep(Duration.ofMinutes(1));
    assertThat(wf.state())
        .isEqualTo(
            new AlertState(alert.alertId(), "ANALYSED", null, null, "deterministic", 0, 0, 0, null));
    env.sleep(Duration.ofMinutes(60));
    assertThat(wf.state().status()).isEqualTo("ESCALATED");
    wf.userAction(TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-7"));
    WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
    assertThat(wf.state())
        .isEqualTo(
            new AlertState(
                alert.alertId(), "DISMISSED", ActionType.DISMISS, "a-7", "deterministic", 0, 0, 0, null));
  }

  @Test
  void actionForAnotherAlertIsIgnored(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Mocks m = Mocks.create();
    CannibalizationAlert alert = TestAlerts.alert("P-8");
    AlertLifecycleWorkflow wf = start(env, client, worker, m, alert, SETTINGS);
    env.sleep(Duration.ofMinutes(1));
    wf.userAction(TestAlerts.action("someone-else", ActionType.STOP_PROMOTION, "a-8"));
    env.sleep(Duration.ofMinutes(1));
    assertThat(wf.state().status()).isEqualTo("ANALYSED");
    assertThat(wf.state().actionId()).isNull();
    UserAction stop = TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-9");
    wf.userAction(stop);
    assertThat(WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class).actionId())
        .isEqualTo("a-9");
    verify(m.db, times(1)).executeAction(any(), any());
    verify(m.db).executeAction(alert, stop);
  }

  @Test
  void alertIsStoredAnalysedAndShownBeforeAnyAction(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Mocks m = Mocks.create();
    CannibalizationAlert alert = TestAlerts.alert("P-5");
    AlertLifecycleWorkflow wf = start(env, client, worker, m, alert, SETTINGS);
    awaitStatus(wf, "ANALYSED");
    env.sleep(Duration.ofSeconds(1));
    InOrder order = inOrder(m.db, m.analysis);
    order.verify(m.db).persistAlert(alert);
    order.verify(m.analysis).analyseDeterministically(alert, null);
    order.verify(m.db)
        .notifyDashboard(
            new DashboardNotice("P-5-e1:ANALYSED", "P-5-e1", "ANALYSED", "Analysed by deterministic"));
    verify(m.db, never()).executeAction(any(), any());
    verify(m.db, never()).recordDismissal(any(), any());
    verify(m.db, never()).markStatus(any(), any());
    verify(m.analysis, never()).analyseWithGemini(any());
    wf.userAction(TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-5"));
    WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
    order.verify(m.db).recordDismissal(any(), any());
  }

  @Test
  void memoAndSearchAttributesDescribeTheAlert(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Mocks m = Mocks.create();
    m.registerAlertsWorker(env);
    env.start();
    AlertRouter router =
        new AlertRouter(
            client, d -> {}, "cannibalization-alerts", 3600, 7200, SETTINGS, Clock.systemUTC());
    CannibalizationAlert alert = TestAlerts.alert("P-15");
    router.route(EventJson.encode(alert));
    awaitStatus(client.newWorkflowStub(AlertLifecycleWorkflow.class, alert.workflowId()), "ANALYSED");
    var d = client.newUntypedWorkflowStub(alert.workflowId()).describe();
    assertThat(d.getMemo("summary", String.class))
        .isEqualTo(
            "HIGH alert on promotion P-15: PIZZA-4CH took 75 units (90% of its lift) from 3"
                + " substitute(s) in FROZEN PIZZA, $379.41 of lost sales");
    var attributes = d.getSearchAttributes();
    assertThat(attributes.get("TrueLiftPromotionId")).isEqualTo(List.of("P-15"));
    assertThat(attributes.get("TrueLiftProductSku")).isEqualTo(List.of("PIZZA-4CH"));
    assertThat(attributes.get("TrueLiftCategory")).isEqualTo(List.of("FROZEN"));
    assertThat(attributes.get("TrueLiftSeverity")).isEqualTo(List.of("HIGH"));
    assertThat(attributes.get("TrueLiftAlertStatus")).isEqualTo(List.of("ANALYSED"));
    assertThat(AlertSearchAttributes.ALL)
        .containsEntry("TrueLiftAlertStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
  }
}
