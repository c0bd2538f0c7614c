package io.truelift.model.registry;

import java.time.Instant;

/**
 * One row of the {@code model_version} table: a trained model, its training range, features,
 * metrics (JSON), where its UBJ artifact is, and the decision taken on it.
 */
public record ModelVersion(
    String modelId,
    String kind,
    String status,
    Instant trainedFrom,
    Instant trainedTo,
    String features,
    String metricsJson,
    String artifactUri,
    Instant createdAt,
    Instant decidedAt,
    String decisionReason) {

  public static final String CANDIDATE = "CANDIDATE";
  public static final String ACTIVE = "ACTIVE";
  public static final String RETIRED = "RETIRED";
  public static final String REJECTED = "REJECTED";
}
