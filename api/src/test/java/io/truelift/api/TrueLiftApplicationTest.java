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
import io.truelift.api.auth.TestAuth;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.NewCookie;
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
          ConfigOverride.config("temporal.address", "127.0.0.1:1"),
          ConfigOverride.config("auth.users", TestAuth.USERS),
          ConfigOverride.config("auth.sessionKey", "a-test-session-key-of-at-least-32-bytes"),
          ConfigOverride.config("http.alertCountCacheTtl", "0s"),
          ConfigOverride.config("http.maxRequestBody", "4KiB"),
          ConfigOverride.config("kafka.bootstrapServers", ""));

  private static final String MANAGER = TestAuth.basic("manager", TestAuth.PASSWORD);
  private static final String VIEWER = TestAuth.basic("viewer", TestAuth.PASSWORD);

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
                .header("Authorization", VIEWER)
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
            .header("Authorization", MANAGER)
            .post(Entity.entity("{\"type\":\"STOP_PROMOTION\"}", MediaType.APPLICATION_JSON_TYPE));

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.readEntity(String.class))
        .contains("is recorded with status REQUESTED")
        .contains("127.0.0.1:1");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    JsonNode detail =
        JSON.readTree(
            APP.client().target(api("/alerts/APP-ACT")).request().header("Authorization", VIEWER).get(String.class));
    assertThat(detail.at("/actions/0/status").asText()).isEqualTo("REQUESTED");
    assertThat(detail.at("/actions/0/actor").asText()).isEqualTo("manager");
    assertThat(detail.at("/timeline/1/kind").asText()).isEqualTo("ACTION_REQUESTED");
    assertThat(detail.at("/estimate/basis").asText()).contains("no active model");
    Response again =
        SLOW_CLIENT
            .target(api("/alerts/APP-ACT/actions"))
            .request()
            .header("Authorization", MANAGER)
            .post(Entity.entity("{\"type\":\"STOP_PROMOTION\"}", MediaType.APPLICATION_JSON_TYPE));
    assertThat(again.getStatus()).isEqualTo(409);
  }

  @Test
  void streamSendsAnAlertEventWhenAnAlertAppears() throws Exception {
    BlockingQueue<InboundSseEvent> events = new LinkedBlockingQueue<>();
    Response signedIn = signIn("viewer");
    String token = signedIn.getCookies().get("truelift_session").getValue();
    signedIn.close();
    Client withCookie =
        ClientBuilder.newBuilder()
            .register((ClientRequestFilter) r -> r.getHeaders().add("Cookie", "truelift_session=" + token))
            .build();
    try (SseEventSource source =
        SseEventSource.target(withCookie.target(api("/alerts/stream"))).build()) {
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
    JsonNode stats =
        JSON.readTree(APP.client().target(api("/stats")).request().header("Authorization", VIEWER).get(String.class));

    assertThat(stats.has("activePromotions")).isTrue();
    assertThat(stats.get("alertCount").asLong()).isGreaterThanOrEqualTo(0);
  }

  /** The status, closing the response (the extension's client pools few connections). */
  private static int status(Response r) {
    try {
      return r.getStatus();
    } finally {
      r.close();
    }
  }

  private static Response signIn(String user) {
    return APP.client()
        .target(api("/session"))
        .request()
        .post(Entity.json("{\"username\":\"" + user + "\",\"password\":\"" + TestAuth.PASSWORD + "\"}"));
  }

  @Test
  void signInSetsAnHttpOnlyStrictCookieThatAuthenticatesUntilSignOut() throws Exception {
    Response r = signIn("manager");

    assertThat(r.getStatus()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.readEntity(String.class));
    assertThat(body.get("username").asText()).isEqualTo("manager");
    assertThat(body.get("role").asText()).isEqualTo("manager");
    String setCookie = r.getHeaderString("Set-Cookie");
    assertThat(setCookie).contains("truelift_session=" + body.get("token").asText())
        .contains("Path=/").contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
    String cookie = "truelift_session=" + body.get("token").asText();

    Response me = APP.client().target(api("/session")).request().header("Cookie", cookie).get();
    assertThat(me.getStatus()).isEqualTo(200);
    assertThat(JSON.readTree(me.readEntity(String.class)).get("role").asText()).isEqualTo("manager");
    assertThat(status(
            APP.client().target(api("/stats")).request().header("Authorization", "Bearer " + body.get("token").asText()).get()))
        .isEqualTo(200);

    Response out = APP.client().target(api("/session")).request().header("Cookie", cookie).delete();
    assertThat(out.getStatus()).isEqualTo(204);
    NewCookie cleared = out.getCookies().get("truelift_session");
    out.close();
    assertThat(cleared.getValue()).isEmpty();
    assertThat(cleared.getMaxAge()).isZero();
    assertThat(status(APP.client().target(api("/session")).request().header("Cookie", cookie).get()))
        .as("a signed-out token is refused").isEqualTo(401);
  }

  @Test
  void wrongPasswordAndMissingCredentialsAre401AsJsonWithoutABasicChallenge() throws Exception {
    Response wrong =
        APP.client().target(api("/session")).request()
            .post(Entity.json("{\"username\":\"manager\",\"password\":\"nope\"}"));
    assertThat(wrong.getStatus()).isEqualTo(401);
    assertThat(JSON.readTree(wrong.readEntity(String.class)).get("message").asText()).isEqualTo("Wrong username or password");

    // A client of its own: the extension's client keeps the cookies other tests signed in with.
    Client anonymous = ClientBuilder.newClient();
    for (String path : new String[] {"/alerts", "/alerts/x", "/stats", "/promotions", "/products", "/models",
        "/effectiveness", "/feedback", "/audit", "/openapi.json", "/alerts/stream", "/session"}) {
      Response r = anonymous.target(api(path)).request().get();
      assertThat(r.getStatus()).as(path).isEqualTo(401);
      // A Basic challenge would open the browser's own password dialog over the dashboard.
      assertThat(r.getHeaderString("WWW-Authenticate")).as(path).startsWith("Bearer");
      assertThat(JSON.readTree(r.readEntity(String.class)).get("code").asInt()).isEqualTo(401);
    }
  }

  @Test
  void aViewerCannotActAndOnlyAnAdminReadsTheAudit() throws Exception {
    insertAlert("APP-ROLE", Instant.parse("2026-11-22T10:00:00Z"));
    signIn("viewer").close();

    Response act =
        APP.client().target(api("/alerts/APP-ROLE/actions")).request().header("Authorization", VIEWER)
            .post(Entity.json("{\"type\":\"STOP_PROMOTION\"}"));
    assertThat(act.getStatus()).isEqualTo(403);
    assertThat(JSON.readTree(act.readEntity(String.class)).get("message").asText())
        .isEqualTo("POST /api/alerts/APP-ROLE/actions needs role manager; user viewer has role viewer");

    assertThat(status(APP.client().target(api("/audit")).request().header("Authorization", MANAGER).get())).isEqualTo(403);
    JsonNode audit =
        JSON.readTree(
            APP.client().target(api("/audit")).request()
                .header("Authorization", TestAuth.basic("admin", TestAuth.PASSWORD)).get(String.class));
    assertThat(audit.get("items").findValuesAsText("action")).contains("SIGN_IN");
  }

  @Test
  void aBodyOverTheLimitIs413WithTheLimitInTheMessage() throws Exception {
    String huge = "{\"type\":\"DISMISS\",\"reason\":\"" + "x".repeat(5000) + "\"}";

    Response r =
        APP.client().target(api("/alerts/any/actions")).request().header("Authorization", MANAGER)
            .post(Entity.json(huge));

    assertThat(r.getStatus()).isEqualTo(413);
    assertThat(JSON.readTree(r.readEntity(String.class)).get("message").asText())
        .isEqualTo("The request body is %d bytes; at most 4096 bytes are accepted".formatted(huge.length()));
  }

  @Test
  void corsIsClosedByDefault() {
    Response preflight =
        APP.client().target(api("/alerts")).request()
            .header("Origin", "https://evil.example")
            .header("Access-Control-Request-Method", "GET")
            .options();
    assertThat(preflight.getHeaderString("Access-Control-Allow-Origin")).isNull();
    preflight.close();
    Response get = APP.client().target(api("/stats")).request().header("Origin", "https://evil.example")
        .header("Authorization", VIEWER).get();
    assertThat(get.getHeaderString("Access-Control-Allow-Origin")).isNull();
    get.close();
  }

  @Test
  void openApiDocumentIsServed() throws Exception {
    JsonNode doc =
        JSON.readTree(APP.client().target(api("/openapi.json")).request().header("Authorization", VIEWER).get(String.class));
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    assertThat(doc.at("/paths/~1api~1alerts/get")).isNotNull();
  }

  @Test
  void healthChecksCoverDatabaseTemporalAndKafka() throws Exception {
    JsonNode checks =
        JSON.readTree(
            APP.client().target("http://localhost:" + APP.getAdminPort() + "/healthcheck").request().get().readEntity(String.class));
    assertThat(checks.has("database")).isTrue();
    assertThat(checks.has("temporal")).isTrue();
    assertThat(checks.at("/kafka/healthy").asBoolean()).isFalse();
    assertThat(checks.at("/kafka/message").asText()).contains("not configured");
    JsonNode metrics =
        JSON.readTree(
            APP.client().target("http://localhost:" + APP.getAdminPort() + "/metrics").request().get().readEntity(String.class));
    assertThat(metrics.at("/timers").toString()).contains("io.truelift.api.resources.AlertResource.list");
  }
}
