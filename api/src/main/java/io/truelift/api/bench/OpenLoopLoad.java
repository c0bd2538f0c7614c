package io.truelift.api.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop load generator free of coordinated omission: request i is due at {@code start + i /
 * rate} whatever happened to earlier ones, is sent asynchronously at that time, and its latency is
 * measured from the time it was due, so a stalled server shows up as latency, not as fewer
 * requests.
 */
final class OpenLoopLoad {
  /** One request to send: its endpoint label and path. */
  record Call(String endpoint, String path) {}

  /** Latencies (ms) and errors of one endpoint. */
  static final class Stats {
    final List<Double> latencies = new ArrayList<>();
    int errors;
    final Map<String, Integer> errorKinds = new LinkedHashMap<>();

    synchronized void add(double ms, String error) {
      latencies.add(ms);
      if (error != null) {
        errors++;
        errorKinds.merge(error, 1, Integer::sum);
      }
    }

    synchronized double percentile(double p) {
      double[] a = latencies.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(a);
      if (a.length == 0) {
        return Double.NaN;
      }
      return a[Math.min(a.length - 1, (int) Math.ceil(p / 100.0 * a.length) - 1)];
    }

    synchronized int count() {
      return latencies.size();
    }
  }

  private final HttpClient http;
  private final String baseUrl;
  private final String authorization;
  private final ExecutorService executor;

  OpenLoopLoad(String baseUrl, String authorization) {
    this.executor = Executors.newFixedThreadPool(4);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();
    this.baseUrl = baseUrl;
    this.authorization = authorization;
  }

  /**
   * Sends {@code rate} requests per second for {@code duration}; the first {@code warmUp} of them
   * are sent the same way but not counted.
   */
  Map<String, Stats> run(double rate, Duration warmUp, Duration duration, IntFunction<Call> calls)
      throws InterruptedException {
    int warm = (int) (rate * warmUp.toMillis() / 1000.0);
    int total = warm + (int) (rate * duration.toMillis() / 1000.0);
    Map<String, Stats> stats = new java.util.concurrent.ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(total);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    double intervalNanos = 1e9 / rate;
    for (int i = 0; i < total; i++) {
      long due = start + (long) (i * intervalNanos);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      Call call = calls.apply(i);
      boolean counted = i >= warm;
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + call.path()))
              .header("Authorization", authorization)
              .timeout(Duration.ofSeconds(10))
              .GET()
              .build();
      http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
          .whenComplete(
              (response, failure) -> {
                double ms = (System.nanoTime() - due) / 1e6;
                String error =
                    failure != null
                        ? (failure.getCause() != null ? failure.getCause() : failure).toString()
                        : response.statusCode() != 200 ? "HTTP " + response.statusCode() : null;
                if (counted) {
                  stats.computeIfAbsent(call.endpoint(), k -> new Stats()).add(ms, error);
                }
                done.countDown();
              });
    }
    done.await(60, TimeUnit.SECONDS);
    return stats;
  }

  void close() {
    executor.shutdownNow();
  }
}
