package io.truelift.api;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.jdbi3.bundles.JdbiExceptionsBundle;
import io.truelift.api.core.ActionRedelivery;
import io.truelift.api.core.AlertBroadcaster;
import io.truelift.api.core.TemporalAlertWorkflows;
import io.truelift.api.db.AlertDao;
import io.truelift.api.health.TemporalHealthCheck;
import io.truelift.api.resources.AlertResource;
import io.truelift.api.resources.AlertStreamResource;
import io.truelift.api.resources.DatabaseUnavailableMapper;
import io.truelift.api.resources.StatsResource;
import io.truelift.sql.Migrations;
import java.time.Clock;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jdbi.v3.core.Jdbi;

/**
 * The TrueLift API: JSON under {@code /api}, live alerts over Server-Sent Events, the dashboard at
 * {@code /}. Run with {@code server api/config.yml}.
 */
public class TrueLiftApplication extends Application<TrueLiftConfiguration> {

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
    // Also registers the "database" health check (validationQuery SELECT 1).
    Jdbi jdbi = new JdbiFactory().build(environment, db, "database");
    AlertDao alerts = jdbi.onDemand(AlertDao.class);
    Clock clock = Clock.systemUTC();

    TrueLiftConfiguration.TemporalConfig temporal = config.getTemporal();
    TemporalAlertWorkflows workflows =
        new TemporalAlertWorkflows(temporal.getAddress(), temporal.getNamespace());
    environment.lifecycle().manage(workflows);
    environment.healthChecks().register("temporal", new TemporalHealthCheck(workflows));
    // Actions stored but never handed to their workflow (a 503, a crash) are signalled again.
    environment.lifecycle().manage(new ActionRedelivery(alerts, workflows, clock));

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

    environment.jersey().setUrlPattern("/api/*");
    environment.jersey().register(new AlertResource(alerts, workflows, clock));
    environment.jersey().register(new StatsResource(alerts));
    environment.jersey().register(new AlertStreamResource(broadcaster));
    // A database outage is a 503 the client may retry, not the bundle's generic 500.
    environment.jersey().register(new DatabaseUnavailableMapper.ForConnections());
    environment.jersey().register(new DatabaseUnavailableMapper.ForStatements());
    environment.jersey().register(new DatabaseUnavailableMapper.ForTransactions());
  }
}
