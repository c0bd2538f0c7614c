package io.truelift.workflows.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local fake of Gemini's {@code models/{model}:generateContent} endpoint on 127.0.0.1: answers
 * each request with the next scripted {@link Reply} (the last one repeats) and records what it
 * received. Speaks the public wire format, so the real SDK client runs against it unchanged.
 */
public final class FakeGemini implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One scripted HTTP answer, sent after {@code delayMillis}. */
  public record Reply(int status, String body, long delayMillis) {
    /** A 200 whose single candidate's text is {@code modelText} (the model's JSON answer). */
    public static Reply ok(String modelText) {
      try {
        String body =
            JSON.writeValueAsString(
                Map.of(
                    "candidates",
                    List.of(
                        Map.of(
                            "content",
                            Map.of("role", "model", "parts", List.of(Map.of("text", modelText))),
                            "finishReason",
                            "STOP",
                            "index",
                            0)),
                    "usageMetadata",
                    Map.of("promptTokenCount", 900, "candidatesTokenCount", 300, "totalTokenCount", 1200),
                    "modelVersion",
                    "test-model"));
        return new Reply(200, body, 0);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** A Google API error body, as Gemini sends for 4xx/5xx. */
    public static Reply error(int status, String grpcStatus, String message) {
      return new Reply(
          status,
          "{\"error\":{\"code\":%d,\"message\":\"%s\",\"status\":\"%s\"}}"
              .formatted(status, message, grpcStatus),
          0);
    }

    public Reply delayed(long millis) {
      return new Reply(status, body, millis);
    }
  }

  /** What one request carried. */
  public record Received(String method, String path, String apiKey, String body) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private volatile Reply last = Reply.error(500, "INTERNAL", "no reply scripted");
  private final List<Received> received = new CopyOnWriteArrayList<>();

  public FakeGemini() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public FakeGemini then(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** Forgets the script and what was received (one fake serves a whole test class). */
  public FakeGemini reset() {
    script.clear();
    received.clear();
    last = Reply.error(500, "INTERNAL", "no reply scripted");
    return this;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String key = ex.getRequestHeaders().getFirst("x-goog-api-key");
    received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), key, body));
    Reply r = script.poll();
    if (r == null) {
      r = last;
    } else {
      last = r;
    }
    try {
      Thread.sleep(r.delayMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    try {
      ex.sendResponseHeaders(r.status(), out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    } catch (IOException clientGone) {
      // the client timed out and closed the connection
    } finally {
      ex.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
