package io.truelift.api.db;

import io.truelift.api.api.AuditEntry;
import io.truelift.api.api.FeedbackView;
import io.truelift.api.db.AlertDao.EffectivenessRow;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** What the system learned: measured effects, feedback, model versions, and the audit log. */
public interface InsightDao {
  @SqlQuery(
      AlertDao.EFFECTIVENESS_SELECT
          + " ORDER BY e.created_at DESC, e.evaluation_id LIMIT :limit OFFSET :offset")
  @RegisterRowMapper(DetailRowMappers.Effectiveness.class)
  List<EffectivenessRow> effectiveness(@Bind("limit") int limit, @Bind("offset") int offset);

  @SqlQuery("SELECT COUNT(*) FROM effectiveness_evaluation")
  long effectivenessCount();

  /** One feedback row as stored. */
  record FeedbackRow(
      String alertId,
      String outcome,
      Instant recordedAt,
      String actionType,
      Integer followedRank,
      Long expectedMarginChangeCents,
      Long estimateCents,
      Integer score) {

    /** The row with its details in words. */
    public FeedbackView view() {
      StringBuilder d = new StringBuilder();
      d.append(actionType == null ? "no action" : "action " + actionType);
      if (followedRank != null) {
        d.append(", followed recommendation ").append(followedRank);
        if (expectedMarginChangeCents != null) {
          d.append(" (expected margin change ").append(expectedMarginChangeCents).append(" cents)");
        }
      }
      if (estimateCents != null) {
        d.append(", measured group margin effect ").append(estimateCents).append(" cents");
      }
      if (score != null) {
        d.append(", score ").append(score);
      }
      return new FeedbackView(alertId, outcome, recordedAt, d.toString());
    }
  }

  @SqlQuery(
      "SELECT alert_id, outcome, recorded_at, action_type, followed_rank,"
          + " expected_margin_change_cents, estimate_cents, score FROM alert_feedback"
          + " ORDER BY recorded_at DESC, alert_id LIMIT :limit OFFSET :offset")
  @RegisterConstructorMapper(FeedbackRow.class)
  List<FeedbackRow> feedback(@Bind("limit") int limit, @Bind("offset") int offset);

  @SqlQuery("SELECT COUNT(*) FROM alert_feedback")
  long feedbackCount();

  /** One registered model as stored. */
  record ModelRow(
      String modelId,
      String kind,
      String status,
      Instant createdAt,
      Instant decidedAt,
      String decisionReason,
      String metricsJson) {}

  @SqlQuery(
      "SELECT model_id, kind, status, created_at, decided_at, decision_reason, metrics_json"
          + " FROM model_version ORDER BY created_at DESC, model_id")
  @RegisterConstructorMapper(ModelRow.class)
  List<ModelRow> models();

  @SqlQuery(
      "SELECT at, actor, operation AS action, target, detail FROM audit_log"
          + " ORDER BY at DESC, audit_id LIMIT :limit OFFSET :offset")
  @RegisterConstructorMapper(AuditEntry.class)
  List<AuditEntry> audit(@Bind("limit") int limit, @Bind("offset") int offset);

  @SqlQuery("SELECT COUNT(*) FROM audit_log")
  long auditCount();
}
