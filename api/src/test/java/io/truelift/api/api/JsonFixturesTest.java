package io.truelift.api.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import io.truelift.core.contracts.ActionType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JSON the dashboard reads and sends, pinned by fixtures (serialize and deserialize). */
class JsonFixturesTest {
  private static final ObjectMapper MAPPER =
      Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  static final AlertSummary SUMMARY =
      new AlertSummary(
          "P-12:2026-11-20",
          "P-12",
          "CEREAL-001",
          "BREAKFAST",
          "COLD_CEREAL",
          "OPEN",
          "HIGH",
          Instant.parse("2026-11-20T10:15:00Z"),
          420.0,
          155.5,
          0.3702,
          48210);

  static String fixture(String path) {
    try (InputStream in = JsonFixturesTest.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture on the classpath: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void alertSummarySerializesToFixture() throws Exception {
    String expected =
        MAPPER.writeValueAsString(MAPPER.readTree(fixture("fixtures/alert-summary.json")));
    assertThat(MAPPER.writeValueAsString(SUMMARY)).isEqualTo(expected);
  }

  @Test
  void alertSummaryDeserializesFromFixture() throws Exception {
    assertThat(MAPPER.readValue(fixture("fixtures/alert-summary.json"), AlertSummary.class))
        .isEqualTo(SUMMARY);
  }

  @Test
  void actionRequestRoundTripsThroughFixture() throws Exception {
    ActionRequest request =
        new ActionRequest("ADJUST_PRICE", 349L, "Shallower discount keeps most of the lift");
    ActionRequest read =
        MAPPER.readValue(fixture("fixtures/action-request.json"), ActionRequest.class);
    assertThat(read).isEqualTo(request);
    assertThat(read.actionType()).isEqualTo(ActionType.ADJUST_PRICE);
    assertThat(MAPPER.readTree(MAPPER.writeValueAsString(request)))
        .isEqualTo(MAPPER.readTree(fixture("fixtures/action-request.json")));
  }
}
