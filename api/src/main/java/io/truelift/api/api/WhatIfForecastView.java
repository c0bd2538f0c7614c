package io.truelift.api.api;

import java.time.Instant;
import java.util.List;

/**
 * The forecast of a planned promotion with 90 % intervals: gross lift, cannibalized units, net
 * units and net margin, each substitute's predicted loss, and the model version that made it.
 */
public record WhatIfForecastView(
    String sku,
    long promoPriceCents,
    long regularPriceCents,
    int durationHours,
    Instant startsAt,
    IntervalView grossLiftUnits,
    IntervalView cannibalizedUnits,
    IntervalView netUnits,
    IntervalView netMarginCents,
    List<SubstituteForecast> substitutes,
    String modelVersion) {

  /** One substitute's predicted lost units. */
  public record SubstituteForecast(String sku, IntervalView lostUnits) {}
}
