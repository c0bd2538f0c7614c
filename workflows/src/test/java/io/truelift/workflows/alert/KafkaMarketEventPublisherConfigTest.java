package io.truelift.workflows.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker's market-event producer takes the deployment's TLS/SASL settings. */
class KafkaMarketEventPublisherConfigTest {
  @Test
  void theProducerCarriesTheClientProperties() {
    Map<String, String> ssl = Map.of("security.protocol", "SSL", "ssl.truststore.type", "PKCS12");
    assertThat(KafkaMarketEventPublisher.config("k:9093", ssl))
        .containsAllEntriesOf(ssl)
        .containsEntry("bootstrap.servers", "k:9093")
        .containsEntry("enable.idempotence", "true");
  }
}
