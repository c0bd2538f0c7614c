package io.truelift.api.auth;

import io.dropwizard.auth.UnauthorizedHandler;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * 401 as JSON ({@code {"code":401,"message":...}}) with a {@code Bearer} challenge: a {@code Basic}
 * challenge would make browsers pop up their own password dialog over the dashboard's sign-in.
 */
public final class JsonUnauthorizedHandler implements UnauthorizedHandler {
  static final String MESSAGE =
      "Sign in first: send the truelift_session cookie (POST /api/session), an Authorization:"
          + " Bearer token or Basic credentials";

  @Override
  public Response buildResponse(String prefix, String realm) {
    return response(MESSAGE, realm);
  }

  /** A 401 with {@code message}. */
  public static Response response(String message, String realm) {
    return Response.status(Response.Status.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\"")
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorMessage(401, message))
        .build();
  }
}
