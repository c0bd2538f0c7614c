package io.truelift.api.api;

/**
 * The dashboard's headline numbers. Pending alerts are those still waiting for a decision (OPEN,
 * ANALYSED or ESCALATED); the average rate is over all alerts (0 when there are none); the lost
 * margin is the alerts' stored lost margin, else their substitutes' lost units times the catalog's
 * unit margin; net lift is the alerts' gross lift minus cannibalized units.
 */
public record DashboardStats(
    long pendingAlerts,
    long totalLostRevenueCents,
    long totalLostMarginCents,
    double averageCannibalizationRate,
    long activePromotions,
    long alertCount,
    double netLiftUnits) {}
