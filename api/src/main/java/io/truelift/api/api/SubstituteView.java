package io.truelift.api.api;

/**
 * One substitute's baseline, actual and lost units over the alert's evidence period, and the lost
 * units' 90 % interval (null when no model calibration is available).
 */
public record SubstituteView(
    String sku,
    double baselineUnits,
    double actualUnits,
    double lostUnits,
    IntervalView lostUnitsInterval) {

  /** Without an interval (as stored). */
  public SubstituteView(String sku, double baselineUnits, double actualUnits, double lostUnits) {
    this(sku, baselineUnits, actualUnits, lostUnits, null);
  }

  public SubstituteView withInterval(IntervalView interval) {
    return new SubstituteView(sku, baselineUnits, actualUnits, lostUnits, interval);
  }
}
