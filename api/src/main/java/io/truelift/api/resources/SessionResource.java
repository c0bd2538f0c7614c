package io.truelift.api.resources;

import com.codahale.metrics.annotation.Timed;
import io.truelift.api.api.SessionRequest;
import io.truelift.api.api.SessionView;
import io.truelift.api.auth.JsonUnauthorizedHandler;
import io.truelift.api.auth.Role;
import io.truelift.api.auth.SessionTokens;
import io.truelift.api.auth.TrueLiftAuthFilter;
import io.truelift.api.auth.User;
import io.truelift.api.auth.UserStore;
import io.truelift.api.db.AlertDao;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Signing in and out. A successful sign-in answers the user, role and a signed session token, and
 * sets it as an HttpOnly, SameSite=Strict cookie (the dashboard's credential; SameSite keeps other
 * sites from sending it); scripts may send the token as {@code Authorization: Bearer}.
 */
@Path("/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
  private final UserStore users;
  private final SessionTokens tokens;
  private final boolean secureCookie;
  private final AlertDao audit;
  private final Clock clock;

  public SessionResource(
      UserStore users, SessionTokens tokens, boolean secureCookie, AlertDao audit, Clock clock) {
    this.users = users;
    this.tokens = tokens;
    this.secureCookie = secureCookie;
    this.audit = audit;
    this.clock = clock;
  }

  @POST
  @PermitAll
  @Consumes(MediaType.APPLICATION_JSON)
  @Timed
  public Response signIn(@NotNull @Valid SessionRequest request) {
    User user =
        users
            .authenticate(request.username().strip(), request.password().toCharArray())
            .orElseThrow(
                () ->
                    new jakarta.ws.rs.WebApplicationException(
                        JsonUnauthorizedHandler.response(
                            "Wrong username or password", TrueLiftAuthFilter.REALM)));
    String token = tokens.issue(user);
    audit.insertAudit(
        UUID.randomUUID().toString(), user.username(), "SIGN_IN", "session",
        "role=" + user.role().id(), clock.instant().atOffset(ZoneOffset.UTC));
    return Response.ok(new SessionView(user.username(), user.role().id(), token))
        .cookie(cookie(token, (int) tokens.ttl().toSeconds()))
        .build();
  }

  @GET
  @RolesAllowed(Role.VIEWER_NAME)
  public SessionView current(@Context SecurityContext security) {
    User user = (User) security.getUserPrincipal();
    return new SessionView(user.username(), user.role().id(), null);
  }

  /** Ends the session (its token is refused from now on) and clears the cookie. */
  @DELETE
  @PermitAll
  public Response signOut(
      @CookieParam(TrueLiftAuthFilter.COOKIE) String cookie,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    if (cookie != null) {
      tokens.revoke(cookie);
    }
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      tokens.revoke(authorization.substring(7).strip());
    }
    return Response.noContent().cookie(cookie("", 0)).build();
  }

  private NewCookie cookie(String value, int maxAgeSeconds) {
    return new NewCookie.Builder(TrueLiftAuthFilter.COOKIE)
        .value(value)
        .path("/")
        .httpOnly(true)
        .secure(secureCookie)
        .sameSite(NewCookie.SameSite.STRICT)
        .maxAge(maxAgeSeconds)
        .build();
  }
}
