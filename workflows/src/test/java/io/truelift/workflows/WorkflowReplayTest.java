package io.truelift.workflows;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.workflows.alert.AlertActivities;
import io.truelift.workflows.alert.AlertInput;
import io.truelift.workflows.alert.AlertLifecycleWorkflow;
import io.truelift.workflows.alert.AlertLifecycleWorkflowImpl;
import io.truelift.workflows.alert.AlertOutcome;
import io.truelift.workflows.alert.DeterministicAnalyst;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded histories of {@code AlertLifecycleWorkflow}: a code change that would make
 * running workflows non-deterministic fails here. Re-record (only for an intended, versioned
 * change) with {@code mvn -pl workflows test -Dtest=WorkflowReplayTest
 * -Dtruelift.recordHistories=true}.
 */
class WorkflowReplayTest {
  private static final Path DIR = Path.of("src/test/resources/histories");

  @ParameterizedTest
  @ValueSource(strings = {"alert-stop-promotion.json", "alert-escalated-then-closed.json"})
  void recordedHistoryReplaysWithTheCurrentCode(String file) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        Files.readString(DIR.resolve(file)), AlertLifecycleWorkflowImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "truelift.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    record("alert-stop-promotion.json", "P-R1", true);
    record("alert-escalated-then-closed.json", "P-R2", false);
  }

  private static void record(String file, String promotionId, boolean act) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker(TaskQueues.ALERTS);
      worker.registerWorkflowImplementationTypes(AlertLifecycleWorkflowImpl.class);
      AlertActivities a = mock(AlertActivities.class, withSettings().withoutAnnotations());
      when(a.analyse(any()))
          .thenAnswer(inv -> new DeterministicAnalyst().analyse(inv.getArgument(0)));
      when(a.executeAction(any(), any())).thenReturn("action-a-1");
      worker.registerActivitiesImplementations(a);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      CannibalizationAlert alert = TestAlerts.alert(promotionId);
      AlertLifecycleWorkflow wf =
          client.newWorkflowStub(
              AlertLifecycleWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(alert.workflowId())
                  .setTaskQueue(TaskQueues.ALERTS)
                  .build());
      WorkflowClient.start(wf::run, new AlertInput(alert, 3600, 7200));
      if (act) {
        env.sleep(Duration.ofMinutes(10));
        wf.userAction(TestAlerts.action(alert.alertId(), ActionType.STOP_PROMOTION, "a-1"));
      }
      WorkflowStub.fromTyped(wf).getResult(AlertOutcome.class);
      Files.createDirectories(DIR);
      Files.writeString(DIR.resolve(file), client.fetchHistory(alert.workflowId()).toJson(true));
    }
  }
}
