package io.truelift.api.api;

/**
 * The dashboard's headline numbers. Pending alerts are those still waiting for a decision (OPEN,
 * ANALYSED or ESCALATED); the average rate is over all alerts (0 when there are none).
 */
public record DashboardStats(
    long pendingAlerts,
    long totalLostRevenueCents,
    double averageCannibalizationRate,
    long activePromotions,
    long alertCount) {}
