package io.truelift.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system on embedded defaults (real Kafka broker, Temporal service, H2, API, worker,
 * Beam pipeline, simulator), driven by the simulator's {@code e2e} scenario: P-HIGH discounts an
 * item with close substitutes, P-NONE an item that has none. An alert must arrive for the first
 * only, and a "stop promotion" must reach the workflow, {@code market_events} and the simulator.
 *
 * <p>A manager works the dashboard in headless Chromium meanwhile ({@link DashboardBrowser}): signed
 * in before the alert exists, they see it arrive without a reload, open it, take the stop through
 * the confirm dialog and see it executed; then a what-if, the effectiveness page, tablet size and
 * sign-out. Screenshots: {@code devstack/target/dashboard-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static DevStack stack;
  private static DashboardBrowser browser;
  private static String alertId;

  @BeforeAll
  static void startSystem() throws Exception {
    Path home = Path.of(System.getProperty("truelift.home", "..")).toAbsolutePath().normalize();
    Path work = home.resolve("devstack/target/e2e-" + UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectories(work);
    stack =
        DevStack.start(
            new StackConfig(
                home, work, freePortOffset(), null, null, "default", null, "sa", "", "e2e", 240, 7,
                false));
    // The manager signs in now, before the simulator's promotion has raised its alert.
    browser =
        DashboardBrowser.start(
            home, stack.apiUrl(), home.resolve("devstack/target/dashboard-screenshots"), "P-HIGH");
    browser.awaitStep("signed-in", Duration.ofMinutes(2));
  }

  @AfterAll
  static void stopSystem() {
    if (browser != null) {
      browser.close();
    }
    if (stack != null) {
      stack.close();
      for (int port :
          List.of(
              stack.config().kafkaPort(),
              stack.config().temporalPort(),
              stack.config().httpPort(),
              stack.config().h2Port())) {
        assertThat(Ports.isListening(port)).as("port %d closed after stop", port).isFalse();
      }
    }
  }

  @Test
  @Order(1)
  void alertArrivesForTheCannibalizingPromotionOnly() throws Exception {
    JsonNode alert =
        await(
            "an alert for P-HIGH",
            Duration.ofMinutes(5),
            () -> alerts().stream().filter(a -> a.get("promotionId").asText().equals("P-HIGH")).findFirst());
    alertId = alert.get("alertId").asText();
    assertThat(alert.get("cannibalizedUnits").asDouble()).isPositive();
    assertThat(alert.get("cannibalizationRate").asDouble()).isBetween(0.05, 1.5);
    // The catalog feed and the simulator's scheduled start on market_events: P-HIGH is ACTIVE,
    // with its product's name and its prices, and counts as an active promotion.
    JsonNode promotion = get("/api/promotions/P-HIGH");
    assertThat(promotion.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(promotion.get("productName").asText()).isEqualTo("Frozen pizza four cheese");
    assertThat(promotion.get("promoPriceCents").asLong()).isEqualTo(359);
    assertThat(promotion.get("regularPriceCents").asLong()).isEqualTo(549);
    assertThat(get("/api/stats").get("activePromotions").asLong()).isPositive();

    // Give P-NONE as much simulated time again as P-HIGH needed to alert: it must stay silent.
    Thread.sleep(45_000);
    stack.checkAlive();
    List<JsonNode> all = alerts();
    assertThat(all).noneMatch(a -> a.get("promotionId").asText().equals("P-NONE"));
    assertThat(all.stream().filter(a -> a.get("promotionId").asText().equals("P-HIGH"))).hasSize(1);

    JsonNode detail =
        await(
            "the workflow to store the alert's analysis",
            Duration.ofMinutes(1),
            () -> {
              JsonNode d = get("/api/alerts/" + alertId);
              return d.get("analysis").isNull() ? Optional.empty() : Optional.of(d);
            });
    assertThat(detail.get("substitutes").size()).isPositive();
    assertThat(detail.get("analysis").get("analyst").asText()).isEqualTo("deterministic");
    // Prices are known (catalog feed): the money figures are computed.
    assertThat(detail.get("estimate").get("basis").asText()).doesNotContain("prices unknown");
    assertThat(detail.get("estimate").get("netMarginCents").isNull()).as("net margin").isFalse();

    // The open dashboard showed the same alert without a reload, then its detail and analysis.
    JsonNode live = browser.awaitStep("live-alert", Duration.ofMinutes(2));
    assertThat(live.get("alertId").asText()).isEqualTo(alertId);
    JsonNode shown = browser.awaitStep("alert-detail", Duration.ofMinutes(2));
    assertThat(shown.get("analyst").asText()).isEqualTo("Deterministic analyst");
    browser.awaitStep("viewer-read-only", Duration.ofMinutes(1));
    browser.awaitStep("waiting-act", Duration.ofMinutes(1));
  }

  @Test
  @Order(2)
  void stopPromotionReachesWorkflowMarketEventsAndSimulator() throws Exception {
    assertThat(alertId).as("an alert from the previous step").isNotNull();
    try (KafkaConsumer<String, String> market = consumer("market_events");
        KafkaConsumer<String, String> sales = consumer("shopping-events");
        KafkaConsumer<String, String> audit = consumer("user-actions")) {
      // The manager stops the promotion in the dashboard and watches the action get executed.
      browser.release("act");
      JsonNode clicked = browser.awaitStep("action-executed", Duration.ofMinutes(3));
      assertThat(clicked.get("alertId").asText()).isEqualTo(alertId);

      JsonNode executed =
          await(
              "the workflow to execute the action",
              Duration.ofMinutes(1),
              () -> {
                JsonNode d = get("/api/alerts/" + alertId);
                JsonNode actions = d.get("actions");
                // The detail is read with several queries, so one answer can straddle the
                // worker's commit (action EXECUTED, alert still ANALYSED): wait for both.
                return actions.size() > 0
                        && actions.get(0).get("status").asText().equals("EXECUTED")
                        && !d.get("status").asText().equals("ANALYSED")
                    ? Optional.of(d)
                    : Optional.empty();
              });
      assertThat(executed.get("status").asText()).isEqualTo("ACTIONED");
      assertThat(executed.get("actions").get(0).get("actor").asText()).isEqualTo("manager");

      // The action is on the user-actions audit stream, keyed by its alert.
      String actionId = executed.get("actions").get(0).get("actionId").asText();
      JsonNode audited =
          await(
              "the action on user-actions",
              Duration.ofMinutes(1),
              () -> {
                for (ConsumerRecord<String, String> r : audit.poll(Duration.ofMillis(500))) {
                  JsonNode a = parse(r.value());
                  if (a.get("actionId").asText().equals(actionId)) {
                    assertThat(r.key()).isEqualTo(alertId);
                    return Optional.of(a);
                  }
                }
                return Optional.empty();
              });
      assertThat(audited.get("type").asText()).isEqualTo("STOP_PROMOTION");
      assertThat(audited.get("actor").asText()).isEqualTo("manager");

      List<JsonNode> stops = new ArrayList<>();
      await(
          "PROMOTION_STOPPED for P-HIGH on market_events",
          Duration.ofMinutes(1),
          () -> {
            for (ConsumerRecord<String, String> r : market.poll(Duration.ofMillis(500))) {
              JsonNode e = parse(r.value());
              if (e.get("type").asText().equals("PROMOTION_STOPPED")
                  && e.get("promotionId").asText().equals("P-HIGH")) {
                stops.add(e);
              }
            }
            return stops.isEmpty() ? Optional.empty() : Optional.of(stops.get(0));
          });

      // The simulator obeys: after it has seen the stop, no new sale carries P-HIGH.
      Thread.sleep(5_000);
      sales.seekToEnd(sales.assignment());
      int seen = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (seen < 200 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : sales.poll(Duration.ofMillis(500))) {
          seen++;
          assertThat(parse(r.value()).path("promotionId").asText(""))
              .as("sale after the stop: %s", r.value())
              .isNotEqualTo("P-HIGH");
        }
      }
      assertThat(seen).as("sales observed after the stop").isGreaterThan(50);
      // The promotion table says what the market did: STOPPED when the stop came before P-HIGH's
      // planned end (the simulator applied it), ENDED when the market had ended it already.
      boolean stoppedEarly =
          Files.readString(stack.config().logDir().resolve("simulator.log"))
              .contains("Applied PROMOTION_STOPPED P-HIGH");
      assertThat(get("/api/promotions/P-HIGH").get("status").asText())
          .isEqualTo(stoppedEarly ? "STOPPED" : "ENDED");
    }
  }

  @Test
  @Order(3)
  void dashboardRunsAWhatIfFitsATabletAndSignsOut() throws Exception {
    // The browser test checks every figure is shown and at least one with its interval.
    JsonNode whatIf = browser.awaitStep("what-if", Duration.ofMinutes(2));
    assertThat(whatIf.get("whatif-margin").asText()).isNotBlank().isNotEqualTo("–");
    browser.awaitSuccess(Duration.ofMinutes(3));
    assertThat(browser.screenshots()).hasSizeGreaterThanOrEqualTo(9).allMatch(Files::isRegularFile);
  }

  /** A port offset at which every port the stack needs is free, so it runs beside other stacks. */
  static int freePortOffset() {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 50; attempt++) {
      int offset = 3000 + random.nextInt(6000);
      StackConfig probe =
          new StackConfig(Path.of("."), Path.of("."), offset, null, null, "default", null, "sa", "", null, 1, 0, false);
      try {
        for (int port :
            List.of(
                probe.kafkaPort(), probe.kafkaControllerPort(), probe.h2Port(), probe.temporalPort(),
                probe.httpPort(), probe.adminPort())) {
          Ports.requireFree("e2e", port);
        }
        return offset;
      } catch (IllegalStateException taken) {
        // try another offset
      }
    }
    throw new IllegalStateException("No free port offset found for the end-to-end stack");
  }

  private static List<JsonNode> alerts() throws IOException, InterruptedException {
    stack.checkAlive();
    List<JsonNode> out = new ArrayList<>();
    get("/api/alerts?limit=500").get("items").forEach(out::add);
    return out;
  }

  private static JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.apiUrl() + path))
                .header("Authorization", FaultSupport.MANAGER)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s -> %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static KafkaConsumer<String, String> consumer(String topic) {
    Properties p = new Properties();
    p.putAll(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
    KafkaConsumer<String, String> c = new KafkaConsumer<>(p);
    List<TopicPartition> partitions =
        c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    c.assign(partitions);
    c.seekToEnd(partitions);
    partitions.forEach(c::position);
    return c;
  }

  private interface Probe<T> {
    Optional<T> get() throws Exception;
  }

  private static <T> T await(String what, Duration timeout, Probe<T> probe) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      stack.checkAlive();
      try {
        Optional<T> v = probe.get();
        if (v.isPresent()) {
          return v.get();
        }
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("Timed out after " + timeout + " waiting for " + what, last);
  }

}
