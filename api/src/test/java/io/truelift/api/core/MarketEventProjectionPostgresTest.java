package io.truelift.api.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** {@link MarketEventProjectionTest} on PostgreSQL (a schema per test; skipped outside CI if unreachable). */
class MarketEventProjectionPostgresTest extends MarketEventProjectionTest {
  private static final String BASE_URL =
      System.getenv().getOrDefault("TRUELIFT_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = System.getenv().getOrDefault("TRUELIFT_TEST_PG_USER", "postgres");

  private String schema;

  @AfterEach
  void dropSchema() throws SQLException {
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(BASE_URL, USER, "")) {
        c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Override
  String[] freshDatabase() throws SQLException {
    schema = "proj_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(BASE_URL + "?connectTimeout=3", USER, "")) {
      c.createStatement().execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      assumeTrue(System.getenv("CI") != null, "PostgreSQL at " + BASE_URL + " unreachable and CI unset: " + e.getMessage());
      throw e;
    }
    return new String[] {BASE_URL + "?currentSchema=" + schema, USER, ""};
  }
}
