package io.truelift.workflows;

import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.truelift.core.contracts.Topics;
import io.truelift.sql.Migrations;
import io.truelift.workflows.alert.AlertActivitiesImpl;
import io.truelift.workflows.alert.AlertDao;
import io.truelift.workflows.alert.AlertLifecycleWorkflowImpl;
import io.truelift.workflows.alert.DeterministicAnalyst;
import io.truelift.workflows.alert.KafkaMarketEventPublisher;
import io.truelift.workflows.alert.LifecycleSettings;
import io.truelift.workflows.alert.SearchAttributeRegistrar;
import io.truelift.workflows.analysis.AnalysisActivitiesImpl;
import io.truelift.workflows.analysis.GeminiAnalyst;
import io.truelift.workflows.analysis.GeminiSettings;
import io.truelift.workflows.analysis.RegistryActiveModel;
import io.truelift.workflows.analysis.WhatIfStrategyEffects;
import io.truelift.workflows.effect.EffectivenessActivitiesImpl;
import io.truelift.workflows.effect.EffectivenessDao;
import io.truelift.workflows.effect.EffectivenessSettings;
import io.truelift.model.registry.ModelRegistry;
import io.truelift.workflows.retraining.AllStoresSales;
import io.truelift.workflows.retraining.BaselineTrainer;
import io.truelift.workflows.retraining.ModelRegistryDao;
import io.truelift.workflows.retraining.RetrainingActivitiesImpl;
import io.truelift.workflows.retraining.RetrainingHandoffActivitiesImpl;
import io.truelift.workflows.retraining.RetrainingRequest;
import io.truelift.workflows.retraining.RetrainingSchedule;
import io.truelift.workflows.retraining.RetrainingWorkflowImpl;
import io.truelift.workflows.retraining.TrainingSettings;
import io.truelift.workflows.retraining.UnconfiguredTrainer;
import io.truelift.workflows.retraining.XgboostBaselineTrainer;
import io.truelift.workflows.router.AlertRouter;
import io.truelift.workflows.router.AlertRouterLoop;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal worker process: hosts {@code AlertLifecycleWorkflow} and its activities on {@link
 * TaskQueues#ALERTS} and {@code RetrainingWorkflow} on {@link TaskQueues#RETRAINING}, registers
 * the alert search attributes, sets up the nightly retraining schedule, and runs the alert router
 * on its own thread. Configured from the environment (see docs/RUNTIME.md and this module's
 * README); stops cleanly on SIGTERM.
 */
public final class TrueLiftWorker {
  private static final Logger log = LoggerFactory.getLogger(TrueLiftWorker.class);

  static final String DEFAULT_JDBC_URL =
      "jdbc:h2:tcp://localhost:19094/truelift;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  /** The worker's settings, read from environment variables. */
  record Settings(
      String temporalAddress,
      String namespace,
      String kafkaBootstrapServers,
      String jdbcUrl,
      String jdbcUser,
      String jdbcPassword,
      String alertsTopic,
      String marketEventsTopic,
      String deadLetterTopic,
      long escalateAfterSeconds,
      long maxWaitSeconds,
      long measurementWaitSeconds,
      EffectivenessSettings effectiveness,
      Optional<GeminiSettings> gemini,
      boolean searchAttributes,
      String retrainingCron,
      RetrainingRequest retraining,
      Optional<TrainingSettings> training,
      long stickyScheduleToStartSeconds) {

    static Settings from(Map<String, String> env) {
      long measurementWait = seconds(env, "TRUELIFT_MEASUREMENT_WAIT_SECONDS");
      long window = seconds(env, "TRUELIFT_EFFECT_WINDOW_SECONDS");
      long bucket = seconds(env, "TRUELIFT_EFFECT_BUCKET_SECONDS");
      long lag = seconds(env, "TRUELIFT_EFFECT_STREAM_LAG_SECONDS");
      EffectivenessSettings d = EffectivenessSettings.DEFAULTS;
      String sa = env(env, "TRUELIFT_SEARCH_ATTRIBUTES", "register");
      if (!sa.equals("register") && !sa.equals("off")) {
        throw new IllegalArgumentException(
            "TRUELIFT_SEARCH_ATTRIBUTES must be register or off, got \"" + sa + "\"");
      }
      return new Settings(
          env(env, "TEMPORAL_ADDRESS", "localhost:17233"),
          env(env, "TEMPORAL_NAMESPACE", "default"),
          env(env, "KAFKA_BOOTSTRAP_SERVERS", "localhost:19092"),
          env(env, "TRUELIFT_JDBC_URL", DEFAULT_JDBC_URL),
          env(env, "TRUELIFT_JDBC_USER", "sa"),
          env.getOrDefault("TRUELIFT_JDBC_PASSWORD", ""),
          env(env, "TRUELIFT_ALERTS_TOPIC", Topics.CANNIBALIZATION_ALERTS),
          env(env, "TRUELIFT_MARKET_EVENTS_TOPIC", Topics.MARKET_EVENTS),
          env(env, "TRUELIFT_DEAD_LETTER_TOPIC", Topics.DEAD_LETTERS),
          seconds(env, "TRUELIFT_ESCALATE_AFTER_SECONDS"),
          seconds(env, "TRUELIFT_MAX_WAIT_SECONDS"),
          measurementWait > 0 ? measurementWait : LifecycleSettings.DEFAULT_MEASUREMENT_WAIT_SECONDS,
          new EffectivenessSettings(
              window > 0 ? Duration.ofSeconds(window) : d.window(),
              bucket > 0 ? Duration.ofSeconds(bucket) : d.bucket(),
              (int) whole(env, "TRUELIFT_EFFECT_MIN_BUCKETS", d.minBucketsPerPeriod()),
              lag > 0 ? Duration.ofSeconds(lag) : d.streamLagTolerance()),
          GeminiSettings.fromEnvironment(env),
          sa.equals("register"),
          env(env, "TRUELIFT_RETRAINING_CRON", "0 2 * * *"),
          new RetrainingRequest(
              "SCHEDULE",
              (int) whole(env, "TRUELIFT_RETRAINING_TRAINING_DAYS", 28),
              (int) whole(env, "TRUELIFT_RETRAINING_HELDOUT_DAYS", 7),
              fraction(env, "TRUELIFT_RETRAINING_MIN_IMPROVEMENT", 0.01),
              whole(env, "TRUELIFT_RETRAINING_DEBOUNCE_SECONDS", 900)),
          TrainingSettings.fromEnvironment(env),
          whole(env, "TRUELIFT_STICKY_SCHEDULE_TO_START_SECONDS", 0));
    }

    /**
     * Sticky execution off by default: the Java test server (devstack) never moves a workflow task
     * off a dead worker's sticky queue, so after a crash the workflow would wait forever. A real
     * Temporal service enforces the sticky schedule-to-start timeout; set it (e.g. 5 s) there.
     */
    WorkerOptions workerOptions() {
      return WorkerOptions.newBuilder()
          .setStickyQueueScheduleToStartTimeout(Duration.ofSeconds(stickyScheduleToStartSeconds))
          .build();
    }

    /** What every routed alert's workflow is told about this worker. */
    LifecycleSettings lifecycle(boolean searchAttributesRegistered) {
      return new LifecycleSettings(
          gemini.map(GeminiSettings::label).orElse(DeterministicAnalyst.NAME),
          gemini.map(g -> g.timeout().toSeconds()).orElse(30L),
          gemini.map(GeminiSettings::maxAttempts).orElse(3),
          measurementWaitSeconds,
          searchAttributesRegistered);
    }
  }

  /** A whole number >= 0 with a default when unset. */
  static long whole(Map<String, String> env, String name, long fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a whole number >= 0, got \"" + v + "\"");
  }

  static double fraction(Map<String, String> env, String name, double fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (d >= 0 && d < 1) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a fraction in [0, 1) (0.01 = 1%), got \"" + v + "\"");
  }

  private TrueLiftWorker() {}

  static String env(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** A non-negative whole number of seconds; unset or 0 means the workflow's default. */
  static long seconds(Map<String, String> env, String name) {
    String v = env(env, name, "0");
    try {
      long s = Long.parseLong(v.trim());
      if (s < 0) {
        throw new NumberFormatException();
      }
      return s;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a whole number of seconds >= 0, got \"" + v + "\"");
    }
  }

  /**
   * The probes' HTTP endpoint on {@code TRUELIFT_WORKER_HEALTH_PORT} (unset or 0: none, as in the
   * devstack); readiness also asks Temporal and the database, each with a 2 s deadline.
   */
  static WorkerHealth startHealth(
      String portText,
      WorkerFactory factory,
      Thread routerThread,
      WorkflowServiceStubs service,
      Jdbi jdbi)
      throws java.io.IOException {
    int port;
    try {
      port = Integer.parseInt(portText.trim());
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "TRUELIFT_WORKER_HEALTH_PORT must be a port number 0..65535, got \"" + portText + "\"");
    }
    if (port == 0) {
      return null;
    }
    WorkerHealth health =
        WorkerHealth.start(
            port,
            () -> routerThread.isAlive() && factory.isStarted() && !factory.isShutdown(),
            Map.of(
                "temporal",
                () -> {
                  service
                      .blockingStub()
                      .withDeadlineAfter(2, TimeUnit.SECONDS)
                      .getSystemInfo(
                          io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance());
                  return true;
                },
                "database",
                () -> jdbi.withHandle(h -> h.getConnection().isValid(2))));
    log.info("Health on :{} (/healthz/live, /healthz/ready)", health.port());
    return health;
  }

  public static void main(String[] args) throws Exception {
    Settings s = Settings.from(System.getenv());

    // The worker owns the schema as much as the API does, so it can run alone.
    Migrations.migrate(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
    Jdbi jdbi =
        Jdbi.create(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword())
            .installPlugin(new SqlObjectPlugin());
    KafkaMarketEventPublisher publisher =
        new KafkaMarketEventPublisher(s.kafkaBootstrapServers(), s.marketEventsTopic());
    AlertDao alerts = jdbi.onDemand(AlertDao.class);
    // Every analysis' expected effects: the active model's what-if over the promotion's rest,
    // from windowed_sales (the heuristic, labelled, only while no model is ACTIVE).
    RegistryActiveModel activeModel =
        new RegistryActiveModel(
            () -> new ModelRegistry(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword()),
            Duration.ofSeconds(30));
    AllStoresSales sales =
        new AllStoresSales(
            jdbi,
            Optional.ofNullable(System.getenv(TrainingSettings.HISTORY))
                .filter(v -> !v.isBlank())
                .map(v -> java.nio.file.Path.of(v.strip()))
                .orElse(null));
    DeterministicAnalyst analyst =
        new DeterministicAnalyst(
            new WhatIfStrategyEffects(activeModel, sales::read, alerts::findPromotionEnd));
    GeminiAnalyst gemini = s.gemini().map(g -> new GeminiAnalyst(g, analyst)).orElse(null);
    if (gemini == null) {
      log.info("No GEMINI_API_KEY: analyses are written by the deterministic analyst");
    } else {
      log.info("Analyses by {} ({})", gemini.label(), s.gemini().get());
    }

    // TLS (mutual with a client certificate) when the deployment gives the TEMPORAL_TLS_* files.
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            TemporalTls.configure(
                    WorkflowServiceStubsOptions.newBuilder().setTarget(s.temporalAddress()), System.getenv())
                .build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(s.namespace()).build());

    boolean indexed = false;
    if (s.searchAttributes()) {
      OperatorServiceStubs operator =
          OperatorServiceStubs.newServiceStubs(
              // validateAndBuildWithDefaults: build() leaves the metrics scope null (NPE).
              TemporalTls.configure(
                      OperatorServiceStubsOptions.newBuilder().setTarget(s.temporalAddress()), System.getenv())
                  .validateAndBuildWithDefaults());
      try {
        indexed = SearchAttributeRegistrar.register(operator, s.namespace(), Duration.ofMinutes(2));
      } finally {
        operator.shutdown();
      }
    }
    LifecycleSettings lifecycle = s.lifecycle(indexed);

    BaselineTrainer trainer = trainer(s.training(), jdbi);

    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TaskQueues.ALERTS, s.workerOptions());
    worker.registerWorkflowImplementationTypes(AlertLifecycleWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new AlertActivitiesImpl(alerts, publisher, analyst, Clock.systemUTC()),
        new AnalysisActivitiesImpl(alerts, analyst, gemini, Clock.systemUTC()),
        new EffectivenessActivitiesImpl(
            jdbi.onDemand(EffectivenessDao.class), s.effectiveness(), Clock.systemUTC()),
        new RetrainingHandoffActivitiesImpl(client, s.retraining()));
    Worker retrainingWorker = factory.newWorker(TaskQueues.RETRAINING, s.workerOptions());
    retrainingWorker.registerWorkflowImplementationTypes(RetrainingWorkflowImpl.class);
    retrainingWorker.registerActivitiesImplementations(
        new RetrainingActivitiesImpl(
            jdbi.onDemand(ModelRegistryDao.class), trainer, Clock.systemUTC()));
    factory.start();

    Thread scheduler =
        new Thread(() -> ensureSchedule(service, client, s), "retraining-schedule");
    scheduler.setDaemon(true);
    scheduler.start();

    AlertRouterLoop router =
        AlertRouterLoop.create(
            s.kafkaBootstrapServers(),
            s.alertsTopic(),
            s.deadLetterTopic(),
            deadLetters ->
                new AlertRouter(
                    client,
                    deadLetters,
                    s.alertsTopic(),
                    s.escalateAfterSeconds(),
                    s.maxWaitSeconds(),
                    lifecycle,
                    Clock.systemUTC()));
    Thread routerThread = new Thread(router, "alert-router");
    routerThread.start();
    WorkerHealth health = startHealth(env(System.getenv(), "TRUELIFT_WORKER_HEALTH_PORT", "0"), factory, routerThread, service, jdbi);
    log.info(
        "TrueLift worker up: Temporal {} namespace {}, task queues {} and {}, Kafka {}, alerts from"
            + " {}, analyst {}, measurement after {} s, search attributes {}",
        s.temporalAddress(),
        s.namespace(),
        TaskQueues.ALERTS,
        TaskQueues.RETRAINING,
        s.kafkaBootstrapServers(),
        s.alertsTopic(),
        lifecycle.analyst(),
        lifecycle.measurementWaitSeconds(),
        indexed ? "registered" : "off");

    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Shutting down: router, then worker");
                  router.close();
                  try {
                    routerThread.join(TimeUnit.SECONDS.toMillis(10));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  // Lets running activities finish (they are idempotent if cut short anyway).
                  factory.shutdown();
                  factory.awaitTermination(20, TimeUnit.SECONDS);
                  if (health != null) {
                    health.close();
                  }
                  publisher.close();
                  if (gemini != null) {
                    gemini.close();
                  }
                  activeModel.close();
                  service.shutdown();
                  log.info("Worker stopped");
                },
                "truelift-shutdown"));
    routerThread.join();
  }

  /**
   * The XGBoost trainer when {@code TRUELIFT_MODEL_DIR} is set (the directory is created if
   * missing and must be writable); otherwise the explicit {@link UnconfiguredTrainer}, and every
   * retraining run ends SKIPPED saying why. Either way the start-up log says which.
   */
  static BaselineTrainer trainer(Optional<TrainingSettings> training, Jdbi jdbi) {
    if (training.isEmpty()) {
      log.warn("Retraining: {}; every run ends SKIPPED", UnconfiguredTrainer.REASON);
      return new UnconfiguredTrainer();
    }
    TrainingSettings t = training.get();
    try {
      Files.createDirectories(t.modelDir());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "%s must be a directory the worker can create and write, got \"%s\": %s"
              .formatted(TrainingSettings.MODEL_DIR, t.modelDir(), e.getMessage()),
          e);
    }
    if (!Files.isWritable(t.modelDir())) {
      throw new IllegalArgumentException(
          "%s must be writable by the worker, got \"%s\""
              .formatted(TrainingSettings.MODEL_DIR, t.modelDir()));
    }
    if (t.historyFile() != null && !Files.isRegularFile(t.historyFile())) {
      log.warn(
          "Retraining: {} \"{}\" does not exist (yet); runs read windowed_sales only until it does",
          TrainingSettings.HISTORY,
          t.historyFile());
    }
    log.info("Retraining: {}", t.describe());
    return new XgboostBaselineTrainer(jdbi, t, Clock.systemUTC());
  }

  /** Creates or updates the nightly schedule, retrying while Temporal is unreachable. */
  static void ensureSchedule(WorkflowServiceStubs service, WorkflowClient client, Settings s) {
    ScheduleClient schedules =
        ScheduleClient.newInstance(
            service, ScheduleClientOptions.newBuilder().setNamespace(s.namespace()).build());
    long backoff = 1000;
    while (true) {
      try {
        RetrainingSchedule.Result r =
            RetrainingSchedule.ensure(schedules, client, s.retrainingCron(), s.retraining());
        log.info("Nightly retraining ({}): {}", s.retrainingCron(), r);
        return;
      } catch (RuntimeException e) {
        log.warn("Could not set up the nightly retraining yet (retrying in {} ms): {}", backoff, e.toString());
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }
}
