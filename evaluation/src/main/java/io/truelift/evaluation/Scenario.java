package io.truelift.evaluation;

import io.truelift.simulator.Catalog;
import io.truelift.simulator.Promotion;
import java.time.Instant;
import java.util.List;

/**
 * One seeded simulator run of the evaluation battery: a catalog and demand (rate, unexplained
 * traffic noise), a history with its own promotions to train on, and the live promotions to
 * detect and estimate.
 *
 * @param rate mean purchases per simulated minute at regular prices
 * @param trafficNoise sigma of an hourly log-normal traffic factor no model can know (0 = none)
 */
public record Scenario(
    String name,
    String description,
    Catalog catalog,
    double rate,
    double trafficNoise,
    long seed,
    Instant historyStart,
    Instant liveStart,
    Instant liveEnd,
    List<Promotion> historyPromotions,
    List<Promotion> livePromotions) {}
