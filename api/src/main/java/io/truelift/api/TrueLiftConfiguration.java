package io.truelift.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** The API's configuration (config.yml, with environment substitution). */
public class TrueLiftConfiguration extends Configuration {
  @Valid @NotNull private DataSourceFactory database = new DataSourceFactory();

  @Valid @NotNull private TemporalConfig temporal = new TemporalConfig();

  @Valid @NotNull private AuthConfig auth = new AuthConfig();

  @Valid @NotNull private HttpConfig http = new HttpConfig();

  @Valid @NotNull private KafkaConfig kafka = new KafkaConfig();

  @Valid @NotNull private ModelConfig model = new ModelConfig();

  @JsonProperty
  public AuthConfig getAuth() {
    return auth;
  }

  @JsonProperty
  public void setAuth(AuthConfig auth) {
    this.auth = auth;
  }

  @JsonProperty
  public HttpConfig getHttp() {
    return http;
  }

  @JsonProperty
  public void setHttp(HttpConfig http) {
    this.http = http;
  }

  @JsonProperty
  public KafkaConfig getKafka() {
    return kafka;
  }

  @JsonProperty
  public void setKafka(KafkaConfig kafka) {
    this.kafka = kafka;
  }

  @JsonProperty
  public ModelConfig getModel() {
    return model;
  }

  @JsonProperty
  public void setModel(ModelConfig model) {
    this.model = model;
  }

  @JsonProperty("database")
  public DataSourceFactory getDataSourceFactory() {
    return database;
  }

  @JsonProperty("database")
  public void setDataSourceFactory(DataSourceFactory database) {
    this.database = database;
  }

  @JsonProperty
  public TemporalConfig getTemporal() {
    return temporal;
  }

  @JsonProperty
  public void setTemporal(TemporalConfig temporal) {
    this.temporal = temporal;
  }

  /** Where the Temporal service is. */
  public static class TemporalConfig {
    @NotBlank private String address = "localhost:17233";
    @NotBlank private String namespace = "default";

    @JsonProperty
    public String getAddress() {
      return address;
    }

    @JsonProperty
    public void setAddress(String address) {
      this.address = address;
    }

    @JsonProperty
    public String getNamespace() {
      return namespace;
    }

    @JsonProperty
    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }
  }

  /**
   * Who may sign in and how sessions are signed. {@code users}: comma-separated {@code
   * username:role:password-or-pbkdf2-hash}; {@code sessionKey}: the HMAC key (at least 32 bytes;
   * random per start when empty, so sessions end with the process); {@code secureCookie}: add
   * {@code Secure} to the session cookie (behind HTTPS).
   */
  public static class AuthConfig {
    private String users = "";
    private String sessionKey = "";
    @NotNull private Duration sessionTtl = Duration.hours(8);
    private boolean secureCookie = false;

    @JsonProperty
    public String getUsers() {
      return users;
    }

    @JsonProperty
    public void setUsers(String users) {
      this.users = users;
    }

    @JsonProperty
    public String getSessionKey() {
      return sessionKey;
    }

    @JsonProperty
    public void setSessionKey(String sessionKey) {
      this.sessionKey = sessionKey;
    }

    @JsonProperty
    public Duration getSessionTtl() {
      return sessionTtl;
    }

    @JsonProperty
    public void setSessionTtl(Duration sessionTtl) {
      this.sessionTtl = sessionTtl;
    }

    @JsonProperty
    public boolean isSecureCookie() {
      return secureCookie;
    }

    @JsonProperty
    public void setSecureCookie(boolean secureCookie) {
      this.secureCookie = secureCookie;
    }
  }

  /**
   * Cross-origin access (closed unless origins are listed: comma-separated, e.g. {@code
   * https://dash.example.com}), the largest request body, and how long the alert list's total is
   * reused (the count over a large table is the list's dominant cost).
   */
  public static class HttpConfig {
    private String corsAllowedOrigins = "";
    @NotNull private DataSize maxRequestBody = DataSize.kibibytes(64);
    @NotNull private Duration alertCountCacheTtl = Duration.seconds(1);

    @JsonProperty
    public String getCorsAllowedOrigins() {
      return corsAllowedOrigins;
    }

    @JsonProperty
    public void setCorsAllowedOrigins(String corsAllowedOrigins) {
      this.corsAllowedOrigins = corsAllowedOrigins;
    }

    @JsonProperty
    public DataSize getMaxRequestBody() {
      return maxRequestBody;
    }

    @JsonProperty
    public void setMaxRequestBody(DataSize maxRequestBody) {
      this.maxRequestBody = maxRequestBody;
    }

    @JsonProperty
    public Duration getAlertCountCacheTtl() {
      return alertCountCacheTtl;
    }

    @JsonProperty
    public void setAlertCountCacheTtl(Duration alertCountCacheTtl) {
      this.alertCountCacheTtl = alertCountCacheTtl;
    }
  }

  /** The broker promotions ({@code market_events}) and actions ({@code user-actions}) are published to; empty: not configured. */
  public static class KafkaConfig {
    private String bootstrapServers = "";
    @NotBlank private String marketEventsTopic = "market_events";
    @NotBlank private String userActionsTopic = "user-actions";

    @JsonProperty
    public String getBootstrapServers() {
      return bootstrapServers;
    }

    @JsonProperty
    public void setBootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    @JsonProperty
    public String getMarketEventsTopic() {
      return marketEventsTopic;
    }

    @JsonProperty
    public void setMarketEventsTopic(String marketEventsTopic) {
      this.marketEventsTopic = marketEventsTopic;
    }

    /** The audit stream every stored action is published to ({@code UserActionRelay}). */
    @JsonProperty
    public String getUserActionsTopic() {
      return userActionsTopic;
    }

    @JsonProperty
    public void setUserActionsTopic(String userActionsTopic) {
      this.userActionsTopic = userActionsTopic;
    }
  }

  /**
   * The what-if forecast's inputs: the registry's ACTIVE model (polled) and the sales history it
   * reads its recent levels from (ShoppingEvent JSONL, the file the pipeline is given); empty: the
   * what-if answers 503 saying what is missing.
   */
  public static class ModelConfig {
    private String historyFile = "";
    @NotNull private Duration pollInterval = Duration.seconds(30);

    @JsonProperty
    public String getHistoryFile() {
      return historyFile;
    }

    @JsonProperty
    public void setHistoryFile(String historyFile) {
      this.historyFile = historyFile;
    }

    @JsonProperty
    public Duration getPollInterval() {
      return pollInterval;
    }

    @JsonProperty
    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }
  }
}
