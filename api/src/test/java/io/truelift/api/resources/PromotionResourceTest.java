package io.truelift.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.truelift.api.api.ProductView;
import io.truelift.api.api.PromotionView;
import io.truelift.api.auth.TestAuth;
import io.truelift.api.core.Catalog;
import io.truelift.api.core.MarketEventPublisher;
import io.truelift.api.core.ModelSource;
import io.truelift.api.core.OutboxRelay;
import io.truelift.api.core.Promotions;
import io.truelift.api.core.WhatIf;
import io.truelift.api.db.PromotionDao;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.MarketEventType;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Promotions: roles, every validation rule, the stored change (row, audit, outbox) and the market
 * event it publishes; the what-if's validation and its 503 without a model.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PromotionResourceTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PromotionDao DAO = mock(PromotionDao.class);
  private static final Catalog CATALOG = mock(Catalog.class);
  private static final List<String[]> PUBLISHED = new ArrayList<>();
  private static volatile boolean kafkaDown;
  private static final MarketEventPublisher PUBLISHER =
      (promotionId, eventId, payload) -> {
        if (kafkaDown) {
          throw new MarketEventPublisher.PublishException("broker down", null);
        }
        PUBLISHED.add(new String[] {promotionId, eventId, payload});
      };
  private static final TestAuth AUTH = new TestAuth();
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static final ResourceExtension RESOURCES =
      ResourceExtension.builder()
          .addProvider(AUTH.feature())
          .addResource(
              new PromotionResource(
                  DAO,
                  new Promotions(
                      DAO,
                      new Promotions.Transactions() {
                        @Override
                        public <T> T inTransaction(Function<PromotionDao, T> work) {
                          return work.apply(DAO);
                        }
                      },
                      CATALOG,
                      new OutboxRelay(DAO, PUBLISHER, CLOCK),
                      CLOCK),
                  new WhatIf(ModelSource.NONE)))
          .build();

  static final ProductView FLAKES = new ProductView("FLAKES", "Flakes", "BREAKFAST", "COLD_CEREAL", 399, 200);

  static PromotionView promotion(String id, String status) {
    return new PromotionView(
        id, "FLAKES", "Flakes", "BREAKFAST", "COLD_CEREAL", status, 299, 399, NOW, null, null, null, "manager");
  }

  @AfterEach
  void resetMocks() {
    reset(DAO, CATALOG);
    PUBLISHED.clear();
    kafkaDown = false;
  }

  private static Response post(String path, String user, String json) {
    return RESOURCES.target(path).request().header("Authorization", AUTH.bearer(user)).post(Entity.json(json));
  }

  @Test
  void createStoresThePromotionWithAuditAndOutboxThenPublishesPromotionStarted() throws Exception {
    when(CATALOG.product("FLAKES")).thenReturn(Optional.of(FLAKES));
    when(DAO.find(anyString())).thenAnswer(i -> Optional.of(promotion(i.getArgument(0), "ACTIVE")));

    Response r = post("/promotions", "manager", "{\"sku\":\"FLAKES\",\"promoPriceCents\":299}");

    assertThat(r.getStatus()).isEqualTo(201);
    assertThat(r.getHeaderString("X-TrueLift-Published")).isEqualTo("true");
    JsonNode body = JSON.readTree(r.readEntity(String.class));
    String id = body.get("promotionId").asText();
    assertThat(id).startsWith("PA-");
    assertThat(r.getLocation().getPath()).isEqualTo("/api/promotions/" + id);
    verify(DAO).insert(eq(id), eq("FLAKES"), eq(299L), eq(399L), any(), eq(null), eq("ACTIVE"), eq("manager"), any());
    verify(DAO).record(any(PromotionDao.Change.class));
    assertThat(PUBLISHED).hasSize(1);
    MarketEvent e = EventJson.decode(PUBLISHED.get(0)[2], MarketEvent.class);
    assertThat(PUBLISHED.get(0)[0]).as("key = promotionId").isEqualTo(id);
    assertThat(e.type()).isEqualTo(MarketEventType.PROMOTION_STARTED);
    assertThat(e.eventId()).isEqualTo("api-" + id + "-1");
    assertThat(e.source()).isEqualTo("api");
    assertThat(e.promoPriceCents()).isEqualTo(299);
    assertThat(e.eventTime()).isEqualTo(NOW);
    verify(DAO).markPublished(eq("api-" + id + "-1"), any());
  }

  @Test
  void aFutureStartIsPlannedAndAnUnpublishedEventStaysInTheOutbox() {
    when(CATALOG.product("FLAKES")).thenReturn(Optional.of(FLAKES));
    when(DAO.find(anyString())).thenAnswer(i -> Optional.of(promotion(i.getArgument(0), "PLANNED")));
    kafkaDown = true;

    Response r =
        post("/promotions", "admin", "{\"sku\":\"FLAKES\",\"promoPriceCents\":299,\"startsAt\":\"2026-12-02T00:00:00Z\"}");

    assertThat(r.getStatus()).isEqualTo(201);
    assertThat(r.getHeaderString("X-TrueLift-Published")).isEqualTo("false");
    verify(DAO).insert(anyString(), eq("FLAKES"), eq(299L), eq(399L), any(), eq(null), eq("SCHEDULED"), eq("admin"), any());
    verify(DAO, never()).markPublished(anyString(), any());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"promoPriceCents\":299}|sku is required",
        "{\"sku\":\"FL AKES\",\"promoPriceCents\":299}|sku must be 1-64 of A-Z a-z 0-9 . _ -, got \"FL AKES\"",
        "{\"sku\":\"FLAKES\"}|promoPriceCents is required",
        "{\"sku\":\"FLAKES\",\"promoPriceCents\":0}|promoPriceCents must be greater than 0, got 0",
        "{\"sku\":\"FLAKES\",\"promoPriceCents\":-5}|promoPriceCents must be greater than 0, got -5",
        "{\"sku\":\"FLAKES\",\"promoPriceCents\":299,\"startsAt\":\"2026-12-03T00:00:00Z\",\"endsAt\":\"2026-12-02T00:00:00Z\"}|endsAt must be after startsAt",
        "{\"sku\":\"FLAKES\",\"promoPriceCents\":400}|promoPriceCents must be <= the regular price 399 of FLAKES, got 400",
        "{\"sku\":\"NOPE\",\"promoPriceCents\":100}|sku must be a catalog product, got \"NOPE\"",
        "{\"sku\":\"FLAKES\",\"promoPriceCents\":299,\"endsAt\":\"2026-11-30T00:00:00Z\"}|endsAt must be in the future, got 2026-11-30T00:00:00Z"
      })
  void createRejectsBadInputWith422NamingTheFieldAndValue(String body, String message) throws Exception {
    when(CATALOG.product("FLAKES")).thenReturn(Optional.of(FLAKES));

    Response r = post("/promotions", "manager", body);

    assertThat(r.getStatus()).isEqualTo(422);
    assertThat(JSON.readTree(r.readEntity(String.class)).get("errors").toString()).contains(message.replace("\"", "\\\""));
    verify(DAO, never()).insert(any(), any(), anyLong(), anyLong(), any(), any(), any(), any(), any());
    assertThat(PUBLISHED).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|400",
        "{\"sku\":\"FLAKES\",\"promoPriceCents\":\"cheap\"}|400",
        "{\"sku\":\"FLAKES\",\"promoPriceCents\":299,\"startsAt\":\"tomorrow\"}|400",
        "|422"
      })
  void malformedBodiesAre400OrAMissingOne422NeverA500(String body, int status) {
    Response r = post("/promotions", "manager", body == null ? "" : body);
    assertThat(r.getStatus()).isEqualTo(status);
  }

  @Test
  void aViewerMayListButNotCreateStopRepriceOrForecast() throws Exception {
    when(DAO.list(null, 100, 0)).thenReturn(List.of(promotion("PA-1", "ACTIVE")));
    when(DAO.count(null)).thenReturn(1L);

    Response list = RESOURCES.target("/promotions").request().header("Authorization", AUTH.bearer("viewer")).get();
    assertThat(list.getStatus()).isEqualTo(200);
    assertThat(JSON.readTree(list.readEntity(String.class)).at("/items/0/promotionId").asText()).isEqualTo("PA-1");

    for (String path : new String[] {"/promotions", "/promotions/PA-1/stop", "/promotions/PA-1/price", "/promotions/what-if"}) {
      Response r = post(path, "viewer", "{}");
      assertThat(r.getStatus()).as(path).isEqualTo(403);
      assertThat(JSON.readTree(r.readEntity(String.class)).get("message").asText())
          .as(path).isEqualTo("POST /api" + path + " needs role manager; user viewer has role viewer");
    }
    verifyNoInteractions(CATALOG);
  }

  @Test
  void listStatusIsValidatedAndPlannedMeansScheduledInTheTable() {
    when(DAO.list("SCHEDULED", 100, 0)).thenReturn(List.of());

    assertThat(RESOURCES.target("/promotions").queryParam("status", "planned").request()
        .header("Authorization", AUTH.bearer("viewer")).get().getStatus()).isEqualTo(200);
    verify(DAO).list("SCHEDULED", 100, 0);
    Response bad = RESOURCES.target("/promotions").queryParam("status", "RUNNING").request()
        .header("Authorization", AUTH.bearer("viewer")).get();
    assertThat(bad.getStatus()).isEqualTo(400);
    assertThat(bad.readEntity(String.class)).contains("status must be one of [ACTIVE, ENDED, PLANNED, STOPPED], got \\\"RUNNING\\\"");
  }

  @Test
  void stopPublishesPromotionStoppedWithTheNextEventIdAndAStoppedOneIs409() throws Exception {
    when(DAO.find("PA-1")).thenReturn(Optional.of(promotion("PA-1", "ACTIVE")));
    when(DAO.stop(eq("PA-1"), any())).thenReturn(1);
    when(DAO.outboxCount("PA-1")).thenReturn(2);

    Response r = post("/promotions/PA-1/stop", "manager", "");

    assertThat(r.getStatus()).isEqualTo(200);
    MarketEvent e = EventJson.decode(PUBLISHED.get(0)[2], MarketEvent.class);
    assertThat(e.type()).isEqualTo(MarketEventType.PROMOTION_STOPPED);
    assertThat(e.eventId()).isEqualTo("api-PA-1-3");

    when(DAO.stop(eq("PA-1"), any())).thenReturn(0);
    Response again = post("/promotions/PA-1/stop", "manager", "");
    assertThat(again.getStatus()).isEqualTo(409);
    when(DAO.find("PA-9")).thenReturn(Optional.empty());
    assertThat(post("/promotions/PA-9/stop", "manager", "").getStatus()).isEqualTo(404);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|promoPriceCents is required",
        "{\"promoPriceCents\":0}|promoPriceCents must be greater than 0, got 0",
        "{\"promoPriceCents\":500}|promoPriceCents must be <= the regular price 399 of FLAKES, got 500"
      })
  void priceChangeRules(String body, String message) throws Exception {
    when(DAO.find("PA-1")).thenReturn(Optional.of(promotion("PA-1", "ACTIVE")));

    Response r = post("/promotions/PA-1/price", "manager", body);

    assertThat(r.getStatus()).isEqualTo(422);
    assertThat(r.readEntity(String.class)).contains(message);
    verify(DAO, never()).reprice(anyString(), anyLong(), any());
  }

  @Test
  void priceChangePublishesPriceChanged() {
    when(DAO.find("PA-1")).thenReturn(Optional.of(promotion("PA-1", "ACTIVE")));
    when(DAO.reprice(eq("PA-1"), eq(249L), any())).thenReturn(1);
    when(DAO.outboxCount("PA-1")).thenReturn(1);

    assertThat(post("/promotions/PA-1/price", "manager", "{\"promoPriceCents\":249}").getStatus()).isEqualTo(200);

    MarketEvent e = EventJson.decode(PUBLISHED.get(0)[2], MarketEvent.class);
    assertThat(e.type()).isEqualTo(MarketEventType.PRICE_CHANGED);
    assertThat(e.promoPriceCents()).isEqualTo(249);
    assertThat(e.eventId()).isEqualTo("api-PA-1-2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"promoPriceCents\":299,\"durationHours\":24}|sku is required",
        "{\"sku\":\"FLAKES\",\"durationHours\":24}|promoPriceCents is required",
        "{\"sku\":\"FLAKES\",\"promoPriceCents\":0,\"durationHours\":24}|promoPriceCents must be greater than 0, got 0",
        "{\"sku\":\"FLAKES\",\"promoPriceCents\":299}|durationHours is required",
        "{\"sku\":\"FLAKES\",\"promoPriceCents\":299,\"durationHours\":0}|durationHours must be between 1 and 336, got 0",
        "{\"sku\":\"FLAKES\",\"promoPriceCents\":299,\"durationHours\":337}|durationHours must be between 1 and 336, got 337"
      })
  void whatIfRules(String body, String message) {
    Response r = post("/promotions/what-if", "manager", body);

    assertThat(r.getStatus()).isEqualTo(422);
    assertThat(r.readEntity(String.class)).contains(message);
  }

  @Test
  void whatIfWithoutAModelIs503SayingWhy() throws Exception {
    Response r = post("/promotions/what-if", "manager", "{\"sku\":\"FLAKES\",\"promoPriceCents\":299,\"durationHours\":24}");

    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(JSON.readTree(r.readEntity(String.class)).get("message").asText())
        .isEqualTo("The what-if is unavailable: no model source is configured");
  }

}
