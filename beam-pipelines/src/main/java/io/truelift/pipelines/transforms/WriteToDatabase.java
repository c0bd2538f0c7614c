package io.truelift.pipelines.transforms;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.WindowedStat;
import io.truelift.core.contracts.AlertRetraction;
import io.truelift.pipelines.model.Baseline;
import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * The pipeline's database sinks (JdbcIO, PostgreSQL or H2): windowed sales with their baseline
 * into {@code windowed_sales} and {@code baseline}, every alert version into {@code
 * detected_alert}. Every write is a standard MERGE on the table's natural key, so a replay, a
 * retried bundle or a late pane upserts the same row and never adds one; a late pane only replaces
 * a window's row when it carries at least its units (panes accumulate, so an older pane written
 * after a newer one leaves the newer row). The worker owns {@code alert}: it inserts the row when
 * the alert's workflow starts, and this sink does not compete with it.
 */
public final class WriteToDatabase implements Serializable {
  /** All-stores rows: the pipeline sums over stores. */
  public static final String ALL_STORES = "*";

  static final String MERGE_WINDOWED_SALES =
      """
      MERGE INTO windowed_sales t
      USING (SELECT CAST(? AS VARCHAR(64)) AS sku, CAST(? AS VARCHAR(64)) AS store_id,
                    CAST(? AS TIMESTAMP WITH TIME ZONE) AS window_start,
                    CAST(? AS TIMESTAMP WITH TIME ZONE) AS window_end,
                    CAST(? AS BIGINT) AS units, CAST(? AS BIGINT) AS revenue_cents,
                    CAST(? AS DOUBLE PRECISION) AS baseline_units, CAST(? AS VARCHAR(64)) AS promotion_id,
                    CAST(? AS TIMESTAMP WITH TIME ZONE) AS updated_at) s
        ON t.sku = s.sku AND t.store_id = s.store_id AND t.window_start = s.window_start
      WHEN MATCHED AND t.units <= s.units THEN UPDATE SET window_end = s.window_end, units = s.units,
        revenue_cents = s.revenue_cents, baseline_units = s.baseline_units,
        promotion_id = s.promotion_id, updated_at = s.updated_at
      WHEN NOT MATCHED THEN INSERT (sku, store_id, window_start, window_end, units, revenue_cents,
        baseline_units, promotion_id, updated_at)
        VALUES (s.sku, s.store_id, s.window_start, s.window_end, s.units, s.revenue_cents,
          s.baseline_units, s.promotion_id, s.updated_at)
      """;

  static final String MERGE_BASELINE =
      """
      MERGE INTO baseline t
      USING (SELECT CAST(? AS VARCHAR(64)) AS sku, CAST(? AS VARCHAR(64)) AS store_id,
                    CAST(? AS TIMESTAMP WITH TIME ZONE) AS bucket_start,
                    CAST(? AS TIMESTAMP WITH TIME ZONE) AS bucket_end,
                    CAST(? AS DOUBLE PRECISION) AS predicted_units, CAST(? AS VARCHAR(64)) AS model_id) s
        ON t.sku = s.sku AND t.store_id = s.store_id AND t.bucket_start = s.bucket_start
          AND t.model_id = s.model_id
      WHEN MATCHED THEN UPDATE SET bucket_end = s.bucket_end, predicted_units = s.predicted_units
      WHEN NOT MATCHED THEN INSERT (sku, store_id, bucket_start, bucket_end, predicted_units, model_id)
        VALUES (s.sku, s.store_id, s.bucket_start, s.bucket_end, s.predicted_units, s.model_id)
      """;

  static final String MERGE_ALERT =
      """
      MERGE INTO detected_alert t
      USING (SELECT CAST(? AS VARCHAR(128)) AS alert_id, CAST(? AS VARCHAR(64)) AS promotion_id,
                    CAST(? AS VARCHAR(64)) AS promoted_sku, CAST(? AS VARCHAR(100)) AS sub_category,
                    CAST(? AS VARCHAR(16)) AS severity,
                    CAST(? AS TIMESTAMP WITH TIME ZONE) AS detected_at,
                    CAST(? AS TIMESTAMP WITH TIME ZONE) AS window_start,
                    CAST(? AS TIMESTAMP WITH TIME ZONE) AS window_end,
                    CAST(? AS DOUBLE PRECISION) AS gross_lift_units,
                    CAST(? AS DOUBLE PRECISION) AS cannibalized_units,
                    CAST(? AS DOUBLE PRECISION) AS cannibalization_rate,
                    CAST(? AS BIGINT) AS lost_revenue_cents, CAST(? AS DOUBLE PRECISION) AS test_statistic,
                    CAST(? AS VARCHAR(20000)) AS alert_json,
                    CAST(? AS TIMESTAMP WITH TIME ZONE) AS updated_at) s
        ON t.alert_id = s.alert_id
      WHEN MATCHED THEN UPDATE SET status = 'RAISED', severity = s.severity,
        detected_at = s.detected_at, window_start = s.window_start, window_end = s.window_end,
        gross_lift_units = s.gross_lift_units, cannibalized_units = s.cannibalized_units,
        cannibalization_rate = s.cannibalization_rate, lost_revenue_cents = s.lost_revenue_cents,
        test_statistic = s.test_statistic, alert_json = s.alert_json, updated_at = s.updated_at
      WHEN NOT MATCHED THEN INSERT (alert_id, promotion_id, promoted_sku, sub_category, status,
        severity, detected_at, window_start, window_end, gross_lift_units, cannibalized_units,
        cannibalization_rate, lost_revenue_cents, test_statistic, alert_json, updated_at)
        VALUES (s.alert_id, s.promotion_id, s.promoted_sku, s.sub_category, 'RAISED', s.severity,
          s.detected_at, s.window_start, s.window_end, s.gross_lift_units, s.cannibalized_units,
          s.cannibalization_rate, s.lost_revenue_cents, s.test_statistic, s.alert_json, s.updated_at)
      """;

  static final String MERGE_RETRACTION =
      """
      MERGE INTO detected_alert t
      USING (SELECT CAST(? AS VARCHAR(128)) AS alert_id, CAST(? AS VARCHAR(64)) AS promotion_id,
                    CAST(? AS TIMESTAMP WITH TIME ZONE) AS detected_at,
                    CAST(? AS TIMESTAMP WITH TIME ZONE) AS updated_at) s
        ON t.alert_id = s.alert_id
      WHEN MATCHED THEN UPDATE SET status = 'RETRACTED', updated_at = s.updated_at
      WHEN NOT MATCHED THEN INSERT (alert_id, promotion_id, status, detected_at, updated_at)
        VALUES (s.alert_id, s.promotion_id, 'RETRACTED', s.detected_at, s.updated_at)
      """;

  private final String jdbcUrl;
  private final String user;
  private final String password;

  public WriteToDatabase(String jdbcUrl, String user, String password) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("jdbcUrl must be a JDBC URL (jdbc:postgresql:... or jdbc:h2:...), got " + jdbcUrl);
    }
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  static String driver(String url) {
    return url.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : "org.h2.Driver";
  }

  private <T> JdbcIO.Write<T> write(String sql, JdbcIO.PreparedStatementSetter<T> setter) {
    return JdbcIO.<T>write()
        .withDataSourceConfiguration(
            JdbcIO.DataSourceConfiguration.create(driver(jdbcUrl), jdbcUrl)
                .withUsername(user)
                .withPassword(password))
        .withStatement(sql)
        .withPreparedStatementSetter(setter)
        // Two writers of one new key can both find it missing: the loser's unique violation is
        // retried, and its MERGE then updates the row.
        .withRetryStrategy(
            e -> "40001".equals(e.getSQLState()) || "23505".equals(e.getSQLState()) || "40P01".equals(e.getSQLState()));
  }

  /** Windowed sales and the baseline behind them. */
  public void windowedStats(PCollection<WindowedStat> stats, Baseline baseline) {
    stats.apply("WriteWindowedSalesToDatabase", write(MERGE_WINDOWED_SALES, new WindowedSalesSetter()));
    stats.apply("WriteBaselinesToDatabase", write(MERGE_BASELINE, new BaselineSetter(baseline)));
  }

  /** Every version of every alert, and retractions. */
  public PDone alerts(PCollection<CannibalizationAlert> alerts, PCollection<AlertRetraction> retractions) {
    alerts.apply("WriteAlertsToDatabase", write(MERGE_ALERT, new AlertSetter()));
    return retractions.apply("WriteRetractionsToDatabase", write(MERGE_RETRACTION, new RetractionSetter()));
  }

  static OffsetDateTime ts(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  static class WindowedSalesSetter implements JdbcIO.PreparedStatementSetter<WindowedStat> {
    @Override
    public void setParameters(WindowedStat s, PreparedStatement ps) throws SQLException {
      ps.setString(1, s.sku());
      ps.setString(2, ALL_STORES);
      ps.setObject(3, ts(s.windowStart()));
      ps.setObject(4, ts(s.windowEnd()));
      ps.setLong(5, s.units());
      ps.setLong(6, s.revenueCents());
      ps.setDouble(7, s.baselineUnits());
      if (s.promotionId() == null) {
        ps.setNull(8, Types.VARCHAR);
      } else {
        ps.setString(8, s.promotionId());
      }
      ps.setObject(9, ts(Instant.now()));
    }
  }

  /** The model id is the baseline's current one when the row is written. */
  static class BaselineSetter implements JdbcIO.PreparedStatementSetter<WindowedStat> {
    private final Baseline baseline;

    BaselineSetter(Baseline baseline) {
      this.baseline = baseline;
    }

    @Override
    public void setParameters(WindowedStat s, PreparedStatement ps) throws SQLException {
      ps.setString(1, s.sku());
      ps.setString(2, ALL_STORES);
      ps.setObject(3, ts(s.windowStart()));
      ps.setObject(4, ts(s.windowEnd()));
      ps.setDouble(5, s.baselineUnits());
      ps.setString(6, baseline.modelId());
    }
  }

  static class AlertSetter implements JdbcIO.PreparedStatementSetter<CannibalizationAlert> {
    @Override
    public void setParameters(CannibalizationAlert a, PreparedStatement ps) throws SQLException {
      ps.setString(1, a.alertId());
      ps.setString(2, a.promotionId());
      ps.setString(3, a.promotedSku());
      ps.setString(4, a.subCategory());
      ps.setString(5, a.severity().name());
      ps.setObject(6, ts(a.detectedAt()));
      ps.setObject(7, ts(a.windowStart()));
      ps.setObject(8, ts(a.windowEnd()));
      ps.setDouble(9, a.grossLiftUnits());
      ps.setDouble(10, a.cannibalizedUnits());
      ps.setDouble(11, a.cannibalizationRate());
      ps.setLong(12, a.lostRevenueCents());
      ps.setDouble(13, a.testStatistic());
      ps.setString(14, EventJson.encode(a));
      ps.setObject(15, ts(Instant.now()));
    }
  }

  static class RetractionSetter implements JdbcIO.PreparedStatementSetter<AlertRetraction> {
    @Override
    public void setParameters(AlertRetraction r, PreparedStatement ps) throws SQLException {
      ps.setString(1, r.alertId());
      ps.setString(2, r.promotionId());
      ps.setObject(3, ts(r.retractedAt()));
      ps.setObject(4, ts(Instant.now()));
    }
  }
}
