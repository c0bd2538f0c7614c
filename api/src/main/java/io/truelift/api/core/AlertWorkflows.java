package io.truelift.api.core;

import io.truelift.core.contracts.UserAction;

/** Hands a manager's action to the alert's lifecycle workflow. */
public interface AlertWorkflows {
  /**
   * Signals the workflow {@code "alert-" + alertId}.
   *
   * @throws WorkflowUnavailableException when the workflow service cannot be reached or the alert
   *     has no running workflow
   */
  void signalAction(String workflowId, UserAction action);

  /** The workflow service could not take the signal. */
  class WorkflowUnavailableException extends RuntimeException {
    public WorkflowUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
