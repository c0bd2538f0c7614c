package io.truelift.devstack;

import static io.truelift.devstack.FaultSupport.await;
import static io.truelift.devstack.FaultSupport.parse;
import static io.truelift.devstack.FaultSupport.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fault: the API restarts while managers act on alerts. An action is either refused with an error
 * the client can retry (the connection is refused or reset, never a silent success), or executed
 * exactly once: one {@code user_action} row, EXECUTED, one {@code action-<id>} event on {@code
 * market_events}. Three cases on real processes (H2, Kafka, Temporal, worker, API): the API down
 * for a restart; the API killed after it stored an action but before it signalled the workflow
 * (made certain by freezing Temporal with SIGSTOP while the request is in flight); and the API
 * killed at a random point while a client posts actions to 20 alerts, retrying each until it gets
 * an answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiRestartIT {
  private static final String TEST = "ApiRestartIT";
  private static final int LOAD_ALERTS = 20;
  private static final String STOP = "{\"type\":\"STOP_PROMOTION\"}";

  private static DevStack stack;
  private static FaultProxy temporalLink;

  @BeforeAll
  static void start() throws Exception {
    Path work = FaultSupport.workDir("api-restart");
    stack = DevStack.start(FaultSupport.infraConfig(work));
    stack.startWorker();
    // The API reaches Temporal through a proxy, so a test can cut its signals off.
    temporalLink = FaultProxy.start("localhost", stack.config().temporalPort());
    stack.startApi(Map.of("TEMPORAL_ADDRESS", "localhost:" + temporalLink.port()));
    stack.awaitApi();
    Map<String, String> alerts = new LinkedHashMap<>();
    for (String id : alertIds()) {
      alerts.put(id, FaultSupport.alertJson(id.substring(0, id.length() - 3)));
    }
    FaultSupport.publish(stack.config().kafkaBootstrap(), "cannibalization-alerts", alerts);
    await(
        stack,
        alerts.size() + " alerts ANALYSED",
        Duration.ofMinutes(2),
        () -> {
          JsonNode items = FaultSupport.get(stack.apiUrl() + "/api/alerts?status=ANALYSED&limit=500").json();
          return items.get("total").asInt() == alerts.size() ? Optional.of(true) : Optional.empty();
        });
  }

  @AfterAll
  static void stop() {
    if (temporalLink != null) {
      temporalLink.close();
    }
    if (stack != null) {
      stack.close();
      FaultSupport.assertPortsClosed(stack.config());
    }
  }

  static List<String> alertIds() {
    List<String> ids = new ArrayList<>(List.of("P-DOWN-e1", "P-CUT-e1"));
    IntStream.rangeClosed(1, LOAD_ALERTS).forEach(i -> ids.add("P-LOAD-%02d-e1".formatted(i)));
    return ids;
  }

  @Test
  @Order(1)
  void actionWhileTheApiIsDownIsRefusedThenExecutedOnceOnRetry() throws Exception {
    stack.stop("api", false);
    assertThatThrownBy(() -> FaultSupport.postAction(stack.apiUrl(), "P-DOWN-e1", STOP))
        .isInstanceOf(ConnectException.class);
    stack.restart("api");
    FaultSupport.Response retried = FaultSupport.postAction(stack.apiUrl(), "P-DOWN-e1", STOP);
    // 202, or 503 when the restarted API's first call to Temporal is slow: then the action is
    // stored and the API says it signals it in the background. Either way it runs exactly once.
    assertThat(retried.status()).as(retried.body()).isIn(202, 503);
    if (retried.status() == 503) {
      assertThat(retried.body()).contains("is recorded with status REQUESTED");
    }
    String actionId = actionRow("P-DOWN-e1").orElseThrow()[0];
    if (retried.status() == 202) {
      assertThat(retried.json().get("actionId").asText()).isEqualTo(actionId);
    }
    assertExecutedOnce("P-DOWN-e1", actionId);
    report(TEST, "API down: POST refused (ConnectException); retry after the restart answered %d, executed once".formatted(retried.status()));
  }

  @Test
  @Order(2)
  void actionStoredButNotSignalledWhenTheApiDiesIsStillExecutedOnce() throws Exception {
    // The API's signal now goes nowhere: it stores the action, then waits on Temporal.
    temporalLink.blackhole();
    CompletableFuture<Object> inFlight =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return FaultSupport.postAction(stack.apiUrl(), "P-CUT-e1", STOP);
              } catch (IOException | InterruptedException e) {
                return e;
              }
            });
    String stored;
    try {
      stored = await(stack, "the action row of P-CUT-e1", Duration.ofSeconds(20), () -> actionRow("P-CUT-e1").map(r -> r[0]));
      stack.stop("api", true);
    } finally {
      temporalLink.heal();
    }
    Object answer = inFlight.get();
    assertThat(answer).as("the client's answer to the cut request").isInstanceOf(IOException.class);
    stack.restart("api");

    // The client cannot know the action was stored; it retries and learns it exists.
    FaultSupport.Response retried = FaultSupport.postAction(stack.apiUrl(), "P-CUT-e1", STOP);
    assertThat(retried.status()).as(retried.body()).isEqualTo(409);
    assertThat(retried.json().get("message").asText()).contains("already has an action");
    long t0 = System.nanoTime();
    assertExecutedOnce("P-CUT-e1", stored);
    report(
        TEST,
        "API killed between storing and signalling: client got %s, retry 409; stored action executed once %.1f s after the restart"
            .formatted(answer.getClass().getSimpleName(), (System.nanoTime() - t0) / 1e9));
  }

  @Test
  @Order(3)
  void crashWhileActionsArePostedLosesAndDuplicatesNone() throws Exception {
    Map<String, List<String>> outcomes = new ConcurrentHashMap<>();
    Map<String, String> accepted = new ConcurrentHashMap<>();
    List<String> load = alertIds().subList(2, alertIds().size());
    CompletableFuture<Void> client =
        CompletableFuture.runAsync(
            () -> {
              for (String alertId : load) {
                postUntilAnswered(alertId, outcomes, accepted);
              }
            });
    await(stack, "5 accepted actions", Duration.ofMinutes(1), () -> accepted.size() >= 5 ? Optional.of(true) : Optional.empty());
    stack.stop("api", true);
    Thread.sleep(2000);
    stack.restart("api");
    client.get();

    long refused = outcomes.values().stream().flatMap(List::stream).filter(o -> o.startsWith("io:")).count();
    long conflicts = outcomes.values().stream().filter(l -> l.get(l.size() - 1).equals("409")).count();
    for (String alertId : load) {
      String[] row = actionRow(alertId).orElseThrow(() -> new AssertionError("no action stored for " + alertId + ": " + outcomes.get(alertId)));
      if (accepted.containsKey(alertId)) {
        assertThat(row[0]).as("stored action of %s is the one the client was given", alertId).isEqualTo(accepted.get(alertId));
      }
      assertExecutedOnce(alertId, row[0]);
    }
    report(
        TEST,
        "crash under load: %d alerts, %d requests failed with an I/O error and were retried, %d ended in 409 (stored before the crash), all %d executed exactly once"
            .formatted(load.size(), refused, conflicts, load.size()));
  }

  /** Posts until a definitive answer (202 or 409), retrying I/O errors for up to a minute. */
  private static void postUntilAnswered(
      String alertId, Map<String, List<String>> outcomes, Map<String, String> accepted) {
    List<String> log = outcomes.computeIfAbsent(alertId, k -> new ArrayList<>());
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        FaultSupport.Response r = FaultSupport.postAction(stack.apiUrl(), alertId, STOP);
        log.add(String.valueOf(r.status()));
        if (r.status() == 202) {
          accepted.put(alertId, r.json().get("actionId").asText());
          return;
        }
        if (r.status() == 409) {
          return;
        }
      } catch (IOException e) {
        log.add("io:" + e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError("No answer for " + alertId + " within a minute: " + log);
  }

  /** Exactly one action row, EXECUTED, and exactly one market event for it. */
  private static void assertExecutedOnce(String alertId, String actionId) throws Exception {
    await(
        stack,
        "action " + actionId + " of " + alertId + " EXECUTED",
        Duration.ofSeconds(90),
        () -> actionRow(alertId).filter(r -> r[1].equals("EXECUTED")).map(r -> r));
    assertThat(actionRows(alertId)).as("action rows of %s", alertId).isEqualTo(1);
    long events = 0;
    for (ConsumerRecord<String, String> r : FaultSupport.readAll(stack.config().kafkaBootstrap(), "market_events")) {
      if (parse(r.value()).get("eventId").asText().equals("action-" + actionId)) {
        events++;
      }
    }
    assertThat(events).as("market events for action %s", actionId).isEqualTo(1);
  }

  /** {actionId, status} of the alert's action, if one is stored. */
  private static Optional<String[]> actionRow(String alertId) throws Exception {
    try (Connection c = DriverManager.getConnection(stack.config().jdbcUrl(), "sa", "");
        PreparedStatement s =
            c.prepareStatement("SELECT action_id, status FROM user_action WHERE alert_id = ?")) {
      s.setString(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new String[] {r.getString(1), r.getString(2)}) : Optional.empty();
      }
    }
  }

  private static int actionRows(String alertId) throws Exception {
    try (Connection c = DriverManager.getConnection(stack.config().jdbcUrl(), "sa", "");
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM user_action WHERE alert_id = ?")) {
      s.setString(1, alertId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }
}
