package io.truelift.workflows;

/** Task-queue names shared by the worker, the alert router and the API. */
public final class TaskQueues {
  /** Alert lifecycle workflows and their activities. */
  public static final String ALERTS = "truelift-alerts";

  /** The retraining workflow and its activities (long-running training kept off the alerts). */
  public static final String RETRAINING = "truelift-retraining";

  private TaskQueues() {}
}
