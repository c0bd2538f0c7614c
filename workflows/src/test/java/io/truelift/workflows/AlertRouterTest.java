package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowServiceException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.EventJson;
import io.truelift.workflows.alert.AlertInput;
import io.truelift.workflows.alert.AlertLifecycleWorkflowImpl;
import io.truelift.workflows.router.AlertRouter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The router's start logic against the test service's client; no Kafka involved. */
class AlertRouterTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(AlertLifecycleWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-05T12:00:00Z"), ZoneOffset.UTC);

  private static WorkflowExecutionStatus status(TestWorkflowEnvironment env, String workflowId) {
    return env.getWorkflowClient()
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(env.getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }

  @Test
  void repeatedAlertReachesTheRunningWorkflowAsASignalAndStartsNothing(
      TestWorkflowEnvironment env, WorkflowClient client) {
    // No worker is started: the router only starts and signals workflows, something else runs them.
    env.start();
    List<DeadLetter> dead = new ArrayList<>();
    AlertRouter router =
        new AlertRouter(client, dead::add, "cannibalization-alerts", 3600, 7200, CLOCK);
    String json = EventJson.encode(TestAlerts.alert("P-9"));

    assertThat(router.route(json)).isEqualTo(AlertRouter.Outcome.DELIVERED);
    assertThat(router.route(json)).isEqualTo(AlertRouter.Outcome.DELIVERED);
    assertThat(dead).isEmpty();
    assertThat(status(env, "alert-P-9-e1"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    // One run, started once; each message arrived as an alertUpdated signal.
    List<HistoryEvent> events = client.fetchHistory("alert-P-9-e1").getEvents();
    assertThat(events.stream().filter(HistoryEvent::hasWorkflowExecutionStartedEventAttributes))
        .hasSize(1);
    assertThat(
            events.stream()
                .filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)
                .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName()))
        .containsExactly("alertUpdated", "alertUpdated");
    // The input carries the router's waits.
    AlertInput input =
        events
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .getPayloads(0)
            .getData()
            .toStringUtf8()
            .transform(s -> EventJson.decode(s, AlertInput.class));
    assertThat(input.escalateAfterSeconds()).isEqualTo(3600);
    assertThat(input.maxWaitSeconds()).isEqualTo(7200);
  }

  @Test
  void closedAlertIsNotReopenedByAReplayedMessage(
      TestWorkflowEnvironment env, WorkflowClient client) {
    env.start();
    AlertRouter router = new AlertRouter(client, d -> {}, "cannibalization-alerts", 0, 0, CLOCK);
    String json = EventJson.encode(TestAlerts.alert("P-10"));
    assertThat(router.route(json)).isEqualTo(AlertRouter.Outcome.DELIVERED);
    client.newUntypedWorkflowStub("alert-P-10-e1").terminate("test: closed");
    assertThat(status(env, "alert-P-10-e1"))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);

    assertThat(router.route(json)).isEqualTo(AlertRouter.Outcome.DUPLICATE);
  }

  @Test
  void invalidAlertIsDeadLetteredWithFieldAndPayload(
      TestWorkflowEnvironment env, WorkflowClient client) {
    env.start();
    List<DeadLetter> dead = new ArrayList<>();
    AlertRouter router = new AlertRouter(client, dead::add, "cannibalization-alerts", 0, 0, CLOCK);
    String bad =
        EventJson.encode(TestAlerts.alert("P-11"))
            .replace("\"severity\":\"HIGH\"", "\"severity\":\"HUGE\"");

    assertThat(router.route(bad)).isEqualTo(AlertRouter.Outcome.INVALID);
    assertThat(router.route("not json")).isEqualTo(AlertRouter.Outcome.INVALID);

    assertThat(dead).hasSize(2);
    assertThat(dead.get(0))
        .satisfies(
            d -> {
              assertThat(d.field()).isEqualTo("severity");
              assertThat(d.reason()).contains("HUGE");
              assertThat(d.consumer()).isEqualTo("alert-router");
              assertThat(d.sourceTopic()).isEqualTo("cannibalization-alerts");
              assertThat(d.rawPayload()).isEqualTo(bad);
              assertThat(d.receivedAt()).isEqualTo(CLOCK.instant());
            });
    assertThat(dead.get(1).field()).isEqualTo("$");
    assertThat(dead.get(1).rawPayload()).isEqualTo("not json");
  }

  @Test
  void retractionIsSignalledToTheRunningWorkflowAndNeverStartsOne(
      TestWorkflowEnvironment env, WorkflowClient client) {
    env.start();
    List<DeadLetter> dead = new ArrayList<>();
    AlertRouter router = new AlertRouter(client, dead::add, "cannibalization-alerts", 0, 0, CLOCK);
    CannibalizationAlert alert = TestAlerts.alert("P-12");
    String retraction = EventJson.encode(TestAlerts.retraction(alert));
    assertThat(router.route(EventJson.encode(alert))).isEqualTo(AlertRouter.Outcome.DELIVERED);
    assertThat(router.route(retraction)).isEqualTo(AlertRouter.Outcome.DELIVERED);
    assertThat(
            client.fetchHistory(alert.workflowId()).getEvents().stream()
                .filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)
                .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName()))
        .containsExactly("alertUpdated", "alertRetracted");

    // Once the lifecycle has closed, a repeated retraction is skipped.
    client.newUntypedWorkflowStub(alert.workflowId()).terminate("test: closed");
    assertThat(router.route(retraction)).isEqualTo(AlertRouter.Outcome.SKIPPED);

    // The retraction of an alert the router never saw starts nothing, however often it comes.
    String unknown = EventJson.encode(TestAlerts.retraction(TestAlerts.alert("P-13")));
    assertThat(router.route(unknown)).isEqualTo(AlertRouter.Outcome.SKIPPED);
    assertThat(router.route(unknown)).isEqualTo(AlertRouter.Outcome.SKIPPED);
    assertThatThrownBy(() -> status(env, "alert-P-13-e1"))
        .isInstanceOfSatisfying(
            io.grpc.StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(dead).isEmpty();
  }

  @Test
  void invalidRetractionIsDeadLettered(TestWorkflowEnvironment env, WorkflowClient client) {
    env.start();
    List<DeadLetter> dead = new ArrayList<>();
    AlertRouter router = new AlertRouter(client, dead::add, "cannibalization-alerts", 0, 0, CLOCK);
    String valid = EventJson.encode(TestAlerts.retraction(TestAlerts.alert("P-14")));
    String noReason = valid.replaceAll("\"reason\":\"[^\"]*\"", "\"reason\":null");
    String unknownType = valid.replace("\"type\":\"RETRACTION\"", "\"type\":\"UNDO\"");

    assertThat(router.route(noReason)).isEqualTo(AlertRouter.Outcome.INVALID);
    assertThat(router.route(unknownType)).isEqualTo(AlertRouter.Outcome.INVALID);

    assertThat(dead).extracting(DeadLetter::field).containsExactly("reason", "type");
    assertThat(dead).extracting(DeadLetter::rawPayload).containsExactly(noReason, unknownType);
    assertThat(dead.get(1).reason()).contains("UNDO");
  }

  private static final WorkflowExecution EXECUTION =
      WorkflowExecution.newBuilder().setWorkflowId("alert-X").build();

  @Test
  void onlyInvalidArgumentFromTemporalCountsAsABadMessage() {
    var invalid =
        new WorkflowServiceException(
            EXECUTION,
            "AlertLifecycleWorkflow",
            Status.INVALID_ARGUMENT.withDescription("blob too large").asRuntimeException());
    var unavailable =
        new WorkflowServiceException(
            EXECUTION, "AlertLifecycleWorkflow", Status.UNAVAILABLE.asRuntimeException());
    assertThat(AlertRouter.rejectedAsInvalid(invalid)).isTrue();
    assertThat(AlertRouter.rejectedAsInvalid(unavailable)).isFalse();
    assertThat(AlertRouter.rejectedAsInvalid(new IllegalStateException("x"))).isFalse();
  }
}
