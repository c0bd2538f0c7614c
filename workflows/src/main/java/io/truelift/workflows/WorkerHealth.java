package io.truelift.workflows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The worker's health over HTTP, for Kubernetes probes: {@code /healthz/live} answers 200 while
 * the router thread runs and the Temporal worker is started (else 503: restart the pod), and
 * {@code /healthz/ready} also checks each dependency (Temporal, the database) with a short
 * deadline. Liveness never depends on another service, so an outage cannot cause restart storms.
 */
public final class WorkerHealth implements AutoCloseable {
  /** One named check; throws (or returns false) when unhealthy. */
  @FunctionalInterface
  public interface Check {
    boolean healthy() throws Exception;
  }

  private final HttpServer server;

  private WorkerHealth(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves on {@code port} (0 picks a free one): {@code alive} for liveness, {@code alive} plus
   * every dependency check for readiness.
   */
  public static WorkerHealth start(int port, BooleanSupplier alive, Map<String, Check> dependencies)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "worker-health");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/healthz/live",
        ex -> answer(ex, alive.getAsBoolean() ? List.of() : List.of("worker: not running")));
    server.createContext(
        "/healthz/ready",
        ex -> {
          List<String> problems = new ArrayList<>();
          if (!alive.getAsBoolean()) {
            problems.add("worker: not running");
          }
          for (var d : new LinkedHashMap<>(dependencies).entrySet()) {
            try {
              if (!d.getValue().healthy()) {
                problems.add(d.getKey() + ": unhealthy");
              }
            } catch (Exception e) {
              problems.add(d.getKey() + ": " + e);
            }
          }
          answer(ex, problems);
        });
    server.start();
    return new WorkerHealth(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange ex, List<String> problems) throws IOException {
    byte[] body =
        (problems.isEmpty() ? "ok\n" : String.join("\n", problems) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(problems.isEmpty() ? 200 : 503, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
