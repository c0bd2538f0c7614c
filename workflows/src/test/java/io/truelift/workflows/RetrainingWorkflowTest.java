package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.truelift.core.contracts.ActionType;
import io.truelift.workflows.alert.Feedback;
import io.truelift.workflows.retraining.BaselineTrainer;
import io.truelift.workflows.retraining.InsufficientDataException;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retraining workflow with skipped time, on its real activities and the real registry (H2
 * with the migrations); the trainer is {@link ScriptedTrainer}, a test double of {@link
 * XgboostBaselineTrainer}, except where the real one refuses to train on too little data ({@code
 * XgboostRetrainingDbTest} has it train and decide).
 */
class RetrainingWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(RetrainingWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  static final RetrainingRequest NIGHTLY = new RetrainingRequest("SCHEDULE", 28, 7, 0.01, 0);

  @TempDir Path models;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-20T02:00:00Z"), ZoneOffset.UTC);

  private static Jdbi db() throws Exception {
    return AlertActivitiesDbTest.database("h2");
  }

  private static void seedActive(Jdbi jdbi, String modelId) {
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO model_version (model_id, kind, status, created_at, decided_at,"
                    + " decision_reason) VALUES (?, 'baseline', 'ACTIVE', TIMESTAMP WITH TIME ZONE"
                    + " '2026-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00',"
                    + " 'seed')",
                modelId));
  }

  static String one(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  private static RetrainingOutcome run(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      Jdbi jdbi,
      BaselineTrainer trainer,
      RetrainingRequest request) {
    worker.registerActivitiesImplementations(
        new RetrainingActivitiesImpl(jdbi.onDemand(ModelRegistryDao.class), trainer, CLOCK));
    env.start();
    RetrainingWorkflow wf =
        client.newWorkflowStub(
            RetrainingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("retraining-test")
                .setTaskQueue(worker.getTaskQueue())
                .build());
    return wf.run(request);
  }

  @Test
  void betterChallengerIsPromotedAndTheOldModelRetired(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Jdbi jdbi = db();
    seedActive(jdbi, "baseline-old");
    ScriptedTrainer trainer = new ScriptedTrainer(0.80, 1.00); // deviance: lower is better

    RetrainingOutcome o = run(env, client, worker, jdbi, trainer, NIGHTLY);

    assertThat(o.decision()).isEqualTo("PROMOTED");
    assertThat(o.activeModelId()).isEqualTo(o.candidateId()).startsWith("baseline-");
    assertThat(o.reason())
        .contains("challenger 0.800000 vs active baseline-old 1.00000", "improvement 20.00%");
    assertThat(one(jdbi, "SELECT status FROM model_version WHERE model_id = 'baseline-old'"))
        .isEqualTo("RETIRED");
    assertThat(one(jdbi, "SELECT decision_reason FROM model_version WHERE model_id = 'baseline-old'"))
        .isEqualTo("replaced by " + o.candidateId());
    assertThat(
            one(
                jdbi,
                "SELECT status || ' ' || artifact_uri FROM model_version WHERE model_id = '"
                    + o.candidateId()
                    + "'"))
        .isEqualTo("ACTIVE file:///models/" + o.candidateId() + ".ubj");
    assertThat(one(jdbi, "SELECT metrics_json FROM model_version WHERE model_id = '" + o.candidateId() + "'"))
        .contains("\"metric\":\"poisson_deviance\"", "\"candidate\":0.8", "\"active\":1.0", "\"rows\":5000");
    assertThat(one(jdbi, "SELECT COUNT(*) FROM model_version WHERE status = 'ACTIVE'")).isEqualTo("1");
    assertThat(one(jdbi, "SELECT outcome || ' ' || run_trigger FROM retraining_run"))
        .isEqualTo("PROMOTED SCHEDULE");
    // Held out: the 7 days before the run; training: the 28 days before those.
    BaselineTrainer.DataRange heldOut = trainer.heldOutRanges.get(0);
    BaselineTrainer.DataRange training = trainer.trainingRanges.get(0);
    assertThat(Duration.between(heldOut.from(), heldOut.to())).isEqualTo(Duration.ofDays(7));
    assertThat(training.to()).isEqualTo(heldOut.from());
    assertThat(Duration.between(training.from(), training.to())).isEqualTo(Duration.ofDays(28));
  }

  @Test
  void challengerThatIsNotBetterEnoughIsRejectedAndTheActiveModelStays(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Jdbi jdbi = db();
    seedActive(jdbi, "baseline-old");
    // 0.5% better, but 1% is required.
    RetrainingOutcome o =
        run(env, client, worker, jdbi, new ScriptedTrainer(0.995, 1.00), NIGHTLY);

    assertThat(o.decision()).isEqualTo("REJECTED");
    assertThat(o.activeModelId()).isEqualTo("baseline-old");
    assertThat(o.reason()).startsWith("rejected:").contains("improvement 0.50% (needed > 1.00%)");
    assertThat(one(jdbi, "SELECT status FROM model_version WHERE model_id = 'baseline-old'"))
        .isEqualTo("ACTIVE");
    assertThat(
            one(
                jdbi,
                "SELECT status FROM model_version WHERE model_id = '" + o.candidateId() + "'"))
        .isEqualTo("REJECTED");
    assertThat(one(jdbi, "SELECT outcome FROM retraining_run")).isEqualTo("REJECTED");
  }

  @Test
  void firstChallengerIsPromotedWhenNoModelIsActive(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Jdbi jdbi = db();
    RetrainingOutcome o = run(env, client, worker, jdbi, new ScriptedTrainer(0.9, 0), NIGHTLY);
    assertThat(o.decision()).isEqualTo("PROMOTED");
    assertThat(o.reason()).startsWith("no active model");
  }

  @Test
  void failingEvaluationRejectsTheCandidateAfterItsRetries(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Jdbi jdbi = db();
    seedActive(jdbi, "baseline-old");
    ScriptedTrainer trainer = new ScriptedTrainer(0.5, 1.0);
    trainer.failEvaluations = 3;
    RetrainingOutcome o = run(env, client, worker, jdbi, trainer, NIGHTLY);
    assertThat(o.decision()).isEqualTo("FAILED");
    assertThat(trainer.heldOutRanges).hasSize(3);
    assertThat(trainer.trained).hasSize(1);
    assertThat(one(jdbi, "SELECT status FROM model_version WHERE model_id = '" + o.candidateId() + "'"))
        .isEqualTo("REJECTED");
    assertThat(one(jdbi, "SELECT status FROM model_version WHERE model_id = 'baseline-old'"))
        .isEqualTo("ACTIVE");
  }

  @Test
  void withoutAConfiguredTrainerTheRunIsSkippedWithItsReason(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Jdbi jdbi = db();
    RetrainingOutcome o = run(env, client, worker, jdbi, new UnconfiguredTrainer(), NIGHTLY);
    assertThat(o.decision()).isEqualTo("SKIPPED");
    assertThat(o.candidateId()).isNull();
    assertThat(o.reason()).isEqualTo(UnconfiguredTrainer.REASON);
    assertThat(one(jdbi, "SELECT outcome || ': ' || reason FROM retraining_run"))
        .isEqualTo("SKIPPED: " + UnconfiguredTrainer.REASON);
    assertThat(one(jdbi, "SELECT COUNT(*) FROM model_version")).isEqualTo("0");
  }

  @Test
  void withTooLittleSalesHistoryTheRealTrainerSkipsTheRunWithItsReason(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Jdbi jdbi = db();
    seedActive(jdbi, "baseline-old");
    XgboostBaselineTrainer trainer =
        new XgboostBaselineTrainer(
            jdbi,
            new TrainingSettings(models, null, TrainingSettings.Clock.WALL, 168, 24),
            Clock.systemUTC());
    RetrainingOutcome o = run(env, client, worker, jdbi, trainer, NIGHTLY);
    assertThat(o.decision()).isEqualTo("SKIPPED");
    assertThat(o.candidateId()).isNull();
    assertThat(o.activeModelId()).isNull();
    assertThat(o.reason())
        .startsWith("not enough sales history to train a challenger on ")
        .endsWith(
            ": need 168 hours with sales (TRUELIFT_TRAINING_MIN_HOURS); windowed_sales (all-stores rows) has no"
                + " sales; no TRUELIFT_TRAINING_HISTORY to fall back on");
    assertThat(one(jdbi, "SELECT outcome || ': ' || reason FROM retraining_run"))
        .isEqualTo("SKIPPED: " + o.reason());
    assertThat(one(jdbi, "SELECT model_id || ' ' || status FROM model_version"))
        .isEqualTo("baseline-old ACTIVE");
  }

  @Test
  void tooLittleHeldOutDataFailsTheRunAtOnceAndRejectsTheCandidate(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Jdbi jdbi = db();
    seedActive(jdbi, "baseline-old");
    ScriptedTrainer trainer = new ScriptedTrainer(0.5, 1.0);
    trainer.evaluationFailure = new InsufficientDataException("windowed_sales (all-stores rows) has 3 held-out hours");
    RetrainingOutcome o = run(env, client, worker, jdbi, trainer, NIGHTLY);
    assertThat(o.decision()).isEqualTo("FAILED");
    assertThat(trainer.heldOutRanges).hasSize(1); // not retried
    assertThat(o.reason()).isEqualTo("evaluation failed: windowed_sales (all-stores rows) has 3 held-out hours");
    assertThat(one(jdbi, "SELECT status FROM model_version WHERE model_id = '" + o.candidateId() + "'"))
        .isEqualTo("REJECTED");
    assertThat(one(jdbi, "SELECT status FROM model_version WHERE model_id = 'baseline-old'"))
        .isEqualTo("ACTIVE");
  }

  @Test
  void feedbackStartsOneDebouncedRunThatCountsEachAlertOnce(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Jdbi jdbi = db();
    seedActive(jdbi, "baseline-old");
    ScriptedTrainer trainer = new ScriptedTrainer(0.7, 1.0);
    Worker retraining = env.newWorker(TaskQueues.RETRAINING);
    retraining.registerWorkflowImplementationTypes(RetrainingWorkflowImpl.class);
    retraining.registerActivitiesImplementations(
        new RetrainingActivitiesImpl(jdbi.onDemand(ModelRegistryDao.class), trainer, CLOCK));
    env.start();
    RetrainingHandoffActivitiesImpl handoff =
        new RetrainingHandoffActivitiesImpl(client, new RetrainingRequest("MANUAL", 28, 7, 0.01, 900));
    Feedback a = new Feedback("P-1-e1", "a-1", ActionType.STOP_PROMOTION, "EFFECTIVE", 100L, 97);
    Feedback b = new Feedback("P-2-e1", "a-2", ActionType.DISMISS, "DISMISSED", null, null);
    handoff.handToRetraining(a);
    handoff.handToRetraining(a); // a retried activity
    handoff.handToRetraining(b);
    RetrainingWorkflow wf =
        client.newWorkflowStub(RetrainingWorkflow.class, RetrainingWorkflow.FEEDBACK_WORKFLOW_ID);
    assertThat(wf.state().phase()).isEqualTo("COLLECTING_FEEDBACK");
    assertThat(trainer.trained).isEmpty();

    RetrainingOutcome o = WorkflowStub.fromTyped(wf).getResult(RetrainingOutcome.class);

    assertThat(o.trigger()).isEqualTo("FEEDBACK");
    assertThat(o.feedbackCount()).isEqualTo(2);
    assertThat(o.decision()).isEqualTo("PROMOTED");
    assertThat(trainer.trained).hasSize(1);
    assertThat(one(jdbi, "SELECT run_trigger || ' ' || feedback_count FROM retraining_run"))
        .isEqualTo("FEEDBACK 2");
    // The closed run's id is reused by the next feedback: a new run starts.
    handoff.handToRetraining(new Feedback("P-3-e1", null, null, "UNANSWERED", null, null));
    RetrainingOutcome next =
        client
            .newUntypedWorkflowStub(RetrainingWorkflow.FEEDBACK_WORKFLOW_ID)
            .getResult(RetrainingOutcome.class);
    assertThat(next.runId()).isNotEqualTo(o.runId());
    assertThat(next.feedbackCount()).isEqualTo(1);
  }
}
