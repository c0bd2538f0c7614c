package io.truelift.workflows.router;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.truelift.core.contracts.AlertMessage;
import io.truelift.core.contracts.AlertRetraction;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.InvalidEventException;
import io.truelift.workflows.TaskQueues;
import io.truelift.workflows.alert.AlertInput;
import io.truelift.workflows.alert.AlertLifecycleWorkflow;
import io.truelift.workflows.alert.AlertSearchAttributes;
import io.truelift.workflows.alert.LifecycleSettings;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each alert message to its {@link AlertLifecycleWorkflow} with one signal-with-start:
 * the workflow id is derived from the alert ({@code alert-<alertId>}), so the first message starts
 * the lifecycle and every later one (a replay, or the same alert with newer evidence) reaches the
 * running workflow as the {@code alertUpdated} signal, which applies new evidence and ignores
 * repeats. An alert whose lifecycle has closed is never reopened. A retraction on the same topic
 * ({@code type = RETRACTION}) is signalled ({@code alertRetracted}) to the running lifecycle only.
 * Invalid messages become dead letters. Needs no Kafka, so it is tested on its own.
 */
public final class AlertRouter implements AlertRouterLoop.MessageRouter {
  private static final Logger log = LoggerFactory.getLogger(AlertRouter.class);

  /** The {@code consumer} named in dead letters. */
  public static final String CONSUMER = "alert-router";

  /** What happened to one message. */
  public enum Outcome {
    /** Started the lifecycle, or signalled the running one. */
    DELIVERED,
    /** The alert's lifecycle has already closed: nothing started, nothing signalled. */
    DUPLICATE,
    /** A retraction of an alert with no running lifecycle: nothing started, nothing signalled. */
    SKIPPED,
    INVALID
  }

  private final WorkflowClient client;
  private final Consumer<DeadLetter> deadLetters;
  private final String sourceTopic;
  private final long escalateAfterSeconds;
  private final long maxWaitSeconds;
  private final LifecycleSettings settings;
  private final Clock clock;

  /**
   * {@code deadLetters} must throw if it cannot store the letter, so the message is retried rather
   * than lost. {@code escalateAfterSeconds} and {@code maxWaitSeconds} go into every {@link
   * AlertInput} (0: the workflow's defaults of 24 h and 7 days).
   */
  public AlertRouter(
      WorkflowClient client,
      Consumer<DeadLetter> deadLetters,
      String sourceTopic,
      long escalateAfterSeconds,
      long maxWaitSeconds,
      Clock clock) {
    this(
        client,
        deadLetters,
        sourceTopic,
        escalateAfterSeconds,
        maxWaitSeconds,
        LifecycleSettings.DEFAULTS,
        clock);
  }

  /**
   * As above, with the worker's {@link LifecycleSettings} put into every started workflow's input;
   * when they say the search attributes are registered, the workflow starts with them.
   */
  public AlertRouter(
      WorkflowClient client,
      Consumer<DeadLetter> deadLetters,
      String sourceTopic,
      long escalateAfterSeconds,
      long maxWaitSeconds,
      LifecycleSettings settings,
      Clock clock) {
    if (escalateAfterSeconds < 0 || maxWaitSeconds < 0) {
      throw new IllegalArgumentException(
          "escalateAfterSeconds and maxWaitSeconds must be >= 0, got %d and %d"
              .formatted(escalateAfterSeconds, maxWaitSeconds));
    }
    this.client = client;
    this.deadLetters = deadLetters;
    this.sourceTopic = sourceTopic;
    this.escalateAfterSeconds = escalateAfterSeconds;
    this.maxWaitSeconds = maxWaitSeconds;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Validates one message and starts its workflow. Throws when Temporal cannot be reached (the
   * caller retries); a message Temporal itself rejects as invalid is dead-lettered.
   */
  @Override
  public Outcome route(String json) {
    AlertMessage message;
    try {
      message = AlertMessage.decode(json);
    } catch (InvalidEventException e) {
      log.warn("Invalid alert message sent to dead letters: {}", e.getMessage());
      deadLetters.accept(DeadLetter.of(sourceTopic, CONSUMER, json, e, clock.instant()));
      return Outcome.INVALID;
    }
    if (message instanceof AlertRetraction retraction) {
      return routeRetraction(retraction);
    }
    return routeAlert((CannibalizationAlert) message, json);
  }

  /**
   * Signals the retraction to the alert's running lifecycle; never starts one. An alert without a
   * lifecycle (unknown here, or already closed) has nothing to withdraw: logged and skipped, so a
   * repeated retraction is harmless.
   */
  private Outcome routeRetraction(AlertRetraction retraction) {
    AlertLifecycleWorkflow workflow =
        client.newWorkflowStub(AlertLifecycleWorkflow.class, retraction.workflowId());
    try {
      workflow.alertRetracted(retraction);
    } catch (WorkflowNotFoundException e) {
      log.info(
          "Retraction of alert {}: no running workflow {}; skipped",
          retraction.alertId(),
          retraction.workflowId());
      return Outcome.SKIPPED;
    }
    log.info(
        "Delivered the retraction of alert {} (corrected to {}) to {}",
        retraction.alertId(),
        retraction.windowEnd(),
        retraction.workflowId());
    return Outcome.DELIVERED;
  }

  private Outcome routeAlert(CannibalizationAlert alert, String json) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(alert.workflowId())
            .setTaskQueue(TaskQueues.ALERTS)
            // One lifecycle per alert, ever: a closed alert is not reopened by a replay.
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setMemo(AlertSearchAttributes.memo(alert));
    if (settings.searchAttributes()) {
      options.setTypedSearchAttributes(AlertSearchAttributes.initial(alert));
    }
    AlertLifecycleWorkflow workflow =
        client.newWorkflowStub(AlertLifecycleWorkflow.class, options.build());
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(
        workflow::run, new AlertInput(alert, escalateAfterSeconds, maxWaitSeconds, settings));
    request.add(workflow::alertUpdated, alert);
    try {
      WorkflowExecution execution = client.signalWithStart(request);
      log.info(
          "Delivered alert {} (evidence to {}) to {} run {}",
          alert.alertId(),
          alert.windowEnd(),
          alert.workflowId(),
          execution.getRunId());
      return Outcome.DELIVERED;
    } catch (WorkflowExecutionAlreadyStarted e) {
      log.info(
          "Alert {}: workflow {} has closed; nothing started or signalled",
          alert.alertId(),
          alert.workflowId());
      return Outcome.DUPLICATE;
    } catch (RuntimeException e) {
      if (!rejectedAsInvalid(e)) {
        throw e;
      }
      log.warn(
          "Temporal rejected alert {}; sent to dead letters: {}", alert.alertId(), e.toString());
      deadLetters.accept(
          new DeadLetter(
              DeadLetter.VERSION,
              sourceTopic,
              CONSUMER,
              "$",
              "Temporal rejected the workflow start for "
                  + alert.workflowId()
                  + ": "
                  + rootMessage(e),
              json,
              clock.instant()));
      return Outcome.INVALID;
    }
  }

  /**
   * Only INVALID_ARGUMENT is about this message (e.g. a payload over Temporal's size limit);
   * anything else (unreachable service, unknown namespace) would fail every alert alike, so it is
   * retried rather than dead-lettered.
   */
  public static boolean rejectedAsInvalid(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        return s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
