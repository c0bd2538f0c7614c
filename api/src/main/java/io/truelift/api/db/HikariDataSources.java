package io.truelift.api.db;

import com.codahale.metrics.MetricRegistry;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * The API's connection pool: HikariCP configured from the {@code database} section that
 * Dropwizard's own pool would read (URL, user, password, driver, properties, min and max size,
 * maxWaitForConnection, validationQuery). Dropwizard's Tomcat pool proxies every ResultSet call
 * through reflection; on the alert list and detail that was the largest single cost (a fifth of
 * the API's CPU in a profile of {@code ./truelift bench api}), where Hikari's generated proxies
 * cost next to nothing.
 */
public final class HikariDataSources {
  private HikariDataSources() {}

  /** A started-on-first-use pool, closed when Dropwizard stops the application. */
  public static ManagedDataSource build(DataSourceFactory db, MetricRegistry metrics, String name) {
    HikariConfig c = new HikariConfig();
    c.setPoolName(name);
    c.setDriverClassName(db.getDriverClass());
    c.setJdbcUrl(db.getUrl());
    c.setUsername(db.getUser());
    c.setPassword(db.getPassword());
    db.getProperties().forEach(c::addDataSourceProperty);
    c.setMaximumPoolSize(db.getMaxSize());
    c.setMinimumIdle(Math.min(db.getMinSize(), db.getMaxSize()));
    c.setConnectionTimeout(Math.max(250, db.getMaxWaitForConnection().toMilliseconds()));
    // Hikari checks a connection with JDBC's isValid; a configured query other than the trivial
    // one is honoured.
    db.getValidationQuery()
        .filter(q -> !q.strip().equalsIgnoreCase("SELECT 1"))
        .ifPresent(c::setConnectionTestQuery);
    c.setAutoCommit(db.getAutoCommitByDefault() == null || db.getAutoCommitByDefault());
    c.setMetricRegistry(metrics);
    // Do not fail the start when the database is briefly away: requests get clear errors and the
    // pool connects when it is back (DatabaseOutageIT).
    c.setInitializationFailTimeout(-1);
    return new Managed(new HikariDataSource(c));
  }

  /** Hikari as Dropwizard's ManagedDataSource (what JdbiFactory and its health check take). */
  private static final class Managed implements ManagedDataSource {
    private final HikariDataSource pool;

    Managed(HikariDataSource pool) {
      this.pool = pool;
    }

    @Override
    public void start() {}

    @Override
    public void stop() {
      pool.close();
    }

    @Override
    public Connection getConnection() throws SQLException {
      return pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return pool.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return iface.isInstance(pool) ? iface.cast(pool) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return iface.isInstance(pool) || pool.isWrapperFor(iface);
    }
  }
}
