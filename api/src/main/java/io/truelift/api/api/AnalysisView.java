package io.truelift.api.api;

import java.util.List;

/** The alert's analysis; {@code analyst} says who wrote it ({@code deterministic} or a model). */
public record AnalysisView(
    String analyst,
    String explanation,
    double confidence,
    List<RecommendationView> recommendations) {}
