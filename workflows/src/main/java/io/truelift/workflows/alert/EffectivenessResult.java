package io.truelift.workflows.alert;

/**
 * The stored measurement of an action's effect ({@code effectiveness_evaluation}): outcome
 * (EFFECTIVE, INEFFECTIVE, INCONCLUSIVE, INSUFFICIENT_DATA), the estimate on the group's margin
 * over the window with its 95% interval, and the 0–100 score; numbers are null for
 * INSUFFICIENT_DATA.
 */
public record EffectivenessResult(
    String evaluationId,
    String outcome,
    Long estimateCents,
    Long lowerCents,
    Long upperCents,
    Integer score,
    String method) {}
