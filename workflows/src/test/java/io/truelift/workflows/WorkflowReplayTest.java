package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.UserAction;
import io.truelift.workflows.alert.AlertActivities;
import io.truelift.workflows.alert.AlertInput;
import io.truelift.workflows.alert.AlertLifecycleWorkflow;
import io.truelift.workflows.alert.AlertLifecycleWorkflowImpl;
import io.truelift.workflows.alert.AlertOutcome;
import io.truelift.workflows.alert.AlertSearchAttributes;
import io.truelift.workflows.alert.AlertState;
import io.truelift.workflows.alert.EffectivenessResult;
import io.truelift.workflows.alert.LifecycleSettings;
import io.truelift.workflows.retraining.ModelRegistryDao;
import io.truelift.workflows.retraining.RetrainingActivitiesImpl;
import io.truelift.workflows.retraining.RetrainingHandoffActivitiesImpl;
import io.truelift.workflows.retraining.RetrainingOutcome;
import io.truelift.workflows.retraining.RetrainingRequest;
import io.truelift.workflows.retraining.RetrainingWorkflow;
import io.truelift.workflows.retraining.RetrainingWorkflowImpl;
import io.truelift.workflows.retraining.TrainingSettings;
import io.truelift.workflows.retraining.UnconfiguredTrainer;
import io.truelift.workflows.retraining.XgboostBaselineTrainer;
import io.truelift.workflows.router.AlertRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded histories of both workflows with the current code: a change that would make
 * running workflows non-deterministic fails here. {@code alert-stop-promotion.json} and {@code
 * alert-escalated-then-closed.json} were recorded by the walking skeleton (no version marker) and
 * replay through its kept code path; every {@code alert-v1-*} and {@code retraining-*} file was
 * recorded by the current code, one per path ({@code retraining-skipped-insufficient-data.json} by
 * version 1 of {@code skip-on-insufficient-data}, with the real XGBoost trainer on an empty
 * database). {@code alert-v1-retraction-sent-to-older-lifecycle.json} was recorded by the lifecycle
 * as it was before retractions (no {@code retraction} marker) receiving an {@code alertRetracted}
 * signal before its dismissal: the current code must ignore that signal to replay it. Not
 * re-recordable by the current code. Re-record the current ones (only for an intended, versioned change) with {@code mvn
 * -pl workflows -am test -Dtest=WorkflowReplayTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtruelift.recordHistories=true}, or one new file with {@code
 * -Dtruelift.recordHistories=<file>}.
 */
class WorkflowReplayTest {
  private static final Path DIR = Path.of("src/test/resources/histories");

  static final String[] SKELETON = {"alert-stop-promotion.json", "alert-escalated-then-closed.json"};

  @ParameterizedTest
  @ValueSource(
      strings = {
        "alert-stop-promotion.json",
        "alert-escalated-then-closed.json",
        "alert-v1-stop-measured.json",
        "alert-v1-escalated-reprice-insufficient-data.json",
        "alert-v1-dismissed.json",
        "alert-v1-unanswered-closed.json",
        "alert-v1-gemini-fallback.json",
        "alert-v1-router-repeat-and-update.json",
        "alert-v1-retracted.json",
        "alert-v1-retracted-after-action.json",
        "alert-v1-retraction-sent-to-older-lifecycle.json"
      })
  void recordedAlertHistoryReplaysWithTheCurrentCode(String file) throws Exception {
    String json = Files.readString(DIR.resolve(file));
    boolean skeleton = file.equals(SKELETON[0]) || file.equals(SKELETON[1]);
    // The version marker tells the paths apart: only the current code records it.
    assertThat(json.contains("EVENT_TYPE_MARKER_RECORDED")).isEqualTo(!skeleton);
    WorkflowReplayer.replayWorkflowExecution(json, AlertLifecycleWorkflowImpl.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "retraining-promoted.json",
        "retraining-rejected.json",
        "retraining-skipped-no-trainer.json",
        "retraining-skipped-insufficient-data.json",
        "retraining-feedback.json"
      })
  void recordedRetrainingHistoryReplaysWithTheCurrentCode(String file) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        Files.readString(DIR.resolve(file)), RetrainingWorkflowImpl.class);
  }

  /** A lifecycle that skips the analysis: what an accidental, unversioned change looks like. */
  public static class ChangedLifecycle implements AlertLifecycleWorkflow {
    private final AlertActivities db =
        Workflow.newActivityStub(
            AlertActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().build())
                .build());

    @Override
    public AlertOutcome run(AlertInput input) {
      Workflow.getVersion("lifecycle", Workflow.DEFAULT_VERSION, 1);
      db.persistAlert(input.alert());
      db.markStatus(input.alert().alertId(), "CLOSED");
      return new AlertOutcome(input.alert().alertId(), "CLOSED", null, null);
    }

    @Override
    public void userAction(UserAction action) {}

    @Override
    public void alertUpdated(CannibalizationAlert alert) {}

    @Override
    public void alertRetracted(io.truelift.core.contracts.AlertRetraction retraction) {}

    @Override
    public AlertState state() {
      return null;
    }
  }

  @Test
  void replayCatchesAChangeThatBreaksDeterminism() throws Exception {
    String json = Files.readString(DIR.resolve("alert-v1-stop-measured.json"));
    assertThatThrownBy(
            () -> WorkflowReplayer.replayWorkflowExecution(json, ChangedLifecycle.class))
        .hasMessageContaining("NonDeterministicException")
        .hasMessageContaining("expected value 'name: \"MarkStatus\"");
  }

  /** {@code -Dtruelift.recordHistories=true} records every file; a file name records that one. */
  private static boolean wanted(String file) {
    String p = System.getProperty("truelift.recordHistories", "");
    return p.equals("true") || java.util.Arrays.asList(p.split(",")).contains(file);
  }

  @Test
  @EnabledIfSystemProperty(named = "truelift.recordHistories", matches = ".+")
  void recordHistories() throws Exception {
    if (wanted("retraining-skipped-insufficient-data.json")) {
      // The real trainer on an empty database: too little history, the run ends SKIPPED.
      Jdbi empty = AlertActivitiesDbTest.database("h2");
      recordRetraining(
          "retraining-skipped-insufficient-data.json",
          new XgboostBaselineTrainer(
              empty,
              new TrainingSettings(
                  Files.createTempDirectory("models"), null, TrainingSettings.Clock.WALL, 168, 24),
              Clock.systemUTC()),
          true);
    }
    if (wanted("alert-v1-retracted.json")) {
      recordRetracted();
    }
    if (wanted("alert-v1-retracted-after-action.json")) {
      LifecycleSettings deterministic =
          new LifecycleSettings("deterministic", 30, 3, 3 * 24 * 3600, true);
      recordAlert(
          "alert-v1-retracted-after-action.json", "P-R10", deterministic, m -> {}, (env, wf, alert) -> {
            env.sleep(Duration.ofMinutes(10));
            wf.userAction(TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-10"));
            env.sleep(Duration.ofHours(1));
            wf.alertRetracted(TestAlerts.retraction(alert));
          });
    }
    if (!wanted("alert-v1-stop-measured.json")) {
      return; // the files below are recorded together, with -Dtruelift.recordHistories=true
    }
    LifecycleSettings deterministic =
        new LifecycleSettings("deterministic", 30, 3, 3 * 24 * 3600, true);
    LifecycleSettings gemini = new LifecycleSettings("gemini:test-model", 30, 3, 3 * 24 * 3600, true);
    recordAlert("alert-v1-stop-measured.json", "P-R1", deterministic, m -> {}, (env, wf, alert) -> {
      env.sleep(Duration.ofMinutes(10));
      wf.userAction(TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-1"));
    });
    recordAlert(
        "alert-v1-escalated-reprice-insufficient-data.json",
        "P-R2",
        deterministic,
        m ->
            when(m.effect().measureEffect(any(), any()))
                .thenReturn(
                    new EffectivenessResult(
                        "eval-a-2", "INSUFFICIENT_DATA", null, null, null, null, "did")),
        (env, wf, alert) -> {
          env.sleep(Duration.ofMinutes(90));
          wf.userAction(TestAlerts.action(alert.alertId(), ActionType.ADJUST_PRICE, "a-2"));
        });
    recordAlert("alert-v1-dismissed.json", "P-R3", deterministic, m -> {}, (env, wf, alert) -> {
      env.sleep(Duration.ofMinutes(10));
      wf.userAction(TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-3"));
    });
    recordAlert(
        "alert-v1-unanswered-closed.json", "P-R4", deterministic, m -> {}, (env, wf, alert) -> {});
    recordAlert(
        "alert-v1-gemini-fallback.json",
        "P-R5",
        gemini,
        m ->
            when(m.analysis().analyseWithGemini(any()))
                .thenThrow(ApplicationFailure.newFailure("HTTP 500", "GeminiServerError")),
        (env, wf, alert) -> {
          env.sleep(Duration.ofMinutes(10));
          wf.userAction(TestAlerts.action(alert.alertId(), ActionType.DISMISS, "a-5"));
        });
    recordRouted();
    recordRetraining("retraining-promoted.json", new ScriptedTrainer(0.8, 1.0), true);
    recordRetraining("retraining-rejected.json", new ScriptedTrainer(1.2, 1.0), true);
    recordRetraining("retraining-skipped-no-trainer.json", new UnconfiguredTrainer(), false);
    recordFeedbackRetraining();
  }

  interface Script {
    void drive(TestWorkflowEnvironment env, AlertLifecycleWorkflow wf, CannibalizationAlert alert);
  }

  private static TestWorkflowEnvironment environment() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    AlertSearchAttributes.ALL.forEach(env::registerSearchAttribute);
    return env;
  }

  private static void recordAlert(
      String file,
      String promotionId,
      LifecycleSettings settings,
      Consumer<AlertLifecycleWorkflowTest.Mocks> customize,
      Script script)
      throws Exception {
    try (TestWorkflowEnvironment env = environment()) {
      AlertLifecycleWorkflowTest.Mocks m = AlertLifecycleWorkflowTest.Mocks.create();
      customize.accept(m);
      m.registerAlertsWorker(env);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      CannibalizationAlert alert = TestAlerts.alert(promotionId);
      AlertLifecycleWorkflow wf =
          client.newWorkflowStub(
              AlertLifecycleWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(alert.workflowId())
                  .setTaskQueue(TaskQueues.ALERTS)
                  .setTypedSearchAttributes(AlertSearchAttributes.initial(alert))
                  .setMemo(AlertSearchAttributes.memo(alert))
                  .build());
      WorkflowClient.start(wf::run, new AlertInput(alert, 3600, 7200, settings));
      script.drive(env, wf, alert);
      WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
      write(file, client, alert.workflowId());
    }
  }

  private static void recordRouted() throws Exception {
    try (TestWorkflowEnvironment env = environment()) {
      AlertLifecycleWorkflowTest.Mocks m = AlertLifecycleWorkflowTest.Mocks.create();
      m.registerAlertsWorker(env);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      AlertRouter router = AlertLifecycleWorkflowTest.router(client);
      CannibalizationAlert alert = TestAlerts.alert("P-R6");
      router.route(EventJson.encode(alert));
      env.sleep(Duration.ofMinutes(1));
      router.route(EventJson.encode(alert));
      env.sleep(Duration.ofMinutes(1));
      CannibalizationAlert newer =
          AlertLifecycleWorkflowTest.withEvidence(
              alert, "2026-01-05T10:53:00Z", 95.0, io.truelift.core.contracts.Severity.CRITICAL);
      router.route(EventJson.encode(newer));
      env.sleep(Duration.ofMinutes(1));
      AlertLifecycleWorkflow wf =
          client.newWorkflowStub(AlertLifecycleWorkflow.class, alert.workflowId());
      wf.userAction(TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-6"));
      WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
      write("alert-v1-router-repeat-and-update.json", client, alert.workflowId());
    }
  }

  /** The router delivers an alert, then its retraction: the lifecycle ends RETRACTED. */
  private static void recordRetracted() throws Exception {
    try (TestWorkflowEnvironment env = environment()) {
      AlertLifecycleWorkflowTest.Mocks m = AlertLifecycleWorkflowTest.Mocks.create();
      m.registerAlertsWorker(env);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      AlertRouter router = AlertLifecycleWorkflowTest.router(client);
      CannibalizationAlert alert = TestAlerts.alert("P-R9");
      router.route(EventJson.encode(alert));
      env.sleep(Duration.ofMinutes(10));
      router.route(EventJson.encode(TestAlerts.retraction(alert)));
      client.newUntypedWorkflowStub(alert.workflowId()).getResult(AlertOutcome.class);
      write("alert-v1-retracted.json", client, alert.workflowId());
    }
  }

  private static void recordRetraining(
      String file, io.truelift.workflows.retraining.BaselineTrainer trainer, boolean seedActive)
      throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database("h2");
    if (seedActive) {
      jdbi.useHandle(
          h ->
              h.execute(
                  "INSERT INTO model_version (model_id, kind, status, created_at) VALUES"
                      + " ('baseline-old', 'baseline', 'ACTIVE', CURRENT_TIMESTAMP)"));
    }
    try (TestWorkflowEnvironment env = environment()) {
      Worker w = env.newWorker(TaskQueues.RETRAINING);
      w.registerWorkflowImplementationTypes(RetrainingWorkflowImpl.class);
      w.registerActivitiesImplementations(
          new RetrainingActivitiesImpl(
              jdbi.onDemand(ModelRegistryDao.class), trainer, Clock.systemUTC()));
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      RetrainingWorkflow wf =
          client.newWorkflowStub(
              RetrainingWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(RetrainingWorkflow.NIGHTLY_WORKFLOW_ID)
                  .setTaskQueue(TaskQueues.RETRAINING)
                  .build());
      wf.run(new RetrainingRequest("SCHEDULE", 28, 7, 0.01, 0));
      write(file, client, RetrainingWorkflow.NIGHTLY_WORKFLOW_ID);
    }
  }

  private static void recordFeedbackRetraining() throws Exception {
    Jdbi jdbi = AlertActivitiesDbTest.database("h2");
    try (TestWorkflowEnvironment env = environment()) {
      Worker w = env.newWorker(TaskQueues.RETRAINING);
      w.registerWorkflowImplementationTypes(RetrainingWorkflowImpl.class);
      w.registerActivitiesImplementations(
          new RetrainingActivitiesImpl(
              jdbi.onDemand(ModelRegistryDao.class), new ScriptedTrainer(0.8, 1.0), Clock.systemUTC()));
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      RetrainingHandoffActivitiesImpl handoff =
          new RetrainingHandoffActivitiesImpl(client, new RetrainingRequest("MANUAL", 28, 7, 0.01, 900));
      handoff.handToRetraining(
          new io.truelift.workflows.alert.Feedback(
              "P-R7-e1", "a-7", ActionType.STOP_PROMOTION, "EFFECTIVE", 100L, 98));
      handoff.handToRetraining(
          new io.truelift.workflows.alert.Feedback("P-R8-e1", null, null, "UNANSWERED", null, null));
      client
          .newUntypedWorkflowStub(RetrainingWorkflow.FEEDBACK_WORKFLOW_ID)
          .getResult(RetrainingOutcome.class);
      write("retraining-feedback.json", client, RetrainingWorkflow.FEEDBACK_WORKFLOW_ID);
    }
  }

  private static void write(String file, WorkflowClient client, String workflowId) throws Exception {
    Files.createDirectories(DIR);
    Files.writeString(DIR.resolve(file), client.fetchHistory(workflowId).toJson(true));
  }
}
