package io.truelift.api.api;

import java.time.Instant;
import java.util.List;

/**
 * Everything about one alert: the decomposition (with intervals in {@code estimate}), the analysis,
 * the actions taken, the actual-vs-baseline series, the lifecycle timeline and the measured effect.
 */
public record AlertDetail(
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
    long lostRevenueCents,
    Instant windowStart,
    Instant windowEnd,
    double testStatistic,
    String workflowId,
    List<SubstituteView> substitutes,
    AnalysisView analysis,
    List<ActionView> actions,
    AlertEstimate estimate,
    List<SalesSeries> series,
    List<TimelineEntry> timeline,
    EffectivenessView effectiveness) {}
