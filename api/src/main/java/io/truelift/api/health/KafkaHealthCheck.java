package io.truelift.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.truelift.api.core.KafkaMarketEventPublisher;

/**
 * Healthy when the Kafka cluster answers a describe-cluster call within two seconds. Without it
 * promotion changes are stored but their market events wait in the outbox.
 */
public class KafkaHealthCheck extends HealthCheck {
  static final long TIMEOUT_MS = 2_000;

  private final String bootstrapServers;

  public KafkaHealthCheck(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  @Override
  protected Result check() {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      return Result.unhealthy("Kafka is not configured (kafka.bootstrapServers): promotion events stay in the outbox");
    }
    try {
      int nodes = KafkaMarketEventPublisher.describeCluster(bootstrapServers, TIMEOUT_MS);
      return Result.healthy("Kafka at %s answers (%d broker(s))", bootstrapServers, nodes);
    } catch (Exception e) {
      return Result.unhealthy("Kafka at %s unreachable: %s", bootstrapServers, e.toString());
    }
  }
}
