package io.truelift.workflows.retraining;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.failure.ApplicationFailure;
import io.truelift.workflows.retraining.BaselineTrainer.DataRange;
import io.truelift.workflows.retraining.BaselineTrainer.Evaluation;
import io.truelift.workflows.retraining.BaselineTrainer.RegisteredModel;
import io.truelift.workflows.retraining.BaselineTrainer.TrainedModel;
import io.truelift.workflows.retraining.BaselineTrainer.TrainingData;
import io.truelift.workflows.retraining.ModelRegistryDao.ModelRow;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link BaselineTrainer} and writes the model registry. */
public class RetrainingActivitiesImpl implements RetrainingActivities {
  private static final Logger log = LoggerFactory.getLogger(RetrainingActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelRegistryDao dao;
  private final BaselineTrainer trainer;
  private final Clock clock;

  public RetrainingActivitiesImpl(ModelRegistryDao dao, BaselineTrainer trainer, Clock clock) {
    this.dao = dao;
    this.trainer = trainer;
    this.clock = clock;
  }

  @Override
  public void recordRunStarted(String runId, String trigger, int feedbackCount) {
    dao.insertRunIfAbsent(runId, trigger, feedbackCount, ModelRegistryDao.ts(clock.instant()));
  }

  @Override
  public TrainedModel trainChallenger(String modelId, DataRange training) {
    var stored = dao.find(modelId);
    if (stored.isPresent()) {
      // A retry after the row was written: the model exists, do not train it twice.
      log.info("Challenger {} already trained; reusing it", modelId);
      return new TrainedModel(
          modelId,
          stored.get().artifactUri(),
          dao.features(modelId).orElse(null),
          trainingMetrics(dao.metrics(modelId).orElse(null)),
          null);
    }
    TrainedModel m;
    try {
      m = trainer.train(modelId, training);
    } catch (RuntimeException e) {
      throw failure(e);
    }
    if (!m.modelId().equals(modelId)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "trainer returned model %s, expected %s".formatted(m.modelId(), modelId), "BadInput");
    }
    ObjectNode metrics = JSON.createObjectNode();
    metrics.set("training", JSON.valueToTree(m.trainingMetrics()));
    TrainingData data = m.trainingData();
    if (data != null) {
      metrics.put("trainingData", data.description());
    }
    // The hours actually read (they differ from the requested range on the data clock).
    boolean read = data != null && data.from() != null && data.to() != null;
    dao.insertCandidateIfAbsent(
        modelId,
        ModelRegistryDao.KIND,
        ModelRegistryDao.ts(read ? data.from() : training.from()),
        ModelRegistryDao.ts(read ? data.to() : training.to()),
        m.features(),
        metrics.toString(),
        m.artifactUri(),
        ModelRegistryDao.ts(clock.instant()));
    log.info(
        "Trained challenger {} for {}..{}: {}",
        modelId,
        training.from(),
        training.to(),
        data == null ? "(the trainer did not say on which data)" : data.description());
    return m;
  }

  @Override
  public RegisteredModel activeModel() {
    List<ModelRow> active = dao.active();
    return active.isEmpty()
        ? null
        : new RegisteredModel(active.get(0).modelId(), active.get(0).artifactUri());
  }

  @Override
  public Evaluation evaluateChallenger(
      TrainedModel candidate, RegisteredModel active, DataRange heldOut) {
    Evaluation e;
    try {
      e = trainer.evaluate(candidate, active, heldOut);
    } catch (RuntimeException ex) {
      throw failure(ex);
    }
    // Adds the held-out figures to what training stored (its metrics and data).
    ObjectNode metrics = storedMetrics(candidate.modelId());
    if (!metrics.has("training")) {
      metrics.set("training", JSON.valueToTree(candidate.trainingMetrics()));
    }
    ObjectNode h = metrics.putObject("heldOut");
    h.put("from", heldOut.from().toString());
    h.put("to", heldOut.to().toString());
    h.put("metric", e.metric());
    h.put("lowerIsBetter", e.lowerIsBetter());
    h.put("rows", e.heldOutRows());
    h.put("candidate", e.candidateScore());
    if (e.data() != null) {
      h.put("data", e.data());
    }
    if (active != null) {
      h.put("activeModelId", active.modelId());
      if (e.activeScore() != null) {
        h.put("active", e.activeScore());
      }
    }
    dao.updateMetrics(candidate.modelId(), metrics.toString());
    return e;
  }

  @Override
  public StoredDecision recordDecision(
      String candidateId, String expectedActiveId, boolean promote, String reason) {
    ModelRow row =
        dao.decide(candidateId, expectedActiveId, promote, clip(reason), clock.instant());
    List<ModelRow> active = dao.active();
    String outcome = row.status().equals("ACTIVE") ? "PROMOTED" : "REJECTED";
    return new StoredDecision(
        outcome, row.decisionReason(), active.isEmpty() ? null : active.get(0).modelId());
  }

  @Override
  public void recordRunFinished(String runId, String outcome, String candidateId, String reason) {
    dao.finishRun(
        runId,
        outcome,
        candidateId,
        clip(reason),
        ModelRegistryDao.ts(clock.instant()));
  }

  /** Reasons fit {@code VARCHAR(2000)}: a longer one would fail the write on every retry. */
  static String clip(String reason) {
    return reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 1999) + "…";
  }

  /**
   * The trainer's failures as Temporal sees them: no trainer and too little data are
   * non-retryable with their own types (the workflow ends SKIPPED); bad input (a malformed range
   * or artifact) is non-retryable {@code BadInput}; anything else (I/O, the database) is retried.
   */
  static RuntimeException failure(RuntimeException e) {
    if (e instanceof UnconfiguredTrainer.NotConfiguredException) {
      return ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), RetrainingWorkflowImpl.NO_TRAINER);
    }
    if (e instanceof InsufficientDataException) {
      return ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), RetrainingWorkflowImpl.INSUFFICIENT_DATA);
    }
    if (e instanceof IllegalArgumentException) {
      return ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), "BadInput", e);
    }
    return e;
  }

  private ObjectNode storedMetrics(String modelId) {
    try {
      String json = dao.metrics(modelId).orElse(null);
      if (json != null && JSON.readTree(json) instanceof ObjectNode stored) {
        return stored;
      }
    } catch (Exception e) {
      log.warn("metrics_json of {} is not a JSON object; rewriting it", modelId);
    }
    return JSON.createObjectNode();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Double> trainingMetrics(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      var node = JSON.readTree(json).get("training");
      return node == null ? Map.of() : JSON.convertValue(node, Map.class);
    } catch (Exception e) {
      return Map.of();
    }
  }
}
