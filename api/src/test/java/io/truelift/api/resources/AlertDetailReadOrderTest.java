package io.truelift.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.truelift.api.api.ActionView;
import io.truelift.api.api.AlertDetail;
import io.truelift.api.api.AlertRow;
import io.truelift.api.core.AlertWorkflows;
import io.truelift.api.db.AlertDao;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;

/**
 * The detail reads an alert's parts before its row: the worker commits an executed action and the
 * ACTIONED status together, so read in this order a detail never pairs an EXECUTED action with an
 * alert still ANALYSED (EndToEndIT saw that pairing under load when the row was read first).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AlertDetailReadOrderTest {
  private static final Instant T = Instant.parse("2026-11-24T09:00:00Z");
  private static final AlertDao DAO = mock(AlertDao.class);

  static final ResourceExtension RESOURCES =
      ResourceExtension.builder()
          .addResource(new AlertResource(
                  DAO,
                  io.truelift.api.core.AlertStore.of(DAO),
                  new io.truelift.api.core.AlertDetails(io.truelift.api.core.ModelSource.NONE),
                  new io.truelift.api.core.AlertCounts(java.time.Duration.ZERO),
                  mock(AlertWorkflows.class),
                  Clock.systemUTC()))
          .build();

  @Test
  void partsAreReadBeforeTheAlertRow() {
    when(DAO.actions("A-1"))
        .thenReturn(List.of(new ActionView("X-1", "STOP_PROMOTION", null, null, "ann", T, "EXECUTED", T)));
    when(DAO.analysis("A-1")).thenReturn(Optional.empty());
    when(DAO.findById("A-1"))
        .thenReturn(
            Optional.of(
                new AlertRow(
                    "A-1", "P-1", "SKU-A", "BREAKFAST", "COLD_CEREAL", "ACTIONED", "HIGH", T, T, T,
                    400, 100, 0.25, 1000, 8.5, "alert-A-1", T, T)));

    AlertDetail d = RESOURCES.target("/alerts/A-1").request().get(AlertDetail.class);

    assertThat(d.status()).isEqualTo("ACTIONED");
    assertThat(d.actions()).extracting(ActionView::status).containsExactly("EXECUTED");
    InOrder order = inOrder(DAO);
    order.verify(DAO).actions("A-1");
    order.verify(DAO).analysis("A-1");
    order.verify(DAO).findById("A-1");
  }
}
