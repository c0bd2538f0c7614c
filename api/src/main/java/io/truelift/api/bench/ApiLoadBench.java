package io.truelift.api.bench;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code ./truelift bench api}: fills PostgreSQL with 100,000 alerts (substitutes, analyses,
 * recommendations, notices, actions, windowed sales, an active model), starts the API on it as a
 * separate process, and drives a fixed rate of alert list and alert detail requests with an
 * open-loop generator (latency from the scheduled time), after a reference phase on the cheapest
 * authenticated endpoint ({@code GET /api/session}) at the same rate. Prints p50/p99/max and errors
 * per endpoint, and writes them to {@code target/bench/api-bench.md}.
 *
 * <p>Options: {@code --jdbc-url} (default {@code jdbc:postgresql://127.0.0.1:5432/test}), {@code
 * --jdbc-user} ({@code postgres}), {@code --jdbc-password} (empty), {@code --schema}
 * ({@code truelift_bench}), {@code --alerts} (100000), {@code --rate} (500), {@code --seconds}
 * (60), {@code --warmup-seconds} (15), {@code --port} (18480), {@code --reuse-data} (skip the fill
 * when the schema already holds that many alerts).
 */
public final class ApiLoadBench {
  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    String url = o.getOrDefault("jdbc-url", "jdbc:postgresql://127.0.0.1:5432/test");
    String user = o.getOrDefault("jdbc-user", "postgres");
    String password = o.getOrDefault("jdbc-password", "");
    String schema = o.getOrDefault("schema", "truelift_bench");
    if (!schema.matches("[a-z_][a-z0-9_]{0,40}")) {
      throw new IllegalArgumentException("--schema must be a lower-case SQL identifier, got \"" + schema + "\"");
    }
    int alerts = positive(o, "alerts", 100_000);
    double rate = positive(o, "rate", 500);
    int seconds = positive(o, "seconds", 60);
    int warmup = positive(o, "warmup-seconds", 15);
    int port = positive(o, "port", 18480);
    String loadAtStart = loadAverage();
    Path work = Path.of("api/target/bench");
    Files.createDirectories(work);

    double fillSeconds = 0;
    if (o.containsKey("reuse-data")) {
      log("Reusing the data in schema " + schema);
    } else {
      log("Filling schema %s with %,d alerts (COPY)...".formatted(schema, alerts));
      fillSeconds = BenchData.fill(url, user, password, schema, alerts, work.resolve("models").toAbsolutePath());
      log("Filled in %.1f s".formatted(fillSeconds));
    }

    String benchPassword = "bench-" + Long.toHexString(new java.security.SecureRandom().nextLong());
    Process api = startApi(BenchData.withSchema(url, schema), user, password, port, benchPassword, work);
    try {
      awaitPort(port, api, Duration.ofSeconds(120));
      String token = signIn(port, benchPassword);
      String base = "http://localhost:" + port;
      // Let the API load the active model before measuring (the detail's intervals need it).
      Thread.sleep(5_000);
      OpenLoopLoad load = new OpenLoopLoad(base, "Bearer " + token);
      ProcessHandle apiHandle = api.toHandle();
      // A cold JVM spends its first tens of seconds compiling; at the full rate it would queue
      // requests until they time out. Warm it up gently (nothing of this phase is counted).
      SplittableRandom warmR = new SplittableRandom(2);
      log("Warm-up: %.0f req/s of every endpoint for %d s (not counted)".formatted(rate / 5, warmup * 2));
      load.run(rate / 5, Duration.ofSeconds(warmup * 2L), Duration.ZERO, i -> switch (i % 3) {
        case 0 -> new OpenLoopLoad.Call("warm-up", "/api/session");
        case 1 -> new OpenLoopLoad.Call("warm-up", "/api/alerts?limit=50");
        default -> new OpenLoopLoad.Call("warm-up", "/api/alerts/" + BenchData.alertId(warmR.nextInt(alerts)));
      });
      log("Reference: GET /api/session at %.0f req/s for %d s".formatted(rate, Math.max(10, seconds / 3)));
      long cpu0 = cpuMillis(apiHandle);
      var reference =
          load.run(rate, Duration.ofSeconds(5), Duration.ofSeconds(Math.max(10, seconds / 3)),
              i -> new OpenLoopLoad.Call("reference: GET /api/session", "/api/session"));
      long cpu1 = cpuMillis(apiHandle);
      log("Alert list + detail at %.0f req/s for %d s (after %d s warm-up)".formatted(rate, seconds, warmup));
      SplittableRandom r = new SplittableRandom(1);
      String[] statuses = {"", "&status=ANALYSED", "&status=ESCALATED", "&severity=HIGH", ""};
      var mixed =
          load.run(rate, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds), i -> {
            if (i % 2 == 0) {
              int offset = r.nextInt(4) == 0 ? 50 * r.nextInt(20) : 0;
              return new OpenLoopLoad.Call("GET /api/alerts (list)",
                  "/api/alerts?limit=50&offset=" + offset + statuses[r.nextInt(statuses.length)]);
            }
            return new OpenLoopLoad.Call("GET /api/alerts/{id} (detail)", "/api/alerts/" + BenchData.alertId(r.nextInt(alerts)));
          });
      long cpu2 = cpuMillis(apiHandle);
      long generatorCpu = cpuMillis(ProcessHandle.current());
      load.close();
      String report = report(alerts, rate, seconds, fillSeconds, reference, mixed)
          + verdict(mixed)
          + cpuLine("reference phase", cpu1 - cpu0, reference)
          + cpuLine("list + detail phase", cpu2 - cpu1, mixed)
          + "%nThis benchmark process (the fill, the load generator and its JVM, whole run): %,d ms of CPU.%n"
              .formatted(generatorCpu)
          + "%nMachine: %s; load average at the start %s, at the end %s (other processes share this machine).%n"
              .formatted(machine(), loadAtStart, loadAverage());
      System.out.println(report);
      Files.writeString(work.resolve("api-bench.md"), report);
      log("Report written to " + work.resolve("api-bench.md"));
    } finally {
      api.destroy();
      if (!api.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        api.destroyForcibly();
      }
    }
  }

  static String report(int alerts, double rate, int seconds, double fillSeconds,
      Map<String, OpenLoopLoad.Stats> reference, Map<String, OpenLoopLoad.Stats> mixed) {
    StringBuilder b = new StringBuilder();
    b.append("# API load benchmark\n\n");
    b.append("%,d alerts in PostgreSQL (filled in %.1f s), open-loop %.0f req/s for %d s, latency from the scheduled send time.%n%n"
        .formatted(alerts, fillSeconds, rate, seconds));
    b.append("| endpoint | requests | p50 ms | p99 ms | max ms | errors | p99 / reference p99 |\n|---|---|---|---|---|---|---|\n");
    double refP99 = reference.values().stream().findFirst().map(s -> s.percentile(99)).orElse(Double.NaN);
    List<Map.Entry<String, OpenLoopLoad.Stats>> rows = new ArrayList<>(reference.entrySet());
    rows.addAll(mixed.entrySet());
    for (var e : rows) {
      OpenLoopLoad.Stats s = e.getValue();
      b.append("| %s | %d | %.1f | %.1f | %.1f | %d%s | %.2f |%n".formatted(
          e.getKey(), s.count(), s.percentile(50), s.percentile(99), s.percentile(100), s.errors,
          s.errorKinds.isEmpty() ? "" : " " + s.errorKinds, s.percentile(99) / refP99));
    }
    return b.toString();
  }

  /** The target: p99 under 50 ms and no error on the list and the detail. */
  static String verdict(Map<String, OpenLoopLoad.Stats> mixed) {
    boolean met = !mixed.isEmpty() && mixed.values().stream().allMatch(s -> s.errors == 0 && s.percentile(99) < 50);
    return "%nTarget (p99 < 50 ms and zero errors on the list and the detail): %s%n".formatted(met ? "MET" : "NOT MET");
  }

  /** CPU time the API process has used so far (all threads), in milliseconds. */
  static long cpuMillis(ProcessHandle p) {
    return p.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
  }

  /**
   * The API's CPU per request over a phase (warm-up included: it ran in the same window), a figure
   * that other processes competing for the cores do not inflate the way they inflate latency.
   */
  static String cpuLine(String phase, long cpuMs, Map<String, OpenLoopLoad.Stats> stats) {
    int counted = stats.values().stream().mapToInt(OpenLoopLoad.Stats::count).sum();
    return "%nAPI process CPU in the %s: %,d ms for %,d measured requests (plus warm-up) = at most %.2f ms per request.%n"
        .formatted(phase, cpuMs, counted, counted == 0 ? Double.NaN : cpuMs / (double) counted);
  }

  /** The processor model and count, so figures from different machines are not compared blind. */
  static String machine() {
    String model = "unknown processor";
    try {
      model =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).strip())
              .findFirst()
              .orElse(model);
    } catch (IOException e) {
      // keep "unknown"
    }
    return "%d cores, %s".formatted(Runtime.getRuntime().availableProcessors(), model);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Process startApi(String url, String user, String password, int port, String benchPassword, Path work)
      throws IOException {
    // The API runs on the benchmark's own classpath (./truelift bench api builds it).
    String classpath = System.getProperty("java.class.path");
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", classpath,
            "io.truelift.api.TrueLiftApplication", "server", "api/config.yml");
    Map<String, String> env = pb.environment();
    env.put("TRUELIFT_JDBC_URL", url);
    env.put("TRUELIFT_JDBC_USER", user);
    env.put("TRUELIFT_JDBC_PASSWORD", password);
    env.put("TRUELIFT_HTTP_PORT", String.valueOf(port));
    env.put("TRUELIFT_ADMIN_PORT", String.valueOf(port + 1));
    env.put("TRUELIFT_USERS", "bench:viewer:" + benchPassword);
    env.put("TRUELIFT_MODEL_POLL_INTERVAL", "2s");
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:1");
    env.remove("KAFKA_BOOTSTRAP_SERVERS");
    pb.redirectErrorStream(true).redirectOutput(work.resolve("api.log").toFile());
    log("Starting the API on port %d (log %s)".formatted(port, work.resolve("api.log")));
    return pb.start();
  }

  private static String signIn(int port, String password) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"bench\",\"password\":\"" + password + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("Sign-in failed: " + r.statusCode() + " " + r.body());
    }
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("token").asText();
  }

  private static void awaitPort(int port, Process api, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!api.isAlive()) {
        throw new IllegalStateException("The API exited; see api/target/bench/api.log");
      }
      try (Socket s = new Socket("localhost", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(500);
      }
    }
    throw new IllegalStateException("The API did not listen on " + port + " within " + timeout);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new java.util.HashMap<>();
    for (String a : args) {
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("options are --name=value, got \"" + a + "\"");
      }
      int eq = a.indexOf('=');
      o.put(eq < 0 ? a.substring(2) : a.substring(2, eq), eq < 0 ? "" : a.substring(eq + 1));
    }
    return o;
  }

  private static int positive(Map<String, String> o, String name, int fallback) {
    String v = o.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("--%s must be a whole number > 0, got \"%s\"".formatted(name, v));
  }

  private static void log(String message) {
    System.out.println("[bench api] " + message);
  }
}
