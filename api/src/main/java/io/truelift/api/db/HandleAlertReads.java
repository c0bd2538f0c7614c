package io.truelift.api.db;

import io.truelift.api.api.ActionView;
import io.truelift.api.api.AlertRow;
import io.truelift.api.api.AnalysisRow;
import io.truelift.api.api.RecommendationView;
import io.truelift.api.db.AlertDao.EffectivenessRow;
import io.truelift.api.db.AlertDao.Notification;
import io.truelift.api.db.AlertDao.Prices;
import io.truelift.api.db.AlertDao.PromotionPrices;
import io.truelift.api.db.AlertDao.SubstituteRow;
import io.truelift.api.db.AlertDao.WindowRow;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * {@link AlertReads} as plain statements on one handle. The alert list and detail use this rather
 * than a SQL object: attaching Jdbi's SQL object for {@link AlertDao} prepares a handler for each
 * of its thirty methods every time (a sixth of the API's CPU at 500 requests/s), for the one to
 * ten statements a request runs. Each statement names itself in a leading comment, as the DAO's
 * do ({@link NamedStatementTemplateEngine}).
 */
public final class HandleAlertReads implements AlertReads {
  static final String FIND_BY_ID =
      "/* AlertReads.findById */ SELECT " + AlertDao.ALERT_COLUMNS + " FROM alert WHERE alert_id = :id";
  static final String SUBSTITUTES =
      "/* AlertReads.substituteRows */ SELECT sku, baseline_units, actual_units, lost_units"
          + " FROM alert_substitute WHERE alert_id = :id ORDER BY lost_units DESC, sku";
  static final String ANALYSIS =
      "/* AlertReads.analysis */ SELECT analyst, explanation, confidence FROM analysis WHERE alert_id = :id";
  static final String RECOMMENDATIONS =
      "/* AlertReads.recommendations */ SELECT rank, action_type, new_price_cents, title, rationale,"
          + " expected_margin_change_cents, expected_margin_change_lower_cents, expected_margin_change_upper_cents"
          + " FROM recommended_strategy WHERE alert_id = :id ORDER BY rank";
  static final String ACTIONS =
      "/* AlertReads.actions */ SELECT action_id, action_type, new_price_cents, reason, actor,"
          + " requested_at, status, executed_at FROM user_action WHERE alert_id = :id ORDER BY requested_at";
  static final String NOTIFICATIONS =
      "/* AlertReads.notifications */ SELECT kind, message, created_at FROM alert_notification"
          + " WHERE alert_id = :id ORDER BY created_at, notification_id";
  static final String EFFECTIVENESS =
      "/* AlertReads.effectiveness */ " + AlertDao.EFFECTIVENESS_SELECT
          + " WHERE e.alert_id = :id ORDER BY e.created_at DESC";
  static final String WINDOW_BUCKETS =
      "/* AlertReads.windowBuckets */ SELECT sku, MIN(window_start) AS window_start, COUNT(*) AS windows,"
          + " SUM(units) AS units, SUM(revenue_cents) AS revenue_cents,"
          + " CASE WHEN COUNT(baseline_units) = COUNT(*) THEN SUM(baseline_units) END AS baseline_units"
          + " FROM windowed_sales"
          + " WHERE store_id = '*' AND sku IN (<skus>) AND window_start >= :from AND window_start < :to"
          // As a double: H2 rounds a NUMERIC quotient of scale 0 instead of truncating it.
          + " GROUP BY sku, FLOOR(CAST(EXTRACT(EPOCH FROM window_start) - :fromEpoch AS DOUBLE PRECISION)"
          + " / :bucketSeconds)"
          + " ORDER BY sku, MIN(window_start)";
  static final String PRICES =
      "/* AlertReads.prices */ SELECT sku, regular_price_cents, unit_cost_cents FROM product WHERE sku IN (<skus>)";
  static final String PROMOTION_PRICES =
      "/* AlertReads.promotionPrices */ SELECT promo_price_cents, regular_price_cents FROM promotion"
          + " WHERE promotion_id = :id";

  private static final AlertRowMapper ALERT = new AlertRowMapper();
  private static final DetailRowMappers.Substitute SUBSTITUTE = new DetailRowMappers.Substitute();
  private static final DetailRowMappers.Analysis ANALYSIS_ROW = new DetailRowMappers.Analysis();
  private static final DetailRowMappers.Recommendation RECOMMENDATION = new DetailRowMappers.Recommendation();
  private static final DetailRowMappers.Action ACTION = new DetailRowMappers.Action();
  private static final DetailRowMappers.Notification NOTIFICATION = new DetailRowMappers.Notification();
  private static final DetailRowMappers.Effectiveness MEASURED = new DetailRowMappers.Effectiveness();
  private static final AlertDao.WindowRowMapper WINDOW = new AlertDao.WindowRowMapper();
  private static final DetailRowMappers.Prices PRICE = new DetailRowMappers.Prices();

  private final Handle handle;

  public HandleAlertReads(Handle handle) {
    this.handle = handle;
  }

  /**
   * From this offset on, a page first finds its alert ids and then reads their rows: the ids come
   * from the sort's index alone (an index-only scan skips the offset's entries without reading
   * their rows), so a page at offset 950 reads 50 rows instead of 1,000 (PostgreSQL 1.0 ms instead
   * of 2.9 on the benchmark's data). On the first pages the extra join costs more than it saves.
   */
  static final int DEFERRED_JOIN_OFFSET = 200;

  @Override
  public List<AlertRow> list(AlertQuery query) {
    String page = query.where() + query.orderBy() + " LIMIT :limit OFFSET :offset";
    String sql =
        query.offset() < DEFERRED_JOIN_OFFSET
            ? "/* AlertReads.list */ SELECT " + AlertDao.ALERT_COLUMNS + " FROM alert" + page
            : "/* AlertReads.list */ SELECT " + AlertDao.ALERT_COLUMNS + " FROM alert"
                + " WHERE alert_id IN (SELECT alert_id FROM alert" + page + ")" + query.orderBy();
    Query statement = handle.createQuery(sql).bind("limit", query.limit()).bind("offset", query.offset());
    bindFilters(statement, query);
    return statement.map(ALERT).list();
  }

  @Override
  public long count(AlertQuery query) {
    Query statement = handle.createQuery("/* AlertReads.count */ SELECT COUNT(*) FROM alert" + query.where());
    bindFilters(statement, query);
    return statement.mapTo(Long.class).one();
  }

  private static void bindFilters(Query statement, AlertQuery q) {
    if (q.status() != null) {
      statement.bind("status", q.status());
    }
    if (q.severity() != null) {
      statement.bind("severity", q.severity());
    }
    if (q.category() != null) {
      statement.bind("category", q.category());
    }
    if (q.q() != null) {
      statement.bind("q", q.qPattern());
    }
  }

  @Override
  public Optional<AlertRow> findById(String alertId) {
    return byAlert(FIND_BY_ID, alertId).map(ALERT).findOne();
  }

  @Override
  public List<SubstituteRow> substituteRows(String alertId) {
    return byAlert(SUBSTITUTES, alertId).map(SUBSTITUTE).list();
  }

  @Override
  public Optional<AnalysisRow> analysis(String alertId) {
    return byAlert(ANALYSIS, alertId).map(ANALYSIS_ROW).findOne();
  }

  @Override
  public List<RecommendationView> recommendations(String alertId) {
    return byAlert(RECOMMENDATIONS, alertId).map(RECOMMENDATION).list();
  }

  @Override
  public List<ActionView> actions(String alertId) {
    return byAlert(ACTIONS, alertId).map(ACTION).list();
  }

  @Override
  public List<Notification> notifications(String alertId) {
    return byAlert(NOTIFICATIONS, alertId).map(NOTIFICATION).list();
  }

  @Override
  public List<EffectivenessRow> effectiveness(String alertId) {
    return byAlert(EFFECTIVENESS, alertId).map(MEASURED).list();
  }

  @Override
  public List<WindowRow> windowBuckets(
      List<String> skus, OffsetDateTime from, OffsetDateTime to, long fromEpochSecond, long bucketSeconds) {
    return handle
        .createQuery(WINDOW_BUCKETS)
        .bindList("skus", skus)
        .bind("from", from)
        .bind("to", to)
        .bind("fromEpoch", fromEpochSecond)
        .bind("bucketSeconds", bucketSeconds)
        .map(WINDOW)
        .list();
  }

  @Override
  public List<Prices> prices(List<String> skus) {
    return handle.createQuery(PRICES).bindList("skus", skus).map(PRICE).list();
  }

  @Override
  public Optional<PromotionPrices> promotionPrices(String promotionId) {
    return handle
        .createQuery(PROMOTION_PRICES)
        .bind("id", promotionId)
        .map((rs, ctx) -> new PromotionPrices(rs.getLong(1), rs.getLong(2)))
        .findOne();
  }

  private Query byAlert(String sql, String alertId) {
    return handle.createQuery(sql).bind("id", alertId);
  }
}
