package io.truelift.api.api;

import java.time.Instant;

/** The alert table's row as the DAO reads it; {@code updatedAt} drives the live stream. */
public record AlertRow(
    String alertId,
    String promotionId,
    String promotedSku,
    String category,
    String subCategory,
    String status,
    String severity,
    Instant detectedAt,
    Instant windowStart,
    Instant windowEnd,
    double grossLiftUnits,
    double cannibalizedUnits,
    double cannibalizationRate,
    long lostRevenueCents,
    double testStatistic,
    String workflowId,
    Instant createdAt,
    Instant updatedAt) {

  public AlertSummary summary() {
    return new AlertSummary(
        alertId,
        promotionId,
        promotedSku,
        category,
        subCategory,
        status,
        severity,
        detectedAt,
        grossLiftUnits,
        cannibalizedUnits,
        cannibalizationRate,
        lostRevenueCents);
  }
}
