package io.truelift.workflows.retraining;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import io.truelift.workflows.TaskQueues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, or updates to the configured cron and parameters, the Temporal Schedule {@value
 * RetrainingWorkflow#NIGHTLY_SCHEDULE_ID} at worker start-up; safe to call on every start. The
 * Java test server that devstack runs has no Schedule API (it answers UNIMPLEMENTED): there the
 * same workflow runs as a cron workflow ({@code WorkflowOptions.setCronSchedule}) instead, started
 * once and replaced when its cron or parameters change.
 */
public final class RetrainingSchedule {
  private static final Logger log = LoggerFactory.getLogger(RetrainingSchedule.class);

  /** What {@link #ensure} did. */
  public enum Result {
    SCHEDULE_CREATED,
    SCHEDULE_UPDATED,
    CRON_WORKFLOW_STARTED,
    CRON_WORKFLOW_UNCHANGED,
    CRON_WORKFLOW_REPLACED
  }

  static final String MEMO_KEY = "schedule";

  private RetrainingSchedule() {}

  /** The schedule: one run per cron match, a run still going skips the next one. */
  public static Schedule schedule(String cron, RetrainingRequest request) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(RetrainingWorkflow.class)
                .setArguments(request.withTrigger("SCHEDULE"))
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(RetrainingWorkflow.NIGHTLY_WORKFLOW_ID)
                        .setTaskQueue(TaskQueues.RETRAINING)
                        .build())
                .build())
        .setSpec(ScheduleSpec.newBuilder().setCronExpressions(List.of(cron)).build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(Duration.ofHours(6))
                .build())
        .build();
  }

  public static Result ensure(
      ScheduleClient schedules, WorkflowClient client, String cron, RetrainingRequest request) {
    Schedule schedule = schedule(cron, request);
    try {
      schedules.createSchedule(
          RetrainingWorkflow.NIGHTLY_SCHEDULE_ID, schedule, ScheduleOptions.newBuilder().build());
      log.info("Created schedule {} ({})", RetrainingWorkflow.NIGHTLY_SCHEDULE_ID, cron);
      return Result.SCHEDULE_CREATED;
    } catch (ScheduleAlreadyRunningException e) {
      schedules
          .getHandle(RetrainingWorkflow.NIGHTLY_SCHEDULE_ID)
          .update(input -> new ScheduleUpdate(schedule));
      log.info("Updated schedule {} ({})", RetrainingWorkflow.NIGHTLY_SCHEDULE_ID, cron);
      return Result.SCHEDULE_UPDATED;
    } catch (RuntimeException e) {
      if (!unimplemented(e)) {
        throw e;
      }
      log.warn(
          "The Temporal service has no Schedule API ({}); running {} as a cron workflow instead",
          e.getMessage(),
          RetrainingWorkflow.NIGHTLY_WORKFLOW_ID);
      return ensureCronWorkflow(client, cron, request);
    }
  }

  /** The fallback for services without schedules, idempotent in the same way. */
  static Result ensureCronWorkflow(WorkflowClient client, String cron, RetrainingRequest request) {
    RetrainingRequest scheduled = request.withTrigger("SCHEDULE");
    String signature = cron + " " + scheduled;
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(RetrainingWorkflow.NIGHTLY_WORKFLOW_ID)
            .setTaskQueue(TaskQueues.RETRAINING)
            .setCronSchedule(cron)
            .setMemo(Map.of(MEMO_KEY, signature))
            .build();
    try {
      WorkflowClient.start(client.newWorkflowStub(RetrainingWorkflow.class, options)::run, scheduled);
      return Result.CRON_WORKFLOW_STARTED;
    } catch (WorkflowExecutionAlreadyStarted e) {
      WorkflowStub running = client.newUntypedWorkflowStub(RetrainingWorkflow.NIGHTLY_WORKFLOW_ID);
      var description = running.describe();
      if (description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
          && signature.equals(description.getMemo(MEMO_KEY, String.class))) {
        return Result.CRON_WORKFLOW_UNCHANGED;
      }
      running.terminate("replaced: schedule is now " + signature);
      WorkflowClient.start(client.newWorkflowStub(RetrainingWorkflow.class, options)::run, scheduled);
      return Result.CRON_WORKFLOW_REPLACED;
    }
  }

  static boolean unimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }
}
