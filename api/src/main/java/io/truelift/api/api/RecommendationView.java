package io.truelift.api.api;

/** A recommended strategy; rank 1 is the primary. */
public record RecommendationView(
    int rank,
    String actionType,
    Long newPriceCents,
    String title,
    String rationale,
    Long expectedMarginChangeCents) {}
