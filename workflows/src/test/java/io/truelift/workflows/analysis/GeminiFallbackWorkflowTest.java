package io.truelift.workflows.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.workflows.AlertActivitiesDbTest;
import io.truelift.workflows.TestAlerts;
import io.truelift.workflows.alert.AlertActivitiesImpl;
import io.truelift.workflows.alert.AlertDao;
import io.truelift.workflows.alert.AlertInput;
import io.truelift.workflows.alert.AlertLifecycleWorkflow;
import io.truelift.workflows.alert.AlertLifecycleWorkflowImpl;
import io.truelift.workflows.alert.AlertOutcome;
import io.truelift.workflows.alert.DeterministicAnalyst;
import io.truelift.workflows.alert.LifecycleSettings;
import io.truelift.workflows.analysis.FakeGemini.Reply;
import io.truelift.workflows.effect.EffectivenessActivities;
import io.truelift.workflows.retraining.RetrainingHandoffActivities;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Gemini path end to end inside the workflow: the real analysis activity and SDK client against
 * the local fake generateContent server, the real database writes (H2), Temporal's retries with
 * skipped time, and the fallback to the deterministic analyst once the attempts are used up.
 */
class GeminiFallbackWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(AlertLifecycleWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  static final LifecycleSettings GEMINI =
      new LifecycleSettings("gemini:test-model", 1, 3, 3600, false);

  private static FakeGemini fake;
  private static GeminiAnalyst gemini;

  @BeforeAll
  static void startFake() throws Exception {
    fake = new FakeGemini();
    gemini =
        new GeminiAnalyst(
            new GeminiSettings("test-key", "test-model", fake.baseUrl(), Duration.ofMillis(800), 3),
            new DeterministicAnalyst());
  }

  @AfterAll
  static void stopFake() {
    gemini.close();
    fake.close();
  }

  private static String one(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  private static AlertLifecycleWorkflow start(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, Jdbi jdbi, String promo) {
    AlertDao dao = jdbi.onDemand(AlertDao.class);
    worker.registerActivitiesImplementations(
        new AlertActivitiesImpl(dao, e -> {}, new DeterministicAnalyst(), Clock.systemUTC()),
        new AnalysisActivitiesImpl(dao, new DeterministicAnalyst(), gemini, Clock.systemUTC()),
        mock(EffectivenessActivities.class, withSettings().withoutAnnotations()),
        mock(RetrainingHandoffActivities.class, withSettings().withoutAnnotations()));
    env.start();
    CannibalizationAlert alert = TestAlerts.alert(promo);
    AlertLifecycleWorkflow wf =
        client.newWorkflowStub(
            AlertLifecycleWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(alert.workflowId())
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, new AlertInput(alert, 3600, 7200, GEMINI));
    return wf;
  }

  /** Skips time (so the retry backoffs pass at once) until the analysis is stored. */
  private static void awaitAnalysed(TestWorkflowEnvironment env, AlertLifecycleWorkflow wf) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"ANALYSED".equals(wf.state().status())) {
      assertThat(System.nanoTime()).as("analysis within 30 s").isLessThan(deadline);
      env.sleep(Duration.ofSeconds(5));
    }
  }

  private static void dismiss(AlertLifecycleWorkflow wf, String promo) {
    wf.userAction(TestAlerts.action(promo + "-e1", ActionType.DISMISS, "a-" + promo));
    WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
  }

  @Test
  void rateLimitServerErrorAndTimeoutUseUpTheAttemptsThenTheDeterministicAnalystWrites(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    fake.reset()
        .then(
            Reply.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded"),
            Reply.error(500, "INTERNAL", "Internal error"),
            Reply.ok(GeminiAnalystTest.GOOD_ANSWER).delayed(1500));
    Jdbi jdbi = AlertActivitiesDbTest.database("h2");
    AlertLifecycleWorkflow wf = start(env, client, worker, jdbi, "P-21");
    awaitAnalysed(env, wf);

    assertThat(fake.received()).hasSize(3);
    assertThat(wf.state().analyst()).isEqualTo("deterministic");
    assertThat(one(jdbi, "SELECT analyst FROM analysis")).isEqualTo("deterministic");
    assertThat(one(jdbi, "SELECT reason FROM analysis_fallback"))
        .contains("after up to 3 attempt(s)", "GeminiTimeout", "did not answer within PT0.8S");
    // The same computed recommendations as always: the fallback changes the words, not the numbers.
    assertThat(one(jdbi, "SELECT action_type FROM recommended_strategy WHERE rank = 1"))
        .isEqualTo("STOP_PROMOTION");
    dismiss(wf, "P-21");
  }

  @Test
  void malformedAnswersAreRetriedAndAWellFormedOneIsStoredAsGemini(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    fake.reset()
        .then(
            Reply.ok("I think you should stop the promotion."),
            Reply.ok(GeminiAnalystTest.GOOD_ANSWER.replace("$7484.25", "$9,999.99")),
            Reply.ok(GeminiAnalystTest.GOOD_ANSWER));
    Jdbi jdbi = AlertActivitiesDbTest.database("h2");
    // The promotion's prices make $4.99 (the halved discount) one of the computed figures.
    jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO promotion (promotion_id, sku, promo_price_cents, regular_price_cents,"
                    + " starts_at, status, created_by, created_at, updated_at) VALUES ('P-22',"
                    + " 'PIZZA-4CH', 399, 599, CURRENT_TIMESTAMP, 'ACTIVE', 'maria',"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"));
    AlertLifecycleWorkflow wf = start(env, client, worker, jdbi, "P-22");
    awaitAnalysed(env, wf);

    assertThat(fake.received()).hasSize(3);
    assertThat(one(jdbi, "SELECT analyst FROM analysis")).isEqualTo("gemini:test-model");
    assertThat(one(jdbi, "SELECT COUNT(*) FROM analysis_fallback")).isEqualTo("0");
    assertThat(one(jdbi, "SELECT explanation FROM analysis")).startsWith("The discount on PIZZA-4CH");
    // Titles from the model, effects from TrueLift: 748,425 cents per 24 h for stopping.
    assertThat(
            one(
                jdbi,
                "SELECT title || ' | ' || expected_margin_change_cents FROM recommended_strategy"
                    + " WHERE rank = 1"))
        .isEqualTo("Stop the PIZZA-4CH promotion | 748425");
    dismiss(wf, "P-22");
  }
}
