package io.truelift.api.auth;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Puts authentication and the role check on every resource method: {@code @PermitAll} methods
 * (signing in and out) are open, every other one needs the roles of its {@code @RolesAllowed}
 * (the method's, else its class's). A resource method with neither is refused at start-up, so a
 * new endpoint cannot be left open by mistake. A missing role is a 403 naming the role needed.
 */
public final class RoleCheckFeature implements DynamicFeature {
  private final TrueLiftAuthFilter authentication;

  public RoleCheckFeature(TrueLiftAuthFilter authentication) {
    this.authentication = authentication;
  }

  @Override
  public void configure(ResourceInfo resourceInfo, FeatureContext context) {
    Method method = resourceInfo.getResourceMethod();
    Class<?> type = resourceInfo.getResourceClass();
    // Jersey's own handlers (automatic OPTIONS answers) are not application resources.
    if (!type.isAnnotationPresent(jakarta.ws.rs.Path.class) || method.isAnnotationPresent(PermitAll.class)) {
      return;
    }
    RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
    if (roles == null) {
      roles = type.getAnnotation(RolesAllowed.class);
    }
    if (roles == null || roles.value().length == 0) {
      throw new IllegalStateException(
          "%s.%s has neither @RolesAllowed nor @PermitAll: every endpoint must say who may call it"
              .formatted(type.getSimpleName(), method.getName()));
    }
    context.register(authentication);
    context.register(new RoleFilter(roles.value(), httpMethod(method)));
  }

  private static String httpMethod(Method m) {
    for (Annotation a : m.getAnnotations()) {
      HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
      if (h != null) {
        return h.value();
      }
    }
    return "";
  }

  /** 403 unless the authenticated user has one of the roles. */
  @Priority(Priorities.AUTHORIZATION)
  static final class RoleFilter implements ContainerRequestFilter {
    private final String[] roles;
    private final String method;

    RoleFilter(String[] roles, String method) {
      this.roles = roles.clone();
      this.method = method;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      for (String role : roles) {
        if (request.getSecurityContext().isUserInRole(role)) {
          return;
        }
      }
      var principal = request.getSecurityContext().getUserPrincipal();
      String who =
          principal instanceof User u
              ? "user %s has role %s".formatted(u.username(), u.role().id())
              : "nobody is signed in";
      String needed = roles.length == 1 ? roles[0] : String.join(" or ", Arrays.asList(roles));
      throw new WebApplicationException(
          Response.status(Response.Status.FORBIDDEN)
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(
                  new ErrorMessage(
                      403,
                      "%s /api/%s needs role %s; %s"
                          .formatted(
                              method, request.getUriInfo().getPath(), needed, who)))
              .build());
    }
  }
}
