package io.truelift.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applies the migrations to an in-memory H2 (the embedded default) and to the machine's
 * PostgreSQL 15 on 127.0.0.1:5432 (a fresh schema per run), then exercises the parts of the SQL
 * dialect the application relies on: MERGE upserts, timestamps with time zone, check constraints.
 */
class MigrationsTest {

  record Db(String name, String url, String user) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Db> databases() {
    String schema = "mig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return Stream.of(
        new Db(
            "h2",
            "jdbc:h2:mem:" + schema + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
            "sa"),
        new Db(
            "postgresql",
            "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema,
            "postgres"));
  }

  private static Connection open(Db db) throws SQLException {
    Connection c;
    try {
      c = DriverManager.getConnection(db.url(), db.user(), "");
    } catch (SQLException e) {
      if (db.name().equals("postgresql") && System.getenv("CI") == null) {
        Assumptions.abort("PostgreSQL not reachable on 127.0.0.1:5432: " + e.getMessage());
      }
      throw e;
    }
    if (db.name().equals("postgresql")) {
      String schema = db.url().substring(db.url().indexOf("currentSchema=") + 14);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      }
    }
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void migrationsCreateEveryTableAndAreIdempotent(Db db) throws Exception {
    try (Connection c = open(db)) {
      assertThat(Migrations.migrate(db.url(), db.user(), "").migrationsExecuted).isPositive();
      assertThat(Migrations.migrate(db.url(), db.user(), "").migrationsExecuted).isZero();

      List<String> tables = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME").toLowerCase());
        }
      }
      assertThat(tables)
          .contains(
              "product", "store", "promotion", "substitution_edge", "windowed_sales", "baseline",
              "alert", "alert_substitute", "analysis", "recommended_strategy", "user_action",
              "effectiveness_evaluation", "model_version", "audit_log", "market_event_outbox",
              "detected_alert");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void mergeUpsertsAWindowAndChecksRejectBadRows(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      Migrations.migrate(db.url(), db.user(), "");
      String merge =
          """
          MERGE INTO windowed_sales t
          USING (SELECT 'SKU-1' AS sku, '*' AS store_id,
                        CAST('2026-01-05 10:00:00+00' AS TIMESTAMP WITH TIME ZONE) AS window_start) s
          ON t.sku = s.sku AND t.store_id = s.store_id AND t.window_start = s.window_start
          WHEN MATCHED THEN UPDATE SET units = %d, updated_at = CURRENT_TIMESTAMP
          WHEN NOT MATCHED THEN INSERT (sku, store_id, window_start, window_end, units, revenue_cents, updated_at)
            VALUES (s.sku, s.store_id, s.window_start,
                    CAST('2026-01-05 10:01:00+00' AS TIMESTAMP WITH TIME ZONE), %d, 100, CURRENT_TIMESTAMP)
          """;
      s.executeUpdate(merge.formatted(3, 3));
      s.executeUpdate(merge.formatted(5, 5));
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(units) FROM windowed_sales")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.getLong(2)).isEqualTo(5);
      }
      assertThatThrownBy(
              () ->
                  s.executeUpdate(
                      "INSERT INTO product VALUES ('X', 'x', 'c', 's', -1, 0)"))
          .isInstanceOf(SQLException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void alertsCanBeRetractedAndOtherStatusesAreStillRejected(Db db) throws Exception {
    try (Connection c = open(db); Statement s = c.createStatement()) {
      Migrations.migrate(db.url(), db.user(), "");
      String insert =
          """
          INSERT INTO alert (alert_id, promotion_id, promoted_sku, category, sub_category, status,
            severity, detected_at, window_start, window_end, gross_lift_units, cannibalized_units,
            cannibalization_rate, lost_revenue_cents, test_statistic, workflow_id, created_at, updated_at)
          VALUES ('%s', 'P-1', 'SKU-1', 'c', 's', '%s', 'HIGH', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,
            CURRENT_TIMESTAMP, 1, 1, 0.5, 100, 2, 'alert-%1$s', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
          """;
      s.executeUpdate(insert.formatted("A-1", "ANALYSED"));
      s.executeUpdate("UPDATE alert SET status = 'RETRACTED' WHERE alert_id = 'A-1'");
      s.executeUpdate(
          "INSERT INTO alert_notification VALUES ('A-1:RETRACTED', 'A-1', 'RETRACTED', 'late data', CURRENT_TIMESTAMP)");
      assertThatThrownBy(() -> s.executeUpdate("UPDATE alert SET status = 'GONE' WHERE alert_id = 'A-1'"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> s.executeUpdate(insert.formatted("A-2", "RAISED")))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(
              () ->
                  s.executeUpdate(
                      "INSERT INTO alert_notification VALUES ('A-1:X', 'A-1', 'GONE', 'x', CURRENT_TIMESTAMP)"))
          .isInstanceOf(SQLException.class);
      // The severity CHECK on the same table is untouched.
      assertThatThrownBy(() -> s.executeUpdate("UPDATE alert SET severity = 'HUGE' WHERE alert_id = 'A-1'"))
          .isInstanceOf(SQLException.class);
    }
  }
}
