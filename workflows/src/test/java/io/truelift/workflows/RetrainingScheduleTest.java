package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.client.schedules.ScheduleUpdateInput;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.workflow.Functions;
import io.truelift.workflows.retraining.RetrainingRequest;
import io.truelift.workflows.retraining.RetrainingSchedule;
import io.truelift.workflows.retraining.RetrainingWorkflow;
import io.truelift.workflows.retraining.RetrainingWorkflowImpl;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * Start-up creation of the nightly retraining: the Schedule API path on a mocked schedule client
 * (no real Temporal server with schedules runs here), and the cron-workflow fallback on the Java
 * test server, which has no Schedule API.
 */
class RetrainingScheduleTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(RetrainingWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  static final RetrainingRequest REQUEST = new RetrainingRequest("MANUAL", 28, 7, 0.01, 900);

  @Test
  void scheduleIsCreatedOnceThenUpdatedOnEveryLaterStart() {
    ScheduleClient schedules = mock(ScheduleClient.class);
    ScheduleHandle handle = mock(ScheduleHandle.class);
    when(schedules.createSchedule(eq("retraining-nightly"), any(), any()))
        .thenReturn(handle)
        .thenThrow(new ScheduleAlreadyRunningException(new RuntimeException("exists")));
    when(schedules.getHandle("retraining-nightly")).thenReturn(handle);

    assertThat(RetrainingSchedule.ensure(schedules, null, "0 2 * * *", REQUEST))
        .isEqualTo(RetrainingSchedule.Result.SCHEDULE_CREATED);
    assertThat(RetrainingSchedule.ensure(schedules, null, "30 3 * * *", REQUEST))
        .isEqualTo(RetrainingSchedule.Result.SCHEDULE_UPDATED);

    @SuppressWarnings("unchecked")
    ArgumentCaptor<Functions.Func1<ScheduleUpdateInput, ScheduleUpdate>> updater =
        ArgumentCaptor.forClass(Functions.Func1.class);
    verify(handle).update(updater.capture());
    Schedule updated = updater.getValue().apply(null).getSchedule();
    assertThat(updated.getSpec().getCronExpressions()).containsExactly("30 3 * * *");
  }

  @Test
  void scheduleStartsTheRetrainingWorkflowNightlyAndSkipsOverlaps() {
    Schedule s = RetrainingSchedule.schedule("0 2 * * *", REQUEST);
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) s.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("RetrainingWorkflow");
    assertThat(action.getOptions().getWorkflowId()).isEqualTo("retraining-nightly");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo("truelift-retraining");
    assertThat(action.getArguments().get(0, RetrainingRequest.class).trigger()).isEqualTo("SCHEDULE");
    assertThat(s.getSpec().getCronExpressions()).isEqualTo(List.of("0 2 * * *"));
    assertThat(s.getPolicy().getOverlap())
        .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
  }

  @Test
  void javaTestServerHasNoScheduleApiSoACronWorkflowStandsIn(
      TestWorkflowEnvironment env, WorkflowClient client) {
    env.start();
    ScheduleClient schedules =
        ScheduleClient.newInstance(
            env.getWorkflowServiceStubs(),
            ScheduleClientOptions.newBuilder().setNamespace(env.getNamespace()).build());

    assertThat(RetrainingSchedule.ensure(schedules, client, "0 2 * * *", REQUEST))
        .isEqualTo(RetrainingSchedule.Result.CRON_WORKFLOW_STARTED);
    assertThat(RetrainingSchedule.ensure(schedules, client, "0 2 * * *", REQUEST))
        .isEqualTo(RetrainingSchedule.Result.CRON_WORKFLOW_UNCHANGED);
    assertThat(RetrainingSchedule.ensure(schedules, client, "15 1 * * *", REQUEST))
        .isEqualTo(RetrainingSchedule.Result.CRON_WORKFLOW_REPLACED);

    var started =
        client
            .fetchHistory(RetrainingWorkflow.NIGHTLY_WORKFLOW_ID)
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes();
    assertThat(started.getCronSchedule()).isEqualTo("15 1 * * *");
    assertThat(started.getTaskQueue().getName()).isEqualTo(TaskQueues.RETRAINING);
  }
}
