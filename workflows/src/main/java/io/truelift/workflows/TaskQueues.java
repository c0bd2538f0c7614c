package io.truelift.workflows;

/** Task-queue names shared by the worker, the alert router and the API. */
public final class TaskQueues {
  /** Alert lifecycle workflows and their activities. */
  public static final String ALERTS = "truelift-alerts";

  private TaskQueues() {}
}
