package io.truelift.simulator;

import io.truelift.core.config.KafkaClientProperties;
import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.InvalidEventException;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.MarketEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code market_events} from the moment the simulator starts and hands every valid change
 * from outside to the simulation. Invalid events (broken contract, unknown sku or store) are logged
 * with the reason and sent to the dead-letter topic; the listener never stops on bad input.
 */
final class MarketEventListener implements AutoCloseable {
  static final String CONSUMER_NAME = "simulator";
  private static final Logger LOG = LoggerFactory.getLogger(MarketEventListener.class);

  private final KafkaConsumer<String, String> consumer;
  private final KafkaProducer<String, String> deadLetters;
  private final String topic;
  private final String deadLetterTopic;
  private final Catalog catalog;
  private final Consumer<MarketEvent> target;
  private final Thread thread;
  private volatile boolean running = true;

  MarketEventListener(
      String bootstrap,
      String topic,
      String deadLetterTopic,
      Catalog catalog,
      Consumer<MarketEvent> target) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    c.putAll(KafkaClientProperties.fromEnvironment()); // TLS and SASL, when given
    this.consumer = new KafkaConsumer<>(c);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    p.putAll(KafkaClientProperties.fromEnvironment());
    this.deadLetters = new KafkaProducer<>(p);
    this.topic = topic;
    this.deadLetterTopic = deadLetterTopic;
    this.catalog = catalog;
    this.target = target;
    this.thread = new Thread(this::run, "market-events-listener");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      assign();
      while (running) {
        try {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            accept(r.value());
          }
        } catch (WakeupException e) {
          return;
        } catch (RuntimeException e) {
          LOG.warn("market_events listener error (continuing): {}", e.toString());
          sleep(1000);
        }
      }
    } catch (WakeupException e) {
      // closing
    }
  }

  /** Waits for the topic (the simulator's own first announcement creates it) and reads its end. */
  private void assign() {
    while (running) {
      try {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        if (!partitions.isEmpty()) {
          consumer.assign(partitions);
          // Only changes made from now on matter: the simulator's schedule starts now too.
          consumer.seekToEnd(partitions);
          partitions.forEach(consumer::position);
          LOG.info("Listening to {} ({} partitions) from the end", topic, partitions.size());
          return;
        }
      } catch (WakeupException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("Waiting for topic {}: {}", topic, e.toString());
      }
      sleep(1000);
    }
  }

  /** Validates one raw record and hands it on, or dead-letters it. Package-private for tests. */
  void accept(String raw) {
    try {
      target.accept(validate(raw, catalog));
    } catch (InvalidEventException e) {
      LOG.warn(
          "Invalid market event sent to {}: field {}: {}; payload {}",
          deadLetterTopic, e.field(), e.getMessage(), raw);
      deadLetters.send(
          new ProducerRecord<>(
              deadLetterTopic,
              EventJson.encode(DeadLetter.of(topic, CONSUMER_NAME, raw, e, Instant.now()))),
          (meta, error) -> {
            if (error != null) {
              LOG.warn("Could not write dead letter to {}: {}", deadLetterTopic, error.toString());
            }
          });
    }
  }

  /**
   * Decodes a market event and checks it against the catalog: a promotion on a product or store
   * the simulator does not have cannot be applied.
   */
  static MarketEvent validate(String raw, Catalog catalog) {
    MarketEvent e = EventJson.decode(raw, MarketEvent.class);
    if (e.type() != MarketEventType.PROMOTION_STOPPED) {
      Product p =
          catalog
              .product(e.sku())
              .orElseThrow(
                  () ->
                      new InvalidEventException(
                          "sku", "sku must be one of the simulator's products, got \"" + e.sku() + "\""));
      if (e.promoPriceCents() > p.regularPriceCents()) {
        throw new InvalidEventException(
            "promoPriceCents",
            "promoPriceCents must be <= the regular price %d of %s, got %d"
                .formatted(p.regularPriceCents(), p.sku(), e.promoPriceCents()));
      }
    }
    if (e.storeId() != null && !catalog.storeWeights().containsKey(e.storeId())) {
      throw new InvalidEventException(
          "storeId",
          "storeId must be one of %s or null, got \"%s\"".formatted(catalog.stores(), e.storeId()));
    }
    return e;
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(5));
    deadLetters.close(Duration.ofSeconds(5));
  }
}
