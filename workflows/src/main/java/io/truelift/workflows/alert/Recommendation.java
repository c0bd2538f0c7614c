package io.truelift.workflows.alert;

import io.truelift.core.contracts.ActionType;

/**
 * One recommended strategy: rank 1 is the primary, 2 and 3 the alternatives. {@code
 * expectedMarginChangeCents} is computed from the alert's numbers, never invented by a model; its
 * 90% interval ({@code expectedMarginChangeLowerCents} to {@code ...UpperCents}) is there when the
 * effect comes from the model's what-if, and null otherwise (a heuristic effect, keeping the
 * promotion, or an analysis recorded before the interval was kept).
 */
public record Recommendation(
    int rank,
    ActionType actionType,
    Long newPriceCents,
    String title,
    String rationale,
    Long expectedMarginChangeCents,
    Long expectedMarginChangeLowerCents,
    Long expectedMarginChangeUpperCents) {

  /** The same strategy and numbers in other words (a language model's wording). */
  public Recommendation reworded(String newTitle, String newRationale) {
    return new Recommendation(
        rank, actionType, newPriceCents, newTitle, newRationale, expectedMarginChangeCents,
        expectedMarginChangeLowerCents, expectedMarginChangeUpperCents);
  }
}
