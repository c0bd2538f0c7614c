package io.truelift.api.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API's error answers: {@code {"code","message"}} for 400/404/409/503 and {@code
 * {"errors":[...]}} for 422, the shapes Dropwizard itself uses, plus the query parameter parsers
 * whose messages name the parameter and the value.
 */
public final class ApiErrors {
  private ApiErrors() {}

  public static WebApplicationException status(Response.Status status, String message) {
    return new WebApplicationException(
        Response.status(status)
            .entity(new ErrorMessage(status.getStatusCode(), message))
            .type(MediaType.APPLICATION_JSON)
            .build());
  }

  public static WebApplicationException notFound(String message) {
    return status(Response.Status.NOT_FOUND, message);
  }

  public static WebApplicationException conflict(String message) {
    return status(Response.Status.CONFLICT, message);
  }

  public static WebApplicationException unavailable(String message) {
    return status(Response.Status.SERVICE_UNAVAILABLE, message);
  }

  /** 422 with one message, like a failed bean validation. */
  public static WebApplicationException unprocessable(String message) {
    return new WebApplicationException(
        Response.status(422)
            .entity(Map.of("errors", List.of(message)))
            .type(MediaType.APPLICATION_JSON)
            .build());
  }

  /** An optional enum-like parameter, upper-cased; 400 naming it when not one of {@code allowed}. */
  public static String oneOf(String name, String value, Set<String> allowed) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim().toUpperCase();
    if (!allowed.contains(v)) {
      throw new BadRequestException(
          "%s must be one of %s, got \"%s\"".formatted(name, allowed.stream().sorted().toList(), value));
    }
    return v;
  }

  /** A whole-number parameter within {@code [min, max]}; 400 naming it otherwise. */
  public static int integer(String name, String value, int min, int max) {
    int v;
    try {
      v = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new BadRequestException("%s must be a whole number, got \"%s\"".formatted(name, value));
    }
    if (v < min || v > max) {
      throw new BadRequestException("%s must be between %d and %d, got %d".formatted(name, min, max, v));
    }
    return v;
  }
}
