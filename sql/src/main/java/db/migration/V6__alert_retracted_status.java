package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Retractions (issue 4): an alert whose lifecycle ended because the pipeline retracted it has
 * status {@code RETRACTED}, and the dashboard's timeline shows a {@code RETRACTED} notice. Both
 * columns carry an unnamed CHECK from V1/V3, which PostgreSQL and H2 name differently ({@code
 * alert_status_check} vs {@code CONSTRAINT_…}); plain SQL cannot drop a constraint whose name it
 * does not know, so this migration looks the name up in {@code information_schema} (the same
 * query on both) and replaces the CHECK with a named one.
 */
public class V6__alert_retracted_status extends BaseJavaMigration {
  static final String STATUSES =
      "'OPEN', 'ANALYSED', 'ESCALATED', 'ACTIONED', 'DISMISSED', 'MEASURED', 'CLOSED', 'RETRACTED'";
  static final String KINDS =
      "'ANALYSED', 'UPDATED', 'ESCALATED', 'ACTIONED', 'DISMISSED', 'MEASURED', 'CLOSED', 'RETRACTED'";

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    replaceCheck(c, "alert", "ESCALATED", "alert_status_check", "status IN (" + STATUSES + ")");
    replaceCheck(
        c, "alert_notification", "UPDATED", "alert_notification_kind_check", "kind IN (" + KINDS + ")");
  }

  /**
   * Drops the CHECK constraints of {@code table} whose clause names {@code marker} (one of the
   * column's old values) and adds {@code check} under {@code name}.
   */
  static void replaceCheck(Connection c, String table, String marker, String name, String check)
      throws SQLException {
    List<String> old = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT tc.constraint_name FROM information_schema.table_constraints tc
            JOIN information_schema.check_constraints cc
              ON cc.constraint_schema = tc.constraint_schema AND cc.constraint_name = tc.constraint_name
            WHERE tc.constraint_type = 'CHECK' AND LOWER(tc.table_name) = ?
              AND LOWER(tc.table_schema) = LOWER(?) AND cc.check_clause LIKE ?
            """)) {
      ps.setString(1, table);
      ps.setString(2, c.getSchema());
      ps.setString(3, "%'" + marker + "'%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          old.add(rs.getString(1));
        }
      }
    }
    if (old.isEmpty()) {
      throw new IllegalStateException(
          "No CHECK constraint on " + table + " mentions '" + marker + "' in schema " + c.getSchema());
    }
    try (Statement s = c.createStatement()) {
      for (String n : old) {
        s.execute("ALTER TABLE " + table + " DROP CONSTRAINT \"" + n.replace("\"", "\"\"") + "\"");
      }
      s.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + name + " CHECK (" + check + ")");
    }
  }
}
