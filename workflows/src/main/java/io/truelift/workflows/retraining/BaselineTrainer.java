package io.truelift.workflows.retraining;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What retraining needs from the baseline model: train a challenger on a data range, and score a
 * challenger and the active model on the same held-out range. {@link XgboostBaselineTrainer} (the
 * {@code model/} module's XGBoost baseline) implements it; a worker without {@code
 * TRUELIFT_MODEL_DIR} uses {@link UnconfiguredTrainer}, and retraining runs end SKIPPED saying so.
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

  /**
   * Which data trained a challenger: the source ({@code database}, {@code file}), the hours
   * actually read (which differ from the requested range on the data clock) and a description for
   * the registry.
   */
  record TrainingData(String source, Instant from, Instant to, String description) {}

  /**
   * A trained challenger: where its artifact is, its features, its training metrics and which data
   * trained it ({@code trainingData}; null when the trainer does not say).
   */
  record TrainedModel(
      String modelId,
      String artifactUri,
      String features,
      Map<String, Double> trainingMetrics,
      TrainingData trainingData) {
    public TrainedModel {
      Objects.requireNonNull(modelId, "modelId");
      trainingMetrics = trainingMetrics == null ? Map.of() : Map.copyOf(trainingMetrics);
    }
  }

  /** The model currently ACTIVE in the registry. */
  record RegisteredModel(String modelId, String artifactUri) {}

  /**
   * Both models scored on the same held-out rows with one metric; {@code activeScore} is null when
   * there is no active model (or it could not be scored). {@code data} says which held-out data
   * and gives further figures for the run's record (null: nothing to add).
   */
  record Evaluation(
      String metric,
      boolean lowerIsBetter,
      double candidateScore,
      Double activeScore,
      long heldOutRows,
      String data) {}

  /** Trains a challenger with id {@code modelId} on {@code training}. */
  TrainedModel train(String modelId, DataRange training);

  /** Scores {@code candidate} and {@code active} (nullable) on {@code heldOut}. */
  Evaluation evaluate(TrainedModel candidate, RegisteredModel active, DataRange heldOut);
}
