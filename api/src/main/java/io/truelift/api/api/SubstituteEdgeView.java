package io.truelift.api.api;

/**
 * A substitute of a product: LEARNED from history (with its measured strength) or from the
 * CATALOG's sub-category (strength null when no edge was measured).
 */
public record SubstituteEdgeView(String sku, Double strength, String source) {}
