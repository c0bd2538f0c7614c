package io.truelift.api.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.truelift.api.api.ActionAccepted;
import io.truelift.api.api.ActionRequest;
import io.truelift.api.api.ActionView;
import io.truelift.api.api.AlertDetail;
import io.truelift.api.api.AlertPage;
import io.truelift.api.api.AlertRow;
import io.truelift.api.api.AlertSummary;
import io.truelift.api.api.AnalysisView;
import io.truelift.api.api.SubstituteView;
import io.truelift.api.core.AlertWorkflows;
import io.truelift.api.db.AlertDao;
import io.truelift.core.contracts.UserAction;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Alerts: the list with filters and paging, one alert's detail, and the manager's action. Query
 * parameters are parsed here (not by Jersey) so a bad value is a 400 naming the parameter.
 */
@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {
  static final Set<String> STATUSES =
      Set.of("OPEN", "ANALYSED", "ESCALATED", "ACTIONED", "DISMISSED", "MEASURED", "CLOSED");
  static final Set<String> SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
  static final String USER_HEADER = "X-TrueLift-User";
  static final String DEFAULT_ACTOR = "demo-manager";

  private final AlertDao alerts;
  private final AlertWorkflows workflows;
  private final Clock clock;

  public AlertResource(AlertDao alerts, AlertWorkflows workflows, Clock clock) {
    this.alerts = alerts;
    this.workflows = workflows;
    this.clock = clock;
  }

  @GET
  public AlertPage list(
      @QueryParam("status") String status,
      @QueryParam("severity") String severity,
      @QueryParam("limit") @DefaultValue("50") String limitText,
      @QueryParam("offset") @DefaultValue("0") String offsetText) {
    String s = oneOf("status", status, STATUSES);
    String sev = oneOf("severity", severity, SEVERITIES);
    int limit = integer("limit", limitText, 1, 500);
    int offset = integer("offset", offsetText, 0, Integer.MAX_VALUE);
    List<AlertSummary> items =
        alerts.list(s, sev, limit, offset).stream().map(AlertRow::summary).toList();
    return new AlertPage(items, alerts.count(s, sev));
  }

  @GET
  @Path("/{alertId}")
  public AlertDetail get(@PathParam("alertId") String alertId) {
    // The worker writes an alert's status in the same transaction as what caused it (its analysis,
    // an executed action). Reading those parts first and the alert row last means a detail never
    // shows an executed action on an alert still ANALYSED (seen by EndToEndIT under load), without
    // a snapshot transaction.
    List<SubstituteView> substitutes = alerts.substitutes(alertId);
    List<ActionView> actions = alerts.actions(alertId);
    AnalysisView analysis =
        alerts
            .analysis(alertId)
            .map(
                r ->
                    new AnalysisView(
                        r.analyst(),
                        r.explanation(),
                        r.confidence(),
                        alerts.recommendations(alertId)))
            .orElse(null);
    AlertRow a =
        alerts.findById(alertId).orElseThrow(() -> new NotFoundException("No alert " + alertId));
    return new AlertDetail(
        a.alertId(),
        a.promotionId(),
        a.promotedSku(),
        a.category(),
        a.subCategory(),
        a.status(),
        a.severity(),
        a.detectedAt(),
        a.grossLiftUnits(),
        a.cannibalizedUnits(),
        a.cannibalizationRate(),
        a.lostRevenueCents(),
        a.windowStart(),
        a.windowEnd(),
        a.testStatistic(),
        a.workflowId(),
        substitutes,
        analysis,
        actions);
  }

  /**
   * Records the action (with its audit entry) before signalling the workflow, so an outage of the
   * workflow service loses nothing: the row stays REQUESTED, the answer says so, and {@code
   * ActionRedelivery} signals it again until the workflow takes it.
   */
  @POST
  @Path("/{alertId}/actions")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response act(
      @PathParam("alertId") String alertId,
      @HeaderParam(USER_HEADER) String userHeader,
      @NotNull @Valid ActionRequest request) {
    // Authentication comes later; until then the caller names itself (see README).
    String actor = userHeader == null || userHeader.isBlank() ? DEFAULT_ACTOR : userHeader.trim();
    if (actor.length() > 100) {
      throw new BadRequestException(
          "%s must be at most 100 characters, got %d".formatted(USER_HEADER, actor.length()));
    }
    AlertRow alert =
        alerts.findById(alertId).orElseThrow(() -> new NotFoundException("No alert " + alertId));
    String actionId = UUID.randomUUID().toString();
    Instant now = clock.instant();
    boolean recorded =
        alerts.recordAction(
            actionId,
            alertId,
            request.type(),
            request.newPriceCents(),
            request.reason(),
            actor,
            now);
    if (!recorded) {
      throw error(Response.Status.CONFLICT, "Alert " + alertId + " already has an action");
    }
    UserAction action =
        new UserAction(
            UserAction.VERSION,
            actionId,
            alertId,
            request.actionType(),
            request.newPriceCents(),
            request.reason(),
            actor,
            now);
    String workflowId =
        alert.workflowId() == null || alert.workflowId().isBlank()
            ? "alert-" + alertId
            : alert.workflowId();
    try {
      workflows.signalAction(workflowId, action);
    } catch (AlertWorkflows.WorkflowUnavailableException e) {
      throw error(
          Response.Status.SERVICE_UNAVAILABLE,
          "Action "
              + actionId
              + " is recorded with status REQUESTED but workflow "
              + workflowId
              + " could not be signalled now; the API signals it again in the background until"
              + " the workflow takes it: "
              + e.getMessage());
    }
    return Response.accepted(new ActionAccepted(actionId, alertId, request.type(), "REQUESTED"))
        .build();
  }

  private static WebApplicationException error(Response.Status status, String message) {
    return new WebApplicationException(
        Response.status(status)
            .entity(new ErrorMessage(status.getStatusCode(), message))
            .type(MediaType.APPLICATION_JSON)
            .build());
  }

  private static String oneOf(String name, String value, Set<String> allowed) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim().toUpperCase();
    if (!allowed.contains(v)) {
      throw new BadRequestException(
          "%s must be one of %s, got \"%s\""
              .formatted(name, allowed.stream().sorted().toList(), value));
    }
    return v;
  }

  private static int integer(String name, String value, int min, int max) {
    int v;
    try {
      v = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new BadRequestException("%s must be a whole number, got \"%s\"".formatted(name, value));
    }
    if (v < min || v > max) {
      throw new BadRequestException(
          "%s must be between %d and %d, got %d".formatted(name, min, max, v));
    }
    return v;
  }
}
