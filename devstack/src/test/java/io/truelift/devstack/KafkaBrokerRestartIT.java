package io.truelift.devstack;

import static io.truelift.devstack.FaultSupport.await;
import static io.truelift.devstack.FaultSupport.parse;
import static io.truelift.devstack.FaultSupport.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fault: the Kafka broker crashes (SIGKILL) while the simulator streams sales and the pipeline
 * detects, and comes back 10 s later on the same data directory. Nothing may be lost or counted
 * twice: every sale the seeded simulator generates (compared with a file run of the same seed) is
 * on {@code shopping-events} (a retried batch may appear twice there: delivery is at-least-once),
 * every closed window of {@code windowed_stats} carries the exact units of those sales, and P-HIGH
 * raises exactly one alert (one record on the alerts topic, one workflow, one row in the API)
 * while P-NONE raises none.
 */
class KafkaBrokerRestartIT {
  private static final String TEST = "KafkaBrokerRestartIT";
  private static final Duration SIMULATED = Duration.ofHours(3);
  private static final int COMPRESSION = 240;
  private static final Duration OUTAGE = Duration.ofSeconds(10);

  private DevStack stack;

  @AfterEach
  void stop() {
    if (stack != null) {
      stack.close();
      FaultSupport.assertPortsClosed(stack.config());
    }
  }

  @Test
  void brokerCrashDuringStreamingLosesNoEventAndDuplicatesNoAlert() throws Exception {
    Path work = FaultSupport.workDir("kafka-restart");
    stack = DevStack.start(FaultSupport.infraConfig(work));
    String bootstrap = stack.config().kafkaBootstrap();
    stack.startApi();
    stack.startWorker();
    stack.startPipeline();
    FaultSupport.cacheHistory(work);
    stack.awaitApi();

    // The reference: the same seeded run written to a file (no pacing, no Kafka).
    Path reference = work.resolve("reference.jsonl");
    stack.runToCompletion(
        "simulator-reference",
        "simulator",
        "io.truelift.simulator.SimulatorMain",
        List.of(
            "--sink", "jsonl", "--scenario", "e2e", "--seed", String.valueOf(FaultSupport.SEED),
            "--duration", SIMULATED.toHours() + "h", "--out", reference.toString()),
        Duration.ofMinutes(2));
    List<JsonNode> expected = Files.readAllLines(reference).stream().map(FaultSupport::parse).toList();

    ManagedProcess simulator =
        stack.startSimulator(
            List.of(
                "--scenario", "e2e", "--seed", String.valueOf(FaultSupport.SEED),
                "--duration", SIMULATED.toHours() + "h",
                "--time-compression", String.valueOf(COMPRESSION)));

    // Crash the broker 40 simulated minutes into P-HIGH (it starts at 09:20), before the alert.
    await(
        stack,
        "1,000 sales on shopping-events",
        Duration.ofMinutes(2),
        () -> FaultSupport.endOffset(bootstrap, "shopping-events") >= 1000 ? Optional.of(true) : Optional.empty());
    long before = FaultSupport.endOffset(bootstrap, "shopping-events");
    long killedAt = System.nanoTime();
    stack.stop("kafka", true);
    Thread.sleep(OUTAGE.toMillis());
    stack.restart("kafka");
    double downSeconds = (System.nanoTime() - killedAt) / 1e9;
    report(TEST, "broker down %.1f s (SIGKILL at %d sales, restart on the same log dirs)".formatted(downSeconds, before));

    int exit = simulator.waitFor(Duration.ofMinutes(3));
    assertThat(exit).as("simulator exit code (a failed send fails the run)\n%s", simulator.tail(20)).isZero();
    stack.stop("simulator", false);

    // 1. Every generated sale is on the topic, unchanged. A copy may appear twice: a broker that
    // crashes with a batch appended but not acknowledged can accept the producer's retry again
    // (its idempotence state does not always survive an unclean restart of a single replica).
    // Delivery is at-least-once; the pipeline counts each eventId once, checked in 2.
    Map<String, JsonNode> byId = new HashMap<>();
    expected.forEach(e -> byId.put(e.get("eventId").asText(), e));
    Map<String, Integer> seen = new HashMap<>();
    for (ConsumerRecord<String, String> r : FaultSupport.readAll(bootstrap, "shopping-events")) {
      JsonNode e = parse(r.value());
      String id = e.get("eventId").asText();
      seen.merge(id, 1, Integer::sum);
      assertThat(e).as("sale %s as sent", id).isEqualTo(byId.get(id));
    }
    long missing = expected.stream().filter(e -> !seen.containsKey(e.get("eventId").asText())).count();
    long doubled = seen.values().stream().filter(n -> n > 1).count();
    report(
        TEST,
        "shopping-events: %d generated, all %d on the topic (%d missing), %d written twice by the retry after the crash"
            .formatted(expected.size(), seen.size(), missing, doubled));
    assertThat(missing).as("sales lost").isZero();
    assertThat(seen).hasSameSizeAs(expected);

    // 2. Every closed window's stats equal the reference sums (the pipeline saw every sale once).
    Instant lastEvent =
        expected.stream().map(e -> Instant.parse(e.get("eventTime").asText())).max(Instant::compareTo).orElseThrow();
    // On-time panes fire when the watermark (newest event - 30 s) passes the window end.
    Instant closedBy = lastEvent.minusSeconds(30 + 60);
    Map<String, Long> expectedUnits = new TreeMap<>();
    for (JsonNode e : expected) {
      Instant t = Instant.parse(e.get("eventTime").asText());
      Instant windowStart = Instant.ofEpochSecond(t.getEpochSecond() / 60 * 60);
      if (!windowStart.plusSeconds(60).isAfter(closedBy)) {
        expectedUnits.merge(e.get("sku").asText() + "@" + windowStart, e.get("units").asLong(), Long::sum);
      }
    }
    Map<String, Long> statUnits =
        await(
            stack,
            "windowed_stats up to " + closedBy,
            // The DirectRunner needs well under a minute here; a machine shared with other builds
            // can make it several times slower.
            Duration.ofMinutes(6),
            () -> {
              Map<String, Long> last = new TreeMap<>();
              Instant newest = Instant.EPOCH;
              for (ConsumerRecord<String, String> r : FaultSupport.readAll(bootstrap, "windowed_stats")) {
                JsonNode s = parse(r.value());
                Instant start = Instant.parse(s.get("windowStart").asText());
                Instant end = Instant.parse(s.get("windowEnd").asText());
                newest = end.isAfter(newest) ? end : newest;
                if (!end.isAfter(closedBy) && s.get("units").asLong() > 0) {
                  last.put(s.get("sku").asText() + "@" + start, s.get("units").asLong()); // later panes win
                }
              }
              return newest.isBefore(closedBy) ? Optional.empty() : Optional.of(last);
            });
    List<String> wrong = new ArrayList<>();
    expectedUnits.forEach(
        (k, units) -> {
          if (!units.equals(statUnits.get(k))) {
            wrong.add(k + " expected " + units + " got " + statUnits.get(k));
          }
        });
    statUnits.keySet().stream().filter(k -> !expectedUnits.containsKey(k)).forEach(k -> wrong.add(k + " unexpected"));
    report(
        TEST,
        "windowed_stats: %d closed (sku, window) cells with sales, %d differ from the reference"
            .formatted(expectedUnits.size(), wrong.size()));
    assertThat(wrong).as("windows whose units differ from the generated sales").isEmpty();

    // 3. Exactly one alert for P-HIGH, end to end; none for P-NONE.
    JsonNode alert =
        await(
            stack,
            "the P-HIGH alert in the API",
            Duration.ofMinutes(4),
            () -> {
              for (JsonNode a : FaultSupport.get(stack.apiUrl() + "/api/alerts?limit=500").json().get("items")) {
                if (a.get("promotionId").asText().equals("P-HIGH")) {
                  return Optional.of(a);
                }
              }
              return Optional.empty();
            });
    String alertId = alert.get("alertId").asText();
    List<JsonNode> items = new ArrayList<>();
    FaultSupport.get(stack.apiUrl() + "/api/alerts?limit=500").json().get("items").forEach(items::add);
    long onTopic =
        FaultSupport.readAll(bootstrap, "cannibalization-alerts").stream()
            .filter(r -> parse(r.value()).get("alertId").asText().equals(alertId))
            .count();
    Path workerLog = stack.process("worker").log();
    // The router delivers each alert record by signal-with-start and logs the run it reached:
    // one workflow for the alert = one distinct run id.
    long started;
    try (var lines = Files.lines(workerLog)) {
      started =
          lines.filter(l -> l.contains("Delivered alert " + alertId + " "))
              .map(l -> l.substring(l.lastIndexOf(" run ") + 5).trim())
              .distinct()
              .count();
    }
    report(
        TEST,
        "alerts: %s detected at %s; %d record(s) on cannibalization-alerts, %d workflow start(s), %d P-HIGH row(s) in the API, %d P-NONE"
            .formatted(
                alertId,
                alert.get("detectedAt").asText(),
                onTopic,
                started,
                items.stream().filter(a -> a.get("promotionId").asText().equals("P-HIGH")).count(),
                items.stream().filter(a -> a.get("promotionId").asText().equals("P-NONE")).count()));
    assertThat(onTopic).as("alert records on the topic").isEqualTo(1);
    assertThat(started).as("workflows started for the alert").isEqualTo(1);
    assertThat(items).filteredOn(a -> a.get("promotionId").asText().equals("P-HIGH")).hasSize(1);
    assertThat(items).noneMatch(a -> a.get("promotionId").asText().equals("P-NONE"));
  }
}
