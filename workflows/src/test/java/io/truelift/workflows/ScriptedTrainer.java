package io.truelift.workflows;

import io.truelift.workflows.retraining.BaselineTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A TEST implementation of {@link BaselineTrainer}: "trains" instantly and reports the held-out
 * scores it was given, so the retraining workflow, its registry writes and the promotion decision
 * can be tested in milliseconds; {@code XgboostRetrainingDbTest} runs the real {@code
 * XgboostBaselineTrainer}. Not used in production.
 */
final class ScriptedTrainer implements BaselineTrainer {
  final List<String> trained = new ArrayList<>();
  final List<DataRange> trainingRanges = new ArrayList<>();
  final List<DataRange> heldOutRanges = new ArrayList<>();
  volatile double candidateScore;
  volatile double activeScore;
  volatile long heldOutRows = 5000;
  volatile int failEvaluations;
  /** Thrown by every evaluation when set (e.g. an InsufficientDataException). */
  volatile RuntimeException evaluationFailure;

  ScriptedTrainer(double candidateScore, double activeScore) {
    this.candidateScore = candidateScore;
    this.activeScore = activeScore;
  }

  @Override
  public TrainedModel train(String modelId, DataRange training) {
    trained.add(modelId);
    trainingRanges.add(training);
    return new TrainedModel(
        modelId,
        "file:///models/" + modelId + ".ubj",
        "promo_self,promo_siblings,hour_of_week",
        Map.of("poisson_deviance_train", 0.91),
        null);
  }

  @Override
  public Evaluation evaluate(TrainedModel candidate, RegisteredModel active, DataRange heldOut) {
    heldOutRanges.add(heldOut);
    if (evaluationFailure != null) {
      throw evaluationFailure;
    }
    if (failEvaluations > 0) {
      failEvaluations--;
      throw new IllegalStateException("held-out data unreadable");
    }
    return new Evaluation(
        "poisson_deviance",
        true,
        candidateScore,
        active == null ? null : activeScore,
        heldOutRows,
        null);
  }
}
