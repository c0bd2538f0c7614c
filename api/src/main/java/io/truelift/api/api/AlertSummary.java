package io.truelift.api.api;

import java.time.Instant;

/** One row of the alert list, and the data of each {@code alert} event on the live stream. */
public record AlertSummary(
    String alertId,
    String promotionId,
    String promotedSku,
    String category,
    String subCategory,
    String status,
    String severity,
    Instant detectedAt,
    double grossLiftUnits,
    double cannibalizedUnits,
    double cannibalizationRate,
    long lostRevenueCents) {}
