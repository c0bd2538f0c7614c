package io.truelift.workflows.effect;

import io.truelift.workflows.effect.EffectivenessMeasurer.ProductInfo;
import io.truelift.workflows.effect.EffectivenessMeasurer.SalesRow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** Reads sales windows, products and the executed action; stores the evaluation. */
public interface EffectivenessDao {
  /** The executed action's time. */
  record Execution(Instant executedAt) {}

  /** The promotion's store ({@code null}: every store). */
  record PromotionScope(String storeId) {}

  static OffsetDateTime ts(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  @SqlQuery(
      "SELECT executed_at FROM user_action WHERE action_id = :id AND status = 'EXECUTED'"
          + " AND executed_at IS NOT NULL")
  @RegisterConstructorMapper(Execution.class)
  Optional<Execution> execution(@Bind("id") String actionId);

  @SqlQuery("SELECT store_id FROM promotion WHERE promotion_id = :id")
  @RegisterConstructorMapper(PromotionScope.class)
  Optional<PromotionScope> promotionScope(@Bind("id") String promotionId);

  /** The newest window end the stream had written by {@code at} (null: none). */
  @SqlQuery("SELECT MAX(window_end) FROM windowed_sales WHERE updated_at <= :at")
  Optional<Instant> newestWindowEnd(@Bind("at") OffsetDateTime at);

  @SqlQuery(
      "SELECT sku, store_id, window_start, units, revenue_cents, promotion_id FROM windowed_sales"
          + " WHERE window_start >= :from AND window_start < :to")
  @RegisterConstructorMapper(SalesRow.class)
  @FetchSize(2000)
  List<SalesRow> sales(@Bind("from") OffsetDateTime from, @Bind("to") OffsetDateTime to);

  @SqlQuery("SELECT sku, category, sub_category, unit_cost_cents FROM product")
  @RegisterConstructorMapper(ProductInfo.class)
  List<ProductInfo> products();

  @SqlUpdate(
      """
      MERGE INTO effectiveness_evaluation t
      USING (SELECT CAST(:id AS VARCHAR(64)) AS evaluation_id) s
        ON t.evaluation_id = s.evaluation_id
      WHEN MATCHED THEN UPDATE SET anchored_at = :anchor, measured_until = :until,
        method = :method, estimate_cents = :estimate, lower_cents = :lower, upper_cents = :upper,
        score = :score, outcome = :outcome, created_at = :now
      WHEN NOT MATCHED THEN INSERT (evaluation_id, alert_id, action_id, anchored_at,
        measured_until, method, estimate_cents, lower_cents, upper_cents, score, outcome,
        created_at)
      VALUES (:id, :alertId, :actionId, :anchor, :until, :method, :estimate, :lower, :upper,
        :score, :outcome, :now)
      """)
  int upsertEvaluation(
      @Bind("id") String evaluationId,
      @Bind("alertId") String alertId,
      @Bind("actionId") String actionId,
      @Bind("anchor") OffsetDateTime anchoredAt,
      @Bind("until") OffsetDateTime measuredUntil,
      @Bind("method") String method,
      @Bind("estimate") Long estimateCents,
      @Bind("lower") Long lowerCents,
      @Bind("upper") Long upperCents,
      @Bind("score") Integer score,
      @Bind("outcome") String outcome,
      @Bind("now") OffsetDateTime now);

  @SqlUpdate(
      """
      MERGE INTO effectiveness_detail t
      USING (SELECT CAST(:id AS VARCHAR(64)) AS evaluation_id) s
        ON t.evaluation_id = s.evaluation_id
      WHEN MATCHED THEN UPDATE SET standard_error_cents = :se, detail = :detail
      WHEN NOT MATCHED THEN INSERT (evaluation_id, standard_error_cents, detail)
      VALUES (:id, :se, :detail)
      """)
  int upsertDetail(
      @Bind("id") String evaluationId,
      @Bind("se") Double standardErrorCents,
      @Bind("detail") String detail);

  @SqlUpdate("UPDATE alert SET status = 'MEASURED', updated_at = :now WHERE alert_id = :id")
  int markMeasured(@Bind("id") String alertId, @Bind("now") OffsetDateTime now);

  /** Stores the evaluation and sets the alert MEASURED in one transaction. */
  @Transaction
  default void save(
      String evaluationId,
      String alertId,
      String actionId,
      MeasurementPlan plan,
      EffectivenessMeasurer.Measurement m,
      Instant now) {
    EffectEstimate e = m.estimate();
    String detail = e.detail();
    if (detail != null && detail.length() > 4000) {
      detail = detail.substring(0, 3999) + "…";
    }
    upsertEvaluation(
        evaluationId,
        alertId,
        actionId,
        ts(plan.anchor()),
        ts(plan.postEnd()),
        m.method(),
        round(e.estimateCents()),
        round(e.lowerCents()),
        round(e.upperCents()),
        e.score(),
        e.outcome().name(),
        ts(now));
    upsertDetail(evaluationId, e.standardErrorCents(), detail == null ? "" : detail);
    markMeasured(alertId, ts(now));
  }

  static Long round(Double cents) {
    return cents == null ? null : Math.round(cents);
  }
}
