package io.truelift.api.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenLoopLoadTest {
  HttpServer server;
  final AtomicInteger requests = new AtomicInteger();
  volatile String lastAuthorization;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    byte[] big = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
    server.createContext("/fixed", e -> {
      requests.incrementAndGet();
      lastAuthorization = e.getRequestHeaders().getFirst("Authorization");
      e.sendResponseHeaders(200, 2);
      e.getResponseBody().write("ok".getBytes(StandardCharsets.US_ASCII));
      e.close();
    });
    // Length 0 makes the JDK server answer chunked.
    server.createContext("/chunked", e -> {
      requests.incrementAndGet();
      e.sendResponseHeaders(200, 0);
      e.getResponseBody().write(big);
      e.close();
    });
    server.createContext("/fail", e -> {
      requests.incrementAndGet();
      e.sendResponseHeaders(500, -1);
      e.close();
    });
    server.createContext("/slow", e -> {
      requests.incrementAndGet();
      try {
        Thread.sleep(300);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      e.sendResponseHeaders(200, -1);
      e.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void readsFixedAndChunkedBodiesOnKeptAliveConnectionsAndCountsErrorsAndOnlyMeasuredRequests() throws Exception {
    try (OpenLoopLoad load = new OpenLoopLoad(base(), "Bearer t", 4)) {
      Map<String, OpenLoopLoad.Stats> stats =
          load.run(200, Duration.ofMillis(250), Duration.ofSeconds(1), i -> switch (i % 3) {
            case 0 -> new OpenLoopLoad.Call("fixed", "/fixed");
            case 1 -> new OpenLoopLoad.Call("chunked", "/chunked");
            default -> new OpenLoopLoad.Call("fail", "/fail");
          });

      assertThat(requests.get()).isEqualTo(250);
      int measured = stats.values().stream().mapToInt(OpenLoopLoad.Stats::count).sum();
      assertThat(measured).isEqualTo(200);
      assertThat(stats.get("fixed").errors).isZero();
      assertThat(stats.get("chunked").errors).isZero();
      assertThat(stats.get("fail").errors).isEqualTo(stats.get("fail").count());
      assertThat(stats.get("fail").errorKinds).containsOnlyKeys("HTTP 500");
      assertThat(lastAuthorization).isEqualTo("Bearer t");
    }
  }

  @Test
  void aStalledServerShowsAsLatencyFromTheScheduledTimeNotAsFewerRequests() throws Exception {
    // One connection, 20 req/s of 300 ms requests: each waits behind the ones before it.
    try (OpenLoopLoad load = new OpenLoopLoad(base(), "Bearer t", 1)) {
      OpenLoopLoad.Stats s =
          load.run(20, Duration.ZERO, Duration.ofMillis(500), i -> new OpenLoopLoad.Call("slow", "/slow")).get("slow");

      assertThat(s.count()).isEqualTo(10);
      // The 10th was due at 450 ms and finished after 10 x 300 ms: about 2.5 s late.
      assertThat(s.percentile(100)).isGreaterThan(2_000);
      assertThat(s.percentile(0.1)).isLessThan(1_000);
    }
  }
}
