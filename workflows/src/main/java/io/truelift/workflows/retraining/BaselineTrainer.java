package io.truelift.workflows.retraining;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What retraining needs from the baseline model: train a challenger on a data range, and score a
 * challenger and the active model on the same held-out range. The XGBoost trainer of the {@code
 * model/} module implements it (wired in {@code TrueLiftWorker}); until it is wired the worker
 * uses {@link UnconfiguredTrainer}, and retraining runs end SKIPPED with that reason.
 */
public interface BaselineTrainer {
  /** Event-time range {@code [from, to)} of the sales history used. */
  record DataRange(Instant from, Instant to) {
    public DataRange {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("range end %s must be after its start %s".formatted(to, from));
      }
    }
  }

  /** A trained challenger: where its artifact is, its features and its training metrics. */
  record TrainedModel(
      String modelId, String artifactUri, String features, Map<String, Double> trainingMetrics) {
    public TrainedModel {
      Objects.requireNonNull(modelId, "modelId");
      trainingMetrics = trainingMetrics == null ? Map.of() : Map.copyOf(trainingMetrics);
    }
  }

  /** The model currently ACTIVE in the registry. */
  record RegisteredModel(String modelId, String artifactUri) {}

  /**
   * Both models scored on the same held-out rows with one metric; {@code activeScore} is null when
   * there is no active model.
   */
  record Evaluation(
      String metric, boolean lowerIsBetter, double candidateScore, Double activeScore, long heldOutRows) {}

  /** Trains a challenger with id {@code modelId} on {@code training}. */
  TrainedModel train(String modelId, DataRange training);

  /** Scores {@code candidate} and {@code active} (nullable) on {@code heldOut}. */
  Evaluation evaluate(TrainedModel candidate, RegisteredModel active, DataRange heldOut);
}
