package io.truelift.simulator;

/**
 * A product of the simulated catalog. {@code intercept} is its base utility in the choice model;
 * prices are whole cents.
 */
public record Product(
    String sku,
    String name,
    String category,
    String subCategory,
    long regularPriceCents,
    long unitCostCents,
    double intercept) {

  public Product {
    if (regularPriceCents <= 0) {
      throw new IllegalArgumentException(
          "Product %s: regularPriceCents must be > 0, got %d".formatted(sku, regularPriceCents));
    }
    if (unitCostCents < 0 || unitCostCents >= regularPriceCents) {
      throw new IllegalArgumentException(
          "Product %s: unitCostCents must be in [0, regular price %d), got %d"
              .formatted(sku, regularPriceCents, unitCostCents));
    }
  }
}
