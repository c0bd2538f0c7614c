package io.truelift.api.api;

/**
 * A recommended strategy; rank 1 is the primary. The expected margin change's 90% interval
 * ({@code expectedMarginChangeLowerCents} to {@code ...UpperCents}) is null when the effect is a
 * heuristic, the status quo, or was recorded before intervals were kept.
 */
public record RecommendationView(
    int rank,
    String actionType,
    Long newPriceCents,
    String title,
    String rationale,
    Long expectedMarginChangeCents,
    Long expectedMarginChangeLowerCents,
    Long expectedMarginChangeUpperCents) {}
