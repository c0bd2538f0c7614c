package io.truelift.workflows.alert;

import io.truelift.core.contracts.ActionType;

/**
 * What a finished alert teaches ({@code alert_feedback}): the manager's action (null when the
 * alert went unanswered), the outcome (a measured EFFECTIVE/INEFFECTIVE/INCONCLUSIVE/
 * INSUFFICIENT_DATA, or DISMISSED, UNANSWERED) and the measured estimate and score.
 */
public record Feedback(
    String alertId,
    String actionId,
    ActionType actionType,
    String outcome,
    Long estimateCents,
    Integer score) {}
