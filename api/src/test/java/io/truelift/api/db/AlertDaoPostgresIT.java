package io.truelift.api.db;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The DAO on PostgreSQL at 127.0.0.1:5432 (database {@code test}, user postgres), each test in a
 * schema of its own. Skipped only outside CI when no server answers; in CI a missing server fails.
 */
class AlertDaoPostgresIT extends AlertDaoContract {
  static final String BASE_URL =
      System.getenv().getOrDefault("TRUELIFT_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getenv().getOrDefault("TRUELIFT_TEST_PG_USER", "postgres");

  private String schema;

  @Override
  String[] freshDatabase() throws SQLException {
    schema = "api_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(BASE_URL + "?connectTimeout=3", USER, "")) {
      c.createStatement().execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      assumeTrue(
          System.getenv("CI") != null,
          "PostgreSQL at " + BASE_URL + " unreachable and CI unset: " + e.getMessage());
      throw e;
    }
    return new String[] {BASE_URL + "?currentSchema=" + schema, USER, ""};
  }

  @Override
  void dropDatabase() throws SQLException {
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(BASE_URL, USER, "")) {
      c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
