package io.truelift.api.resources;

import io.truelift.api.auth.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3 document of this API ({@code /openapi.json} on the classpath), maintained next to
 * the resources; {@code OpenApiDocumentTest} fails when a resource path or method is missing in it.
 */
@Path("/openapi.json")
@RolesAllowed(Role.VIEWER_NAME)
public class OpenApiResource {
  static final String DOCUMENT = "/openapi.json";
  private final byte[] document;

  public OpenApiResource() {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
      if (in == null) {
        throw new IllegalStateException(DOCUMENT + " is missing from the classpath");
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public byte[] get() {
    return document.clone();
  }
}
