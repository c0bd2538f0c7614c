package io.truelift.api.resources;

import io.truelift.api.auth.Role;
import io.truelift.api.core.AlertBroadcaster;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Live alert updates as Server-Sent Events named {@code alert} (data: an AlertSummary), for
 * signed-in users (the browser's EventSource sends the session cookie).
 */
@Path("/alerts/stream")
@RolesAllowed(Role.VIEWER_NAME)
public class AlertStreamResource {
  private final AlertBroadcaster broadcaster;

  public AlertStreamResource(AlertBroadcaster broadcaster) {
    this.broadcaster = broadcaster;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void stream(@Context SseEventSink sink, @Context Sse sse) {
    broadcaster.register(sink, sse);
  }
}
