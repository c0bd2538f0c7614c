package io.truelift.workflows.alert;

import io.truelift.core.contracts.ActionType;

/**
 * What the {@code state} query answers: where the alert is in its lifecycle. {@code status} uses
 * the values of the {@code alert.status} column (OPEN, ANALYSED, ESCALATED, ACTIONED, DISMISSED,
 * MEASURED, CLOSED).
 */
public record AlertState(String alertId, String status, ActionType actionType, String actionId) {}
