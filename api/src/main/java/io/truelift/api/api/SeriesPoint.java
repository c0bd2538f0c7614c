package io.truelift.api.api;

import java.time.Instant;

/** One window of a product: units sold and the no-promotion baseline. */
public record SeriesPoint(Instant windowStart, double actualUnits, Double baselineUnits) {}
