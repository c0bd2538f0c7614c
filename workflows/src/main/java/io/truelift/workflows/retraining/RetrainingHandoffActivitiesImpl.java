package io.truelift.workflows.retraining;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.truelift.workflows.TaskQueues;
import io.truelift.workflows.alert.Feedback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signal-with-start of {@value RetrainingWorkflow#FEEDBACK_WORKFLOW_ID}: the running
 * feedback-triggered retraining collects the feedback, or a new one starts (after the previous
 * one closed, since the id may be reused).
 */
public class RetrainingHandoffActivitiesImpl implements RetrainingHandoffActivities {
  private static final Logger log = LoggerFactory.getLogger(RetrainingHandoffActivitiesImpl.class);

  private final WorkflowClient client;
  private final RetrainingRequest request;

  /** {@code request} is the feedback-triggered run's parameters (trigger FEEDBACK). */
  public RetrainingHandoffActivitiesImpl(WorkflowClient client, RetrainingRequest request) {
    this.client = client;
    this.request = request.withTrigger("FEEDBACK");
  }

  @Override
  public void handToRetraining(Feedback feedback) {
    RetrainingWorkflow wf =
        client.newWorkflowStub(
            RetrainingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(RetrainingWorkflow.FEEDBACK_WORKFLOW_ID)
                .setTaskQueue(TaskQueues.RETRAINING)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(wf::run, request);
    batch.add(wf::feedback, feedback);
    var execution = client.signalWithStart(batch);
    log.info(
        "Feedback of alert {} ({}) handed to retraining run {}",
        feedback.alertId(),
        feedback.outcome(),
        execution.getRunId());
  }
}
