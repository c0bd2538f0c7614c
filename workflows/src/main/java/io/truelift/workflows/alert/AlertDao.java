package io.truelift.workflows.alert;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.SubstituteLoss;
import io.truelift.core.contracts.UserAction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/**
 * The worker's reads and writes on the {@code sql/} schema. Every write is a standard MERGE keyed
 * by the natural id (H2 has no ON CONFLICT), so an activity retried after a crash leaves the same
 * rows as one that ran once. Parameters in a MERGE source are cast: H2 cannot infer their type.
 */
public interface AlertDao {

  /** The promoted item's prices, when the API recorded the promotion. */
  record PromotionPrices(long promoPriceCents, long regularPriceCents) {}

  /** The rank and expected effect of a recommendation of one action type. */
  record StrategyRef(int rank, Long expectedMarginChangeCents) {}

  static OffsetDateTime ts(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  /** Cuts free text to a column's length. */
  static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  @SqlUpdate(
      """
      MERGE INTO alert t USING (SELECT CAST(:alertId AS VARCHAR(128)) AS alert_id) s
        ON t.alert_id = s.alert_id
      WHEN NOT MATCHED THEN INSERT (alert_id, promotion_id, promoted_sku, category, sub_category,
        status, severity, detected_at, window_start, window_end, gross_lift_units,
        cannibalized_units, cannibalization_rate, lost_revenue_cents, test_statistic, workflow_id,
        created_at, updated_at)
      VALUES (:alertId, :promotionId, :promotedSku, :category, :subCategory, 'OPEN', :severity,
        :detectedAt, :windowStart, :windowEnd, :gross, :cannibalized, :rate, :lostRevenue,
        :statistic, :workflowId, :now, :now)
      """)
  int insertAlertIfAbsent(
      @Bind("alertId") String alertId,
      @Bind("promotionId") String promotionId,
      @Bind("promotedSku") String promotedSku,
      @Bind("category") String category,
      @Bind("subCategory") String subCategory,
      @Bind("severity") String severity,
      @Bind("detectedAt") OffsetDateTime detectedAt,
      @Bind("windowStart") OffsetDateTime windowStart,
      @Bind("windowEnd") OffsetDateTime windowEnd,
      @Bind("gross") double grossLiftUnits,
      @Bind("cannibalized") double cannibalizedUnits,
      @Bind("rate") double cannibalizationRate,
      @Bind("lostRevenue") long lostRevenueCents,
      @Bind("statistic") double testStatistic,
      @Bind("workflowId") String workflowId,
      @Bind("now") OffsetDateTime now);

  @SqlUpdate(
      """
      MERGE INTO alert_substitute t
      USING (SELECT CAST(:alertId AS VARCHAR(128)) AS alert_id, CAST(:sku AS VARCHAR(64)) AS sku) s
        ON t.alert_id = s.alert_id AND t.sku = s.sku
      WHEN NOT MATCHED THEN INSERT (alert_id, sku, baseline_units, actual_units, lost_units)
      VALUES (:alertId, :sku, :baseline, :actual, :lost)
      """)
  int insertSubstituteIfAbsent(
      @Bind("alertId") String alertId,
      @Bind("sku") String sku,
      @Bind("baseline") double baselineUnits,
      @Bind("actual") double actualUnits,
      @Bind("lost") double lostUnits);

  @SqlUpdate(
      """
      MERGE INTO analysis t USING (SELECT CAST(:alertId AS VARCHAR(128)) AS alert_id) s
        ON t.alert_id = s.alert_id
      WHEN MATCHED THEN UPDATE SET analyst = :analyst, explanation = :explanation,
        confidence = :confidence, created_at = :now
      WHEN NOT MATCHED THEN INSERT (alert_id, analyst, explanation, confidence, created_at)
        VALUES (:alertId, :analyst, :explanation, :confidence, :now)
      """)
  int upsertAnalysis(
      @Bind("alertId") String alertId,
      @Bind("analyst") String analyst,
      @Bind("explanation") String explanation,
      @Bind("confidence") double confidence,
      @Bind("now") OffsetDateTime now);

  @SqlUpdate(
      """
      MERGE INTO analysis_fallback t USING (SELECT CAST(:alertId AS VARCHAR(128)) AS alert_id) s
        ON t.alert_id = s.alert_id
      WHEN MATCHED THEN UPDATE SET reason = :reason, created_at = :now
      WHEN NOT MATCHED THEN INSERT (alert_id, reason, created_at) VALUES (:alertId, :reason, :now)
      """)
  int upsertFallback(
      @Bind("alertId") String alertId,
      @Bind("reason") String reason,
      @Bind("now") OffsetDateTime now);

  @SqlUpdate("DELETE FROM analysis_fallback WHERE alert_id = :alertId")
  int deleteFallback(@Bind("alertId") String alertId);

  @SqlUpdate(
      """
      MERGE INTO recommended_strategy t
      USING (SELECT CAST(:alertId AS VARCHAR(128)) AS alert_id, CAST(:rank AS INT) AS rank) s
        ON t.alert_id = s.alert_id AND t.rank = s.rank
      WHEN MATCHED THEN UPDATE SET action_type = :type, new_price_cents = :price, title = :title,
        rationale = :rationale, expected_margin_change_cents = :effect,
        expected_margin_change_lower_cents = :lower, expected_margin_change_upper_cents = :upper
      WHEN NOT MATCHED THEN INSERT (alert_id, rank, action_type, new_price_cents, title, rationale,
        expected_margin_change_cents, expected_margin_change_lower_cents,
        expected_margin_change_upper_cents)
        VALUES (:alertId, :rank, :type, :price, :title, :rationale, :effect, :lower, :upper)
      """)
  int upsertStrategy(
      @Bind("alertId") String alertId,
      @Bind("rank") int rank,
      @Bind("type") String actionType,
      @Bind("price") Long newPriceCents,
      @Bind("title") String title,
      @Bind("rationale") String rationale,
      @Bind("effect") Long expectedMarginChangeCents,
      @Bind("lower") Long expectedMarginChangeLowerCents,
      @Bind("upper") Long expectedMarginChangeUpperCents);

  /** Returns the number of rows changed: 0 means there is no such alert. */
  @SqlUpdate("UPDATE alert SET status = :status, updated_at = :now WHERE alert_id = :alertId")
  int updateStatus(
      @Bind("alertId") String alertId,
      @Bind("status") String status,
      @Bind("now") OffsetDateTime now);

  /** A manager's action still REQUESTED when the lifecycle ended without one was never executed. */
  @SqlUpdate(
      "UPDATE user_action SET status = 'REJECTED' WHERE alert_id = :alertId AND status = 'REQUESTED'")
  int rejectRequestedActions(@Bind("alertId") String alertId);

  /**
   * Ends the alert without an action ({@code CLOSED} unanswered, {@code RETRACTED}) and rejects
   * any action that arrived too late to be taken, together: the dashboard never shows an action
   * REQUESTED on an alert whose lifecycle is over.
   *
   * @return the number of alert rows changed: 0 means there is no such alert
   */
  @Transaction
  default int endWithoutAction(String alertId, String status, OffsetDateTime now) {
    int changed = updateStatus(alertId, status, now);
    if (changed > 0) {
      rejectRequestedActions(alertId);
    }
    return changed;
  }

  /**
   * Moves the alert to {@code status} only from {@code fromStatus}: a retried step never regresses
   * it.
   */
  @SqlUpdate(
      "UPDATE alert SET status = :status, updated_at = :now"
          + " WHERE alert_id = :alertId AND status = :fromStatus")
  int updateStatusFrom(
      @Bind("alertId") String alertId,
      @Bind("status") String status,
      @Bind("fromStatus") String fromStatus,
      @Bind("now") OffsetDateTime now);

  @SqlQuery("SELECT COUNT(*) FROM alert WHERE alert_id = :alertId")
  int countAlerts(@Bind("alertId") String alertId);

  @SqlQuery(
      "SELECT market_event_id FROM user_action"
          + " WHERE action_id = :actionId AND status = 'EXECUTED' AND market_event_id IS NOT NULL")
  Optional<String> findExecutedMarketEventId(@Bind("actionId") String actionId);

  /** Marks the action executed, inserting it first when the API has not stored it (yet). */
  @SqlUpdate(
      """
      MERGE INTO user_action t USING (SELECT CAST(:actionId AS VARCHAR(64)) AS action_id) s
        ON t.action_id = s.action_id
      WHEN MATCHED THEN UPDATE SET status = 'EXECUTED', executed_at = :now,
        market_event_id = :marketEventId
      WHEN NOT MATCHED THEN INSERT (action_id, alert_id, action_type, new_price_cents, reason,
        actor, requested_at, status, executed_at, market_event_id)
        VALUES (:actionId, :alertId, :type, :price, :reason, :actor, :requestedAt, 'EXECUTED',
          :now, :marketEventId)
      """)
  int upsertExecutedAction(
      @Bind("actionId") String actionId,
      @Bind("alertId") String alertId,
      @Bind("type") String actionType,
      @Bind("price") Long newPriceCents,
      @Bind("reason") String reason,
      @Bind("actor") String actor,
      @Bind("requestedAt") OffsetDateTime requestedAt,
      @Bind("marketEventId") String marketEventId,
      @Bind("now") OffsetDateTime now);

  @SqlQuery("SELECT promo_price_cents, regular_price_cents FROM promotion WHERE promotion_id = :id")
  @RegisterConstructorMapper(PromotionPrices.class)
  Optional<PromotionPrices> findPromotionPrices(@Bind("id") String promotionId);

  /** The promotion's end on record, if it has a row with an end date. */
  @SqlQuery(
      "SELECT ends_at FROM promotion WHERE promotion_id = :id AND ends_at IS NOT NULL")
  Optional<Instant> findPromotionEnd(@Bind("id") String promotionId);

  /** Ends the promotion row, if the API created one; 0 rows when there is none. */
  @SqlUpdate(
      "UPDATE promotion SET status = 'STOPPED', ends_at = :now, updated_at = :now"
          + " WHERE promotion_id = :id AND status IN ('SCHEDULED', 'ACTIVE')")
  int stopPromotion(@Bind("id") String promotionId, @Bind("now") OffsetDateTime now);

  /** Re-prices the promotion row, if the API created one; 0 rows when there is none. */
  @SqlUpdate(
      "UPDATE promotion SET promo_price_cents = :price, updated_at = :now WHERE promotion_id = :id")
  int repricePromotion(
      @Bind("id") String promotionId,
      @Bind("price") long promoPriceCents,
      @Bind("now") OffsetDateTime now);

  /**
   * Stores the alert (status OPEN) and its substitutes in one transaction; a repeat adds nothing.
   */
  @Transaction
  default void saveAlert(CannibalizationAlert a, Instant now) {
    insertAlertIfAbsent(
        a.alertId(),
        a.promotionId(),
        a.promotedSku(),
        a.category(),
        a.subCategory(),
        a.severity().name(),
        ts(a.detectedAt()),
        ts(a.windowStart()),
        ts(a.windowEnd()),
        a.grossLiftUnits(),
        a.cannibalizedUnits(),
        a.cannibalizationRate(),
        a.lostRevenueCents(),
        a.testStatistic(),
        a.workflowId(),
        ts(now));
    for (SubstituteLoss s : a.substitutes()) {
      insertSubstituteIfAbsent(
          a.alertId(), s.sku(), s.baselineUnits(), s.actualUnits(), s.lostUnits());
    }
  }

  /** Stores the analysis and its ranked strategies and moves the alert from OPEN to ANALYSED. */
  @Transaction
  default void saveAnalysis(String alertId, AlertAnalysis analysis, Instant now) {
    upsertAnalysis(
        alertId, analysis.analyst(), analysis.explanation(), analysis.confidence(), ts(now));
    // The fallback reason belongs to the current analysis only: a later Gemini analysis (new
    // evidence) clears it.
    if (analysis.fallbackReason() == null) {
      deleteFallback(alertId);
    } else {
      upsertFallback(alertId, clip(analysis.fallbackReason(), 2000), ts(now));
    }
    for (Recommendation r : analysis.recommendations()) {
      upsertStrategy(
          alertId,
          r.rank(),
          r.actionType().name(),
          r.newPriceCents(),
          r.title(),
          r.rationale(),
          r.expectedMarginChangeCents(),
          r.expectedMarginChangeLowerCents(),
          r.expectedMarginChangeUpperCents());
    }
    updateStatusFrom(alertId, "ANALYSED", "OPEN", ts(now));
  }

  /** Records the action as executed and sets the alert's final status, in one transaction. */
  @Transaction
  default void recordAction(UserAction a, String alertStatus, String marketEventId, Instant now) {
    upsertExecutedAction(
        a.actionId(),
        a.alertId(),
        a.type().name(),
        a.newPriceCents(),
        a.reason(),
        a.actor(),
        ts(a.requestedAt()),
        marketEventId,
        ts(now));
    updateStatus(a.alertId(), alertStatus, ts(now));
  }

  @SqlUpdate(
      """
      UPDATE alert SET severity = :severity, detected_at = :detectedAt, window_start = :windowStart,
        window_end = :windowEnd, gross_lift_units = :gross, cannibalized_units = :cannibalized,
        cannibalization_rate = :rate, lost_revenue_cents = :lostRevenue,
        test_statistic = :statistic, updated_at = :now
      WHERE alert_id = :alertId
      """)
  int updateAlertEvidence(
      @Bind("alertId") String alertId,
      @Bind("severity") String severity,
      @Bind("detectedAt") OffsetDateTime detectedAt,
      @Bind("windowStart") OffsetDateTime windowStart,
      @Bind("windowEnd") OffsetDateTime windowEnd,
      @Bind("gross") double grossLiftUnits,
      @Bind("cannibalized") double cannibalizedUnits,
      @Bind("rate") double cannibalizationRate,
      @Bind("lostRevenue") long lostRevenueCents,
      @Bind("statistic") double testStatistic,
      @Bind("now") OffsetDateTime now);

  @SqlUpdate(
      """
      MERGE INTO alert_substitute t
      USING (SELECT CAST(:alertId AS VARCHAR(128)) AS alert_id, CAST(:sku AS VARCHAR(64)) AS sku) s
        ON t.alert_id = s.alert_id AND t.sku = s.sku
      WHEN MATCHED THEN UPDATE SET baseline_units = :baseline, actual_units = :actual,
        lost_units = :lost
      WHEN NOT MATCHED THEN INSERT (alert_id, sku, baseline_units, actual_units, lost_units)
      VALUES (:alertId, :sku, :baseline, :actual, :lost)
      """)
  int upsertSubstitute(
      @Bind("alertId") String alertId,
      @Bind("sku") String sku,
      @Bind("baseline") double baselineUnits,
      @Bind("actual") double actualUnits,
      @Bind("lost") double lostUnits);

  /** Replaces the stored decomposition with newer evidence, in one transaction. */
  @Transaction
  default int saveEvidence(CannibalizationAlert a, Instant now) {
    int rows =
        updateAlertEvidence(
            a.alertId(),
            a.severity().name(),
            ts(a.detectedAt()),
            ts(a.windowStart()),
            ts(a.windowEnd()),
            a.grossLiftUnits(),
            a.cannibalizedUnits(),
            a.cannibalizationRate(),
            a.lostRevenueCents(),
            a.testStatistic(),
            ts(now));
    for (SubstituteLoss s : a.substitutes()) {
      upsertSubstitute(a.alertId(), s.sku(), s.baselineUnits(), s.actualUnits(), s.lostUnits());
    }
    return rows;
  }

  @SqlUpdate(
      """
      MERGE INTO alert_notification t
      USING (SELECT CAST(:id AS VARCHAR(200)) AS notification_id) s
        ON t.notification_id = s.notification_id
      WHEN NOT MATCHED THEN INSERT (notification_id, alert_id, kind, message, created_at)
      VALUES (:id, :alertId, :kind, :message, :now)
      """)
  int insertNotificationIfAbsent(
      @Bind("id") String notificationId,
      @Bind("alertId") String alertId,
      @Bind("kind") String kind,
      @Bind("message") String message,
      @Bind("now") OffsetDateTime now);

  @SqlUpdate("UPDATE alert SET updated_at = :now WHERE alert_id = :alertId")
  int touch(@Bind("alertId") String alertId, @Bind("now") OffsetDateTime now);

  /**
   * Stores the notice and, the first time only, bumps the alert's {@code updated_at} so the API's
   * broadcaster pushes it: a retried activity neither duplicates the row nor re-sends the alert.
   */
  @Transaction
  default boolean saveNotification(DashboardNotice n, Instant now) {
    boolean inserted =
        insertNotificationIfAbsent(
                n.notificationId(), n.alertId(), n.kind(), clip(n.message(), 2000), ts(now))
            > 0;
    if (inserted) {
      touch(n.alertId(), ts(now));
    }
    return inserted;
  }

  @SqlQuery(
      "SELECT rank, expected_margin_change_cents FROM recommended_strategy"
          + " WHERE alert_id = :id AND action_type = :type ORDER BY rank")
  @RegisterConstructorMapper(StrategyRef.class)
  java.util.List<StrategyRef> strategies(@Bind("id") String alertId, @Bind("type") String actionType);

  @SqlUpdate(
      """
      MERGE INTO alert_feedback t USING (SELECT CAST(:alertId AS VARCHAR(128)) AS alert_id) s
        ON t.alert_id = s.alert_id
      WHEN MATCHED THEN UPDATE SET action_id = :actionId, action_type = :type,
        followed_rank = :rank, expected_margin_change_cents = :expected, outcome = :outcome,
        estimate_cents = :estimate, score = :score, recorded_at = :now
      WHEN NOT MATCHED THEN INSERT (alert_id, action_id, action_type, followed_rank,
        expected_margin_change_cents, outcome, estimate_cents, score, recorded_at)
      VALUES (:alertId, :actionId, :type, :rank, :expected, :outcome, :estimate, :score, :now)
      """)
  int upsertFeedback(
      @Bind("alertId") String alertId,
      @Bind("actionId") String actionId,
      @Bind("type") String actionType,
      @Bind("rank") Integer followedRank,
      @Bind("expected") Long expectedMarginChangeCents,
      @Bind("outcome") String outcome,
      @Bind("estimate") Long estimateCents,
      @Bind("score") Integer score,
      @Bind("now") OffsetDateTime now);
}
