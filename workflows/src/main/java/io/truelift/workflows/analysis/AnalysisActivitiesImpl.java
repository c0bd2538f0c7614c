package io.truelift.workflows.analysis;

import io.temporal.failure.ApplicationFailure;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.workflows.alert.AlertAnalysis;
import io.truelift.workflows.alert.AlertDao;
import io.truelift.workflows.alert.DeterministicAnalyst;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes analyses with Gemini (when configured) or the deterministic analyst, and stores them with
 * their ranked recommendations. A Gemini failure becomes an ApplicationFailure of type {@code
 * Gemini<Kind>}, retryable unless the request was refused, so the workflow's retry policy and
 * fallback see exactly what went wrong.
 */
public class AnalysisActivitiesImpl implements AnalysisActivities {
  private static final Logger log = LoggerFactory.getLogger(AnalysisActivitiesImpl.class);

  private final AlertDao dao;
  private final DeterministicAnalyst deterministic;
  private final GeminiAnalyst gemini;
  private final Clock clock;

  /** {@code gemini} is null when no API key is configured. */
  public AnalysisActivitiesImpl(
      AlertDao dao, DeterministicAnalyst deterministic, GeminiAnalyst gemini, Clock clock) {
    this.dao = dao;
    this.deterministic = deterministic;
    this.gemini = gemini;
    this.clock = clock;
  }

  @Override
  public AlertAnalysis analyseWithGemini(CannibalizationAlert alert) {
    if (gemini == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no Gemini API key is configured in this worker (GEMINI_API_KEY)", "GeminiNotConfigured");
    }
    requireStored(alert);
    AlertAnalysis analysis;
    try {
      analysis = gemini.analyse(alert, dao.findPromotionPrices(alert.promotionId()).orElse(null));
    } catch (AnalystException e) {
      log.warn("Gemini analysis of alert {} failed: {}", alert.alertId(), e.getMessage());
      throw e.retryable()
          ? ApplicationFailure.newFailureWithCause(e.getMessage(), e.kind().failureType(), null)
          : ApplicationFailure.newNonRetryableFailureWithCause(
              e.getMessage(), e.kind().failureType(), null);
    }
    dao.saveAnalysis(alert.alertId(), analysis, clock.instant());
    log.info("Alert {} analysed by {}", alert.alertId(), analysis.analyst());
    return analysis;
  }

  @Override
  public AlertAnalysis analyseDeterministically(CannibalizationAlert alert, String fallbackReason) {
    requireStored(alert);
    AlertAnalysis analysis =
        deterministic
            .analyse(alert, dao.findPromotionPrices(alert.promotionId()).orElse(null))
            .asFallback(fallbackReason);
    dao.saveAnalysis(alert.alertId(), analysis, clock.instant());
    log.info(
        "Alert {} analysed by the deterministic analyst{}",
        alert.alertId(),
        fallbackReason == null ? "" : " (fallback: " + fallbackReason + ")");
    return analysis;
  }

  private void requireStored(CannibalizationAlert alert) {
    if (alert == null || dao.countAlerts(alert.alertId()) == 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          "alert " + (alert == null ? null : alert.alertId()) + " is not stored; run persistAlert first",
          "BadInput");
    }
  }
}
