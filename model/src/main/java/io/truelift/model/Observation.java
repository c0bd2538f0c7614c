package io.truelift.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * Units sold of one product in one store and time bucket, with the prices and promotion signals
 * in force. A missing sale is a row with {@code units = 0} (only where the product is ranged);
 * {@code storeId = "*"} is the all-stores total.
 *
 * @param priceCents mean price paid (the regular price when nothing sold)
 * @param promoted the product's own promotion: a till-applied promotion or a temporary price cut
 * @param feature the product was in the circular (0 where the source has no such signal)
 * @param display the product was on an in-store display
 */
public record Observation(
    String sku,
    String storeId,
    String category,
    String subCategory,
    Instant bucketStart,
    double units,
    double priceCents,
    double regularPriceCents,
    double unitCostCents,
    boolean promoted,
    boolean feature,
    boolean display)
    implements Serializable {

  public Observation {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(storeId, "storeId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(subCategory, "subCategory");
    Objects.requireNonNull(bucketStart, "bucketStart");
    if (!(units >= 0) || Double.isInfinite(units)) {
      throw new IllegalArgumentException(
          "units of %s/%s at %s must be >= 0, got %s".formatted(sku, storeId, bucketStart, units));
    }
    if (!(regularPriceCents > 0)) {
      throw new IllegalArgumentException(
          "regularPriceCents of %s must be > 0, got %s".formatted(sku, regularPriceCents));
    }
    if (!(priceCents > 0)) {
      throw new IllegalArgumentException(
          "priceCents of %s at %s must be > 0, got %s".formatted(sku, bucketStart, priceCents));
    }
    if (!(unitCostCents >= 0)) {
      throw new IllegalArgumentException(
          "unitCostCents of %s must be >= 0, got %s".formatted(sku, unitCostCents));
    }
  }

  /** The series this row belongs to: product x store. */
  public String seriesKey() {
    return sku + "|" + storeId;
  }

  /** Any promotion signal of the product itself. */
  public boolean anyPromotion() {
    return promoted || feature || display;
  }

  /** Fraction off the regular price, 0 when at or above it. */
  public double discount() {
    return Math.max(0, 1 - priceCents / regularPriceCents);
  }

  /** The same row without any promotion of its own: regular price, no flags. */
  public Observation withoutPromotion() {
    return new Observation(
        sku, storeId, category, subCategory, bucketStart, units, regularPriceCents,
        regularPriceCents, unitCostCents, false, false, false);
  }

  public Observation withUnits(double newUnits) {
    return new Observation(
        sku, storeId, category, subCategory, bucketStart, newUnits, priceCents, regularPriceCents,
        unitCostCents, promoted, feature, display);
  }

  public Observation withPromotion(double newPriceCents, boolean newFeature, boolean newDisplay) {
    return new Observation(
        sku, storeId, category, subCategory, bucketStart, units, newPriceCents, regularPriceCents,
        unitCostCents, true, newFeature, newDisplay);
  }
}
