package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.truelift.model.Granularity;
import io.truelift.model.SalesHistory;
import io.truelift.model.Trainer;
import io.truelift.model.TrainingConfig;
import io.truelift.model.registry.ModelRegistry;
import io.truelift.model.registry.ModelVersion;
import io.truelift.workflows.retraining.ModelRegistryDao;
import io.truelift.workflows.retraining.RetrainingActivitiesImpl;
import io.truelift.workflows.retraining.RetrainingOutcome;
import io.truelift.workflows.retraining.RetrainingRequest;
import io.truelift.workflows.retraining.RetrainingWorkflow;
import io.truelift.workflows.retraining.RetrainingWorkflowImpl;
import io.truelift.workflows.retraining.TrainingSettings;
import io.truelift.workflows.retraining.XgboostBaselineTrainer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The retraining workflow with the real {@link XgboostBaselineTrainer} on a real registry (H2, and
 * PostgreSQL when reachable): real XGBoost challengers trained on {@code windowed_sales}, scored
 * against the active model on the same held-out week. A challenger trained on four weeks replaces
 * an active model trained on three days (registered by the model module's {@link ModelRegistry}, as
 * the devstack's first model is); a challenger trained on three days is then rejected against it.
 * Both decisions are in {@code model_version} and {@code retraining_run}.
 */
class XgboostRetrainingDbTest {
  static final int MIN_TRAINING_HOURS = 48;
  static final Instant NOW = Instant.parse("2026-11-30T10:20:00Z");

  @TempDir Path models;

  /** A migrated database: its URL (for the model module's JDBC registry) and JDBI. */

  static Stream<String> databases() {
    return AlertActivitiesDbTest.databases();
  }

  static AlertActivitiesDbTest.Db database(String kind) throws Exception {
    return AlertActivitiesDbTest.migratedDatabase(kind, "rt_");
  }

  static String one(Jdbi jdbi, String sql) {
    return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
  }

  private static RetrainingOutcome run(TestWorkflowEnvironment env, String id, int trainingDays) {
    RetrainingWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                RetrainingWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(id)
                    .setTaskQueue(TaskQueues.RETRAINING)
                    .build());
    return wf.run(new RetrainingRequest("MANUAL", trainingDays, 7, 0.01, 0));
  }

  /** The number after {@code label} in a reason, e.g. "challenger 0.21 vs active m 0.35". */
  static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, text).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void challengerOnFourWeeksReplacesAThreeDayModelAndAThreeDayChallengerIsRejected(String kind)
      throws Exception {
    AlertActivitiesDbTest.Db db = database(kind);
    // The workflow's clock starts here (the test server's initial time): the same data every run.
    Instant now = NOW;
    // Six weeks of sales up to the next hour: the workflow's ranges end at its start time.
    SalesFixture sales =
        SalesFixture.generate(now.minus(Duration.ofDays(42)), now.plus(Duration.ofHours(2)), 5);
    sales.writeTo(db.jdbi());

    // The active model: trained on the first three days only, registered and activated by the
    // model module's registry (kind xgboost-count:poisson), as TrainBaseline does in the devstack.
    Instant oldFrom = sales.from;
    SalesHistory threeDays =
        SalesHistory.of(Granularity.HOUR, sales.hourly(oldFrom, oldFrom.plus(Duration.ofDays(3))));
    Trainer.TrainedModel old =
        Trainer.train(threeDays, TrainingConfig.defaults(Granularity.HOUR), "baseline-3days");
    ModelRegistry registry = new ModelRegistry(db.url(), db.user(), "");
    ModelVersion v = registry.register(old.model(), models, Instant.now());
    registry.activate(v.modelId(), "seeded by the test", Instant.now());

    TrainingSettings settings =
        new TrainingSettings(models, null, TrainingSettings.Clock.WALL, MIN_TRAINING_HOURS, 24);
    // Real time from NOW on, without skipping: the ranges are read off the workflow's clock, and
    // a skip (e.g. past a workflow task retried on a busy machine) would move them off the data.
    try (TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setInitialTime(NOW)
                .setUseTimeskipping(false)
                .build())) {
      Worker w = env.newWorker(TaskQueues.RETRAINING);
      w.registerWorkflowImplementationTypes(RetrainingWorkflowImpl.class);
      w.registerActivitiesImplementations(
          new RetrainingActivitiesImpl(
              db.jdbi().onDemand(ModelRegistryDao.class),
              new XgboostBaselineTrainer(db.jdbi(), settings, Clock.systemUTC()),
              Clock.systemUTC()));
      env.start();

      // 1. Four weeks of history against the three-day model: promoted.
      long t0 = System.nanoTime();
      RetrainingOutcome promoted = run(env, "retraining-promote", 28);
      double promoteSeconds = (System.nanoTime() - t0) / 1e9;
      assertThat(promoted.decision()).as(promoted.reason()).isEqualTo("PROMOTED");
      assertThat(promoted.activeModelId()).isEqualTo(promoted.candidateId());
      assertThat(promoted.reason())
          .startsWith("promoted: held-out clean_wape: challenger ")
          .contains("vs active baseline-3days ", "held out windowed_sales (all-stores rows) ");
      double challenger = number(promoted.reason(), "challenger ([0-9.]+) vs active");
      double active = number(promoted.reason(), "vs active baseline-3days ([0-9.]+)");
      assertThat(challenger).isLessThan(active * 0.99);
      assertThat(
              one(db.jdbi(), "SELECT status FROM model_version WHERE model_id = 'baseline-3days'"))
          .isEqualTo("RETIRED");
      assertThat(registry.active()).map(ModelVersion::modelId).contains(promoted.candidateId());
      // The artifact is UBJ under the model directory, and the pipeline's loader reads it.
      Path ubj = models.resolve(promoted.candidateId()).resolve("model.ubj");
      assertThat(ubj).exists();
      assertThat(ModelRegistry.load(registry.active().orElseThrow()).modelId())
          .isEqualTo(promoted.candidateId());
      String metrics =
          one(
              db.jdbi(),
              "SELECT metrics_json FROM model_version WHERE model_id = '"
                  + promoted.candidateId()
                  + "'");
      assertThat(metrics)
          .contains(
              "\"trainSeconds\"",
              "\"trainingData\":\"windowed_sales (all-stores rows) ",
              "\"metric\":\"clean_wape\"");
      double trainSeconds = number(metrics, "\"trainSeconds\":([0-9.Ee-]+)");
      // The substitution edges learned with the challenger, stored under its id for the pipeline.
      assertThat(metrics).contains("\"learnedSubstitutionEdges\"");
      assertThat(
              Integer.parseInt(
                  one(
                      db.jdbi(),
                      "SELECT COUNT(*) FROM substitution_edge WHERE model_id = '"
                          + promoted.candidateId()
                          + "'")))
          .isPositive();
      // Trained on the 28 days before the held-out week, whole hours.
      Instant heldOutFrom =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT trained_to FROM model_version WHERE model_id = :id")
                          .bind("id", promoted.candidateId())
                          .mapTo(java.time.OffsetDateTime.class)
                          .one())
              .toInstant();
      assertThat(Duration.between(heldOutFrom, now).toHours()).isBetween(167L, 169L);

      // 2. A challenger on three days against the four-week model: rejected.
      RetrainingOutcome rejected = run(env, "retraining-reject", 3);
      assertThat(rejected.decision()).as(rejected.reason()).isEqualTo("REJECTED");
      assertThat(rejected.activeModelId()).isEqualTo(promoted.candidateId());
      assertThat(rejected.reason()).startsWith("rejected: held-out clean_wape: challenger ");
      double weak = number(rejected.reason(), "challenger ([0-9.]+) vs active");
      double strong =
          number(rejected.reason(), "vs active " + promoted.candidateId() + " ([0-9.]+)");
      assertThat(weak).isGreaterThan(strong);
      assertThat(
              one(
                  db.jdbi(),
                  "SELECT status FROM model_version WHERE model_id = '"
                      + rejected.candidateId()
                      + "'"))
          .isEqualTo("REJECTED");
      assertThat(one(db.jdbi(), "SELECT COUNT(*) FROM model_version WHERE status = 'ACTIVE'"))
          .isEqualTo("1");
      java.util.List<String> runs =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT outcome FROM retraining_run ORDER BY started_at")
                          .mapTo(String.class)
                          .list());
      assertThat(runs).containsExactly("PROMOTED", "REJECTED");

      System.out.printf(
          Locale.ROOT,
          "[retraining-result] %s: 4-week challenger trained in %.2f s (whole run %.1f s), held-out"
              + " clean WAPE %.4f vs the 3-day active model's %.4f -> PROMOTED; 3-day challenger"
              + " %.4f vs the 4-week active %.4f -> REJECTED%n",
          kind,
          trainSeconds,
          promoteSeconds,
          challenger,
          active,
          weak,
          strong);
    }
  }
}
