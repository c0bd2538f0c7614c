package io.truelift.api.api;

/** The analysis table's row. */
public record AnalysisRow(String analyst, String explanation, double confidence) {}
