package io.truelift.workflows;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.truelift.core.contracts.Topics;
import io.truelift.sql.Migrations;
import io.truelift.workflows.alert.AlertActivitiesImpl;
import io.truelift.workflows.alert.AlertDao;
import io.truelift.workflows.alert.AlertLifecycleWorkflowImpl;
import io.truelift.workflows.alert.DeterministicAnalyst;
import io.truelift.workflows.alert.KafkaMarketEventPublisher;
import io.truelift.workflows.router.AlertRouter;
import io.truelift.workflows.router.AlertRouterLoop;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Temporal worker process: hosts {@code AlertLifecycleWorkflow} and its activities on {@link
 * TaskQueues#ALERTS}, and runs the alert router on its own thread. Configured from the environment
 * (see docs/RUNTIME.md and this module's README); stops cleanly on SIGTERM.
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
      long maxWaitSeconds) {

    static Settings from(Map<String, String> env) {
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
          seconds(env, "TRUELIFT_MAX_WAIT_SECONDS"));
    }
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

    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(s.temporalAddress()).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(s.namespace()).build());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TaskQueues.ALERTS);
    worker.registerWorkflowImplementationTypes(AlertLifecycleWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new AlertActivitiesImpl(
            jdbi.onDemand(AlertDao.class),
            publisher,
            new DeterministicAnalyst(),
            Clock.systemUTC()));
    factory.start();

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
                    Clock.systemUTC()));
    Thread routerThread = new Thread(router, "alert-router");
    routerThread.start();
    WorkerHealth health = startHealth(env(System.getenv(), "TRUELIFT_WORKER_HEALTH_PORT", "0"), factory, routerThread, service, jdbi);
    log.info(
        "TrueLift worker up: Temporal {} namespace {}, task queue {}, Kafka {}, alerts from {}",
        s.temporalAddress(),
        s.namespace(),
        TaskQueues.ALERTS,
        s.kafkaBootstrapServers(),
        s.alertsTopic());

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
                  service.shutdown();
                  log.info("Worker stopped");
                },
                "truelift-shutdown"));
    routerThread.join();
  }
}
