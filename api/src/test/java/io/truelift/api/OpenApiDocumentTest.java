package io.truelift.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.truelift.api.resources.AlertResource;
import io.truelift.api.resources.AlertStreamResource;
import io.truelift.api.resources.InsightResource;
import io.truelift.api.resources.OpenApiResource;
import io.truelift.api.resources.ProductResource;
import io.truelift.api.resources.PromotionResource;
import io.truelift.api.resources.SessionResource;
import io.truelift.api.resources.StatsResource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The maintained OpenAPI document lists every resource method (path and HTTP method) of the API,
 * and every resource method says who may call it.
 */
class OpenApiDocumentTest {
  static final List<Class<?>> RESOURCES =
      List.of(
          AlertResource.class, AlertStreamResource.class, StatsResource.class, SessionResource.class,
          PromotionResource.class, InsightResource.class, ProductResource.class, OpenApiResource.class);

  record Endpoint(String method, String path, Method javaMethod) {}

  static List<Endpoint> endpoints() {
    List<Endpoint> out = new ArrayList<>();
    for (Class<?> type : RESOURCES) {
      String base = type.getAnnotation(Path.class).value();
      for (Method m : type.getDeclaredMethods()) {
        for (Annotation a : m.getAnnotations()) {
          HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
          if (h == null) {
            continue;
          }
          Path sub = m.getAnnotation(Path.class);
          String path = "/api/" + base + (sub == null ? "" : "/" + sub.value());
          out.add(new Endpoint(h.value().toLowerCase(Locale.ROOT), path.replaceAll("/+", "/").replaceAll("/$", ""), m));
        }
      }
    }
    return out;
  }

  @Test
  void everyResourceMethodIsInTheDocument() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(OpenApiResource.class.getResourceAsStream("/openapi.json"));
    List<Endpoint> endpoints = endpoints();

    assertThat(endpoints).hasSizeGreaterThan(15);
    for (Endpoint e : endpoints) {
      assertThat(doc.path("paths").path(e.path()).has(e.method()))
          .as("%s %s (%s) in openapi.json", e.method(), e.path(), e.javaMethod().getName())
          .isTrue();
    }
    // and nothing documented that does not exist
    int documented = 0;
    for (var it = doc.path("paths").fields(); it.hasNext(); ) {
      documented += it.next().getValue().size();
    }
    assertThat(documented).isEqualTo(endpoints.size());
  }

  @Test
  void everyResourceMethodSaysWhoMayCallIt() {
    for (Endpoint e : endpoints()) {
      boolean open = e.javaMethod().isAnnotationPresent(PermitAll.class);
      boolean roles =
          e.javaMethod().isAnnotationPresent(RolesAllowed.class)
              || e.javaMethod().getDeclaringClass().isAnnotationPresent(RolesAllowed.class);
      assertThat(open || roles).as(e.method() + " " + e.path()).isTrue();
      if (open) {
        assertThat(e.path()).as("only signing in and out are open").isEqualTo("/api/session");
      }
    }
  }
}
