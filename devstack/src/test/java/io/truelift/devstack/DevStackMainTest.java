package io.truelift.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevStackMainTest {
  private static final Path HOME = Path.of("/repo");

  @Test
  void defaultsAreTheEmbeddedStack() {
    StackConfig c = DevStackMain.parse(new String[0], Map.of(), HOME);
    assertThat(c.kafkaBootstrap()).isEqualTo("localhost:19092");
    assertThat(c.temporalAddress()).isEqualTo("localhost:17233");
    assertThat(c.jdbcUrl()).startsWith("jdbc:h2:tcp://localhost:19094/truelift");
    assertThat(c.httpPort()).isEqualTo(8080);
    assertThat(c.scenario()).isEqualTo("demo");
    assertThat(c.workDir()).isEqualTo(HOME.resolve(".truelift"));
  }

  @Test
  void environmentSwitchesEachPieceToAnExternalOne() {
    StackConfig c =
        DevStackMain.parse(
            new String[0],
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "TEMPORAL_ADDRESS", "temporal:7233",
                "TRUELIFT_JDBC_URL", "jdbc:postgresql://db/truelift",
                "TRUELIFT_JDBC_USER", "tl"),
            HOME);
    assertThat(c.externalKafka()).isEqualTo("kafka:9092");
    assertThat(c.temporalAddress()).isEqualTo("temporal:7233");
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db/truelift");
    assertThat(c.jdbcUser()).isEqualTo("tl");
  }

  @Test
  void portOffsetShiftsEveryPort() {
    StackConfig c = DevStackMain.parse(new String[] {"--port-offset", "100"}, Map.of(), HOME);
    assertThat(c.httpPort()).isEqualTo(8180);
    assertThat(c.kafkaPort()).isEqualTo(19192);
    assertThat(c.temporalPort()).isEqualTo(17333);
  }

  @Test
  void badOptionsNameTheOptionAndValue() {
    assertThatThrownBy(() -> DevStackMain.parse(new String[] {"--scenario", "chaos"}, Map.of(), HOME))
        .hasMessageContaining("--scenario must be one of demo, e2e, none, off; got \"chaos\"");
    assertThatThrownBy(
            () -> DevStackMain.parse(new String[] {"--time-compression", "fast"}, Map.of(), HOME))
        .hasMessage("--time-compression must be a number, got \"fast\"");
    assertThatThrownBy(
            () -> DevStackMain.parse(new String[] {"--time-compression", "-2"}, Map.of(), HOME))
        .hasMessage("--time-compression must be > 0, got -2.0");
    assertThatThrownBy(() -> DevStackMain.parse(new String[] {"--seed"}, Map.of(), HOME))
        .hasMessage("--seed needs a value");
    assertThatThrownBy(() -> DevStackMain.parse(new String[] {"--colour", "x"}, Map.of(), HOME))
        .hasMessage("unknown option --colour");
  }

  @Test
  void passwordsAreRedactedInLogs() {
    assertThat(DevStack.redact("jdbc:postgresql://db/x?user=a&password=secret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/x?user=a&password=***&ssl=true");
  }
}
