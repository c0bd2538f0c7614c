package io.truelift.pipelines.options;

import io.truelift.core.contracts.Topics;
import java.util.Map;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Option defaults taken from the environment variables of docs/RUNTIME.md, so that the pipeline
 * finds the same broker and topics as every other process without repeating them on its command
 * line. An explicit option always wins.
 */
public final class EnvDefaults {
  private EnvDefaults() {}

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** {@code KAFKA_BOOTSTRAP_SERVERS}, else {@code localhost:19092}. */
  public static final class BootstrapServers implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return env("KAFKA_BOOTSTRAP_SERVERS", "localhost:19092");
    }
  }

  /** {@code TRUELIFT_SHOPPING_EVENTS_TOPIC}, else {@code shopping-events}. */
  public static final class ShoppingEventsTopic implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return env("TRUELIFT_SHOPPING_EVENTS_TOPIC", Topics.SHOPPING_EVENTS);
    }
  }

  /**
   * {@code TRUELIFT_BIGQUERY_PROJECT:TRUELIFT_BIGQUERY_DATASET} (what the Helm chart sets) when
   * both are set, else none (no BigQuery sink).
   */
  public static final class BigQueryDataset implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      String project = env("TRUELIFT_BIGQUERY_PROJECT", "");
      String dataset = env("TRUELIFT_BIGQUERY_DATASET", "");
      return project.isEmpty() || dataset.isEmpty() ? null : project + ":" + dataset;
    }
  }

  /** {@code TRUELIFT_MARKET_EVENTS_TOPIC}, else {@code market_events}. */
  public static final class MarketEventsTopic implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return env("TRUELIFT_MARKET_EVENTS_TOPIC", Topics.MARKET_EVENTS);
    }
  }

  /** {@code TRUELIFT_WINDOWED_STATS_TOPIC}, else {@code windowed_stats}. */
  public static final class WindowedStatsTopic implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return env("TRUELIFT_WINDOWED_STATS_TOPIC", Topics.WINDOWED_STATS);
    }
  }

  /** {@code TRUELIFT_ALERTS_TOPIC}, else {@code cannibalization-alerts}. */
  public static final class AlertsTopic implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return env("TRUELIFT_ALERTS_TOPIC", Topics.CANNIBALIZATION_ALERTS);
    }
  }

  /**
   * {@code TRUELIFT_JDBC_URL} (the database every TrueLift process shares: the sinks and the model
   * registry), else none (no database sink; without a registry the labelled fallback baseline).
   */
  public static final class JdbcUrl extends FromEnv {
    public JdbcUrl() {
      super("TRUELIFT_JDBC_URL", null);
    }
  }

  /** {@code TRUELIFT_JDBC_USER}, else {@code sa} (the embedded H2's user). */
  public static final class JdbcUser extends FromEnv {
    public JdbcUser() {
      super("TRUELIFT_JDBC_USER", "sa");
    }
  }

  /** {@code TRUELIFT_JDBC_PASSWORD}, else empty: the chart sets it from a Secret, never an argument. */
  public static final class JdbcPassword extends FromEnv {
    public JdbcPassword() {
      super("TRUELIFT_JDBC_PASSWORD", "");
    }
  }

  /** A default read from one environment variable (blank = unset), with a fallback. */
  public abstract static class FromEnv implements DefaultValueFactory<String> {
    private final String name;
    private final String fallback;

    FromEnv(String name, String fallback) {
      this.name = name;
      this.fallback = fallback;
    }

    @Override
    public String create(PipelineOptions options) {
      return from(System.getenv());
    }

    /** The default given an environment (tests pass their own). */
    public String from(Map<String, String> environment) {
      String v = environment.get(name);
      return v == null || v.isBlank() ? fallback : v;
    }
  }

  /** {@code TRUELIFT_DEAD_LETTER_TOPIC}, else {@code dead-letters}. */
  public static final class DeadLetterTopic implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return env("TRUELIFT_DEAD_LETTER_TOPIC", Topics.DEAD_LETTERS);
    }
  }
}
