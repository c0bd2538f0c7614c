package io.truelift.devstack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the devstack starts and where. Each piece of infrastructure is embedded unless an external
 * address is given (then nothing is started for it). Ports are the documented defaults shifted by
 * {@code portOffset}, so a test stack can run beside a demo stack.
 *
 * @param home the repository root (module build output is read from here)
 * @param workDir where data and logs go ({@code .truelift/} by default)
 * @param externalKafka bootstrap servers of an external Kafka, or null to start a local broker
 * @param externalTemporal host:port of an external Temporal, or null to start the local service
 * @param externalJdbcUrl JDBC URL of an external database, or null to start H2
 * @param scenario the simulator scenario ({@code demo}, {@code e2e}, {@code none}), or null for no
 *     simulator
 * @param timeCompression how many times faster than the wall clock simulated time runs
 * @param infraOnly start only Kafka, Temporal and the database (and apply the schema)
 */
public record StackConfig(
    Path home,
    Path workDir,
    int portOffset,
    String externalKafka,
    String externalTemporal,
    String temporalNamespace,
    String externalJdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    String scenario,
    double timeCompression,
    long seed,
    boolean infraOnly) {

  public StackConfig {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(workDir, "workDir");
    if (portOffset < 0 || portOffset > 20000) {
      throw new IllegalArgumentException("--port-offset must be in 0..20000, got " + portOffset);
    }
    if (!(timeCompression > 0)) {
      throw new IllegalArgumentException("--time-compression must be > 0, got " + timeCompression);
    }
  }

  public int kafkaPort() {
    return 19092 + portOffset;
  }

  public int kafkaControllerPort() {
    return 19093 + portOffset;
  }

  public int h2Port() {
    return 19094 + portOffset;
  }

  public int temporalPort() {
    return 17233 + portOffset;
  }

  public int httpPort() {
    return 8080 + portOffset;
  }

  public int adminPort() {
    return 8081 + portOffset;
  }

  public String kafkaBootstrap() {
    return externalKafka != null ? externalKafka : "localhost:" + kafkaPort();
  }

  public String temporalAddress() {
    return externalTemporal != null ? externalTemporal : "localhost:" + temporalPort();
  }

  public String jdbcUrl() {
    return externalJdbcUrl != null
        ? externalJdbcUrl
        : "jdbc:h2:tcp://localhost:%d/truelift;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            .formatted(h2Port());
  }

  public Path logDir() {
    return workDir.resolve("logs");
  }
}
