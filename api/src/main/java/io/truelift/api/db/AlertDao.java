package io.truelift.api.db;

import io.truelift.api.api.ActionView;
import io.truelift.api.api.AlertRow;
import io.truelift.api.api.AnalysisRow;
import io.truelift.api.api.DashboardStats;
import io.truelift.api.api.RecommendationView;
import io.truelift.api.api.SubstituteView;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.UserAction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * Reads alerts and their decomposition, analysis and actions; records actions with their audit
 * entry. Parameters are cast where PostgreSQL cannot infer their type (a null filter, a SELECT
 * list).
 */
@RegisterRowMapper(AlertRowMapper.class)
public interface AlertDao extends SqlObject, AuditLogDao, AlertReads {
  String ALERT_COLUMNS =
      "alert_id, promotion_id, promoted_sku, category, sub_category, status, severity, detected_at,"
          + " window_start, window_end, gross_lift_units, cannibalized_units, cannibalization_rate,"
          + " lost_revenue_cents, test_statistic, workflow_id, created_at, updated_at";

  // The list's and the detail's reads, each statement written once, in HandleAlertReads.

  @Override
  default List<AlertRow> list(AlertQuery query) {
    return new HandleAlertReads(getHandle()).list(query);
  }

  @Override
  default long count(AlertQuery query) {
    return new HandleAlertReads(getHandle()).count(query);
  }

  @Override
  default Optional<AlertRow> findById(String alertId) {
    return new HandleAlertReads(getHandle()).findById(alertId);
  }

  @Override
  default List<SubstituteRow> substituteRows(String alertId) {
    return new HandleAlertReads(getHandle()).substituteRows(alertId);
  }

  @Override
  default Optional<AnalysisRow> analysis(String alertId) {
    return new HandleAlertReads(getHandle()).analysis(alertId);
  }

  @Override
  default List<RecommendationView> recommendations(String alertId) {
    return new HandleAlertReads(getHandle()).recommendations(alertId);
  }

  @Override
  default List<ActionView> actions(String alertId) {
    return new HandleAlertReads(getHandle()).actions(alertId);
  }

  @Override
  default List<Notification> notifications(String alertId) {
    return new HandleAlertReads(getHandle()).notifications(alertId);
  }

  @Override
  default List<EffectivenessRow> effectiveness(String alertId) {
    return new HandleAlertReads(getHandle()).effectiveness(alertId);
  }

  @Override
  default List<WindowRow> windowBuckets(
      List<String> skus, OffsetDateTime from, OffsetDateTime to, long fromEpochSecond, long bucketSeconds) {
    return new HandleAlertReads(getHandle()).windowBuckets(skus, from, to, fromEpochSecond, bucketSeconds);
  }

  @Override
  default List<Prices> prices(List<String> skus) {
    return new HandleAlertReads(getHandle()).prices(skus);
  }

  @Override
  default Optional<PromotionPrices> promotionPrices(String promotionId) {
    return new HandleAlertReads(getHandle()).promotionPrices(promotionId);
  }

  @SqlQuery(
      "SELECT "
          + ALERT_COLUMNS
          + " FROM alert WHERE updated_at >= :since ORDER BY updated_at, alert_id")
  List<AlertRow> updatedSince(@Bind("since") OffsetDateTime since);

  /** A substitute's stored loss. */
  record SubstituteRow(String sku, double baselineUnits, double actualUnits, double lostUnits) {
    public SubstituteView view() {
      return new SubstituteView(sku, baselineUnits, actualUnits, lostUnits);
    }
  }

  /** The alert's substitutes, largest loss first (without intervals). */
  default List<SubstituteView> substitutes(String alertId) {
    return substituteRows(alertId).stream().map(SubstituteRow::view).toList();
  }

  @SqlQuery(
      """
      SELECT COALESCE(SUM(CASE WHEN status IN ('OPEN', 'ANALYSED', 'ESCALATED') THEN 1 ELSE 0 END), 0)
               AS pending_alerts,
             COALESCE(SUM(lost_revenue_cents), 0) AS total_lost_revenue_cents,
             COALESCE(SUM(COALESCE(lost_margin_cents, (
               SELECT CAST(SUM(s.lost_units * (p.regular_price_cents - p.unit_cost_cents)) AS BIGINT)
               FROM alert_substitute s JOIN product p ON p.sku = s.sku
               WHERE s.alert_id = a.alert_id))), 0) AS total_lost_margin_cents,
             COALESCE(AVG(cannibalization_rate), 0) AS average_cannibalization_rate,
             (SELECT COUNT(*) FROM promotion WHERE status = 'ACTIVE') AS active_promotions,
             COUNT(*) AS alert_count,
             COALESCE(SUM(gross_lift_units - cannibalized_units), 0) AS net_lift_units
      FROM alert a
      """)
  @RegisterConstructorMapper(DashboardStats.class)
  DashboardStats stats();

  /** A lifecycle notice the worker wrote for the dashboard. */
  record Notification(String kind, String message, Instant createdAt) {}

  /** The evaluation of an alert's action, with its detail and the action it measured. */
  record EffectivenessRow(
      String alertId,
      String actionType,
      Instant executedAt,
      Instant createdAt,
      Long estimateCents,
      Long lowerCents,
      Long upperCents,
      Integer score,
      String outcome,
      String method,
      String detail) {}

  String EFFECTIVENESS_SELECT =
      "SELECT e.alert_id, u.action_type, u.executed_at, e.created_at, e.estimate_cents,"
          + " e.lower_cents, e.upper_cents, e.score, e.outcome, e.method, d.detail"
          + " FROM effectiveness_evaluation e"
          + " LEFT JOIN user_action u ON u.action_id = e.action_id"
          + " LEFT JOIN effectiveness_detail d ON d.evaluation_id = e.evaluation_id";

  /**
   * Consecutive windows of one product (the all-stores total) summed: {@code windows} of them from
   * {@code windowStart}; {@code baselineUnits} is null when any of them has no baseline.
   */
  record WindowRow(
      String sku, Instant windowStart, long windows, long units, long revenueCents, Double baselineUnits) {}

  /** Maps {@link #windowBuckets}' columns in order (see {@link AlertRowMapper} for why). */
  final class WindowRowMapper implements RowMapper<WindowRow> {
    @Override
    public WindowRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      double baseline = rs.getDouble(6);
      Double known = rs.wasNull() ? null : baseline;
      return new WindowRow(
          rs.getString(1), AlertRowMapper.instant(rs, 2), rs.getLong(3), rs.getLong(4), rs.getLong(5), known);
    }
  }

  /** A product's prices, where the catalog has it. */
  record Prices(String sku, long regularPriceCents, long unitCostCents) {}

  /** The promoted item's prices when the promotion is recorded. */
  record PromotionPrices(long promoPriceCents, long regularPriceCents) {}

  @SqlUpdate(
      "INSERT INTO user_action (action_id, alert_id, action_type, new_price_cents, reason, actor,"
          + " requested_at, status)"
          + " SELECT CAST(:actionId AS VARCHAR(64)), CAST(:alertId AS VARCHAR(128)),"
          + " CAST(:type AS VARCHAR(32)), CAST(:price AS BIGINT), CAST(:reason AS VARCHAR(2000)),"
          + " CAST(:actor AS VARCHAR(100)), CAST(:at AS TIMESTAMP WITH TIME ZONE), 'REQUESTED'"
          + " FROM (VALUES (1)) AS one (x)"
          + " WHERE NOT EXISTS (SELECT 1 FROM user_action WHERE alert_id = :alertId)")
  int insertActionIfNone(
      @Bind("actionId") String actionId,
      @Bind("alertId") String alertId,
      @Bind("type") String type,
      @Bind("price") Long newPriceCents,
      @Bind("reason") String reason,
      @Bind("actor") String actor,
      @Bind("at") OffsetDateTime at);

  /** A stored action the worker has not executed yet, with what is needed to signal it again. */
  record UnsignalledAction(
      String actionId,
      String alertId,
      String actionType,
      Long newPriceCents,
      String reason,
      String actor,
      Instant requestedAt,
      String workflowId) {

    public String workflowIdOrDefault() {
      return workflowId == null || workflowId.isBlank() ? "alert-" + alertId : workflowId;
    }

    public UserAction toUserAction() {
      return new UserAction(
          UserAction.VERSION,
          actionId,
          alertId,
          ActionType.valueOf(actionType),
          newPriceCents,
          reason,
          actor,
          requestedAt);
    }
  }

  /** A stored action as the {@code user-actions} audit stream carries it. */
  record StoredAction(
      String actionId,
      String alertId,
      String actionType,
      Long newPriceCents,
      String reason,
      String actor,
      Instant requestedAt) {

    /** The contract's form; throws {@code InvalidEventException} for a row it does not allow. */
    public UserAction toUserAction() {
      return new UserAction(
          UserAction.VERSION, actionId, alertId, ActionType.valueOf(actionType), newPriceCents,
          reason, actor, requestedAt);
    }
  }

  /** Actions not yet on the {@code user-actions} stream, oldest first. */
  @SqlQuery(
      "SELECT action_id, alert_id, action_type, new_price_cents, reason, actor, requested_at"
          + " FROM user_action WHERE published_at IS NULL"
          + " ORDER BY requested_at, action_id LIMIT :limit")
  @RegisterConstructorMapper(StoredAction.class)
  List<StoredAction> unpublishedActions(@Bind("limit") int limit);

  @SqlUpdate("UPDATE user_action SET published_at = :now WHERE action_id = :actionId")
  int markActionPublished(@Bind("actionId") String actionId, @Bind("now") OffsetDateTime now);

  /**
   * Actions still REQUESTED since before {@code requestedBefore} on alerts whose workflow still
   * waits for one (OPEN, ANALYSED, ESCALATED), oldest first.
   */
  @SqlQuery(
      "SELECT u.action_id, u.alert_id, u.action_type, u.new_price_cents, u.reason, u.actor,"
          + " u.requested_at, a.workflow_id FROM user_action u JOIN alert a ON a.alert_id ="
          + " u.alert_id WHERE u.status = 'REQUESTED' AND u.requested_at <= :before AND a.status"
          + " IN ('OPEN', 'ANALYSED', 'ESCALATED') ORDER BY u.requested_at, u.action_id LIMIT"
          + " :limit")
  @RegisterConstructorMapper(UnsignalledAction.class)
  List<UnsignalledAction> unexecutedActions(
      @Bind("before") OffsetDateTime requestedBefore, @Bind("limit") int limit);

  /**
   * Records the alert's first action with its audit entry, together or not at all.
   *
   * @return false (and nothing written) when the alert already has an action
   */
  @Transaction
  default boolean recordAction(
      String actionId,
      String alertId,
      String type,
      Long newPriceCents,
      String reason,
      String actor,
      Instant at) {
    OffsetDateTime ts = at.atOffset(ZoneOffset.UTC);
    if (insertActionIfNone(actionId, alertId, type, newPriceCents, reason, actor, ts) == 0) {
      return false;
    }
    insertAudit(
        UUID.randomUUID().toString(),
        actor,
        "ALERT_ACTION",
        alertId,
        "actionId="
            + actionId
            + " type="
            + type
            + (newPriceCents != null ? " newPriceCents=" + newPriceCents : "")
            + (reason != null ? " reason=" + abbreviate(reason, 3000) : ""),
        ts);
    return true;
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
