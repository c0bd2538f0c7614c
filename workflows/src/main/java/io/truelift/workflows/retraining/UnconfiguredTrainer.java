package io.truelift.workflows.retraining;

/**
 * The explicit fallback of a worker started without {@code TRUELIFT_MODEL_DIR} (nowhere to write
 * challengers, so no {@link XgboostBaselineTrainer}): refuses to train, so every retraining run
 * ends SKIPPED with {@link #REASON} (recorded in {@code retraining_run}) instead of pretending to
 * have trained anything. The worker logs the same reason at start-up.
 */
public final class UnconfiguredTrainer implements BaselineTrainer {
  public static final String REASON =
      "no baseline trainer configured in this worker: TRUELIFT_MODEL_DIR is not set (the directory"
          + " challenger models are written to, which the pipeline loads them from)";

  /** Thrown by both methods; the activity turns it into a non-retryable NoTrainerConfigured. */
  public static final class NotConfiguredException extends RuntimeException {
    NotConfiguredException() {
      super(REASON);
    }
  }

  @Override
  public TrainedModel train(String modelId, DataRange training) {
    throw new NotConfiguredException();
  }

  @Override
  public Evaluation evaluate(TrainedModel candidate, RegisteredModel active, DataRange heldOut) {
    throw new NotConfiguredException();
  }
}
