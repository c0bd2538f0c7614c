package io.truelift.api.auth;

import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.basic.BasicCredentials;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Authenticates every protected request from, in order, {@code Authorization: Bearer <token>},
 * {@code Authorization: Basic ...} or the {@code truelift_session} cookie; answers 401 (JSON)
 * when none is given or the one given is not valid.
 */
@Priority(Priorities.AUTHENTICATION)
public final class TrueLiftAuthFilter extends AuthFilter<Credentials, User> {
  public static final String COOKIE = "truelift_session";
  public static final String REALM = "truelift";

  public TrueLiftAuthFilter(TrueLiftAuthenticator authenticator) {
    this.authenticator = authenticator;
    this.authorizer = (user, role, request) -> {
      try {
        return user.role().includes(Role.parse(role));
      } catch (IllegalArgumentException e) {
        return false;
      }
    };
    this.unauthorizedHandler = new JsonUnauthorizedHandler();
    this.prefix = "Bearer";
    this.realm = REALM;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Credentials credentials = credentials(request);
    if (credentials == null) {
      throw unauthorized(JsonUnauthorizedHandler.MESSAGE);
    }
    String scheme = credentials instanceof Credentials.Basic ? "BASIC" : "TRUELIFT_SESSION";
    if (!authenticate(request, credentials, scheme)) {
      throw unauthorized(
          credentials instanceof Credentials.Basic
              ? "Wrong username or password"
              : "The session is invalid or has expired; sign in again");
    }
  }

  private static WebApplicationException unauthorized(String message) {
    return new WebApplicationException(JsonUnauthorizedHandler.response(message, REALM));
  }

  /** The credentials presented, or null when there are none. */
  static Credentials credentials(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header != null && !header.isBlank()) {
      String h = header.strip();
      int space = h.indexOf(' ');
      String scheme = space < 0 ? h : h.substring(0, space);
      String value = space < 0 ? "" : h.substring(space + 1).strip();
      if (scheme.equalsIgnoreCase("Bearer")) {
        return new Credentials.Token(value);
      }
      if (scheme.equalsIgnoreCase("Basic")) {
        return basic(value);
      }
      // Another scheme: not ours; the cookie may still authenticate.
    }
    Cookie cookie = request.getCookies().get(COOKIE);
    if (cookie != null && cookie.getValue() != null && !cookie.getValue().isBlank()) {
      return new Credentials.Token(cookie.getValue());
    }
    return null;
  }

  private static Credentials basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw unauthorized("Authorization: Basic must carry base64 of username:password");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw unauthorized("Authorization: Basic must carry base64 of username:password");
    }
    return new Credentials.Basic(
        new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
  }
}
