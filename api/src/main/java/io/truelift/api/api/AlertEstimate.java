package io.truelift.api.api;

/**
 * An alert's decomposition with 90 % intervals: gross lift G, cannibalized units C, pull-forward D,
 * net units N = G - C - D, net revenue and margin, and the rate C/G. A field is null when the data
 * to compute it is missing ({@code basis} says what the figures were computed from).
 */
public record AlertEstimate(
    IntervalView grossLiftUnits,
    IntervalView cannibalizedUnits,
    IntervalView pullForwardUnits,
    IntervalView netUnits,
    IntervalView netRevenueCents,
    IntervalView netMarginCents,
    IntervalView cannibalizationRate,
    String basis) {}
