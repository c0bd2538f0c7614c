package io.truelift.api.core;

import io.truelift.core.config.KafkaClientProperties;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes to one topic ({@code market_events} keyed by promotion id; the API also uses one for
 * {@code user-actions}, keyed by alert id), idempotent producer, waiting for all replicas; a send
 * waits at most a few seconds (the outbox retries what did not go through).
 */
public final class KafkaMarketEventPublisher implements MarketEventPublisher {
  static final long SEND_TIMEOUT_MS = 8_000;

  private final KafkaProducer<String, String> producer;
  private final String bootstrapServers;
  private final String topic;

  public KafkaMarketEventPublisher(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "7000");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.putAll(KafkaClientProperties.fromEnvironment()); // TLS and SASL, when given
    this.producer = new KafkaProducer<>(p);
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  @Override
  public void publish(String promotionId, String eventId, String payload) {
    try {
      producer.send(new ProducerRecord<>(topic, promotionId, payload)).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("Interrupted publishing " + eventId, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new PublishException(
          "Kafka at %s did not take %s on %s: %s".formatted(bootstrapServers, eventId, topic, cause), e);
    }
  }

  /** Lists the broker's nodes within {@code timeoutMs}; used by the health check. */
  public static int describeCluster(String bootstrapServers, long timeoutMs) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
    p.putAll(KafkaClientProperties.fromEnvironment());
    try (Admin admin = Admin.create(p)) {
      return admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
