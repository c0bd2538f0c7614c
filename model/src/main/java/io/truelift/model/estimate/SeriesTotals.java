package io.truelift.model.estimate;

import java.io.Serializable;

/**
 * One product's totals over a period: actual units and revenue against the no-promotion baseline
 * (the model's prediction with promotions masked), with the prices that turn units into money.
 */
public record SeriesTotals(
    String sku,
    double actualUnits,
    double baselineUnits,
    double actualRevenueCents,
    double regularPriceCents,
    double unitCostCents)
    implements Serializable {

  public SeriesTotals {
    if (!(actualUnits >= 0) || !(baselineUnits >= 0)) {
      throw new IllegalArgumentException(
          "%s: actualUnits and baselineUnits must be >= 0, got %s and %s"
              .formatted(sku, actualUnits, baselineUnits));
    }
  }

  /** Mean price paid; the regular price when nothing sold. */
  public double meanPriceCents() {
    return actualUnits > 0 ? actualRevenueCents / actualUnits : regularPriceCents;
  }

  public SeriesTotals plus(SeriesTotals o) {
    return new SeriesTotals(
        sku, actualUnits + o.actualUnits, baselineUnits + o.baselineUnits,
        actualRevenueCents + o.actualRevenueCents, regularPriceCents, unitCostCents);
  }

  public static SeriesTotals empty(String sku, double regularPriceCents, double unitCostCents) {
    return new SeriesTotals(sku, 0, 0, 0, regularPriceCents, unitCostCents);
  }
}
