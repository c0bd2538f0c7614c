package io.truelift.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole application from the shipped {@code config.yml} on random ports, with H2 in memory and
 * no Temporal service (a closed port): it must start, serve alerts and report Temporal unhealthy.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TrueLiftApplicationTest {
  private static final String DB_URL =
      "jdbc:h2:mem:app-"
          + UUID.randomUUID()
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  // The first signal also sets up the gRPC channel (a few seconds on a busy machine), more than
  // the extension client's 5 s read timeout, after which HttpURLConnection would silently resend
  // the POST.
  private static final Client SLOW_CLIENT =
      ClientBuilder.newBuilder().readTimeout(30, TimeUnit.SECONDS).build();

  static final DropwizardAppExtension<TrueLiftConfiguration> APP =
      new DropwizardAppExtension<>(
          TrueLiftApplication.class,
          "config.yml",
          ConfigOverride.config("database.url", DB_URL),
          ConfigOverride.config("database.driverClass", "org.h2.Driver"),
          ConfigOverride.config("server.applicationConnectors[0].port", "0"),
          ConfigOverride.config("server.adminConnectors[0].port", "0"),
          ConfigOverride.config("temporal.address", "127.0.0.1:1"));

  private static String api(String path) {
    return "http://localhost:" + APP.getLocalPort() + "/api" + path;
  }

  private static void insertAlert(String id, Instant at) {
    Jdbi.create(DB_URL, "sa", "")
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO alert (alert_id, promotion_id, promoted_sku, category,"
                            + " sub_category, status, severity, detected_at, window_start,"
                            + " window_end, gross_lift_units, cannibalized_units,"
                            + " cannibalization_rate, lost_revenue_cents, test_statistic,"
                            + " workflow_id, created_at, updated_at) VALUES (:id, 'P-1', 'SKU-A',"
                            + " 'BREAKFAST', 'COLD_CEREAL', 'ANALYSED', 'HIGH', :at, :at, :at, 400,"
                            + " 100, 0.25, 1234, 8.5, 'alert-' || :id, :at, :at)")
                    .bind("id", id)
                    .bind("at", at.atOffset(ZoneOffset.UTC))
                    .execute());
  }

  @Test
  void healthCheckShowsDatabaseHealthyAndTemporalUnreachable() throws Exception {
    Response response =
        APP.client()
            .target("http://localhost:" + APP.getAdminPort() + "/healthcheck")
            .request()
            .get();

    JsonNode checks = JSON.readTree(response.readEntity(String.class));
    assertThat(checks.at("/database/healthy").asBoolean()).isTrue();
    assertThat(checks.at("/temporal/healthy").asBoolean()).isFalse();
    assertThat(checks.at("/temporal/message").asText()).contains("127.0.0.1:1 unreachable");
    // One unhealthy check makes the whole endpoint unhealthy.
    assertThat(response.getStatus()).isEqualTo(500);
  }

  @Test
  void listsAlertsFromTheMigratedDatabase() throws Exception {
    insertAlert("APP-LIST", Instant.parse("2026-11-20T10:00:00Z"));

    JsonNode page =
        JSON.readTree(
            APP.client()
                .target(api("/alerts"))
                .queryParam("status", "ANALYSED")
                .request()
                .get(String.class));

    assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(page.get("items").findValuesAsText("alertId")).contains("APP-LIST");
    JsonNode item = page.get("items").get(0);
    assertThat(item.get("detectedAt").isTextual()).as("ISO-8601 instant, not a number").isTrue();
  }

  @Test
  void actionIsKeptAsRequestedWhenTemporalIsDown() throws Exception {
    insertAlert("APP-ACT", Instant.parse("2026-11-21T10:00:00Z"));
    long started = System.nanoTime();

    Response response =
        SLOW_CLIENT
            .target(api("/alerts/APP-ACT/actions"))
            .request()
            .header("X-TrueLift-User", "ann")
            .post(Entity.entity("{\"type\":\"STOP_PROMOTION\"}", MediaType.APPLICATION_JSON_TYPE));

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.readEntity(String.class))
        .contains("is recorded with status REQUESTED")
        .contains("127.0.0.1:1");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    JsonNode detail =
        JSON.readTree(APP.client().target(api("/alerts/APP-ACT")).request().get(String.class));
    assertThat(detail.at("/actions/0/status").asText()).isEqualTo("REQUESTED");
    assertThat(detail.at("/actions/0/actor").asText()).isEqualTo("ann");
    Response again =
        SLOW_CLIENT
            .target(api("/alerts/APP-ACT/actions"))
            .request()
            .post(Entity.entity("{\"type\":\"STOP_PROMOTION\"}", MediaType.APPLICATION_JSON_TYPE));
    assertThat(again.getStatus()).isEqualTo(409);
  }

  @Test
  void streamSendsAnAlertEventWhenAnAlertAppears() throws Exception {
    BlockingQueue<InboundSseEvent> events = new LinkedBlockingQueue<>();
    try (SseEventSource source =
        SseEventSource.target(APP.client().target(api("/alerts/stream"))).build()) {
      source.register(events::add);
      source.open();
      // Let the first poll pass with the client registered before the alert appears.
      Thread.sleep(1500);
      insertAlert("APP-SSE", Instant.now());

      InboundSseEvent event = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        InboundSseEvent e = events.poll(500, TimeUnit.MILLISECONDS);
        if (e != null && "alert".equals(e.getName())) {
          event = e;
          break;
        }
      }
      assertThat(event).as("an alert event within 10 s").isNotNull();
      JsonNode data = JSON.readTree(event.readData());
      assertThat(data.get("alertId").asText()).isEqualTo("APP-SSE");
      assertThat(data.get("status").asText()).isEqualTo("ANALYSED");
    }
  }

  @Test
  void dashboardIsServedAtTheRoot() {
    Response response =
        APP.client().target("http://localhost:" + APP.getLocalPort() + "/").request().get();

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getMediaType().toString()).startsWith("text/html");
  }

  @Test
  void statsCountTheAlerts() throws Exception {
    JsonNode stats = JSON.readTree(APP.client().target(api("/stats")).request().get(String.class));

    assertThat(stats.has("activePromotions")).isTrue();
    assertThat(stats.get("alertCount").asLong()).isGreaterThanOrEqualTo(0);
  }
}
