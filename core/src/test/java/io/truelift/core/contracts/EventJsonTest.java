package io.truelift.core.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips every contract through its fixture and checks each validation rule's message. */
class EventJsonTest {

  static String fixture(String name) throws IOException {
    try (InputStream in = EventJsonTest.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  static Stream<Arguments> fixtures() {
    return Stream.of(
        Arguments.of("shopping-event.json", ShoppingEvent.class),
        Arguments.of("market-event.json", MarketEvent.class),
        Arguments.of("windowed-stat.json", WindowedStat.class),
        Arguments.of("cannibalization-alert.json", CannibalizationAlert.class),
        Arguments.of("alert-retraction.json", AlertRetraction.class),
        Arguments.of("user-action.json", UserAction.class),
        Arguments.of("dead-letter.json", DeadLetter.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixtureRoundTripsUnchanged(String file, Class<?> type) throws IOException {
    String json = fixture(file);
    Object decoded = EventJson.decode(json, type);
    String encoded = EventJson.encode(decoded);
    var mapper = EventJson.mapper();
    assertThat(mapper.readTree(encoded)).isEqualTo(mapper.readTree(json));
    assertThat(EventJson.decode(encoded, type)).isEqualTo(decoded);
  }

  @Test
  void unknownFieldsAreIgnoredSoProducersCanAddFieldsFirst() throws IOException {
    ObjectNode node = (ObjectNode) EventJson.mapper().readTree(fixture("shopping-event.json"));
    node.put("loyaltyTier", "gold");
    assertThat(EventJson.decode(node.toString(), ShoppingEvent.class).sku()).isEqualTo("PIZZA-4CH");
  }

  static Stream<Arguments> invalidShoppingEvents() {
    return Stream.of(
        Arguments.of("schemaVersion", 2, "schemaVersion", "schemaVersion must be 1, got 2"),
        Arguments.of("eventId", "", "eventId", "eventId is required"),
        Arguments.of("eventTime", null, "eventTime", "eventTime is required"),
        Arguments.of("eventTime", "yesterday", "eventTime", "\"yesterday\""),
        Arguments.of("eventTime", "1970-01-01T00:00:00Z", "eventTime", "between 2000-01-01"),
        Arguments.of("storeId", null, "storeId", "storeId is required, got null"),
        Arguments.of("sku", " ", "sku", "sku is required"),
        Arguments.of("category", null, "category", "category is required"),
        Arguments.of("subCategory", null, "subCategory", "subCategory is required"),
        Arguments.of("units", 0, "units", "units must be > 0, got 0"),
        Arguments.of("units", -3, "units", "units must be > 0, got -3"),
        Arguments.of("units", 5000, "units", "units must be <= 1000, got 5000"),
        Arguments.of("units", "two", "units", "units must be a whole number"),
        Arguments.of("unitPriceCents", 0, "unitPriceCents", "unitPriceCents must be > 0, got 0"),
        Arguments.of("unitPriceCents", 999, "unitPriceCents", "must be <= regularPriceCents (549), got 999"),
        Arguments.of("regularPriceCents", -1, "regularPriceCents", "regularPriceCents must be > 0, got -1"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("invalidShoppingEvents")
  void invalidShoppingEventNamesFieldAndValue(
      String field, Object value, String expectedField, String expectedMessage) throws IOException {
    ObjectNode node = (ObjectNode) EventJson.mapper().readTree(fixture("shopping-event.json"));
    node.set(field, EventJson.mapper().valueToTree(value));
    assertThatThrownBy(() -> EventJson.decode(node.toString(), ShoppingEvent.class))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.field()).isEqualTo(expectedField);
              assertThat(e.getMessage()).contains(expectedMessage);
            });
  }

  @Test
  void missingFieldIsReportedAsRequired() throws IOException {
    ObjectNode node = (ObjectNode) EventJson.mapper().readTree(fixture("shopping-event.json"));
    node.remove("sku");
    assertThatThrownBy(() -> EventJson.decode(node.toString(), ShoppingEvent.class))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("sku is required, got null");
  }

  @Test
  void malformedJsonIsReportedOnTheWholePayload() {
    assertThatThrownBy(() -> EventJson.decode("{\"sku\": ", ShoppingEvent.class))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.field()).isEqualTo("$");
              assertThat(e.getMessage()).startsWith("payload is not valid JSON");
            });
    assertThatThrownBy(() -> EventJson.decode("  ", ShoppingEvent.class))
        .hasMessage("payload is empty");
    assertThatThrownBy(() -> EventJson.decode("[1,2]", ShoppingEvent.class))
        .isInstanceOf(InvalidEventException.class);
  }

  static Stream<Arguments> invalidOtherEvents() {
    return Stream.of(
        Arguments.of("market-event.json", MarketEvent.class, "type", "SALE", "type", "one of [PROMOTION_STARTED, PROMOTION_STOPPED, PRICE_CHANGED]"),
        Arguments.of("market-event.json", MarketEvent.class, "promotionId", null, "promotionId", "promotionId is required"),
        Arguments.of("market-event.json", MarketEvent.class, "source", "", "source", "source is required"),
        Arguments.of("windowed-stat.json", WindowedStat.class, "windowEnd", "2026-01-05T10:15:00Z", "windowEnd", "windowEnd must be after windowStart"),
        Arguments.of("windowed-stat.json", WindowedStat.class, "units", -1, "units", "units must be >= 0, got -1"),
        Arguments.of("windowed-stat.json", WindowedStat.class, "baselineUnits", -0.5, "baselineUnits", "baselineUnits must be >= 0, got -0.5"),
        Arguments.of("cannibalization-alert.json", CannibalizationAlert.class, "alertId", null, "alertId", "alertId is required"),
        Arguments.of("cannibalization-alert.json", CannibalizationAlert.class, "severity", "HUGE", "severity", "one of [LOW, MEDIUM, HIGH, CRITICAL]"),
        Arguments.of("cannibalization-alert.json", CannibalizationAlert.class, "lostRevenueCents", -5, "lostRevenueCents", "lostRevenueCents must be >= 0, got -5"),
        Arguments.of("cannibalization-alert.json", CannibalizationAlert.class, "substitutes", null, "substitutes", "substitutes is required"),
        Arguments.of("alert-retraction.json", AlertRetraction.class, "schemaVersion", 2, "schemaVersion", "schemaVersion must be 1, got 2"),
        Arguments.of("alert-retraction.json", AlertRetraction.class, "type", null, "type", "type is required, got null"),
        Arguments.of("alert-retraction.json", AlertRetraction.class, "type", "ALERT", "type", "type must be RETRACTION, got ALERT"),
        Arguments.of("alert-retraction.json", AlertRetraction.class, "type", "UNDO", "type", "one of [ALERT, RETRACTION]"),
        Arguments.of("alert-retraction.json", AlertRetraction.class, "alertId", "", "alertId", "alertId is required"),
        Arguments.of("alert-retraction.json", AlertRetraction.class, "promotionId", null, "promotionId", "promotionId is required"),
        Arguments.of("alert-retraction.json", AlertRetraction.class, "windowStart", null, "windowStart", "windowStart is required"),
        Arguments.of("alert-retraction.json", AlertRetraction.class, "windowEnd", "2026-01-05T10:00:00Z", "windowEnd", "windowEnd must be after windowStart (2026-01-05T10:00:00Z), got 2026-01-05T10:00:00Z"),
        Arguments.of("alert-retraction.json", AlertRetraction.class, "retractedAt", "1970-01-01T00:00:00Z", "retractedAt", "retractedAt must be between 2000-01-01"),
        Arguments.of("alert-retraction.json", AlertRetraction.class, "retractedAt", "soon", "retractedAt", "\"soon\""),
        Arguments.of("alert-retraction.json", AlertRetraction.class, "reason", " ", "reason", "reason is required, got null"),
        Arguments.of("alert-retraction.json", AlertRetraction.class, "reason", "x".repeat(2001), "reason", "reason must be at most 2000 characters, got 2001"),
        Arguments.of("user-action.json", UserAction.class, "newPriceCents", null, "newPriceCents", "newPriceCents is required"),
        Arguments.of("user-action.json", UserAction.class, "newPriceCents", 0, "newPriceCents", "newPriceCents must be > 0, got 0"),
        Arguments.of("user-action.json", UserAction.class, "actor", "", "actor", "actor is required"),
        Arguments.of("user-action.json", UserAction.class, "type", "PANIC", "type", "one of [STOP_PROMOTION, ADJUST_PRICE, DISMISS]"));
  }

  @ParameterizedTest(name = "{1}.{2}={3}")
  @MethodSource("invalidOtherEvents")
  void invalidEventNamesFieldAndValue(
      String file, Class<?> type, String field, Object value, String expectedField, String expectedMessage)
      throws IOException {
    ObjectNode node = (ObjectNode) EventJson.mapper().readTree(fixture(file));
    node.set(field, EventJson.mapper().valueToTree(value));
    assertThatThrownBy(() -> EventJson.decode(node.toString(), type))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.field()).isEqualTo(expectedField);
              assertThat(e.getMessage()).contains(expectedMessage);
            });
  }

  @Test
  void marketStartNeedsAPriceButStopDoesNot() throws IOException {
    ObjectNode node = (ObjectNode) EventJson.mapper().readTree(fixture("market-event.json"));
    node.put("type", "PROMOTION_STARTED");
    assertThatThrownBy(() -> EventJson.decode(node.toString(), MarketEvent.class))
        .hasMessage("promoPriceCents is required, got null");
    node.put("promoPriceCents", 399);
    assertThat(EventJson.decode(node.toString(), MarketEvent.class).promoPriceCents()).isEqualTo(399);
  }

  @Test
  void dismissNeedsAReason() throws IOException {
    ObjectNode node = (ObjectNode) EventJson.mapper().readTree(fixture("user-action.json"));
    node.put("type", "DISMISS");
    node.putNull("newPriceCents");
    assertThatThrownBy(() -> EventJson.decode(node.toString(), UserAction.class))
        .hasMessage("reason is required to dismiss an alert, got null");
  }

  @Test
  void invalidSubstituteIsReportedWithItsPath() throws IOException {
    ObjectNode node = (ObjectNode) EventJson.mapper().readTree(fixture("cannibalization-alert.json"));
    ((ObjectNode) node.withArray("substitutes").get(1)).put("baselineUnits", -2.0);
    assertThatThrownBy(() -> EventJson.decode(node.toString(), CannibalizationAlert.class))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> assertThat(e.getMessage()).contains("substitutes[].baselineUnits must be >= 0, got -2.0"));
  }

  @Test
  void alertsTopicMessagesAreToldApartByTheirType() throws IOException {
    String alert = fixture("cannibalization-alert.json");
    String retraction = fixture("alert-retraction.json");
    // Alerts written before retractions existed carry no type and stay valid.
    assertThat(AlertMessage.decode(alert)).isEqualTo(EventJson.decode(alert, CannibalizationAlert.class));
    ObjectNode typed = (ObjectNode) EventJson.mapper().readTree(alert);
    typed.put("type", "ALERT");
    assertThat(AlertMessage.decode(typed.toString())).isInstanceOf(CannibalizationAlert.class);
    AlertMessage decoded = AlertMessage.decode(retraction);
    assertThat(decoded).isEqualTo(EventJson.decode(retraction, AlertRetraction.class));
    assertThat(decoded.workflowId()).isEqualTo("alert-P-1-e1");
    AlertRetraction r = (AlertRetraction) decoded;
    assertThat(AlertRetraction.of(r.alertId(), r.promotionId(), r.windowStart(), r.windowEnd(), r.retractedAt(), r.reason()))
        .isEqualTo(r);
  }

  static Stream<Arguments> invalidAlertMessages() {
    return Stream.of(
        Arguments.of("{\"type\":\"UNDO\",\"alertId\":\"P-1-e1\"}", "type", "type must be one of [ALERT, RETRACTION] (absent means ALERT), got \"UNDO\""),
        Arguments.of("{\"type\":\"RETRACTION\",\"schemaVersion\":1}", "alertId", "alertId is required, got null"),
        Arguments.of("{\"schemaVersion\":1,\"alertId\":\"P-1-e1\"}", "grossLiftUnits", "grossLiftUnits must be a number"),
        Arguments.of("[1,2]", "$", "payload must be a JSON object, got ARRAY"),
        Arguments.of("{\"type\": ", "$", "payload is not valid JSON"),
        Arguments.of(" ", "$", "payload is empty"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("invalidAlertMessages")
  void invalidAlertMessageNamesFieldAndValue(String json, String expectedField, String expectedMessage) {
    assertThatThrownBy(() -> AlertMessage.decode(json))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.field()).isEqualTo(expectedField);
              assertThat(e.getMessage()).contains(expectedMessage);
            });
  }

  @Test
  void deadLetterKeepsRawPayloadAndReason() {
    String raw = "{\"units\": -3}";
    InvalidEventException error =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvalidEventException.class, () -> EventJson.decode(raw, ShoppingEvent.class));
    DeadLetter dl =
        DeadLetter.of("shopping-events", "test", raw, error, java.time.Instant.parse("2026-01-05T00:00:00Z"));
    JsonNode back = EventJson.mapper().valueToTree(dl);
    assertThat(back.get("rawPayload").asText()).isEqualTo(raw);
    assertThat(back.get("reason").asText()).isNotBlank();
    assertThat(dl.sourceTopic()).isEqualTo("shopping-events");
  }
}
