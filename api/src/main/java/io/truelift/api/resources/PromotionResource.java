package io.truelift.api.resources;

import com.codahale.metrics.annotation.Timed;
import io.truelift.api.api.Page;
import io.truelift.api.api.PriceChangeRequest;
import io.truelift.api.api.PromotionRequest;
import io.truelift.api.api.PromotionView;
import io.truelift.api.api.WhatIfForecastView;
import io.truelift.api.api.WhatIfRequest;
import io.truelift.api.auth.Role;
import io.truelift.api.auth.User;
import io.truelift.api.core.Promotions;
import io.truelift.api.core.WhatIf;
import io.truelift.api.db.PromotionDao;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import java.net.URI;
import java.util.Set;

/**
 * Promotions: the list, and for managers creating, stopping and re-pricing one (each published on
 * {@code market_events}) and the what-if forecast of a planned one. A change whose event Kafka did
 * not take yet answers {@code X-TrueLift-Published: false}: it is stored and sent again shortly.
 */
@Path("/promotions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class PromotionResource {
  static final Set<String> STATUSES = Set.of("PLANNED", "ACTIVE", "STOPPED", "ENDED");
  static final String PUBLISHED_HEADER = "X-TrueLift-Published";

  private final PromotionDao dao;
  private final Promotions promotions;
  private final WhatIf whatIf;

  public PromotionResource(PromotionDao dao, Promotions promotions, WhatIf whatIf) {
    this.dao = dao;
    this.promotions = promotions;
    this.whatIf = whatIf;
  }

  @GET
  @Timed
  public Page<PromotionView> list(
      @QueryParam("status") String status,
      @QueryParam("limit") @DefaultValue("100") String limitText,
      @QueryParam("offset") @DefaultValue("0") String offsetText) {
    String s = ApiErrors.oneOf("status", status, STATUSES);
    String stored = "PLANNED".equals(s) ? "SCHEDULED" : s;
    int limit = ApiErrors.integer("limit", limitText, 1, 500);
    int offset = ApiErrors.integer("offset", offsetText, 0, 1_000_000);
    return new Page<>(dao.list(stored, limit, offset), dao.count(stored));
  }

  @GET
  @Path("/{promotionId}")
  public PromotionView get(@PathParam("promotionId") String promotionId) {
    return promotions.find(promotionId);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.MANAGER_NAME)
  @Timed
  public Response create(@Context SecurityContext security, @NotNull @Valid PromotionRequest r) {
    Promotions.Outcome o =
        promotions.create(user(security), r.sku(), r.promoPriceCents(), r.startsAt(), r.endsAt());
    return Response.created(URI.create("/api/promotions/" + o.promotion().promotionId()))
        .header(PUBLISHED_HEADER, o.published())
        .entity(o.promotion())
        .build();
  }

  @POST
  @Path("/{promotionId}/stop")
  @RolesAllowed(Role.MANAGER_NAME)
  @Timed
  public Response stop(@Context SecurityContext security, @PathParam("promotionId") String promotionId) {
    Promotions.Outcome o = promotions.stop(user(security), promotionId);
    return Response.ok(o.promotion()).header(PUBLISHED_HEADER, o.published()).build();
  }

  @POST
  @Path("/{promotionId}/price")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.MANAGER_NAME)
  @Timed
  public Response price(
      @Context SecurityContext security,
      @PathParam("promotionId") String promotionId,
      @NotNull @Valid PriceChangeRequest r) {
    Promotions.Outcome o = promotions.reprice(user(security), promotionId, r.promoPriceCents());
    return Response.ok(o.promotion()).header(PUBLISHED_HEADER, o.published()).build();
  }

  @POST
  @Path("/what-if")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Role.MANAGER_NAME)
  @Timed
  public WhatIfForecastView whatIf(@NotNull @Valid WhatIfRequest r) {
    return whatIf.forecast(r);
  }

  private static User user(SecurityContext security) {
    return (User) security.getUserPrincipal();
  }
}
