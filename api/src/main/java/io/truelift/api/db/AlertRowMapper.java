package io.truelift.api.db;

import io.truelift.api.api.AlertRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Maps {@link AlertDao#ALERT_COLUMNS}, in that order, to an {@link AlertRow}. Written out because
 * the alert list maps fifty rows per request: Jdbi's constructor mapper inspects the result set's
 * columns and the record's parameters again for every statement, a tenth of the list's CPU.
 */
public final class AlertRowMapper implements RowMapper<AlertRow> {
  @Override
  public AlertRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new AlertRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        instant(rs, 8),
        instant(rs, 9),
        instant(rs, 10),
        rs.getDouble(11),
        rs.getDouble(12),
        rs.getDouble(13),
        rs.getLong(14),
        rs.getDouble(15),
        rs.getString(16),
        instant(rs, 17),
        instant(rs, 18));
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
