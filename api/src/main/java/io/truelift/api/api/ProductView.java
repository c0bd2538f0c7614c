package io.truelift.api.api;

/** A catalog product with its regular price and unit cost. */
public record ProductView(
    String sku,
    String name,
    String category,
    String subCategory,
    long regularPriceCents,
    long unitCostCents) {}
