package io.truelift.workflows.alert;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.AlertRetraction;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.UserAction;
import io.truelift.workflows.analysis.AnalysisActivities;
import io.truelift.workflows.effect.EffectivenessActivities;
import io.truelift.workflows.retraining.RetrainingHandoffActivities;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The alert lifecycle (see {@link AlertLifecycleWorkflow}). Deterministic: no I/O, clock or
 * randomness outside activities and Workflow APIs.
 *
 * <p>Versions: {@value #CHANGE_ID} version 1 is the full lifecycle. Histories recorded before it
 * (the walking skeleton: store, analyse, wait, execute, end) carry no version marker and replay
 * through {@link #runSkeleton}, kept unchanged so workflows started by older workers finish as
 * they began. {@value #RETRACTION_CHANGE_ID} version 1 acts on {@code alertRetracted}; lifecycles
 * started before it ignore that signal.
 */
public class AlertLifecycleWorkflowImpl implements AlertLifecycleWorkflow {
  private static final Logger log = Workflow.getLogger(AlertLifecycleWorkflowImpl.class);

  static final String CHANGE_ID = "lifecycle";
  static final int FULL_LIFECYCLE = 1;

  /**
   * Retractions: version 1 waits for and acts on the {@code alertRetracted} signal. Asked once at
   * the start of the full lifecycle: a lifecycle started by older code (no marker) keeps ignoring
   * the signal, because waking its waits for it would add commands its history does not have.
   */
  static final String RETRACTION_CHANGE_ID = "retraction";
  static final int RETRACTION = 1;

  // Database writes: short, and retried until the database is back (a lost alert is worse than
  // a late one); bad input fails at once through non-retryable ApplicationFailures.
  private static final ActivityOptions DB =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  private final AlertActivities db = Workflow.newActivityStub(AlertActivities.class, DB);

  // Publishing waits for the broker's ack (producer delivery timeout 20 s, bounded wait 25 s), so
  // one attempt may take longer than a database write. Retried without limit: the event id is
  // derived from the action, so a repeated publish is a duplicate consumers ignore.
  private final AlertActivities market =
      Workflow.newActivityStub(
          AlertActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(60))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(2))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofMinutes(2))
                      .build())
              .build());

  private final AnalysisActivities deterministic =
      Workflow.newActivityStub(AnalysisActivities.class, DB);

  // Reads the sales windows of both periods: allow longer than a single write; retried without
  // limit (it only reads, then MERGEs one evaluation row).
  private final EffectivenessActivities measurement =
      Workflow.newActivityStub(
          EffectivenessActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(5))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofMinutes(5))
                      .setDoNotRetry("BadInput")
                      .build())
              .build());

  private final RetrainingHandoffActivities retraining =
      Workflow.newActivityStub(RetrainingHandoffActivities.class, DB);

  private CannibalizationAlert alert;
  private String status = "OPEN";
  private UserAction action;
  private String analyst;
  private final List<CannibalizationAlert> pendingEvidence = new ArrayList<>();
  private int evidenceUpdates;
  private int evidenceMessages;
  private long measurementDueAtMillis;
  private EffectivenessResult effect;
  private boolean indexed;
  private boolean retractable;
  private AlertRetraction retraction;
  private boolean retractionHandled;
  private boolean retracted;

  @Override
  public AlertOutcome run(AlertInput input) {
    alert = input.alert();
    int version = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, FULL_LIFECYCLE);
    if (version == Workflow.DEFAULT_VERSION) {
      return runSkeleton(input);
    }
    retractable =
        Workflow.getVersion(RETRACTION_CHANGE_ID, Workflow.DEFAULT_VERSION, RETRACTION)
            >= RETRACTION;
    LifecycleSettings settings = input.effectiveSettings();
    indexed = settings.searchAttributes();

    db.persistAlert(alert);
    analyse(settings);
    setStatus("ANALYSED");
    notifyDashboard("ANALYSED", "Analysed by " + analyst);

    if (!awaitAction(input, settings)) {
      if (retracted) {
        return retract();
      }
      setStatus("CLOSED");
      db.markStatus(alert.alertId(), status);
      notifyDashboard(
          "CLOSED",
          "Closed without action after " + Duration.ofSeconds(input.effectiveMaxWaitSeconds()));
      finish(new Feedback(alert.alertId(), null, null, "UNANSWERED", null, null));
      return new AlertOutcome(alert.alertId(), status, null, null);
    }
    if (action.type() == ActionType.DISMISS) {
      db.recordDismissal(alert, action);
      setStatus("DISMISSED");
      notifyDashboard("DISMISSED", "Dismissed by " + action.actor() + ": " + action.reason());
      finish(
          new Feedback(
              alert.alertId(), action.actionId(), action.type(), "DISMISSED", null, null));
      return new AlertOutcome(alert.alertId(), status, action.type(), action.actionId());
    }

    market.executeAction(alert, action);
    setStatus("ACTIONED");
    Duration wait = Duration.ofSeconds(settings.measurementWaitSeconds());
    measurementDueAtMillis = Workflow.currentTimeMillis() + wait.toMillis();
    notifyDashboard(
        "ACTIONED",
        action.type()
            + " by "
            + action.actor()
            + " executed; its effect is measured at "
            + Instant.ofEpochMilli(measurementDueAtMillis));
    // The durable timer: survives worker restarts; the measurement is anchored at the action. A
    // retraction meanwhile is noted on the dashboard and the wait goes on: the action stands.
    // (Without a retraction this is the same single timer as a Workflow.sleep.)
    Duration left = wait;
    while (Workflow.await(left, this::retractionPending)) {
      if (retracting()) {
        notifyDashboard(
            "RETRACTED",
            "Retracted by the pipeline after "
                + action.type()
                + " was executed; the action stands and is measured as planned. "
                + retraction.reason());
      }
      left = Duration.ofMillis(Math.max(0, measurementDueAtMillis - Workflow.currentTimeMillis()));
    }
    effect = measurement.measureEffect(alert, action);
    setStatus("MEASURED");
    notifyDashboard(
        "MEASURED",
        effect.outcome()
            + (effect.score() == null ? "" : " (score " + effect.score() + "/100)"));
    finish(
        new Feedback(
            alert.alertId(),
            action.actionId(),
            action.type(),
            effect.outcome(),
            effect.estimateCents(),
            effect.score()));
    return new AlertOutcome(alert.alertId(), status, action.type(), action.actionId(), effect);
  }

  /** Gemini when configured, with retries; the deterministic analyst otherwise or after them. */
  private void analyse(LifecycleSettings settings) {
    AlertAnalysis analysis;
    if (settings.usesGemini()) {
      AnalysisActivities gemini =
          Workflow.newActivityStub(
              AnalysisActivities.class,
              ActivityOptions.newBuilder()
                  // The HTTP call has its own timeout; this one only catches a stuck activity.
                  .setStartToCloseTimeout(
                      Duration.ofSeconds(settings.analysisTimeoutSeconds()).plusSeconds(15))
                  .setRetryOptions(
                      RetryOptions.newBuilder()
                          .setInitialInterval(Duration.ofSeconds(2))
                          .setBackoffCoefficient(2)
                          .setMaximumInterval(Duration.ofSeconds(30))
                          .setMaximumAttempts(settings.analysisMaxAttempts())
                          .setDoNotRetry("GeminiRejected", "GeminiNotConfigured", "BadInput")
                          .build())
                  .build());
      try {
        analysis = gemini.analyseWithGemini(alert);
      } catch (ActivityFailure f) {
        String reason = describe(f, settings);
        log.warn("Alert {}: Gemini gave no analysis ({}); deterministic analyst", alert.alertId(), reason);
        analysis = deterministic.analyseDeterministically(alert, reason);
      }
    } else {
      analysis = deterministic.analyseDeterministically(alert, null);
    }
    analyst = analysis.analyst();
  }

  private static String describe(ActivityFailure f, LifecycleSettings settings) {
    Throwable cause = f.getCause();
    String why;
    if (cause instanceof ApplicationFailure a) {
      why = a.getType() + ": " + a.getOriginalMessage();
    } else if (cause instanceof TimeoutFailure t) {
      why = "activity timed out (" + t.getTimeoutType() + ")";
    } else {
      why = String.valueOf(cause);
    }
    return "Gemini failed after up to " + settings.analysisMaxAttempts() + " attempt(s); last: " + why;
  }

  /**
   * Waits for the manager's action, escalating once at {@code escalateAfter} and giving up at
   * {@code maxWait}; newer evidence that arrives meanwhile is stored and analysed again. False when
   * nobody acted in time or when the alert was retracted ({@link #retracted}).
   */
  private boolean awaitAction(AlertInput input, LifecycleSettings settings) {
    long start = Workflow.currentTimeMillis();
    long escalateAt = start + input.effectiveEscalateAfterSeconds() * 1000;
    long closeAt = start + input.effectiveMaxWaitSeconds() * 1000;
    boolean escalated = false;
    while (true) {
      // A retraction wins over a pending action: nothing has been executed yet.
      if (retracting()) {
        retracted = true;
        return false;
      }
      applyNewEvidence(settings);
      if (action != null) {
        return true;
      }
      long now = Workflow.currentTimeMillis();
      if (!escalated && now >= escalateAt) {
        escalated = true;
        setStatus("ESCALATED");
        log.info("Alert {} unanswered after {} s; escalated", alert.alertId(), input.effectiveEscalateAfterSeconds());
        db.markStatus(alert.alertId(), status);
        notifyDashboard(
            "ESCALATED",
            "No decision after " + Duration.ofSeconds(input.effectiveEscalateAfterSeconds()) + "; escalated");
        continue;
      }
      if (escalated && now >= closeAt) {
        return false;
      }
      long deadline = escalated ? closeAt : escalateAt;
      Workflow.await(
          Duration.ofMillis(deadline - now),
          () -> action != null || hasNewEvidence() || retractionPending());
    }
  }

  /**
   * A retraction has arrived, this lifecycle acts on retractions ({@value #RETRACTION_CHANGE_ID}
   * version 1) and nothing has been done about it yet.
   */
  private boolean retractionPending() {
    return retractable && retraction != null && !retractionHandled;
  }

  /** Takes the pending retraction, if any, so that it is acted on once. */
  private boolean retracting() {
    if (!retractionPending()) {
      return false;
    }
    retractionHandled = true;
    return true;
  }

  /** Ends the lifecycle before any action: status RETRACTED, a notice, no market event. */
  private AlertOutcome retract() {
    setStatus("RETRACTED");
    db.markStatus(alert.alertId(), status);
    notifyDashboard("RETRACTED", "Retracted by the pipeline: " + retraction.reason());
    log.info("Alert {} retracted before any action: {}", alert.alertId(), retraction.reason());
    return new AlertOutcome(alert.alertId(), status, null, null);
  }

  private boolean hasNewEvidence() {
    return pendingEvidence.stream().anyMatch(this::isNewer);
  }

  /** Same alert, different numbers, and not older than what is stored. */
  private boolean isNewer(CannibalizationAlert u) {
    return u.alertId().equals(alert.alertId())
        && !u.equals(alert)
        && !u.windowEnd().isBefore(alert.windowEnd());
  }

  private void applyNewEvidence(LifecycleSettings settings) {
    if (pendingEvidence.isEmpty()) {
      return;
    }
    // Repeats of the stored evidence (a replayed message, or signal-with-start's own copy of the
    // input) and older evidence are dropped; of the rest, the newest wins.
    CannibalizationAlert newest = null;
    for (CannibalizationAlert u : pendingEvidence) {
      if (isNewer(u) && (newest == null || !u.windowEnd().isBefore(newest.windowEnd()))) {
        newest = u;
      }
    }
    pendingEvidence.clear();
    if (newest == null) {
      return;
    }
    boolean severityChanged = newest.severity() != alert.severity();
    alert = newest;
    evidenceUpdates++;
    db.updateEvidence(alert);
    analyse(settings);
    if (severityChanged && indexed) {
      Workflow.upsertTypedSearchAttributes(
          AlertSearchAttributes.SEVERITY.valueSet(alert.severity().name()));
    }
    notifyDashboard(
        "UPDATED",
        String.format(
            java.util.Locale.ROOT,
            "New evidence up to %s: %.0f units cannibalized (%.0f%%); analysed again by %s",
            alert.windowEnd(),
            alert.cannibalizedUnits(),
            100 * alert.cannibalizationRate(),
            analyst),
        evidenceUpdates);
  }

  private void setStatus(String s) {
    status = s;
    if (indexed) {
      Workflow.upsertTypedSearchAttributes(AlertSearchAttributes.STATUS.valueSet(s));
    }
  }

  private void notifyDashboard(String kind, String message) {
    notifyDashboard(kind, message, 0);
  }

  private void notifyDashboard(String kind, String message, int sequence) {
    String id = alert.alertId() + ":" + kind + (sequence > 0 ? ":" + sequence : "");
    db.notifyDashboard(new DashboardNotice(id, alert.alertId(), kind, message));
  }

  private void finish(Feedback feedback) {
    db.recordFeedback(feedback);
    retraining.handToRetraining(feedback);
  }

  /**
   * The walking skeleton's lifecycle, unchanged, for histories recorded before {@value
   * #CHANGE_ID} version 1: store, analyse, wait (escalating), execute or dismiss, end.
   */
  private AlertOutcome runSkeleton(AlertInput input) {
    db.persistAlert(alert);
    db.analyse(alert);
    status = "ANALYSED";

    Duration escalateAfter = Duration.ofSeconds(input.effectiveEscalateAfterSeconds());
    Duration maxWait = Duration.ofSeconds(input.effectiveMaxWaitSeconds());
    boolean answered = Workflow.await(escalateAfter, () -> action != null);
    if (!answered) {
      status = "ESCALATED";
      log.info("Alert {} unanswered after {}; escalated", alert.alertId(), escalateAfter);
      db.markStatus(alert.alertId(), status);
      Duration rest = maxWait.minus(escalateAfter);
      answered = !rest.isZero() && Workflow.await(rest, () -> action != null);
    }
    if (!answered) {
      status = "CLOSED";
      log.info("Alert {} unanswered after {}; closed without action", alert.alertId(), maxWait);
      db.markStatus(alert.alertId(), status);
      return new AlertOutcome(alert.alertId(), status, null, null);
    }
    if (action.type() == ActionType.DISMISS) {
      db.recordDismissal(alert, action);
      status = "DISMISSED";
    } else {
      market.executeAction(alert, action);
      status = "ACTIONED";
    }
    return new AlertOutcome(alert.alertId(), status, action.type(), action.actionId());
  }

  @Override
  public void userAction(UserAction a) {
    // Signal handlers only record state; the main method acts on it.
    if (alert != null && !alert.alertId().equals(a.alertId())) {
      log.warn(
          "Alert {} got action {} for alert {}; ignoring",
          alert.alertId(),
          a.actionId(),
          a.alertId());
      return;
    }
    if (action != null) {
      log.info(
          "Alert {} already has action {}; ignoring {}",
          a.alertId(),
          action.actionId(),
          a.actionId());
      return;
    }
    action = a;
  }

  @Override
  public void alertUpdated(CannibalizationAlert update) {
    // Only recorded: the main method decides (it knows the current evidence and the phase).
    evidenceMessages++;
    if (action == null) {
      pendingEvidence.add(update);
    }
  }

  @Override
  public void alertRetracted(AlertRetraction r) {
    // Only recorded: the main method decides (before or after an action).
    if (alert != null && !alert.alertId().equals(r.alertId())) {
      log.warn("Alert {} got the retraction of alert {}; ignoring", alert.alertId(), r.alertId());
      return;
    }
    if (retraction == null) {
      retraction = r;
    }
  }

  @Override
  public AlertState state() {
    return new AlertState(
        alert == null ? null : alert.alertId(),
        status,
        action == null ? null : action.type(),
        action == null ? null : action.actionId(),
        analyst,
        evidenceMessages,
        evidenceUpdates,
        measurementDueAtMillis,
        effect);
  }
}
