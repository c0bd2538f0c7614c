package io.truelift.api.core;

import io.dropwizard.lifecycle.Managed;
import io.truelift.core.config.KafkaClientProperties;
import io.truelift.core.contracts.EventJson;
import io.truelift.api.resources.DatabaseUnavailableMapper;
import io.truelift.core.contracts.MarketEvent;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code market_events} in the consumer group {@value #GROUP} (one API replica per partition)
 * into the {@link MarketEventProjection}. A new group starts at the beginning of the topic: the
 * projection only moves promotions forward, so replaying older events over the catalog feed's
 * snapshot changes nothing that is still true (the devstack, whose simulator restarts the same
 * promotions on every run, sets the group's offsets to the topic's end when it loads the feed).
 * Offsets are committed after the rows are written (at-least-once; the projection is idempotent);
 * while the database is unreachable an event is retried, not skipped. An event that does not
 * decode, or that the database refuses, is logged and skipped: the pipeline dead-letters invalid
 * events, and one bad event must not stop the promotions behind it.
 */
public final class MarketEventConsumer implements Managed {
  public static final String GROUP = "truelift-api-promotions";
  private static final Logger log = LoggerFactory.getLogger(MarketEventConsumer.class);

  private final KafkaConsumer<String, String> consumer;
  private final String topic;
  private final MarketEventProjection projection;
  private final Thread thread;
  private volatile boolean running = true;

  public MarketEventConsumer(String bootstrapServers, String topic, MarketEventProjection projection) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.putAll(KafkaClientProperties.fromEnvironment()); // TLS and SASL, when given
    this.consumer = new KafkaConsumer<>(p);
    this.topic = topic;
    this.projection = projection;
    this.thread = new Thread(this::run, "market-events-consumer");
    this.thread.setDaemon(true);
  }

  @Override
  public void start() {
    thread.start();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic));
      while (running) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, String> r : records) {
          apply(r);
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      log.error("market_events consumer stopped: {}", e.toString(), e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void apply(ConsumerRecord<String, String> r) {
    MarketEvent e;
    try {
      e = EventJson.decode(r.value(), MarketEvent.class);
    } catch (RuntimeException invalid) {
      log.warn("Skipping an invalid market event at offset {}: {}", r.offset(), invalid.getMessage());
      return;
    }
    while (running) {
      try {
        projection.apply(e);
        return;
      } catch (RuntimeException failed) {
        if (!DatabaseUnavailableMapper.isConnectionFailure(failed)) {
          log.error("Cannot apply market event {}; skipped: {}", e.eventId(), failed.toString(), failed);
          return;
        }
        // The database is unreachable: retry, so no change is skipped.
        log.warn("Cannot apply market event {} yet (database unreachable, retrying in 2 s): {}", e.eventId(), failed.getMessage());
        try {
          Thread.sleep(2000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
