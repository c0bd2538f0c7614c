package io.truelift.workflows.alert;

import io.truelift.core.contracts.ActionType;

/**
 * One recommended strategy: rank 1 is the primary, 2 and 3 the alternatives. {@code
 * expectedMarginChangeCents} is computed from the alert's numbers, never invented by a model.
 */
public record Recommendation(
    int rank,
    ActionType actionType,
    Long newPriceCents,
    String title,
    String rationale,
    Long expectedMarginChangeCents) {}
