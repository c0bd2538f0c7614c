package io.truelift.core.contracts;

import java.time.Instant;

/**
 * Units and revenue of one product in one event-time window, with its baseline (expected units
 * without any promotion), on topic {@code windowed_stats}. {@code promotionId} is set when the
 * product itself was promoted during the window.
 */
public record WindowedStat(
    int schemaVersion,
    Instant windowStart,
    Instant windowEnd,
    String sku,
    String category,
    String subCategory,
    long units,
    long revenueCents,
    double baselineUnits,
    String promotionId) implements java.io.Serializable {

  public static final int VERSION = 1;

  public WindowedStat {
    Check.version(schemaVersion, VERSION);
    Check.window(windowStart, windowEnd);
    Check.text("sku", sku);
    Check.text("category", category);
    Check.text("subCategory", subCategory);
    Check.nonNegative("units", units);
    Check.nonNegative("revenueCents", revenueCents);
    Check.nonNegative("baselineUnits", baselineUnits);
    promotionId = Check.optionalText("promotionId", promotionId);
  }
}
