package io.truelift.workflows.alert;

import io.truelift.core.contracts.ActionType;

/** How an alert's lifecycle ended: the action taken (null when none) and the final status. */
public record AlertOutcome(
    String alertId, String finalStatus, ActionType actionType, String actionId) {}
