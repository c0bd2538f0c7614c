package io.truelift.workflows.router;

import io.truelift.core.config.KafkaClientProperties;
import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.EventJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code cannibalization-alerts} (group {@value #GROUP_ID}) and routes each message. A
 * message's offset is committed only after it is routed or dead-lettered, so a crash replays alerts
 * (harmless: the router dedupes by workflow id) rather than losing them. Never exits on a bad
 * message or an outage; only {@link #close()} stops it.
 */
public final class AlertRouterLoop implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertRouterLoop.class);

  public static final String GROUP_ID = "truelift-alert-router";

  /** What the loop hands each message to; {@link AlertRouter#route} in production. */
  @FunctionalInterface
  public interface MessageRouter {
    AlertRouter.Outcome route(String json);
  }

  /** Builds the router once the loop's dead-letter sink exists. */
  @FunctionalInterface
  public interface RouterFactory {
    MessageRouter create(java.util.function.Consumer<DeadLetter> deadLetters);
  }

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Consumer<String, String> consumer;
  private final Producer<String, String> deadLetterProducer;
  private final String topic;
  private final String deadLetterTopic;
  private final RouterFactory routerFactory;
  private final Duration initialBackoff;
  private volatile boolean running = true;

  public AlertRouterLoop(
      Consumer<String, String> consumer,
      Producer<String, String> deadLetterProducer,
      String topic,
      String deadLetterTopic,
      RouterFactory routerFactory,
      Duration initialBackoff) {
    this.consumer = consumer;
    this.deadLetterProducer = deadLetterProducer;
    this.topic = topic;
    this.deadLetterTopic = deadLetterTopic;
    this.routerFactory = routerFactory;
    this.initialBackoff = initialBackoff;
  }

  /** The production loop on real Kafka clients, with the deployment's TLS/SASL settings. */
  public static AlertRouterLoop create(
      String bootstrapServers, String topic, String deadLetterTopic, RouterFactory routerFactory) {
    Map<String, String> client = KafkaClientProperties.fromEnvironment();
    return new AlertRouterLoop(
        new KafkaConsumer<>(consumerConfig(bootstrapServers, client)),
        new KafkaProducer<>(producerConfig(bootstrapServers, client)),
        topic,
        deadLetterTopic,
        routerFactory,
        Duration.ofMillis(500));
  }

  /** The consumer's settings: ours, plus {@code client} (TLS and SASL, when given). */
  static Properties consumerConfig(String bootstrapServers, Map<String, String> client) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
    // Commits are ours, after each message is handled.
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.putAll(client);
    return c;
  }

  /** The dead-letter producer's settings: ours, plus {@code client}. */
  static Properties producerConfig(String bootstrapServers, Map<String, String> client) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.putAll(client);
    return p;
  }

  @Override
  public void run() {
    MessageRouter router = routerFactory.create(this::publishDeadLetter);
    try {
      consumer.subscribe(List.of(topic));
      log.info("Alert router consuming {} (dead letters to {})", topic, deadLetterTopic);
      while (running) {
        ConsumerRecords<String, String> records;
        try {
          records = consumer.poll(Duration.ofMillis(500));
        } catch (WakeupException e) {
          break;
        } catch (KafkaException e) {
          log.warn("Polling {} failed; retrying: {}", topic, e.toString());
          pause(initialBackoff);
          continue;
        }
        for (ConsumerRecord<String, String> r : records) {
          if (!routeWithRetry(router, r)) {
            break; // shutting down: this record stays uncommitted and is read again next start
          }
          commit(r);
        }
      }
    } finally {
      consumer.close();
      deadLetterProducer.close();
      log.info("Alert router stopped");
    }
  }

  /** Sends synchronously: a dead letter that is not acknowledged must not be committed past. */
  void publishDeadLetter(DeadLetter dl) {
    try {
      deadLetterProducer
          .send(new ProducerRecord<>(deadLetterTopic, EventJson.encode(dl)))
          .get(25, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted writing a dead letter to " + deadLetterTopic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not write a dead letter to " + deadLetterTopic, e);
    }
  }

  /**
   * Temporal or the dead-letter topic may be briefly unreachable: keep trying rather than skip an
   * alert. Returns false only when the loop is closing.
   */
  private boolean routeWithRetry(MessageRouter router, ConsumerRecord<String, String> r) {
    Duration backoff = initialBackoff;
    while (running) {
      try {
        router.route(r.value());
        return true;
      } catch (RuntimeException e) {
        log.warn(
            "Could not route {}-{}@{} (retrying in {} ms): {}",
            r.topic(),
            r.partition(),
            r.offset(),
            backoff.toMillis(),
            e.toString());
        if (!pause(backoff)) {
          return false;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
    return false;
  }

  private void commit(ConsumerRecord<String, String> r) {
    try {
      consumer.commitSync(
          Map.of(
              new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
    } catch (WakeupException e) {
      running = false;
    } catch (KafkaException e) {
      // E.g. the group rebalanced during a long Temporal outage: the record comes back and the
      // router recognises it as a duplicate.
      log.warn("Commit of {}-{}@{} failed: {}", r.topic(), r.partition(), r.offset(), e.toString());
    }
  }

  private boolean pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return false;
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }
}
