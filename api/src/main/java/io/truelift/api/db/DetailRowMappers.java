package io.truelift.api.db;

import static io.truelift.api.db.AlertRowMapper.instant;

import io.truelift.api.api.ActionView;
import io.truelift.api.api.AnalysisRow;
import io.truelift.api.api.RecommendationView;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The alert detail's rows, each mapped from its {@link AlertDao} query's columns in order. Written
 * out for the reason {@link AlertRowMapper} is: the detail runs nine statements, and Jdbi's
 * constructor mapper matches columns to record parameters again for every one of them.
 */
final class DetailRowMappers {
  private DetailRowMappers() {}

  static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /** {@code sku, baseline_units, actual_units, lost_units}. */
  public static final class Substitute implements RowMapper<AlertDao.SubstituteRow> {
    @Override
    public AlertDao.SubstituteRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new AlertDao.SubstituteRow(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
    }
  }

  /** {@code analyst, explanation, confidence}. */
  public static final class Analysis implements RowMapper<AnalysisRow> {
    @Override
    public AnalysisRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new AnalysisRow(rs.getString(1), rs.getString(2), rs.getDouble(3));
    }
  }

  /**
   * {@code rank, action_type, new_price_cents, title, rationale, expected_margin_change_cents,
   * expected_margin_change_lower_cents, expected_margin_change_upper_cents}.
   */
  public static final class Recommendation implements RowMapper<RecommendationView> {
    @Override
    public RecommendationView map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new RecommendationView(
          rs.getInt(1), rs.getString(2), nullableLong(rs, 3), rs.getString(4), rs.getString(5), nullableLong(rs, 6),
          nullableLong(rs, 7), nullableLong(rs, 8));
    }
  }

  /** {@code action_id, action_type, new_price_cents, reason, actor, requested_at, status, executed_at}. */
  public static final class Action implements RowMapper<ActionView> {
    @Override
    public ActionView map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new ActionView(
          rs.getString(1), rs.getString(2), nullableLong(rs, 3), rs.getString(4), rs.getString(5),
          instant(rs, 6), rs.getString(7), instant(rs, 8));
    }
  }

  /** {@code kind, message, created_at}. */
  public static final class Notification implements RowMapper<AlertDao.Notification> {
    @Override
    public AlertDao.Notification map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new AlertDao.Notification(rs.getString(1), rs.getString(2), instant(rs, 3));
    }
  }

  /** {@link AlertDao#EFFECTIVENESS_SELECT}'s eleven columns. */
  public static final class Effectiveness implements RowMapper<AlertDao.EffectivenessRow> {
    @Override
    public AlertDao.EffectivenessRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      int score = rs.getInt(8);
      Integer knownScore = rs.wasNull() ? null : score;
      return new AlertDao.EffectivenessRow(
          rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4), nullableLong(rs, 5),
          nullableLong(rs, 6), nullableLong(rs, 7), knownScore, rs.getString(9), rs.getString(10),
          rs.getString(11));
    }
  }

  /** {@code sku, regular_price_cents, unit_cost_cents}. */
  public static final class Prices implements RowMapper<AlertDao.Prices> {
    @Override
    public AlertDao.Prices map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new AlertDao.Prices(rs.getString(1), rs.getLong(2), rs.getLong(3));
    }
  }
}
