package io.truelift.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.truelift.api.api.ProductView;
import io.truelift.api.api.SubstituteEdgeView;
import io.truelift.api.auth.TestAuth;
import io.truelift.api.core.Catalog;
import io.truelift.api.core.ModelSource;
import io.truelift.api.db.AlertDao;
import io.truelift.api.db.CatalogDao;
import io.truelift.api.db.InsightDao;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Effectiveness, feedback, models, audit (admin only), products and substitutes. */
@ExtendWith(DropwizardExtensionsSupport.class)
class InsightAndProductResourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InsightDao INSIGHTS = mock(InsightDao.class);
  private static final CatalogDao CATALOG = mock(CatalogDao.class);
  private static final TestAuth AUTH = new TestAuth();
  static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  static final ResourceExtension RESOURCES =
      ResourceExtension.builder()
          .addProvider(AUTH.feature())
          .addResource(new InsightResource(INSIGHTS))
          .addResource(new ProductResource(new Catalog(CATALOG, ModelSource.NONE)))
          .build();

  static Response get(String path, String user) {
    return RESOURCES.target(path).request().header("Authorization", AUTH.bearer(user)).get();
  }

  @Test
  void effectivenessIsInTheDashboardsWordsWithItsInterval() throws Exception {
    when(INSIGHTS.effectiveness(50, 0))
        .thenReturn(List.of(new AlertDao.EffectivenessRow("A-1", "STOP_PROMOTION", T, T.plusSeconds(60), 1200L, -300L,
            2700L, 81, "EFFECTIVE", "did", "treated vs control")));
    when(INSIGHTS.effectivenessCount()).thenReturn(1L);

    JsonNode page = JSON.readTree(get("/effectiveness", "viewer").readEntity(String.class));

    assertThat(page.get("total").asLong()).isEqualTo(1);
    JsonNode e = page.at("/items/0");
    assertThat(e.get("outcome").asText()).isEqualTo("IMPROVED");
    assertThat(e.at("/groupMarginEffectCents/lower").asDouble()).isEqualTo(-300);
    assertThat(e.get("score").asInt()).isEqualTo(81);
    assertThat(e.get("detail").asText()).isEqualTo("did: treated vs control");
  }

  @ParameterizedTest
  @CsvSource({
    "/effectiveness, limit, 0, 'limit must be between 1 and 500, got 0'",
    "/feedback, offset, x, 'offset must be a whole number, got \"x\"'",
    "/audit, limit, 501, 'limit must be between 1 and 500, got 501'"
  })
  void pagingParametersAreValidated(String path, String name, String value, String message) {
    Response r = RESOURCES.target(path).queryParam(name, value).request().header("Authorization", AUTH.bearer("admin")).get();

    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.readEntity(String.class)).contains(message.replace("\"", "\\\""));
  }

  @Test
  void modelsCarryTheirMetricsAsJsonAndAnUnreadableOneIsShownNotFailed() throws Exception {
    when(INSIGHTS.models())
        .thenReturn(List.of(new InsightDao.ModelRow("m-2", "baseline", "ACTIVE", T, T, "better", "{\"wape\":0.21}"),
            new InsightDao.ModelRow("m-1", "baseline", "RETIRED", T, T, null, "{broken")));

    JsonNode models = JSON.readTree(get("/models", "viewer").readEntity(String.class));

    assertThat(models.at("/0/version").asText()).isEqualTo("m-2");
    assertThat(models.at("/0/metrics/wape").asDouble()).isEqualTo(0.21);
    assertThat(models.at("/1/metrics/unreadable").asText()).isEqualTo("{broken");
  }

  @Test
  void onlyAnAdminReadsTheAuditLog() {
    assertThat(get("/audit", "viewer").getStatus()).isEqualTo(403);
    assertThat(get("/audit", "manager").getStatus()).isEqualTo(403);
    assertThat(get("/audit", "admin").getStatus()).isEqualTo(200);
  }

  @Test
  void substitutesAreTheStoredEdgesElseTheSubCategoryAndAnUnknownSkuIs404() throws Exception {
    ProductView a = new ProductView("A", "A", "CAT", "SUB", 100, 60);
    ProductView b = new ProductView("B", "B", "CAT", "SUB", 100, 60);
    ProductView c = new ProductView("C", "C", "CAT", "OTHER", 100, 60);
    when(CATALOG.products()).thenReturn(List.of(a, b, c));
    when(CATALOG.product("A")).thenReturn(Optional.of(a));
    when(CATALOG.product("B")).thenReturn(Optional.of(b));
    when(CATALOG.edges("A")).thenReturn(List.of(new SubstituteEdgeView("C", 0.3, "LEARNED")));

    assertThat(JSON.readTree(get("/products/A/substitutes", "viewer").readEntity(String.class)).toString())
        .isEqualTo("[{\"sku\":\"C\",\"strength\":0.3,\"source\":\"LEARNED\"}]");
    assertThat(JSON.readTree(get("/products/B/substitutes", "viewer").readEntity(String.class)).toString())
        .isEqualTo("[{\"sku\":\"A\",\"strength\":null,\"source\":\"CATALOG\"}]");
    assertThat(get("/products/Z/substitutes", "viewer").getStatus()).isEqualTo(404);
    assertThat(JSON.readTree(get("/products", "viewer").readEntity(String.class)).size()).isEqualTo(3);
  }
}
