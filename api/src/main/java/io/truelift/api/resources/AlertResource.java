package io.truelift.api.resources;

import com.codahale.metrics.annotation.Timed;
import io.truelift.api.api.ActionAccepted;
import io.truelift.api.api.ActionRequest;
import io.truelift.api.api.AlertDetail;
import io.truelift.api.api.AlertPage;
import io.truelift.api.api.AlertRow;
import io.truelift.api.api.AlertSummary;
import io.truelift.api.auth.Role;
import io.truelift.api.auth.User;
import io.truelift.api.core.AlertCounts;
import io.truelift.api.core.AlertDetails;
import io.truelift.api.core.AlertStore;
import io.truelift.api.core.AlertWorkflows;
import io.truelift.api.db.AlertDao;
import io.truelift.api.db.AlertQuery;
import io.truelift.core.contracts.UserAction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Alerts: the list with filters, sort and paging, one alert's detail, and a manager's action.
 * Query parameters are parsed here (not by Jersey) so a bad value is a 400 naming the parameter.
 */
@Path("/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class AlertResource {
  static final Set<String> STATUSES =
      Set.of(
          "OPEN", "ANALYSED", "ESCALATED", "ACTIONED", "DISMISSED", "MEASURED", "CLOSED", "RETRACTED");
  static final Set<String> SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
  /** Statuses of a lifecycle that ended without an action (unanswered, or retracted). */
  static final Set<String> ENDED_WITHOUT_ACTION = Set.of("CLOSED", "RETRACTED");
  static final int MAX_TEXT = 100;

  private final AlertDao alerts;
  private final AlertStore store;
  private final AlertDetails details;
  private final AlertCounts counts;
  private final AlertWorkflows workflows;
  private final Clock clock;

  public AlertResource(
      AlertDao alerts,
      AlertStore store,
      AlertDetails details,
      AlertCounts counts,
      AlertWorkflows workflows,
      Clock clock) {
    this.alerts = alerts;
    this.store = store;
    this.details = details;
    this.counts = counts;
    this.workflows = workflows;
    this.clock = clock;
  }

  @GET
  @Timed
  public AlertPage list(
      @QueryParam("status") String status,
      @QueryParam("severity") String severity,
      @QueryParam("category") String category,
      @QueryParam("q") String q,
      @QueryParam("sort") @DefaultValue("detectedAt") String sort,
      @QueryParam("order") @DefaultValue("desc") String order,
      @QueryParam("limit") @DefaultValue("50") String limitText,
      @QueryParam("offset") @DefaultValue("0") String offsetText) {
    AlertQuery.Sort by = AlertQuery.Sort.byField(sort.trim());
    if (by == null) {
      throw new BadRequestException(
          "sort must be one of %s, got \"%s\""
              .formatted(Arrays.stream(AlertQuery.Sort.values()).map(AlertQuery.Sort::field).toList(), sort));
    }
    String o = order.trim().toLowerCase();
    if (!o.equals("asc") && !o.equals("desc")) {
      throw new BadRequestException("order must be one of [asc, desc], got \"%s\"".formatted(order));
    }
    AlertQuery query =
        new AlertQuery(
            ApiErrors.oneOf("status", status, STATUSES),
            ApiErrors.oneOf("severity", severity, SEVERITIES),
            text("category", category),
            text("q", q),
            by,
            o.equals("asc"),
            ApiErrors.integer("limit", limitText, 1, 500),
            ApiErrors.integer("offset", offsetText, 0, 1_000_000));
    return store.withAlerts(
        reads -> {
          List<AlertSummary> items = reads.list(query).stream().map(AlertRow::summary).toList();
          return new AlertPage(items, counts.count(query.filtersOnly(), reads));
        });
  }

  private static String text(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > MAX_TEXT) {
      throw new BadRequestException(
          "%s must be at most %d characters, got %d".formatted(name, MAX_TEXT, value.length()));
    }
    return value.trim();
  }

  @GET
  @Path("/{alertId}")
  @Timed
  public AlertDetail get(@PathParam("alertId") String alertId) {
    return store
        .withAlerts(dao -> details.read(dao, alertId))
        .orElseThrow(() -> ApiErrors.notFound("No alert " + alertId));
  }

  /**
   * Records the action (with its audit entry naming the signed-in user) before signalling the
   * workflow, so an outage of the workflow service loses nothing: the row stays REQUESTED, the
   * answer says so, and {@code ActionRedelivery} signals it again until the workflow takes it.
   */
  @POST
  @Path("/{alertId}/actions")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.MANAGER_NAME)
  @Timed
  public Response act(
      @PathParam("alertId") String alertId,
      @Context SecurityContext security,
      @NotNull @Valid ActionRequest request) {
    String actor = ((User) security.getUserPrincipal()).username();
    AlertRow alert =
        alerts.findById(alertId).orElseThrow(() -> ApiErrors.notFound("No alert " + alertId));
    if (ENDED_WITHOUT_ACTION.contains(alert.status())) {
      // Its workflow has finished: nothing would take the action (the worker rejects one that
      // was stored just before the end).
      throw ApiErrors.conflict(
          "Alert %s is %s: its lifecycle has ended, so no action can be taken".formatted(alertId, alert.status()));
    }
    String actionId = UUID.randomUUID().toString();
    Instant now = clock.instant();
    boolean recorded =
        alerts.recordAction(
            actionId, alertId, request.type(), request.newPriceCents(), request.reason(), actor, now);
    if (!recorded) {
      throw ApiErrors.conflict("Alert " + alertId + " already has an action");
    }
    UserAction action =
        new UserAction(
            UserAction.VERSION, actionId, alertId, request.actionType(), request.newPriceCents(),
            request.reason(), actor, now);
    String workflowId =
        alert.workflowId() == null || alert.workflowId().isBlank()
            ? "alert-" + alertId
            : alert.workflowId();
    try {
      workflows.signalAction(workflowId, action);
    } catch (AlertWorkflows.WorkflowUnavailableException e) {
      throw ApiErrors.unavailable(
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
}
