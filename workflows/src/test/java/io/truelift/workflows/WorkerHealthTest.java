package io.truelift.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WorkerHealthTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(WorkerHealth h, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + h.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void livenessFollowsTheWorkerAndReadinessAlsoItsDependencies() throws Exception {
    AtomicBoolean alive = new AtomicBoolean(true);
    AtomicBoolean databaseUp = new AtomicBoolean(true);
    Map<String, WorkerHealth.Check> checks = new LinkedHashMap<>();
    checks.put("temporal", () -> true);
    checks.put(
        "database",
        () -> {
          if (!databaseUp.get()) {
            throw new IllegalStateException("Connection refused");
          }
          return true;
        });
    try (WorkerHealth h = WorkerHealth.start(0, alive::get, checks)) {
      assertThat(get(h, "/healthz/live").statusCode()).isEqualTo(200);
      assertThat(get(h, "/healthz/ready").body()).isEqualTo("ok\n");

      databaseUp.set(false); // a dependency outage makes the pod unready, never restarts it
      assertThat(get(h, "/healthz/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(h, "/healthz/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("database: java.lang.IllegalStateException: Connection refused");

      alive.set(false);
      assertThat(get(h, "/healthz/live").statusCode()).isEqualTo(503);
      assertThat(get(h, "/healthz/live").body()).isEqualTo("worker: not running\n");
    }
  }

  @Test
  void healthPortIsOffByDefaultAndValidated() throws Exception {
    assertThat(TrueLiftWorker.startHealth("0", null, null, null, null)).isNull();
    assertThatThrownBy(() -> TrueLiftWorker.startHealth("http", null, null, null, null))
        .hasMessage("TRUELIFT_WORKER_HEALTH_PORT must be a port number 0..65535, got \"http\"");
    assertThatThrownBy(() -> TrueLiftWorker.startHealth("70000", null, null, null, null))
        .hasMessageContaining("got \"70000\"");
  }
}
