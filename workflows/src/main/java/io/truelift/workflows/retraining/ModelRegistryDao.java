package io.truelift.workflows.retraining;

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
 * The model registry ({@code model_version}) and the retraining runs ({@code retraining_run}).
 * Writes are MERGEs or guarded UPDATEs keyed by id, so a retried activity changes nothing twice.
 */
public interface ModelRegistryDao {
  String KIND = "baseline";

  /** One registry row. */
  record ModelRow(String modelId, String status, String artifactUri, String decisionReason) {}

  static OffsetDateTime ts(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  @SqlUpdate(
      """
      MERGE INTO model_version t USING (SELECT CAST(:id AS VARCHAR(64)) AS model_id) s
        ON t.model_id = s.model_id
      WHEN NOT MATCHED THEN INSERT (model_id, kind, status, trained_from, trained_to, features,
        metrics_json, artifact_uri, created_at)
      VALUES (:id, :kind, 'CANDIDATE', :from, :to, :features, :metrics, :artifact, :now)
      """)
  int insertCandidateIfAbsent(
      @Bind("id") String modelId,
      @Bind("kind") String kind,
      @Bind("from") OffsetDateTime trainedFrom,
      @Bind("to") OffsetDateTime trainedTo,
      @Bind("features") String features,
      @Bind("metrics") String metricsJson,
      @Bind("artifact") String artifactUri,
      @Bind("now") OffsetDateTime now);

  @SqlQuery(
      "SELECT model_id, status, artifact_uri, decision_reason FROM model_version WHERE model_id = :id")
  @RegisterConstructorMapper(ModelRow.class)
  Optional<ModelRow> find(@Bind("id") String modelId);

  @SqlQuery("SELECT features FROM model_version WHERE model_id = :id")
  Optional<String> features(@Bind("id") String modelId);

  @SqlQuery("SELECT metrics_json FROM model_version WHERE model_id = :id")
  Optional<String> metrics(@Bind("id") String modelId);

  /**
   * The ACTIVE rows, newest decision first: one in a consistent registry. Every kind counts
   * ({@code baseline} from here, {@code xgboost-<objective>} from the model module's {@code
   * ModelRegistry}, which trained the devstack's first model): {@code model_version} holds the
   * baseline's versions only, and the pipeline reads whichever is ACTIVE.
   */
  @SqlQuery(
      "SELECT model_id, status, artifact_uri, decision_reason FROM model_version"
          + " WHERE status = 'ACTIVE' ORDER BY decided_at DESC, model_id")
  @RegisterConstructorMapper(ModelRow.class)
  java.util.List<ModelRow> active();

  @SqlUpdate("UPDATE model_version SET metrics_json = :metrics WHERE model_id = :id")
  int updateMetrics(@Bind("id") String modelId, @Bind("metrics") String metricsJson);

  @SqlUpdate(
      "UPDATE model_version SET status = :status, decided_at = :now, decision_reason = :reason"
          + " WHERE model_id = :id AND status = :from")
  int move(
      @Bind("id") String modelId,
      @Bind("from") String fromStatus,
      @Bind("status") String status,
      @Bind("reason") String reason,
      @Bind("now") OffsetDateTime now);

  /**
   * Promotes {@code candidateId} if {@code expectedActiveId} (null: none) is still the ACTIVE
   * model, retiring it; otherwise rejects the candidate. Returns the candidate's final row. A
   * repeat after the decision returns the stored row unchanged.
   */
  @Transaction
  default ModelRow decide(
      String candidateId, String expectedActiveId, boolean promote, String reason, Instant now) {
    ModelRow candidate =
        find(candidateId)
            .orElseThrow(() -> new IllegalArgumentException("no model_version " + candidateId));
    if (!candidate.status().equals("CANDIDATE")) {
      return candidate;
    }
    if (!promote) {
      move(candidateId, "CANDIDATE", "REJECTED", reason, ts(now));
      return find(candidateId).orElseThrow();
    }
    java.util.List<ModelRow> active = active();
    String current = active.isEmpty() ? null : active.get(0).modelId();
    if (!java.util.Objects.equals(current, expectedActiveId)) {
      move(
          candidateId,
          "CANDIDATE",
          "REJECTED",
          "not promoted: the active model changed from %s to %s during evaluation (%s)"
              .formatted(expectedActiveId, current, reason),
          ts(now));
      return find(candidateId).orElseThrow();
    }
    for (ModelRow old : active) {
      move(old.modelId(), "ACTIVE", "RETIRED", "replaced by " + candidateId, ts(now));
    }
    move(candidateId, "CANDIDATE", "ACTIVE", reason, ts(now));
    return find(candidateId).orElseThrow();
  }

  @SqlUpdate(
      """
      MERGE INTO retraining_run t USING (SELECT CAST(:id AS VARCHAR(300)) AS run_id) s
        ON t.run_id = s.run_id
      WHEN NOT MATCHED THEN INSERT (run_id, run_trigger, feedback_count, outcome, started_at)
      VALUES (:id, :trigger, :feedback, 'RUNNING', :now)
      """)
  int insertRunIfAbsent(
      @Bind("id") String runId,
      @Bind("trigger") String trigger,
      @Bind("feedback") int feedbackCount,
      @Bind("now") OffsetDateTime now);

  @SqlUpdate(
      "UPDATE retraining_run SET outcome = :outcome, candidate_id = :candidate, reason = :reason,"
          + " finished_at = :now WHERE run_id = :id")
  int finishRun(
      @Bind("id") String runId,
      @Bind("outcome") String outcome,
      @Bind("candidate") String candidateId,
      @Bind("reason") String reason,
      @Bind("now") OffsetDateTime now);
}
