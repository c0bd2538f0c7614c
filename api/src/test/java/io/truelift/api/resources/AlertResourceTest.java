package io.truelift.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.truelift.api.api.ActionAccepted;
import io.truelift.api.api.ActionView;
import io.truelift.api.api.AlertDetail;
import io.truelift.api.api.AlertPage;
import io.truelift.api.api.AlertRow;
import io.truelift.api.api.AnalysisRow;
import io.truelift.api.api.DashboardStats;
import io.truelift.api.api.RecommendationView;
import io.truelift.api.api.SubstituteView;
import io.truelift.api.auth.TestAuth;
import io.truelift.api.core.AlertCounts;
import io.truelift.api.core.AlertDetails;
import io.truelift.api.core.AlertStore;
import io.truelift.api.core.AlertWorkflows;
import io.truelift.api.core.ModelSource;
import io.truelift.api.db.AlertDao;
import io.truelift.api.db.AlertQuery;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.UserAction;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** The alert and stats resources against a mocked DAO and workflow client; no port is opened. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AlertResourceTest {
  private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
  private static final AlertDao DAO = mock(AlertDao.class);
  private static final AlertWorkflows WORKFLOWS = mock(AlertWorkflows.class);

  private static final TestAuth AUTH = new TestAuth();

  static final ResourceExtension RESOURCES =
      ResourceExtension.builder()
          .addProvider(AUTH.feature())
          .addResource(
              new AlertResource(
                  DAO,
                  AlertStore.of(DAO),
                  new AlertDetails(ModelSource.NONE),
                  new AlertCounts(java.time.Duration.ZERO),
                  WORKFLOWS,
                  Clock.fixed(NOW, ZoneOffset.UTC)))
          .addResource(new StatsResource(DAO))
          .build();

  /** A GET as the viewer. */
  static jakarta.ws.rs.client.Invocation.Builder get(jakarta.ws.rs.client.WebTarget target) {
    return target.request().header("Authorization", AUTH.bearer("viewer"));
  }

  static AlertQuery query(String status, String severity, int limit, int offset) {
    return new AlertQuery(status, severity, null, null, AlertQuery.Sort.DETECTED_AT, false, limit, offset);
  }

  static AlertRow row(String id, String status) {
    return new AlertRow(
        id,
        "P-12",
        "CEREAL-001",
        "BREAKFAST",
        "COLD_CEREAL",
        status,
        "HIGH",
        Instant.parse("2026-11-20T10:15:00Z"),
        Instant.parse("2026-11-20T00:00:00Z"),
        Instant.parse("2026-11-20T10:00:00Z"),
        420.0,
        155.5,
        0.3702,
        48210,
        9.5,
        "alert-" + id,
        Instant.parse("2026-11-20T10:15:00Z"),
        Instant.parse("2026-11-20T10:15:01Z"));
  }

  @AfterEach
  void resetMocks() {
    reset(DAO, WORKFLOWS);
  }

  @Test
  void listUsesDefaultsAndReturnsSummariesWithTotal() {
    when(DAO.list(query(null, null, 50, 0))).thenReturn(List.of(row("A-2", "OPEN"), row("A-1", "CLOSED")));
    when(DAO.count(query(null, null, 0, 0).filtersOnly())).thenReturn(7L);

    AlertPage page = get(RESOURCES.target("/alerts")).get(AlertPage.class);

    assertThat(page.total()).isEqualTo(7);
    assertThat(page.items()).extracting(s -> s.alertId()).containsExactly("A-2", "A-1");
    assertThat(page.items().get(0).cannibalizationRate()).isEqualTo(0.3702);
  }

  @Test
  void listPassesFiltersAndPaging() {
    when(DAO.list(query("ANALYSED", "CRITICAL", 10, 20))).thenReturn(List.of());
    when(DAO.count(query("ANALYSED", "CRITICAL", 0, 0).filtersOnly())).thenReturn(0L);

    AlertPage page =
        RESOURCES
            .target("/alerts")
            .queryParam("status", "analysed")
            .queryParam("severity", "CRITICAL")
            .queryParam("limit", 10)
            .queryParam("offset", 20)
            .request()
            .header("Authorization", AUTH.bearer("viewer"))
            .get(AlertPage.class);

    assertThat(page.items()).isEmpty();
    verify(DAO).list(query("ANALYSED", "CRITICAL", 10, 20));
  }

  @Test
  void listFiltersRetractedAlerts() {
    when(DAO.list(query("RETRACTED", null, 50, 0))).thenReturn(List.of(row("A-9", "RETRACTED")));
    when(DAO.count(query("RETRACTED", null, 0, 0).filtersOnly())).thenReturn(1L);

    AlertPage page = get(RESOURCES.target("/alerts").queryParam("status", "retracted")).get(AlertPage.class);

    assertThat(page.items()).extracting(a -> a.status()).containsExactly("RETRACTED");
  }

  @Test
  void listItemJsonHasExactlyTheSummaryFields() {
    when(DAO.list(query(null, null, 50, 0))).thenReturn(List.of(row("A-1", "OPEN")));
    when(DAO.count(query(null, null, 0, 0).filtersOnly())).thenReturn(1L);

    @SuppressWarnings("unchecked")
    Map<String, Object> json = get(RESOURCES.target("/alerts")).get(Map.class);

    @SuppressWarnings("unchecked")
    Map<String, Object> item = ((List<Map<String, Object>>) json.get("items")).get(0);
    assertThat(item.keySet())
        .containsExactlyInAnyOrder(
            "alertId",
            "promotionId",
            "promotedSku",
            "category",
            "subCategory",
            "status",
            "severity",
            "detectedAt",
            "grossLiftUnits",
            "cannibalizedUnits",
            "cannibalizationRate",
            "lostRevenueCents");
    assertThat(json.get("total")).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
    "limit, 0, limit must be between 1 and 500, got 0",
    "limit, 501, limit must be between 1 and 500, got 501",
    "limit, ten, 'limit must be a whole number, got \"ten\"'",
    "offset, -1, 'offset must be between 0 and 1000000, got -1'",
    "sort, price, 'sort must be one of [detectedAt, severity, lostRevenueCents, cannibalizationRate], got \"price\"'",
    "order, up, 'order must be one of [asc, desc], got \"up\"'",
    "category, xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, 'category must be at most 100 characters, got 101'",
    "q, xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx, 'q must be at most 100 characters, got 101'",
    "status, WAITING, status must be one of",
    "severity, HUGE, severity must be one of"
  })
  void listRejectsBadParametersWith400NamingThem(String name, String value, String message) {
    Response response = get(RESOURCES.target("/alerts").queryParam(name, value)).get();

    assertThat(response.getStatus()).isEqualTo(400);
    ErrorMessage error = response.readEntity(ErrorMessage.class);
    assertThat(error.getMessage()).contains(message);
    if (name.equals("status") || name.equals("severity")) {
      assertThat(error.getMessage()).contains("\"" + value + "\"");
    }
    verifyNoInteractions(DAO);
  }

  @Test
  void getAlertReturnsDetailWithAnalysisAndActions() {
    when(DAO.findById("A-1")).thenReturn(Optional.of(row("A-1", "ACTIONED")));
    when(DAO.substituteRows("A-1"))
        .thenReturn(List.of(new AlertDao.SubstituteRow("CEREAL-002", 300.0, 210.0, 90.0)));
    when(DAO.analysis("A-1"))
        .thenReturn(Optional.of(new AnalysisRow("deterministic", "Sales moved from B.", 0.92)));
    when(DAO.recommendations("A-1"))
        .thenReturn(
            List.of(
                new RecommendationView(1, "ADJUST_PRICE", 349L, "Shallower", "Keeps lift", 1200L, 300L, 2100L)));
    when(DAO.actions("A-1"))
        .thenReturn(
            List.of(
                new ActionView(
                    "X-1",
                    "ADJUST_PRICE",
                    349L,
                    null,
                    "ann",
                    NOW,
                    "EXECUTED",
                    NOW.plusSeconds(5))));

    AlertDetail detail = get(RESOURCES.target("/alerts/A-1")).get(AlertDetail.class);

    assertThat(detail.workflowId()).isEqualTo("alert-A-1");
    assertThat(detail.testStatistic()).isEqualTo(9.5);
    assertThat(detail.windowStart()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
    assertThat(detail.substitutes()).extracting(SubstituteView::lostUnits).containsExactly(90.0);
    assertThat(detail.analysis().confidence()).isEqualTo(0.92);
    assertThat(detail.analysis().recommendations()).hasSize(1);
    // The interval travels as numbers, not only in the rationale's words.
    assertThat(detail.analysis().recommendations().get(0).expectedMarginChangeLowerCents()).isEqualTo(300L);
    assertThat(detail.analysis().recommendations().get(0).expectedMarginChangeUpperCents()).isEqualTo(2100L);
    assertThat(detail.actions()).extracting(ActionView::status).containsExactly("EXECUTED");
  }

  @Test
  void getAlertWithoutAnalysisHasNullAnalysis() {
    when(DAO.findById("A-1")).thenReturn(Optional.of(row("A-1", "OPEN")));

    @SuppressWarnings("unchecked")
    Map<String, Object> json = get(RESOURCES.target("/alerts/A-1")).get(Map.class);

    assertThat(json).containsEntry("analysis", null).containsEntry("actions", List.of());
    verify(DAO, never()).recommendations(anyString());
  }

  @Test
  void getAlertNotFound() {
    when(DAO.findById("nope")).thenReturn(Optional.empty());

    Response response = get(RESOURCES.target("/alerts/nope")).get();

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.readEntity(ErrorMessage.class))
        .isEqualTo(new ErrorMessage(404, "No alert nope"));
  }

  /** A POST of an action as {@code user} (a configured username; null: the manager). */
  private static Response post(String alertId, String json, String user) {
    return RESOURCES
        .target("/alerts/" + alertId + "/actions")
        .request()
        .header("Authorization", AUTH.bearer(user == null ? "manager" : user))
        .post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
  }

  @Test
  void postActionRecordsItThenSignalsTheWorkflow() {
    when(DAO.findById("A-1")).thenReturn(Optional.of(row("A-1", "ANALYSED")));
    when(DAO.recordAction(anyString(), eq("A-1"), anyString(), any(), any(), anyString(), any()))
        .thenReturn(true);

    Response response =
        post("A-1", "{\"type\":\"ADJUST_PRICE\",\"newPriceCents\":349}", "admin");

    assertThat(response.getStatus()).isEqualTo(202);
    ActionAccepted accepted = response.readEntity(ActionAccepted.class);
    assertThat(accepted.alertId()).isEqualTo("A-1");
    assertThat(accepted.type()).isEqualTo("ADJUST_PRICE");
    assertThat(accepted.status()).isEqualTo("REQUESTED");

    ArgumentCaptor<UserAction> signal = ArgumentCaptor.forClass(UserAction.class);
    InOrder order = inOrder(DAO, WORKFLOWS);
    order
        .verify(DAO)
        .recordAction(
            eq(accepted.actionId()),
            eq("A-1"),
            eq("ADJUST_PRICE"),
            eq(349L),
            isNull(),
            eq("admin"),
            eq(NOW));
    order.verify(WORKFLOWS).signalAction(eq("alert-A-1"), signal.capture());
    assertThat(signal.getValue())
        .isEqualTo(
            new UserAction(
                UserAction.VERSION,
                accepted.actionId(),
                "A-1",
                ActionType.ADJUST_PRICE,
                349L,
                null,
                "admin",
                NOW));
  }

  @Test
  void postActionRecordsTheSignedInManagerAsActor() {
    when(DAO.findById("A-1")).thenReturn(Optional.of(row("A-1", "ANALYSED")));
    when(DAO.recordAction(anyString(), eq("A-1"), anyString(), any(), any(), anyString(), any()))
        .thenReturn(true);

    Response response = post("A-1", "{\"type\":\"DISMISS\",\"reason\":\"seasonal\"}", null);

    assertThat(response.getStatus()).isEqualTo(202);
    verify(DAO)
        .recordAction(
            anyString(),
            eq("A-1"),
            eq("DISMISS"),
            isNull(),
            eq("seasonal"),
            eq("manager"),
            any());
  }

  @Test
  void postActionUnknownAlertIs404() {
    when(DAO.findById("nope")).thenReturn(Optional.empty());

    Response response = post("nope", "{\"type\":\"STOP_PROMOTION\"}", null);

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.readEntity(ErrorMessage.class).getMessage()).isEqualTo("No alert nope");
    verifyNoInteractions(WORKFLOWS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"RETRACTED", "CLOSED"})
  void anActionOnALifecycleThatEndedWithoutOneIs409AndStoresNothing(String status) {
    when(DAO.findById("A-1")).thenReturn(Optional.of(row("A-1", status)));

    Response response = post("A-1", "{\"type\":\"STOP_PROMOTION\"}", null);

    assertThat(response.getStatus()).isEqualTo(409);
    assertThat(response.readEntity(ErrorMessage.class).getMessage())
        .isEqualTo("Alert A-1 is " + status + ": its lifecycle has ended, so no action can be taken");
    verify(DAO, never()).recordAction(anyString(), anyString(), anyString(), any(), any(), anyString(), any());
    verifyNoInteractions(WORKFLOWS);
  }

  @Test
  void postSecondActionIs409AndSignalsNothing() {
    when(DAO.findById("A-1")).thenReturn(Optional.of(row("A-1", "ACTIONED")));
    when(DAO.recordAction(anyString(), eq("A-1"), anyString(), any(), any(), anyString(), any()))
        .thenReturn(false);

    Response response = post("A-1", "{\"type\":\"STOP_PROMOTION\"}", null);

    assertThat(response.getStatus()).isEqualTo(409);
    assertThat(response.readEntity(ErrorMessage.class).getMessage())
        .isEqualTo("Alert A-1 already has an action");
    verifyNoInteractions(WORKFLOWS);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":\"ADJUST_PRICE\"}|newPriceCents is required (> 0) when type is ADJUST_PRICE",
        "{\"type\":\"ADJUST_PRICE\",\"newPriceCents\":0}|newPriceCents must be greater than 0, got 0",
        "{\"type\":\"DISMISS\",\"reason\":\"  \"}|reason is required when type is DISMISS",
        "{\"newPriceCents\":10}|type must not be null",
        "{\"type\":\"PAUSE\"}|type must be one of [STOP_PROMOTION, ADJUST_PRICE, DISMISS]"
      })
  void postActionWithBadBodyIs422NamingTheField(String body, String message) {
    Response response = post("A-1", body, null);

    assertThat(response.getStatus()).isEqualTo(422);
    @SuppressWarnings("unchecked")
    Map<String, List<String>> errors = response.readEntity(Map.class);
    assertThat(errors.get("errors")).contains(message);
    verifyNoInteractions(DAO, WORKFLOWS);
  }

  @Test
  void postActionWithoutBodyIs422() {
    Response response = post("A-1", "", null);

    assertThat(response.getStatus()).isEqualTo(422);
    verifyNoInteractions(DAO, WORKFLOWS);
  }

  @Test
  void postActionWhenTemporalIsDownIs503AndSaysTheActionStaysRequested() {
    when(DAO.findById("A-1")).thenReturn(Optional.of(row("A-1", "ANALYSED")));
    when(DAO.recordAction(anyString(), eq("A-1"), anyString(), any(), any(), anyString(), any()))
        .thenReturn(true);
    doThrow(
            new AlertWorkflows.WorkflowUnavailableException(
                "Temporal at localhost:17233 did not take the signal: UNAVAILABLE", null))
        .when(WORKFLOWS)
        .signalAction(anyString(), any());

    Response response = post("A-1", "{\"type\":\"STOP_PROMOTION\"}", null);

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.readEntity(ErrorMessage.class).getMessage())
        .contains("is recorded with status REQUESTED")
        .contains("alert-A-1")
        .contains("UNAVAILABLE");
  }

  @Test
  void statsComeFromTheDao() {
    when(DAO.stats()).thenReturn(new DashboardStats(3, 120_000, 45_000, 0.31, 2, 9, 812.5));

    @SuppressWarnings("unchecked")
    Map<String, Object> json = get(RESOURCES.target("/stats")).get(Map.class);

    assertThat(json)
        .containsEntry("pendingAlerts", 3)
        .containsEntry("totalLostRevenueCents", 120000)
        .containsEntry("averageCannibalizationRate", 0.31)
        .containsEntry("activePromotions", 2)
        .containsEntry("alertCount", 9);
  }
}
