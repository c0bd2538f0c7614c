package io.truelift.core.contracts;

/** One substitute's shortfall against its baseline while the promoted item was on promotion. */
public record SubstituteLoss(String sku, double baselineUnits, double actualUnits, double lostUnits) implements java.io.Serializable {
  public SubstituteLoss {
    Check.text("substitutes[].sku", sku);
    Check.nonNegative("substitutes[].baselineUnits", baselineUnits);
    Check.nonNegative("substitutes[].actualUnits", actualUnits);
    Check.finite("substitutes[].lostUnits", lostUnits);
  }
}
