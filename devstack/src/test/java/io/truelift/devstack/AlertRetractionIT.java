package io.truelift.devstack;

import static io.truelift.devstack.FaultSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A retraction on {@code cannibalization-alerts} through the real processes (Kafka broker,
 * Temporal test server, H2, worker, API): the worker's router signals it to the alert's running
 * lifecycle, which ends {@code RETRACTED} with a timeline notice the API serves and its status
 * filter accepts; the retraction of an alert nobody raised starts no workflow, however often it
 * comes; an invalid retraction goes to {@code dead-letters}.
 */
class AlertRetractionIT {
  private static DevStack stack;
  private static Path work;

  @BeforeAll
  static void startStack() throws Exception {
    work = FaultSupport.workDir("retraction");
    stack = DevStack.start(FaultSupport.infraConfig(work));
    stack.startWorker();
    stack.startApi();
    stack.awaitApi();
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
      FaultSupport.assertPortsClosed(stack.config());
    }
  }

  /** A retraction of {@code promotionId}'s alert in the contract's shape (see docs/event-contracts.md). */
  static String retractionJson(String promotionId) {
    return ("{\"schemaVersion\":1,\"type\":\"RETRACTION\",\"alertId\":\"%s-e1\",\"promotionId\":\"%s\","
            + "\"windowStart\":\"2026-01-05T09:20:00Z\",\"windowEnd\":\"2026-01-05T11:01:00Z\","
            + "\"retractedAt\":\"2026-01-05T11:01:00Z\",\"reason\":\"Late data corrected the windows\"}")
        .formatted(promotionId, promotionId);
  }

  private static JsonNode alert(String alertId) throws Exception {
    FaultSupport.Response r = FaultSupport.get(stack.apiUrl() + "/api/alerts/" + alertId);
    return r.status() == 200 ? r.json() : null;
  }

  /** The details of the alert's RETRACTED timeline entries. */
  private static String[] notices(JsonNode alert) {
    return StreamSupport.stream(alert.get("timeline").spliterator(), false)
        .filter(e -> e.get("kind").asText().equals("RETRACTED"))
        .map(e -> e.get("detail").asText())
        .toArray(String[]::new);
  }

  @Test
  void retractionEndsTheRunningLifecycleAndStartsNoneForAnUnknownAlert() throws Exception {
    String bootstrap = stack.config().kafkaBootstrap();
    FaultSupport.publish(bootstrap, "cannibalization-alerts", Map.of("P-RT-1-e1", FaultSupport.alertJson("P-RT-1")));
    await(stack, "P-RT-1-e1 ANALYSED", Duration.ofMinutes(2), () -> {
      JsonNode a = alert("P-RT-1-e1");
      return a != null && a.get("status").asText().equals("ANALYSED") ? Optional.of(true) : Optional.empty();
    });

    Map<String, String> messages = new LinkedHashMap<>();
    messages.put("P-RT-1-e1", retractionJson("P-RT-1"));
    messages.put("P-RT-NONE-e1", retractionJson("P-RT-NONE"));
    FaultSupport.publish(bootstrap, "cannibalization-alerts", messages);
    FaultSupport.publish(bootstrap, "cannibalization-alerts", Map.of("P-RT-NONE-e1", retractionJson("P-RT-NONE")));
    FaultSupport.publish(
        bootstrap, "cannibalization-alerts",
        Map.of("P-RT-BAD-e1", retractionJson("P-RT-BAD").replace("\"type\":\"RETRACTION\"", "\"type\":\"UNDO\"")));

    // The status is written before the notice: wait for both.
    JsonNode retracted = await(stack, "P-RT-1-e1 RETRACTED with its notice", Duration.ofMinutes(2), () -> {
      JsonNode a = alert("P-RT-1-e1");
      return a != null && a.get("status").asText().equals("RETRACTED") && notices(a).length > 0
          ? Optional.of(a) : Optional.empty();
    });
    assertThat(notices(retracted)).containsExactly("Retracted by the pipeline: Late data corrected the windows");
    FaultSupport.Response list = FaultSupport.get(stack.apiUrl() + "/api/alerts?status=RETRACTED");
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().get("items")).extracting(i -> i.get("alertId").asText()).containsExactly("P-RT-1-e1");

    JsonNode dead = await(stack, "the invalid retraction dead-lettered", Duration.ofMinutes(1), () ->
        FaultSupport.readAll(bootstrap, "dead-letters").stream()
            .map(r -> FaultSupport.parse(r.value()))
            .filter(d -> d.get("rawPayload").asText().contains("P-RT-BAD"))
            .findFirst());
    assertThat(dead.get("field").asText()).isEqualTo("type");
    assertThat(dead.get("consumer").asText()).isEqualTo("alert-router");

    // The unknown alert's two retractions: both skipped, nothing started.
    Path log = stack.process("worker").log();
    await(stack, "both retractions of P-RT-NONE-e1 skipped", Duration.ofMinutes(1), () ->
        FaultSupport.countLogLines(log, "Retraction of alert P-RT-NONE-e1: no running workflow") == 2
            ? Optional.of(true) : Optional.empty());
    assertThat(FaultSupport.workflowRuns(log, "P-RT-NONE-e1")).isEmpty();
    assertThat(alert("P-RT-NONE-e1")).isNull();
    assertThat(Files.readString(log)).contains("Delivered the retraction of alert P-RT-1-e1");
  }
}
