package io.truelift.pipelines.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/** Every Kafka client of the pipeline takes the deployment's TLS/SASL settings. */
class KafkaTopicsTest {
  private static final Map<String, String> SASL_SSL =
      Map.of(
          "security.protocol", "SASL_SSL",
          "sasl.mechanism", "PLAIN",
          "ssl.truststore.location", "/etc/truelift/kafka/truststore.p12");

  @Test
  void readsCarryTheClientPropertiesAndStartAtTheEarliestOffset() {
    for (boolean sparse : new boolean[] {false, true}) {
      Map<String, Object> consumer =
          new KafkaTopics.ReadJsonTopic("k:9093", "shopping_events", Duration.standardMinutes(5), sparse, SASL_SSL)
              .kafkaRead()
              .getConsumerConfig();
      assertThat(consumer)
          .containsAllEntriesOf(SASL_SSL)
          .containsEntry("bootstrap.servers", "k:9093")
          .containsEntry("auto.offset.reset", "earliest");
    }
  }

  @Test
  void writesCarryTheClientProperties() {
    Map<String, Object> producer =
        new KafkaTopics.WriteJsonTopic<String>("k:9093", "cannibalization-alerts", s -> s, SASL_SSL)
            .kafkaWrite()
            .getWriteRecordsTransform()
            .getProducerConfig();
    assertThat(producer).containsAllEntriesOf(SASL_SSL).containsEntry("bootstrap.servers", "k:9093");
  }

  @Test
  void theAlertsReaderCarriesTheClientProperties() {
    assertThat(SuppressPublishedAlerts.consumerConfig("k:9093", java.time.Duration.ofSeconds(30), SASL_SSL))
        .containsAllEntriesOf(SASL_SSL)
        .containsEntry("bootstrap.servers", "k:9093")
        .containsEntry("enable.auto.commit", "false");
  }

  @Test
  void withoutClientPropertiesTheClientsStayPlaintext() {
    assertThat(
            new KafkaTopics.ReadJsonTopic("k:9092", "t", Duration.ZERO, false, Map.of()).kafkaRead().getConsumerConfig())
        .doesNotContainKey("security.protocol");
  }
}
