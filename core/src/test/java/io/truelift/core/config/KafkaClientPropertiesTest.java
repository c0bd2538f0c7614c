package io.truelift.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {
  @Test
  void unsetMeansPlaintextWithNothingExtra() {
    assertThat(KafkaClientProperties.load(null)).isEmpty();
    assertThat(KafkaClientProperties.load("  ")).isEmpty();
  }

  @Test
  void readsTlsAndSaslSettings(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("client.properties");
    Files.writeString(
        f,
        """
        # mounted from the truelift-kafka-client Secret
        security.protocol=SASL_SSL
        sasl.mechanism=SCRAM-SHA-512
        sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="tl" password="s3cret";
        ssl.truststore.location=/etc/truelift/kafka/truststore.p12
        """);
    assertThat(KafkaClientProperties.load(f.toString()))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/truelift/kafka/truststore.p12")
        .hasSize(4);
  }

  @Test
  void aMissingFileOrAReservedKeyIsAClearError(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> KafkaClientProperties.load(dir.resolve("nope.properties").toString()))
        .hasMessageStartingWith("TRUELIFT_KAFKA_CLIENT_PROPERTIES names " + dir.resolve("nope.properties") + ", which cannot be read");
    Path f = dir.resolve("bad.properties");
    Files.writeString(f, "bootstrap.servers=elsewhere:9092\n");
    assertThatThrownBy(() -> KafkaClientProperties.load(f.toString()))
        .hasMessage("TRUELIFT_KAFKA_CLIENT_PROPERTIES " + f + " sets bootstrap.servers, which each TrueLift process sets itself; remove it from the file");
  }
}
