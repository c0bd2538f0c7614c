package io.truelift.api.api;

/** One substitute's baseline, actual and lost units over the alert's evidence period. */
public record SubstituteView(
    String sku, double baselineUnits, double actualUnits, double lostUnits) {}
