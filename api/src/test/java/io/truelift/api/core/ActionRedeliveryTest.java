package io.truelift.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.truelift.api.db.AlertDao;
import io.truelift.api.db.AlertDao.UnsignalledAction;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.UserAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class ActionRedeliveryTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
  static final UnsignalledAction STOP =
      new UnsignalledAction("X-1", "A-1", "STOP_PROMOTION", null, null, "ann", T0, null);

  private final AlertDao dao = mock(AlertDao.class);
  private final AlertWorkflows workflows = mock(AlertWorkflows.class);
  private Instant now = T0.plusSeconds(30);
  private ActionRedelivery redelivery;

  @BeforeEach
  void setUp() {
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now;
          }
        };
    redelivery = new ActionRedelivery(dao, workflows, clock);
  }

  @Test
  void signalsAStoredActionToItsWorkflowAsTheRequestWould() {
    when(dao.unexecutedActions(any(), anyInt())).thenReturn(List.of(STOP));

    assertThat(redelivery.redeliver()).isEqualTo(1);

    ArgumentCaptor<OffsetDateTime> before = ArgumentCaptor.forClass(OffsetDateTime.class);
    verify(dao).unexecutedActions(before.capture(), eq(ActionRedelivery.BATCH));
    assertThat(before.getValue().toInstant()).isEqualTo(now.minus(ActionRedelivery.GRACE));
    verify(workflows)
        .signalAction(
            "alert-A-1",
            new UserAction(UserAction.VERSION, "X-1", "A-1", ActionType.STOP_PROMOTION, null, null, "ann", T0));
  }

  @Test
  void backsOffPerActionWhileTheWorkflowDoesNotTakeIt() {
    when(dao.unexecutedActions(any(), anyInt())).thenReturn(List.of(STOP));
    doThrow(new AlertWorkflows.WorkflowUnavailableException("Temporal down", null))
        .when(workflows)
        .signalAction(any(), any());

    assertThat(redelivery.redeliver()).isZero(); // tried at once, then every 5, 10, 20 s ...
    now = now.plusSeconds(4);
    redelivery.redeliver();
    verify(workflows, times(1)).signalAction(any(), any());
    now = now.plusSeconds(1);
    redelivery.redeliver();
    verify(workflows, times(2)).signalAction(any(), any());
    now = now.plusSeconds(9);
    redelivery.redeliver();
    verify(workflows, times(2)).signalAction(any(), any());
    now = now.plusSeconds(1);
    redelivery.redeliver();
    verify(workflows, times(3)).signalAction(any(), any());
    for (int i = 0; i < 20; i++) {
      now = now.plus(ActionRedelivery.MAX_BACKOFF);
      redelivery.redeliver();
    }
    verify(workflows, times(23)).signalAction(any(), any()); // capped at one per MAX_BACKOFF
  }

  @Test
  void anExecutedActionIsForgottenAndADatabaseOutageIsSurvived() {
    when(dao.unexecutedActions(any(), anyInt())).thenReturn(List.of(STOP)).thenReturn(List.of());
    redelivery.redeliver();
    now = now.plus(Duration.ofMinutes(10));
    assertThat(redelivery.redeliver()).isZero();
    verify(workflows, times(1)).signalAction(any(), any());

    when(dao.unexecutedActions(any(), anyInt())).thenThrow(new IllegalStateException("db down"));
    redelivery.start();
    redelivery.stop();
    verify(workflows, never()).signalAction(eq("other"), any());
  }
}
