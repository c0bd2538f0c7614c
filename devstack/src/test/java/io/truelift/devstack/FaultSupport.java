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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the fault tests share: a work directory per test (with the simulator's history reused
 * across tests, it takes ~20 s to write), HTTP calls to the API, reading a whole Kafka topic,
 * publishing alerts, and waiting for a condition with the stack's health checked on every turn.
 */
final class FaultSupport {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  static final long SEED = 7;

  private FaultSupport() {}

  static Path home() {
    return Path.of(System.getProperty("truelift.home", "..")).toAbsolutePath().normalize();
  }

  /** A fresh work directory under devstack/target, with the cached history linked in. */
  static Path workDir(String test) throws IOException {
    Path work =
        home().resolve("devstack/target/" + test + "-" + UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectories(work);
    Path cached = historyCache();
    if (Files.isRegularFile(cached)) {
      Files.createLink(work.resolve(cached.getFileName()), cached);
    }
    return work;
  }

  /** Keeps the history a test wrote for the next test. */
  static void cacheHistory(Path workDir) throws IOException {
    Path cached = historyCache();
    Path written = workDir.resolve(cached.getFileName());
    if (!Files.exists(cached) && Files.isRegularFile(written)) {
      Files.createDirectories(cached.getParent());
      Files.createLink(cached, written);
    }
  }

  private static Path historyCache() {
    return home().resolve("devstack/target/fault-cache/history-seed" + SEED + ".jsonl");
  }

  /** Embedded everything (H2, Kafka, Temporal) on a free port offset; only infrastructure. */
  static StackConfig infraConfig(Path work) {
    return new StackConfig(
        home(), work, EndToEndIT.freePortOffset(), null, null, "default", null, "sa", "", "e2e", 240,
        SEED, true);
  }

  /** The API's demo manager (the stack's default users), for every request the tests make. */
  static final String MANAGER = DemoUsers.fromEnvironment().basic("manager");

  record Response(int status, String body) {
    JsonNode json() {
      return parse(body);
    }
  }

  static Response get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", MANAGER)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body());
  }

  static Response postAction(String apiUrl, String alertId, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(apiUrl + "/api/alerts/" + alertId + "/actions"))
                .header("Content-Type", "application/json")
                .header("Authorization", MANAGER)
                .timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body());
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /** Every record of {@code topic} from the beginning up to its current end. */
  static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
    Properties p = new Properties();
    p.putAll(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"));
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Could not read " + topic + " to its end " + end);
        }
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }

  /** The number of records in {@code topic} now. */
  static long endOffset(String bootstrap, String topic) {
    Properties p = new Properties();
    p.putAll(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
            ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000",
            ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"));
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      return c.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Publishes JSON values (acks=all, idempotent) and waits for every ack. */
  static void publish(String bootstrap, String topic, Map<String, String> keyToValue)
      throws Exception {
    Properties p = new Properties();
    p.putAll(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.ACKS_CONFIG, "all"));
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (var e : keyToValue.entrySet()) {
        producer.send(new ProducerRecord<>(topic, e.getKey(), e.getValue())).get();
      }
    }
  }

  /**
   * A valid {@code CannibalizationAlert} (the core fixture's shape) with its own ids, so a test
   * can raise alerts without running the pipeline.
   */
  static String alertJson(String promotionId) {
    String alertId = promotionId + "-e1";
    Instant detected = Instant.parse("2026-01-05T11:00:00Z");
    return """
        {"schemaVersion":1,"alertId":"%s","promotionId":"%s","promotedSku":"PIZZA-4CH",
         "category":"FROZEN","subCategory":"FROZEN PIZZA","detectedAt":"%s",
         "windowStart":"2026-01-05T09:20:00Z","windowEnd":"%s","grossLiftUnits":120.0,
         "cannibalizedUnits":60.0,"cannibalizationRate":0.5,"lostRevenueCents":32940,
         "testStatistic":7.5,"severity":"HIGH",
         "substitutes":[{"sku":"PIZZA-PEP","baselineUnits":80.0,"actualUnits":50.0,"lostUnits":30.0},
                        {"sku":"PIZZA-SUP","baselineUnits":70.0,"actualUnits":40.0,"lostUnits":30.0}]}
        """
        .formatted(alertId, promotionId, detected, detected)
        .replace("\n", "");
  }

  interface Probe<T> {
    Optional<T> get() throws Exception;
  }

  /**
   * Polls {@code probe} every 500 ms until it yields; I/O errors count as "not yet". Checks the
   * stack's processes on every turn so a crash fails at once with its log.
   */
  static <T> T await(DevStack stack, String what, Duration timeout, Probe<T> probe) throws Exception {
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
      Thread.sleep(500);
    }
    throw new AssertionError("Timed out after " + timeout + " waiting for " + what, last);
  }

  /** Lines of a process log that contain {@code text}. */
  /**
   * The distinct workflow runs the alert router delivered {@code alertId} to, read from its log
   * lines "Delivered alert <id> (...) to alert-<id> run <runId>". Signal-with-start delivers a
   * duplicate to the running workflow, so more than one run means a duplicate started a new one.
   */
  static Set<String> workflowRuns(Path workerLog, String alertId) throws IOException {
    Pattern line = Pattern.compile("Delivered alert " + Pattern.quote(alertId) + " .* run (\\S+)");
    try (var lines = Files.lines(workerLog)) {
      return lines
          .map(line::matcher)
          .filter(Matcher::find)
          .map(m -> m.group(1))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  static long countLogLines(Path log, String text) throws IOException {
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains(text)).count();
    }
  }

  static void assertPortsClosed(StackConfig c) {
    for (int port : List.of(c.kafkaPort(), c.temporalPort(), c.httpPort(), c.h2Port())) {
      assertThat(Ports.isListening(port)).as("port %d closed after stop", port).isFalse();
    }
  }

  /** Prints a measured figure in a form the reliability table quotes. */
  static void report(String test, String figure) {
    System.out.println("[fault-result] " + test + ": " + figure);
  }
}
