package io.truelift.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.truelift.api.api.AuditEntry;
import io.truelift.api.api.EffectivenessView;
import io.truelift.api.api.FeedbackView;
import io.truelift.api.api.ModelVersionView;
import io.truelift.api.api.Page;
import io.truelift.api.auth.Role;
import io.truelift.api.core.AlertDetails;
import io.truelift.api.db.InsightDao;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * What the system learned and who did what: measured effects of actions, the feedback of finished
 * alerts, the registered models, and (admins only) the audit log.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class InsightResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InsightDao dao;

  public InsightResource(InsightDao dao) {
    this.dao = dao;
  }

  @GET
  @Path("effectiveness")
  public Page<EffectivenessView> effectiveness(
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("offset") @DefaultValue("0") String offset) {
    List<EffectivenessView> items =
        dao.effectiveness(limit(limit), offset(offset)).stream().map(AlertDetails::effectiveness).toList();
    return new Page<>(items, dao.effectivenessCount());
  }

  @GET
  @Path("feedback")
  public Page<FeedbackView> feedback(
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("offset") @DefaultValue("0") String offset) {
    List<FeedbackView> items =
        dao.feedback(limit(limit), offset(offset)).stream().map(InsightDao.FeedbackRow::view).toList();
    return new Page<>(items, dao.feedbackCount());
  }

  @GET
  @Path("models")
  public List<ModelVersionView> models() {
    return dao.models().stream()
        .map(m -> new ModelVersionView(
            m.modelId(), m.kind(), m.status(), m.createdAt(), m.decidedAt(), m.decisionReason(), metrics(m.metricsJson())))
        .toList();
  }

  @GET
  @Path("audit")
  @RolesAllowed(Role.ADMIN_NAME)
  public Page<AuditEntry> audit(
      @QueryParam("limit") @DefaultValue("50") String limit,
      @QueryParam("offset") @DefaultValue("0") String offset) {
    return new Page<>(dao.audit(limit(limit), offset(offset)), dao.auditCount());
  }

  private static int limit(String text) {
    return ApiErrors.integer("limit", text, 1, 500);
  }

  private static int offset(String text) {
    return ApiErrors.integer("offset", text, 0, 1_000_000);
  }

  /** The stored metrics JSON; an unreadable one is shown as an empty object rather than failing. */
  static JsonNode metrics(String json) {
    if (json == null || json.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      return JSON.createObjectNode().put("unreadable", json.length() > 200 ? json.substring(0, 200) : json);
    }
  }
}
