package io.truelift.workflows.alert;

import io.temporal.failure.ApplicationFailure;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.MarketEventType;
import io.truelift.core.contracts.UserAction;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert lifecycle's side effects on the database and on {@code market_events}. Bad input fails
 * with a non-retryable {@code ApplicationFailure} (type {@code BadInput}); database and Kafka
 * errors propagate and are retried by the workflow's retry policy.
 */
public class AlertActivitiesImpl implements AlertActivities {
  private static final Logger log = LoggerFactory.getLogger(AlertActivitiesImpl.class);

  /** The values the {@code alert.status} CHECK constraint accepts (RETRACTED since V6). */
  static final Set<String> STATUSES =
      Set.of(
          "OPEN", "ANALYSED", "ESCALATED", "ACTIONED", "DISMISSED", "MEASURED", "CLOSED", "RETRACTED");

  static final String BAD_INPUT = "BadInput";

  private final AlertDao dao;
  private final MarketEventPublisher publisher;
  private final DeterministicAnalyst analyst;
  private final Clock clock;

  public AlertActivitiesImpl(
      AlertDao dao, MarketEventPublisher publisher, DeterministicAnalyst analyst, Clock clock) {
    this.dao = dao;
    this.publisher = publisher;
    this.analyst = analyst;
    this.clock = clock;
  }

  @Override
  public void persistAlert(CannibalizationAlert alert) {
    requireAlert(alert);
    dao.saveAlert(alert, clock.instant());
    log.info(
        "Stored alert {} ({} cannibalized units)",
        alert.alertId(),
        Math.round(alert.cannibalizedUnits()));
  }

  @Override
  public AlertAnalysis analyse(CannibalizationAlert alert) {
    requireStored(alert);
    AlertAnalysis analysis =
        analyst.analyse(alert, dao.findPromotionPrices(alert.promotionId()).orElse(null));
    dao.saveAnalysis(alert.alertId(), analysis, clock.instant());
    return analysis;
  }

  @Override
  public void markStatus(String alertId, String status) {
    if (!STATUSES.contains(status)) {
      throw badInput("status must be one of " + STATUSES + ", got \"" + status + "\"");
    }
    OffsetDateTime now = AlertDao.ts(clock.instant());
    // CLOSED and RETRACTED end a lifecycle that took no action (the workflow sets them only then).
    boolean ended = status.equals("CLOSED") || status.equals("RETRACTED");
    if ((ended ? dao.endWithoutAction(alertId, status, now) : dao.updateStatus(alertId, status, now)) == 0) {
      throw badInput("alertId " + alertId + " is not stored; cannot set status " + status);
    }
  }

  @Override
  public String executeAction(CannibalizationAlert alert, UserAction action) {
    requireStored(alert);
    requireActionFor(alert, action);
    if (action.type() == ActionType.DISMISS) {
      throw badInput("action " + action.actionId() + " is a DISMISS; nothing to execute");
    }
    Optional<AlertDao.PromotionPrices> prices = dao.findPromotionPrices(alert.promotionId());
    if (action.type() == ActionType.ADJUST_PRICE
        && prices.isPresent()
        && action.newPriceCents() > prices.get().regularPriceCents()) {
      throw badInput(
          "newPriceCents must be <= the regular price %d of promotion %s, got %d"
              .formatted(
                  prices.get().regularPriceCents(), alert.promotionId(), action.newPriceCents()));
    }
    Optional<String> done = dao.findExecutedMarketEventId(action.actionId());
    if (done.isPresent()) {
      log.info(
          "Action {} already executed as {}; not publishing again", action.actionId(), done.get());
      return done.get();
    }
    Instant now = clock.instant();
    MarketEventType type =
        action.type() == ActionType.STOP_PROMOTION
            ? MarketEventType.PROMOTION_STOPPED
            : MarketEventType.PRICE_CHANGED;
    // Derived from the action, not random: a retry after a crash between publishing and the
    // database write publishes the same event id, which consumers treat as a duplicate.
    String eventId = "action-" + action.actionId();
    publisher.publish(
        new MarketEvent(
            MarketEvent.VERSION,
            eventId,
            now,
            type,
            alert.promotionId(),
            alert.promotedSku(),
            null,
            type == MarketEventType.PRICE_CHANGED ? action.newPriceCents() : null,
            "workflow",
            "alert " + alert.alertId() + " by " + action.actor()));
    dao.recordAction(action, "ACTIONED", eventId, now);
    int promotionRows =
        type == MarketEventType.PROMOTION_STOPPED
            ? dao.stopPromotion(alert.promotionId(), AlertDao.ts(now))
            : dao.repricePromotion(alert.promotionId(), action.newPriceCents(), AlertDao.ts(now));
    log.info(
        "Executed {} on {} for alert {} as {} ({} promotion row(s) updated)",
        action.type(),
        alert.promotionId(),
        alert.alertId(),
        eventId,
        promotionRows);
    return eventId;
  }

  @Override
  public void recordDismissal(CannibalizationAlert alert, UserAction action) {
    requireStored(alert);
    requireActionFor(alert, action);
    if (action.type() != ActionType.DISMISS) {
      throw badInput("action " + action.actionId() + " must be a DISMISS, got " + action.type());
    }
    dao.recordAction(action, "DISMISSED", null, clock.instant());
    log.info("Alert {} dismissed by {}: {}", alert.alertId(), action.actor(), action.reason());
  }

  @Override
  public void updateEvidence(CannibalizationAlert alert) {
    requireStored(alert);
    dao.saveEvidence(alert, clock.instant());
    log.info(
        "Alert {} has new evidence up to {}: {} cannibalized units",
        alert.alertId(),
        alert.windowEnd(),
        Math.round(alert.cannibalizedUnits()));
  }

  /** The values the {@code alert_notification.kind} CHECK constraint accepts (RETRACTED since V6). */
  static final Set<String> NOTICE_KINDS =
      Set.of(
          "ANALYSED", "UPDATED", "ESCALATED", "ACTIONED", "DISMISSED", "MEASURED", "CLOSED", "RETRACTED");

  @Override
  public void notifyDashboard(DashboardNotice notice) {
    if (notice == null || !NOTICE_KINDS.contains(notice.kind())) {
      throw badInput(
          "notice kind must be one of " + NOTICE_KINDS + ", got " + (notice == null ? null : notice.kind()));
    }
    if (dao.countAlerts(notice.alertId()) == 0) {
      throw badInput("alertId " + notice.alertId() + " is not stored; cannot notify");
    }
    if (dao.saveNotification(notice, clock.instant())) {
      log.info("Dashboard notified for alert {}: {} {}", notice.alertId(), notice.kind(), notice.message());
    }
  }

  @Override
  public void recordFeedback(Feedback f) {
    if (f == null || dao.countAlerts(f.alertId()) == 0) {
      throw badInput("feedback names no stored alert: " + f);
    }
    Integer rank = null;
    Long expected = null;
    if (f.actionType() != null) {
      var followed = dao.strategies(f.alertId(), f.actionType().name());
      if (!followed.isEmpty()) {
        rank = followed.get(0).rank();
        expected = followed.get(0).expectedMarginChangeCents();
      }
    }
    dao.upsertFeedback(
        f.alertId(),
        f.actionId(),
        f.actionType() == null ? null : f.actionType().name(),
        rank,
        expected,
        f.outcome(),
        f.estimateCents(),
        f.score(),
        AlertDao.ts(clock.instant()));
    log.info(
        "Feedback for alert {}: {} (followed recommendation {}, expected {} cents, measured {})",
        f.alertId(),
        f.outcome(),
        rank,
        expected,
        f.estimateCents());
  }

  private static void requireAlert(CannibalizationAlert alert) {
    if (alert == null) {
      throw badInput("alert must not be null");
    }
  }

  private void requireStored(CannibalizationAlert alert) {
    requireAlert(alert);
    if (dao.countAlerts(alert.alertId()) == 0) {
      throw badInput("alertId " + alert.alertId() + " is not stored; run persistAlert first");
    }
  }

  private static void requireActionFor(CannibalizationAlert alert, UserAction action) {
    if (action == null) {
      throw badInput("action must not be null");
    }
    if (!alert.alertId().equals(action.alertId())) {
      throw badInput(
          "action %s has alertId %s, expected %s"
              .formatted(action.actionId(), action.alertId(), alert.alertId()));
    }
  }

  private static ApplicationFailure badInput(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, BAD_INPUT);
  }
}
