package io.truelift.api;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.auth.CachingAuthenticator;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.jdbi3.bundles.JdbiExceptionsBundle;
import io.truelift.api.auth.RoleCheckFeature;
import io.truelift.api.auth.SessionTokens;
import io.truelift.api.auth.TrueLiftAuthFilter;
import io.truelift.api.auth.TrueLiftAuthenticator;
import io.truelift.api.auth.User;
import io.truelift.api.auth.UserStore;
import io.truelift.api.core.ActionRedelivery;
import io.truelift.api.core.AlertBroadcaster;
import io.truelift.api.core.AlertCounts;
import io.truelift.api.core.AlertDetails;
import io.truelift.api.core.AlertStore;
import io.truelift.api.core.Catalog;
import io.truelift.api.core.KafkaMarketEventPublisher;
import io.truelift.api.core.MarketEventConsumer;
import io.truelift.api.core.MarketEventProjection;
import io.truelift.api.core.MarketEventPublisher;
import io.truelift.api.core.OutboxRelay;
import io.truelift.api.core.UserActionRelay;
import io.truelift.api.core.Promotions;
import io.truelift.api.core.RegistryModelSource;
import io.truelift.api.core.TemporalAlertWorkflows;
import io.truelift.api.core.WhatIf;
import io.truelift.api.db.AlertDao;
import io.truelift.api.db.CatalogDao;
import io.truelift.api.db.HikariDataSources;
import io.truelift.api.db.NamedStatementTemplateEngine;
import io.truelift.api.db.InsightDao;
import io.truelift.api.db.PromotionDao;
import io.truelift.api.health.KafkaHealthCheck;
import io.truelift.api.health.TemporalHealthCheck;
import io.truelift.api.http.CorsFilter;
import io.truelift.api.http.RequestSizeLimit;
import io.truelift.api.resources.AlertResource;
import io.truelift.api.resources.AlertStreamResource;
import io.truelift.api.resources.DatabaseUnavailableMapper;
import io.truelift.api.resources.InsightResource;
import io.truelift.api.resources.OpenApiResource;
import io.truelift.api.resources.ProductResource;
import io.truelift.api.resources.PromotionResource;
import io.truelift.api.resources.SessionResource;
import io.truelift.api.resources.StatsResource;
import io.truelift.model.registry.ModelRegistry;
import io.truelift.sql.Migrations;
import jakarta.servlet.DispatcherType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TrueLift API: JSON under {@code /api} for signed-in users, live alerts over Server-Sent
 * Events, the dashboard at {@code /}. Run with {@code server api/config.yml}.
 */
public class TrueLiftApplication extends Application<TrueLiftConfiguration> {
  private static final Logger log = LoggerFactory.getLogger(TrueLiftApplication.class);

  public static void main(String[] args) throws Exception {
    new TrueLiftApplication().run(args);
  }

  @Override
  public String getName() {
    return "truelift";
  }

  @Override
  public void initialize(Bootstrap<TrueLiftConfiguration> bootstrap) {
    // Non-strict: ${VAR:-default} falls back to its default when VAR is unset.
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    // Instants as ISO-8601 strings, which the dashboard parses with new Date(...).
    bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    bootstrap.addBundle(new AssetsBundle("/assets/", "/", "index.html"));
    bootstrap.addBundle(new JdbiExceptionsBundle());
  }

  @Override
  public void run(TrueLiftConfiguration config, Environment environment) {
    DataSourceFactory db = config.getDataSourceFactory();
    // One switch (the URL) moves the API from H2 to PostgreSQL.
    if (db.getUrl().startsWith("jdbc:postgresql:")) {
      db.setDriverClass("org.postgresql.Driver");
    }
    Migrations.migrate(db.getUrl(), db.getUser(), db.getPassword());
    // Also registers the "database" health check (validationQuery SELECT 1) and manages the pool.
    Jdbi jdbi =
        NamedStatementTemplateEngine.install(
            new JdbiFactory()
                .build(environment, db, HikariDataSources.build(db, environment.metrics(), "database"), "database"));
    AlertDao alerts = jdbi.onDemand(AlertDao.class);
    PromotionDao promotionDao = jdbi.onDemand(PromotionDao.class);
    Clock clock = Clock.systemUTC();

    TrueLiftConfiguration.TemporalConfig temporal = config.getTemporal();
    TemporalAlertWorkflows workflows =
        new TemporalAlertWorkflows(temporal.getAddress(), temporal.getNamespace());
    environment.lifecycle().manage(workflows);
    environment.healthChecks().register("temporal", new TemporalHealthCheck(workflows));
    // Actions stored but never handed to their workflow (a 503, a crash) are signalled again.
    environment.lifecycle().manage(new ActionRedelivery(alerts, workflows, clock));

    String kafka = config.getKafka().getBootstrapServers();
    MarketEventPublisher publisher =
        kafka == null || kafka.isBlank()
            ? MarketEventPublisher.UNCONFIGURED
            : new KafkaMarketEventPublisher(kafka.strip(), config.getKafka().getMarketEventsTopic());
    OutboxRelay relay = new OutboxRelay(promotionDao, publisher, clock);
    environment.lifecycle().manage(relay);
    environment.healthChecks().register("kafka", new KafkaHealthCheck(kafka));
    if (kafka != null && !kafka.isBlank()) {
      // Every stored action, in order, on the user-actions audit stream (user_action is its outbox).
      environment
          .lifecycle()
          .manage(
              new UserActionRelay(
                  alerts,
                  new KafkaMarketEventPublisher(kafka.strip(), config.getKafka().getUserActionsTopic()),
                  clock));
      // Promotion statuses and prices follow the market: scheduled starts and ends, and the
      // stops and re-prices of the workflows and other replicas.
      environment
          .lifecycle()
          .manage(
              new MarketEventConsumer(
                  kafka.strip(), config.getKafka().getMarketEventsTopic(),
                  new MarketEventProjection(promotionDao, clock)));
    }

    RegistryModelSource models =
        new RegistryModelSource(
            new ModelRegistry(db.getUrl(), db.getUser(), db.getPassword()),
            config.getModel().getPollInterval().toJavaDuration(),
            config.getModel().getHistoryFile());
    environment.lifecycle().manage(models);
    Catalog catalog = new Catalog(jdbi.onDemand(CatalogDao.class), models);

    AlertBroadcaster broadcaster = new AlertBroadcaster(alerts, clock);
    environment.lifecycle().manage(broadcaster);
    // Open event streams would hold Jetty's graceful stop for its full timeout; end them first.
    environment
        .lifecycle()
        .addEventListener(
            new LifeCycle.Listener() {
              @Override
              public void lifeCycleStopping(LifeCycle event) {
                broadcaster.stop();
              }
            });

    TrueLiftConfiguration.AuthConfig auth = config.getAuth();
    UserStore users = UserStore.parse(auth.getUsers());
    if (users.isEmpty()) {
      log.warn("No users are configured (auth.users / TRUELIFT_USERS): nobody can sign in");
    } else {
      log.info(
          "Users who may sign in: {}",
          users.users().stream().map(u -> u.username() + " (" + u.role().id() + ")").collect(Collectors.joining(", ")));
    }
    SessionTokens tokens = new SessionTokens(sessionKey(auth.getSessionKey()), auth.getSessionTtl().toJavaDuration(), clock);
    // PBKDF2 is slow by design; a script's repeated Basic credentials are checked once a minute.
    CachingAuthenticator<io.dropwizard.auth.basic.BasicCredentials, User> basic =
        new CachingAuthenticator<>(
            environment.metrics(),
            TrueLiftAuthenticator.passwordCheck(users),
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                .expireAfterWrite(java.time.Duration.ofMinutes(1))
                .maximumSize(1_000));
    TrueLiftAuthFilter authFilter = new TrueLiftAuthFilter(new TrueLiftAuthenticator(users, tokens, basic));
    environment.jersey().register(new RoleCheckFeature(authFilter));

    Set<String> origins = CorsFilter.parse(config.getHttp().getCorsAllowedOrigins());
    if (!origins.isEmpty()) {
      environment
          .servlets()
          .addFilter("cors", new CorsFilter(origins))
          .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");
    }
    environment
        .servlets()
        .addFilter("request-size-limit", new RequestSizeLimit(config.getHttp().getMaxRequestBody().toBytes()))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");

    environment.jersey().setUrlPattern("/api/*");
    environment
        .jersey()
        .register(new SessionResource(users, tokens, auth.isSecureCookie(), alerts, clock));
    environment
        .jersey()
        .register(
            new AlertResource(
                alerts,
                AlertStore.of(jdbi),
                new AlertDetails(models),
                new AlertCounts(config.getHttp().getAlertCountCacheTtl().toJavaDuration()),
                workflows,
                clock));
    environment.jersey().register(new StatsResource(alerts));
    environment.jersey().register(new AlertStreamResource(broadcaster));
    environment
        .jersey()
        .register(
            new PromotionResource(
                promotionDao,
                new Promotions(promotionDao, Promotions.Transactions.of(jdbi), catalog, relay, clock),
                new WhatIf(models)));
    environment.jersey().register(new InsightResource(jdbi.onDemand(InsightDao.class)));
    environment.jersey().register(new ProductResource(catalog));
    environment.jersey().register(new OpenApiResource());
    // A database outage is a 503 the client may retry, not the bundle's generic 500.
    environment.jersey().register(new DatabaseUnavailableMapper.ForConnections());
    environment.jersey().register(new DatabaseUnavailableMapper.ForStatements());
    environment.jersey().register(new DatabaseUnavailableMapper.ForTransactions());
  }

  /** The configured HMAC key, or a random one (sessions then end when the process does). */
  static byte[] sessionKey(String configured) {
    if (configured == null || configured.isBlank()) {
      log.warn(
          "No session key is configured (auth.sessionKey / TRUELIFT_SESSION_KEY): using a random"
              + " one, so sessions end when this process stops and other replicas refuse them");
      return SessionTokens.randomKey();
    }
    byte[] key = configured.strip().getBytes(StandardCharsets.UTF_8);
    if (key.length < SessionTokens.MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "auth.sessionKey (TRUELIFT_SESSION_KEY) must be at least %d bytes, got %d"
              .formatted(SessionTokens.MIN_KEY_BYTES, key.length));
    }
    return key;
  }
}
