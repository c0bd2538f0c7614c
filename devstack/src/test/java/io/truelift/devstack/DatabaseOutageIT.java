package io.truelift.devstack;

import static io.truelift.devstack.FaultSupport.await;
import static io.truelift.devstack.FaultSupport.parse;
import static io.truelift.devstack.FaultSupport.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault: PostgreSQL becomes unreachable for 30 s (a proxy between it and the API and worker resets
 * every connection and refuses new ones, as a database restart does) while alerts arrive and a
 * manager acts. The API must answer at once with an error that says the database is unavailable
 * and that the client may retry (503), report it in its health check, and recover by itself; the
 * worker must retry its writes; afterwards every alert is stored exactly once with its analysis
 * and the retried action is executed exactly once.
 */
class DatabaseOutageIT {
  private static final String TEST = "DatabaseOutageIT";
  static final String PG_URL =
      System.getenv().getOrDefault("TRUELIFT_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String PG_USER = System.getenv().getOrDefault("TRUELIFT_TEST_PG_USER", "postgres");
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final String STOP = "{\"type\":\"STOP_PROMOTION\"}";

  private DevStack stack;
  private FaultProxy database;
  private String schema;

  @AfterEach
  void stop() throws SQLException {
    if (stack != null) {
      stack.close();
    }
    if (database != null) {
      database.close();
    }
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "")) {
        c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void postgresUnreachableForThirtySecondsLosesNothing() throws Exception {
    schema = "fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(PG_URL + "?connectTimeout=3", PG_USER, "")) {
      c.createStatement().execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      schema = null;
      assumeTrue(System.getenv("CI") != null, "PostgreSQL at " + PG_URL + " unreachable and CI unset: " + e.getMessage());
      throw e;
    }
    java.net.URI pg = java.net.URI.create(PG_URL.substring("jdbc:".length()));
    database = FaultProxy.start(pg.getHost(), pg.getPort());
    String url = "jdbc:postgresql://127.0.0.1:%d%s?currentSchema=%s".formatted(database.port(), pg.getPath(), schema);

    Path work = FaultSupport.workDir("db-outage");
    StackConfig c = FaultSupport.infraConfig(work);
    stack =
        DevStack.start(
            new StackConfig(
                c.home(), c.workDir(), c.portOffset(), null, null, "default", url, PG_USER, "", null, 1,
                FaultSupport.SEED, true));
    int workerHealthPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      workerHealthPort = s.getLocalPort();
    }
    stack.startWorker(Map.of("TRUELIFT_WORKER_HEALTH_PORT", String.valueOf(workerHealthPort)));
    String workerHealth = "http://localhost:" + workerHealthPort + "/healthz/";
    stack.startApi();
    stack.awaitApi();
    String bootstrap = stack.config().kafkaBootstrap();
    String health = "http://localhost:" + stack.config().adminPort() + "/healthcheck";

    FaultSupport.publish(bootstrap, "cannibalization-alerts", Map.of("P-DB-1", FaultSupport.alertJson("P-DB-1")));
    awaitAnalysed(List.of("P-DB-1-e1"), Duration.ofMinutes(1));

    // The outage.
    database.refuse();
    long cutAt = System.nanoTime();
    Map<String, String> during = new LinkedHashMap<>();
    for (int i = 2; i <= 4; i++) {
      during.put("P-DB-" + i, FaultSupport.alertJson("P-DB-" + i));
    }
    FaultSupport.publish(bootstrap, "cannibalization-alerts", during);

    long t = System.nanoTime();
    FaultSupport.Response list = FaultSupport.get(stack.apiUrl() + "/api/alerts");
    double listSeconds = (System.nanoTime() - t) / 1e9;
    t = System.nanoTime();
    FaultSupport.Response action = FaultSupport.postAction(stack.apiUrl(), "P-DB-1-e1", STOP);
    double actionSeconds = (System.nanoTime() - t) / 1e9;
    FaultSupport.Response healthDuring = FaultSupport.get(health);
    FaultSupport.Response workerLive = FaultSupport.get(workerHealth + "live");
    FaultSupport.Response workerReady = FaultSupport.get(workerHealth + "ready");
    report(TEST, "during the outage: worker /healthz/live -> %d, /healthz/ready -> %d %s".formatted(workerLive.status(), workerReady.status(), workerReady.body().strip()));
    assertThat(workerLive.status()).as("a database outage must not restart the worker").isEqualTo(200);
    assertThat(workerReady.status()).isEqualTo(503);
    assertThat(workerReady.body()).contains("database:");
    report(TEST, "during the outage: GET /api/alerts -> %d in %.2f s: %s".formatted(list.status(), listSeconds, list.body()));
    report(TEST, "during the outage: POST action -> %d in %.2f s: %s".formatted(action.status(), actionSeconds, action.body()));
    report(TEST, "during the outage: /healthcheck -> %d %s".formatted(healthDuring.status(), healthDuring.json().get("database")));
    assertThat(list.status()).as(list.body()).isEqualTo(503);
    assertThat(list.body()).contains("database").contains("retry");
    assertThat(action.status()).as(action.body()).isEqualTo(503);
    assertThat(listSeconds).isLessThan(10);
    assertThat(actionSeconds).isLessThan(10);
    assertThat(healthDuring.status()).isEqualTo(500);
    assertThat(healthDuring.json().get("database").get("healthy").asBoolean()).isFalse();

    Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - cutAt) / 1_000_000));
    stack.checkAlive();
    // Each failed attempt of the worker's first write is logged by the SDK and retried with backoff.
    long workerRetries = FaultSupport.countLogLines(stack.process("worker").log(), "activityType=PersistAlert");
    assertThat(workerRetries).as("failed PersistAlert attempts retried during the outage").isGreaterThanOrEqualTo(3);
    database.heal();
    long healedAt = System.nanoTime();

    // Recovery: the API's first answers after the outage, then its health.
    int failedAfterHeal = 0;
    while (true) {
      FaultSupport.Response r = FaultSupport.get(stack.apiUrl() + "/api/alerts");
      if (r.status() == 200) {
        break;
      }
      failedAfterHeal++;
      assertThat(System.nanoTime() - healedAt).as("API recovery").isLessThan(Duration.ofSeconds(30).toNanos());
      Thread.sleep(200);
    }
    double apiRecovered = (System.nanoTime() - healedAt) / 1e9;
    await(stack, "a healthy /healthcheck", Duration.ofSeconds(30), () -> FaultSupport.get(health).status() == 200 ? Optional.of(true) : Optional.empty());
    double healthRecovered = (System.nanoTime() - healedAt) / 1e9;
    await(stack, "the worker ready again", Duration.ofSeconds(30), () -> FaultSupport.get(workerHealth + "ready").status() == 200 ? Optional.of(true) : Optional.empty());
    awaitAnalysed(List.of("P-DB-2-e1", "P-DB-3-e1", "P-DB-4-e1"), Duration.ofMinutes(2));
    double alertsRecovered = (System.nanoTime() - healedAt) / 1e9;

    FaultSupport.Response retried = FaultSupport.postAction(stack.apiUrl(), "P-DB-1-e1", STOP);
    assertThat(retried.status()).as(retried.body()).isEqualTo(202);
    String actionId = retried.json().get("actionId").asText();
    JsonNode done =
        await(
            stack,
            "the retried action EXECUTED",
            Duration.ofMinutes(1),
            () -> {
              JsonNode d = FaultSupport.get(stack.apiUrl() + "/api/alerts/P-DB-1-e1").json();
              return d.get("actions").size() > 0 && d.get("actions").get(0).get("status").asText().equals("EXECUTED")
                  ? Optional.of(d)
                  : Optional.empty();
            });
    assertThat(done.get("actions")).hasSize(1);
    assertThat(done.get("actions").get(0).get("actionId").asText()).isEqualTo(actionId);
    List<String> marketEventIds =
        FaultSupport.readAll(bootstrap, "market_events").stream()
            .map(r -> parse(r.value()).get("eventId").asText())
            .toList();
    assertThat(marketEventIds.stream().filter(("action-" + actionId)::equals).count())
        .as("market events of the retried action %s among %s", actionId, marketEventIds)
        .isEqualTo(1);

    JsonNode all = FaultSupport.get(stack.apiUrl() + "/api/alerts?limit=500").json();
    assertThat(all.get("total").asInt()).as("alerts stored").isEqualTo(4);
    for (int i = 1; i <= 4; i++) {
      JsonNode d = FaultSupport.get(stack.apiUrl() + "/api/alerts/P-DB-" + i + "-e1").json();
      assertThat(d.get("substitutes")).as("substitutes of P-DB-%d", i).hasSize(2);
      assertThat(d.get("analysis").isNull()).as("analysis of P-DB-%d", i).isFalse();
      assertThat(FaultSupport.workflowRuns(stack.process("worker").log(), "P-DB-" + i + "-e1"))
          .as("workflow runs of P-DB-%d", i)
          .hasSize(1);
    }
    report(
        TEST,
        ("after %d s: API answered 200 %.1f s after the database came back (%d failed requests first), healthy after %.1f s;"
                + " the 3 alerts raised during the outage were stored and analysed %.1f s after it (%d failed PersistAlert attempts retried by Temporal during the outage);"
                + " the retried action executed once; 4 alerts, each stored once with its analysis")
            .formatted(OUTAGE.toSeconds(), apiRecovered, failedAfterHeal, healthRecovered, alertsRecovered, workerRetries));
  }

  private void awaitAnalysed(List<String> alertIds, Duration timeout) throws Exception {
    for (String id : alertIds) {
      await(
          stack,
          id + " ANALYSED",
          timeout,
          () -> {
            FaultSupport.Response r = FaultSupport.get(stack.apiUrl() + "/api/alerts/" + id);
            return r.status() == 200 && r.json().get("status").asText().equals("ANALYSED") ? Optional.of(true) : Optional.empty();
          });
    }
  }
}
