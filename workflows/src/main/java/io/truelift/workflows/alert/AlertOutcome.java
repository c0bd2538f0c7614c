package io.truelift.workflows.alert;

import io.truelift.core.contracts.ActionType;

/**
 * How an alert's lifecycle ended: the final status, the action taken (null when none) and, for a
 * stop or a re-price, its measured effect.
 */
public record AlertOutcome(
    String alertId,
    String finalStatus,
    ActionType actionType,
    String actionId,
    EffectivenessResult effect) {

  public AlertOutcome(String alertId, String finalStatus, ActionType actionType, String actionId) {
    this(alertId, finalStatus, actionType, actionId, null);
  }
}
