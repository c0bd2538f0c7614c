package io.truelift.devstack;

import static io.truelift.devstack.FaultSupport.JSON;
import static io.truelift.devstack.FaultSupport.await;
import static io.truelift.devstack.FaultSupport.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detection pipeline on a real Kafka broker (its own process, as the devstack runs it) and on
 * the runner local runs use (Flink {@code [local]}): KafkaIO reads {@code shopping-events} and
 * {@code market_events} with event-time timestamps and writes {@code windowed_stats}, {@code
 * cannibalization-alerts} and {@code dead-letters}; JdbcIO upserts the database. A promotion
 * started on {@code market_events} whose substitutes stop selling raises one alert; invalid events
 * of both topics reach the dead letters with their reason; after a restart (which re-reads both
 * topics from the start) the alert is not published a second time.
 */
class PipelineKafkaIT {
  private static final String PROMOTION = "P-KAFKA-IT";
  private static DevStack stack;
  private static Path work;

  @BeforeAll
  static void startInfrastructure() throws Exception {
    work = FaultSupport.workDir("pipeline-kafka");
    stack = DevStack.start(FaultSupport.infraConfig(work));
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      FaultSupport.cacheHistory(work);
      stack.close();
      FaultSupport.assertPortsClosed(stack.config());
    }
  }

  /** One product of the history's catalog. */
  record Product(String sku, String category, String subCategory, long regularPriceCents, long sales) {}

  @Test
  void kafkaInAndOutOnFlinkWithOneAlertAcrossARestart() throws Exception {
    // A fixed threshold and small minimums, so that a few silent minutes decide.
    stack.startPipeline(
        List.of(
            "--falseAlarmRate=0", "--cusumThreshold=1.0", "--minExpectedSubstituteUnits=3",
            "--minCannibalizedUnits=3", "--minLostMarginCents=0", "--maxOutOfOrderSeconds=5"));
    Path history = work.resolve("history-seed" + FaultSupport.SEED + ".jsonl");
    Map<String, Product> catalog = new TreeMap<>();
    Instant lastHistory = catalog(history, catalog);
    // The busiest sub-category with at least three products: promote its best seller.
    Map<String, List<Product>> bySub = new HashMap<>();
    catalog.values().forEach(p -> bySub.computeIfAbsent(p.subCategory(), k -> new ArrayList<>()).add(p));
    List<Product> sub =
        bySub.values().stream().filter(l -> l.size() >= 3)
            .max((a, b) -> Long.compare(a.stream().mapToLong(Product::sales).sum(), b.stream().mapToLong(Product::sales).sum()))
            .orElseThrow();
    sub.sort((a, b) -> Long.compare(b.sales(), a.sales()));
    Product promoted = sub.get(0);
    Instant t0 = lastHistory.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));

    String bootstrap = stack.config().kafkaBootstrap();
    try (KafkaProducer<String, String> producer = producer(bootstrap)) {
      send(producer, "market_events", promoted.sku(), market("it-start", t0, promoted), t0);
      send(producer, "market_events", "NO-SUCH", market("it-bad", t0, promoted).replace(promoted.sku(), "NO-SUCH-SKU"), t0);
      // Twenty minutes: the promoted product sells 3 a minute; its substitutes sell nothing.
      for (int m = 0; m < 20; m++) {
        for (int i = 0; i < 3; i++) {
          Instant at = t0.plusSeconds(60L * m + 5 + 15L * i);
          send(producer, "shopping-events", promoted.sku(), sale("it-" + m + "-" + i, at, promoted, PROMOTION), at);
        }
      }
      Instant bad = t0.plusSeconds(30);
      send(producer, "shopping-events", "bad", "{not json", bad);
      send(producer, "shopping-events", "bad", sale("it-neg", bad, promoted, null).replace("\"units\":1", "\"units\":-2"), bad);
      // Moves the watermark past the twenty minutes.
      Instant end = t0.plusSeconds(60L * 22);
      send(producer, "shopping-events", promoted.sku(), sale("it-end", end, promoted, null), end);
      producer.flush();
    }

    JsonNode alert =
        await(stack, "the alert for " + PROMOTION + " on cannibalization-alerts", Duration.ofMinutes(4),
            () -> alerts(bootstrap).stream().findFirst());
    assertThat(alert.get("alertId").asText()).isEqualTo(PROMOTION + "-e1");
    assertThat(alert.get("promotedSku").asText()).isEqualTo(promoted.sku());
    assertThat(alert.get("cannibalizedUnits").asDouble()).isPositive();

    List<JsonNode> dead =
        await(stack, "three dead letters", Duration.ofMinutes(1), () -> {
          List<JsonNode> d = readAll(bootstrap, "dead-letters").stream().map(r -> FaultSupport.parse(r.value())).toList();
          return d.size() >= 3 ? Optional.of(d) : Optional.empty();
        });
    assertThat(dead).extracting(d -> d.get("sourceTopic").asText() + " " + d.get("field").asText())
        .containsExactlyInAnyOrder("shopping-events $", "shopping-events units", "market_events sku");

    List<JsonNode> stats =
        readAll(bootstrap, "windowed_stats").stream().map(r -> FaultSupport.parse(r.value()))
            .filter(s -> s.get("sku").asText().equals(promoted.sku())).toList();
    assertThat(stats).isNotEmpty();
    assertThat(stats).allSatisfy(s -> assertThat(s.get("units").asLong()).isBetween(0L, 3L));

    try (Connection c = DriverManager.getConnection(stack.config().jdbcUrl(), "sa", "")) {
      ResultSet rs = c.createStatement().executeQuery(
          "SELECT status, promotion_id FROM detected_alert WHERE alert_id = '" + PROMOTION + "-e1'");
      assertThat(rs.next()).as("detected_alert row").isTrue();
      assertThat(rs.getString(1)).isEqualTo("RAISED");
      var q = c.prepareStatement("SELECT SUM(units) FROM windowed_sales WHERE sku = ? AND window_start < ?");
      q.setString(1, promoted.sku());
      q.setObject(2, t0.plusSeconds(1200).atOffset(java.time.ZoneOffset.UTC));
      ResultSet ws = q.executeQuery();
      ws.next();
      assertThat(ws.getLong(1)).as("twenty minutes of 3 units, each counted once").isEqualTo(60);
    }

    // Restart: the pipeline re-reads both topics from the start and decides the same alert.
    long statsBefore = FaultSupport.endOffset(bootstrap, "windowed_stats");
    stack.stop("pipeline", false);
    stack.restart("pipeline");
    await(stack, "the restarted pipeline to publish windowed stats again", Duration.ofMinutes(4),
        () -> FaultSupport.endOffset(bootstrap, "windowed_stats") >= 2 * statsBefore ? Optional.of(true) : Optional.empty());
    Thread.sleep(10_000); // the alert's window is among the first ones re-read
    assertThat(alerts(bootstrap)).as("the alert once on the topic across the restart").hasSize(1);
  }

  private static List<JsonNode> alerts(String bootstrap) {
    List<JsonNode> out = new ArrayList<>();
    for (ConsumerRecord<String, String> r : readAll(bootstrap, "cannibalization-alerts")) {
      JsonNode a = FaultSupport.parse(r.value());
      if (a.get("promotionId").asText().equals(PROMOTION)) {
        out.add(a);
      }
    }
    return out;
  }

  /** Reads the products of the history file; returns its newest event time. */
  private static Instant catalog(Path history, Map<String, Product> out) throws Exception {
    Instant last = Instant.EPOCH;
    try (BufferedReader in = Files.newBufferedReader(history)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode e = JSON.readTree(line);
        String sku = e.get("sku").asText();
        Product p = out.get(sku);
        out.put(sku, new Product(sku, e.get("category").asText(), e.get("subCategory").asText(),
            e.get("regularPriceCents").asLong(), p == null ? 1 : p.sales() + 1));
        Instant t = Instant.parse(e.get("eventTime").asText());
        if (t.isAfter(last)) {
          last = t;
        }
      }
    }
    return last;
  }

  private static String sale(String id, Instant at, Product p, String promotionId) {
    ObjectNode e = JSON.createObjectNode();
    e.put("schemaVersion", 1).put("eventId", id).put("eventTime", at.toString()).put("storeId", "S-IT")
        .put("sku", p.sku()).put("category", p.category()).put("subCategory", p.subCategory()).put("units", 1)
        .put("unitPriceCents", promotionId == null ? p.regularPriceCents() : Math.max(1, p.regularPriceCents() * 7 / 10))
        .put("regularPriceCents", p.regularPriceCents());
    if (promotionId == null) {
      e.putNull("promotionId");
    } else {
      e.put("promotionId", promotionId);
    }
    return e.toString();
  }

  private static String market(String id, Instant at, Product p) {
    ObjectNode e = JSON.createObjectNode();
    e.put("schemaVersion", 1).put("eventId", id).put("eventTime", at.toString()).put("type", "PROMOTION_STARTED")
        .put("promotionId", PROMOTION).put("sku", p.sku()).putNull("storeId")
        .put("promoPriceCents", Math.max(1, p.regularPriceCents() * 7 / 10)).put("source", "it").putNull("reason");
    return e.toString();
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p);
  }

  /** The record timestamp is the event time: the pipeline's event-time source. */
  private static void send(KafkaProducer<String, String> producer, String topic, String key, String value, Instant at)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key, value)).get();
  }
}
