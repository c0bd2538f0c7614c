package io.truelift.workflows.retraining;

/**
 * The production default until the {@code model/} module's trainer is wired in: refuses to train,
 * so every retraining run ends SKIPPED with {@link #REASON} (recorded in {@code retraining_run})
 * instead of pretending to have trained anything.
 */
public final class UnconfiguredTrainer implements BaselineTrainer {
  public static final String REASON =
      "no baseline trainer configured in this worker (the model/ module's trainer is not wired in)";

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
