package io.truelift.workflows.alert;

import io.temporal.activity.ActivityInterface;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.UserAction;

/** The side effects of an alert's lifecycle; each is idempotent so retries are safe. */
@ActivityInterface
public interface AlertActivities {
  /** Stores the alert and its substitutes (status OPEN); a second call changes nothing. */
  void persistAlert(CannibalizationAlert alert);

  /** Writes the analysis and its recommendations, sets status ANALYSED, returns the analysis. */
  AlertAnalysis analyse(CannibalizationAlert alert);

  /** Sets the alert's status (one of the {@code alert.status} values); the alert must be stored. */
  void markStatus(String alertId, String status);

  /**
   * Carries out a stop or a re-price: publishes the market event (id {@code action-<actionId>}) and
   * records the action as EXECUTED with the alert ACTIONED. Returns the market event id.
   */
  String executeAction(CannibalizationAlert alert, UserAction action);

  /** Records a dismissal (with its reason) and sets the alert DISMISSED. */
  void recordDismissal(CannibalizationAlert alert, UserAction action);

  /** Stores newer evidence for a stored alert: its decomposition and substitutes' losses. */
  void updateEvidence(CannibalizationAlert alert);

  /**
   * Writes the notice to {@code alert_notification} and bumps {@code alert.updated_at}, which the
   * API's SSE broadcaster polls: connected dashboards receive the alert within a second.
   */
  void notifyDashboard(DashboardNotice notice);

  /**
   * Records the alert's feedback (with the recommendation the action followed, if any, and the
   * effect its analysis expected); a repeat overwrites it with the same values.
   */
  void recordFeedback(Feedback feedback);
}
