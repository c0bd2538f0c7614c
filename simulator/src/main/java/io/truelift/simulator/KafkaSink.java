package io.truelift.simulator;

import io.truelift.core.config.KafkaClientProperties;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.ShoppingEvent;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes to Kafka: shopping events keyed by sku, market events keyed by promotion, with the
 * event time as the record timestamp (the pipeline's watermark follows it). Batched and
 * idempotent: linger lets high rates batch, and a failed send fails the run instead of losing data.
 */
public final class KafkaSink implements EventSink {
  private final KafkaProducer<String, String> producer;
  private final String shoppingTopic;
  private final String marketTopic;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public KafkaSink(String bootstrapServers, String shoppingTopic, String marketTopic) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // Batching, not per-event flushes: linger lets high rates fill 256 KiB lz4 batches.
    p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
    // TLS and SASL, when the deployment gives them (TRUELIFT_KAFKA_CLIENT_PROPERTIES).
    p.putAll(KafkaClientProperties.fromEnvironment());
    this.producer = new KafkaProducer<>(p);
    this.shoppingTopic = shoppingTopic;
    this.marketTopic = marketTopic;
  }

  @Override
  public void shopping(ShoppingEvent e) {
    send(shoppingTopic, e.sku(), e.eventTime().toEpochMilli(), EventJson.encode(e));
  }

  @Override
  public void market(MarketEvent e) {
    send(marketTopic, e.promotionId(), e.eventTime().toEpochMilli(), EventJson.encode(e));
  }

  private void send(String topic, String key, long timestamp, String value) {
    Exception f = failure.get();
    if (f != null) {
      throw new IllegalStateException("Kafka send failed: " + f.getMessage(), f);
    }
    producer.send(
        new ProducerRecord<>(topic, null, timestamp, key, value),
        (meta, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
