package io.truelift.workflows.retraining;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.truelift.workflows.alert.Feedback;
import io.truelift.workflows.retraining.BaselineTrainer.DataRange;
import io.truelift.workflows.retraining.BaselineTrainer.Evaluation;
import io.truelift.workflows.retraining.BaselineTrainer.RegisteredModel;
import io.truelift.workflows.retraining.BaselineTrainer.TrainedModel;
import io.truelift.workflows.retraining.RetrainingActivities.StoredDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;

/**
 * See {@link RetrainingWorkflow}. A feedback-triggered run first waits {@code debounceSeconds}
 * so feedback arriving together trains one challenger; feedback arriving after training started
 * triggers one more run (continue-as-new). Deterministic: dates come from {@link
 * Workflow#currentTimeMillis()}, the challenger's id from {@link Workflow#randomUUID()}.
 */
public class RetrainingWorkflowImpl implements RetrainingWorkflow {
  private static final Logger log = Workflow.getLogger(RetrainingWorkflowImpl.class);

  static final String NO_TRAINER = "NoTrainerConfigured";
  static final String INSUFFICIENT_DATA = "InsufficientData";

  /**
   * Version 1: a challenger that could not be trained for lack of data ends the run SKIPPED (with
   * the trainer's reason), as a missing trainer does, instead of FAILED. Only that path calls
   * {@code getVersion}, so histories of every other path are unchanged.
   */
  static final String SKIP_ON_INSUFFICIENT_DATA = "skip-on-insufficient-data";

  private static final RetryOptions DB_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofMinutes(1))
          .build();

  private final RetrainingActivities registry =
      Workflow.newActivityStub(
          RetrainingActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(DB_RETRY)
              .build());

  // Training and scoring read weeks of history: long attempts, and few of them (a trainer that
  // fails three times will fail again; the next run tries anew).
  private final RetrainingActivities trainer =
      Workflow.newActivityStub(
          RetrainingActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofHours(2))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(30))
                      .setBackoffCoefficient(2)
                      .setMaximumAttempts(3)
                      .setDoNotRetry(NO_TRAINER, "BadInput")
                      .build())
              .build());

  private final Set<String> feedbackAlerts = new LinkedHashSet<>();
  private String phase = "STARTED";
  private String candidateId;
  private String decision;

  @Override
  public RetrainingOutcome run(RetrainingRequest request) {
    if (request.trigger().equals("FEEDBACK") && request.debounceSeconds() > 0) {
      phase = "COLLECTING_FEEDBACK";
      Workflow.sleep(Duration.ofSeconds(request.debounceSeconds()));
    }
    int covered = feedbackAlerts.size();
    String runId = Workflow.getInfo().getWorkflowId() + "/" + Workflow.getInfo().getRunId();
    registry.recordRunStarted(runId, request.trigger(), covered);

    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    Instant heldOutFrom = now.minus(Duration.ofDays(request.heldOutDays()));
    DataRange heldOut = new DataRange(heldOutFrom, now);
    DataRange training =
        new DataRange(heldOutFrom.minus(Duration.ofDays(request.trainingDays())), heldOutFrom);
    candidateId = "baseline-" + Workflow.randomUUID();

    phase = "TRAINING";
    TrainedModel candidate;
    try {
      candidate = trainer.trainChallenger(candidateId, training);
    } catch (ActivityFailure f) {
      candidateId = null;
      String type = failureType(f);
      boolean skipped =
          type.equals(NO_TRAINER)
              || (type.equals(INSUFFICIENT_DATA)
                  && Workflow.getVersion(SKIP_ON_INSUFFICIENT_DATA, Workflow.DEFAULT_VERSION, 1) >= 1);
      return end(request, runId, skipped ? "SKIPPED" : "FAILED", null, null, message(f), covered);
    }

    phase = "EVALUATING";
    RegisteredModel active = registry.activeModel();
    String activeId = active == null ? null : active.modelId();
    Evaluation evaluation;
    try {
      evaluation = trainer.evaluateChallenger(candidate, active, heldOut);
    } catch (ActivityFailure f) {
      StoredDecision d =
          registry.recordDecision(
              candidateId, activeId, false, "evaluation failed: " + message(f));
      return end(request, runId, "FAILED", candidateId, d.activeModelId(), d.reason(), covered);
    }

    phase = "DECIDING";
    PromotionPolicy.Decision policy =
        PromotionPolicy.decide(evaluation, activeId, request.minRelativeImprovement());
    StoredDecision stored =
        registry.recordDecision(candidateId, activeId, policy.promote(), policy.reason());
    log.info("Retraining {}: {} {}", runId, stored.outcome(), stored.reason());
    RetrainingOutcome outcome =
        end(
            request,
            runId,
            stored.outcome(),
            candidateId,
            stored.activeModelId(),
            stored.reason(),
            covered);
    return outcome;
  }

  private RetrainingOutcome end(
      RetrainingRequest request,
      String runId,
      String outcome,
      String candidate,
      String activeModelId,
      String reason,
      int covered) {
    decision = outcome;
    phase = "DONE";
    registry.recordRunFinished(runId, outcome, candidate, reason);
    if (request.trigger().equals("FEEDBACK") && feedbackAlerts.size() > covered) {
      // Feedback arrived while this run trained on data that predates it: one more run covers it.
      log.info(
          "Retraining {}: {} more feedback arrived during the run; continuing as new",
          runId,
          feedbackAlerts.size() - covered);
      Workflow.continueAsNew(request);
    }
    return new RetrainingOutcome(
        runId, request.trigger(), outcome, candidate, activeModelId, reason, covered);
  }

  private static String failureType(ActivityFailure f) {
    return f.getCause() instanceof ApplicationFailure a ? String.valueOf(a.getType()) : "";
  }

  private static String message(ActivityFailure f) {
    return f.getCause() instanceof ApplicationFailure a
        ? a.getOriginalMessage()
        : String.valueOf(f.getCause());
  }

  @Override
  public void feedback(Feedback feedback) {
    feedbackAlerts.add(feedback.alertId());
  }

  @Override
  public RetrainingState state() {
    return new RetrainingState(phase, feedbackAlerts.size(), candidateId, decision);
  }
}
