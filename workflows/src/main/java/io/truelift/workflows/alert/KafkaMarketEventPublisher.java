package io.truelift.workflows.alert;

import io.truelift.core.config.KafkaClientProperties;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.MarketEvent;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes to {@code market_events}, keyed by promotion, waiting for the broker's ack. */
public final class KafkaMarketEventPublisher implements MarketEventPublisher {
  private final KafkaProducer<String, String> producer;
  private final String topic;

  public KafkaMarketEventPublisher(String bootstrapServers, String topic) {
    this.producer = new KafkaProducer<>(config(bootstrapServers, KafkaClientProperties.fromEnvironment()));
    this.topic = topic;
  }

  /** The producer's settings: ours, plus {@code client} (TLS and SASL, when given). */
  static Properties config(String bootstrapServers, Map<String, String> client) {
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
  public void publish(MarketEvent e) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topic, null, e.eventTime().toEpochMilli(), e.promotionId(), EventJson.encode(e)))
          .get(25, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted publishing " + e.eventId(), ex);
    } catch (ExecutionException | TimeoutException ex) {
      throw new IllegalStateException("Could not publish " + e.eventId() + " to " + topic, ex);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
