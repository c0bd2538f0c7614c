package io.truelift.workflows.alert;

import io.truelift.core.contracts.ActionType;

/**
 * What the {@code state} query answers: where the alert is in its lifecycle. {@code status} uses
 * the values of the {@code alert.status} column (OPEN, ANALYSED, ESCALATED, ACTIONED, DISMISSED,
 * MEASURED, CLOSED, RETRACTED); {@code analyst} wrote the current analysis; {@code evidenceMessages} counts
 * the alert messages the router delivered as signals (repeats included) and {@code
 * evidenceUpdates} those that carried newer evidence and were applied; {@code
 * measurementDueAtMillis} is when the durable timer fires (0 before an action); {@code effect} is
 * the measured effect once there is one.
 */
public record AlertState(
    String alertId,
    String status,
    ActionType actionType,
    String actionId,
    String analyst,
    int evidenceMessages,
    int evidenceUpdates,
    long measurementDueAtMillis,
    EffectivenessResult effect) {

  public AlertState(String alertId, String status, ActionType actionType, String actionId) {
    this(alertId, status, actionType, actionId, null, 0, 0, 0, null);
  }
}
