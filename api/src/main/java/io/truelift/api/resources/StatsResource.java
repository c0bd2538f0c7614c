package io.truelift.api.resources;

import com.codahale.metrics.annotation.Timed;
import io.truelift.api.api.DashboardStats;
import io.truelift.api.auth.Role;
import io.truelift.api.db.AlertDao;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The dashboard's headline numbers. */
@Path("/stats")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class StatsResource {
  private final AlertDao alerts;

  public StatsResource(AlertDao alerts) {
    this.alerts = alerts;
  }

  @GET
  @Timed
  public DashboardStats get() {
    return alerts.stats();
  }
}
