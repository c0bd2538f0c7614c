package io.truelift.workflows.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The router's Kafka clients take the deployment's TLS/SASL settings (TRUELIFT_KAFKA_CLIENT_PROPERTIES). */
class AlertRouterLoopConfigTest {
  private static final Map<String, String> SASL_SSL =
      Map.of(
          "security.protocol", "SASL_SSL",
          "sasl.mechanism", "SCRAM-SHA-512",
          "ssl.truststore.location", "/etc/truelift/kafka/truststore.p12");

  @Test
  void consumerAndDeadLetterProducerCarryTheClientProperties() {
    assertThat(AlertRouterLoop.consumerConfig("k:9093", SASL_SSL))
        .containsAllEntriesOf(SASL_SSL)
        .containsEntry("bootstrap.servers", "k:9093")
        .containsEntry("group.id", AlertRouterLoop.GROUP_ID)
        .containsEntry("enable.auto.commit", "false");
    assertThat(AlertRouterLoop.producerConfig("k:9093", SASL_SSL))
        .containsAllEntriesOf(SASL_SSL)
        .containsEntry("bootstrap.servers", "k:9093")
        .containsEntry("acks", "all");
    assertThat(AlertRouterLoop.consumerConfig("k:9092", Map.of())).doesNotContainKey("security.protocol");
  }
}
