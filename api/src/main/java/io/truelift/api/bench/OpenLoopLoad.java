package io.truelift.api.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop load generator free of coordinated omission: request i is due at {@code start + i /
 * rate} whatever happened to earlier ones, waits in a queue for the next free keep-alive
 * connection, and its latency is measured from the time it was due, so a stalled server shows up
 * as latency, not as fewer requests.
 *
 * <p>It speaks plain HTTP/1.1 on blocking sockets, one request at a time per connection, and reads
 * the response's status and body (Content-Length or chunked) without parsing it: the JDK's
 * HttpClient cost the generator several times the server's CPU per request on this two-core
 * machine, which then measured itself more than the API.
 */
final class OpenLoopLoad implements AutoCloseable {
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

  private record Job(Call call, long dueNanos, boolean counted, Map<String, Stats> stats, CountDownLatch done) {}

  private static final Job STOP = new Job(null, 0, false, null, null);
  static final int TIMEOUT_MILLIS = 10_000;

  private final String host;
  private final int port;
  private final String authorization;
  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final List<Thread> connections = new ArrayList<>();

  OpenLoopLoad(String baseUrl, String authorization) {
    this(baseUrl, authorization, 64);
  }

  /** {@code connections} keep-alive connections, each sending the next due request when free. */
  OpenLoopLoad(String baseUrl, String authorization, int connections) {
    URI uri = URI.create(baseUrl);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.authorization = authorization;
    for (int i = 0; i < connections; i++) {
      Thread t = new Thread(this::connectionLoop, "load-" + i);
      t.setDaemon(true);
      t.start();
      this.connections.add(t);
    }
  }

  /**
   * Sends {@code rate} requests per second for {@code warmUp + duration}; those of the warm-up are
   * sent the same way but not counted.
   */
  Map<String, Stats> run(double rate, java.time.Duration warmUp, java.time.Duration duration, IntFunction<Call> calls)
      throws InterruptedException {
    int warm = (int) (rate * warmUp.toMillis() / 1000.0);
    int total = warm + (int) (rate * duration.toMillis() / 1000.0);
    Map<String, Stats> stats = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(total);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    double intervalNanos = 1e9 / rate;
    for (int i = 0; i < total; i++) {
      long due = start + (long) (i * intervalNanos);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      queue.add(new Job(calls.apply(i), due, i >= warm, stats, done));
    }
    if (!done.await(60, TimeUnit.SECONDS)) {
      queue.clear();
    }
    return stats;
  }

  /** One keep-alive connection with its buffered input (which may hold read-ahead bytes). */
  private record Connection(Socket socket, InputStream in, OutputStream out) {}

  private Connection connect() throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
    return new Connection(socket, new BufferedInputStream(socket.getInputStream(), 65536), socket.getOutputStream());
  }

  private void connectionLoop() {
    Connection connection = null;
    try {
      while (true) {
        Job job = queue.take();
        if (job == STOP) {
          return;
        }
        String error;
        try {
          if (connection == null) {
            connection = connect();
          }
          Response r = exchange(connection, job.call().path());
          error = r.status() == 200 ? null : "HTTP " + r.status();
          if (!r.keepAlive()) {
            closeQuietly(connection);
            connection = null;
          }
        } catch (IOException e) {
          error = e instanceof SocketTimeoutException ? "timeout" : e.getClass().getSimpleName();
          closeQuietly(connection);
          connection = null;
        }
        if (job.counted()) {
          double ms = (System.nanoTime() - job.dueNanos()) / 1e6;
          job.stats().computeIfAbsent(job.call().endpoint(), k -> new Stats()).add(ms, error);
        }
        job.done().countDown();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(connection);
    }
  }

  private record Response(int status, boolean keepAlive) {}

  private Response exchange(Connection c, String path) throws IOException {
    OutputStream out = c.out();
    out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: " + authorization
            + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = c.in();
    String statusLine = line(in);
    if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean keepAlive = true;
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
        keepAlive = false;
      }
    }
    if (chunked) {
      for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
          size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
        skip(in, size);
        line(in);
      }
      for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
        // trailers: none expected
      }
    } else if (length >= 0) {
      skip(in, length);
    } else {
      keepAlive = false; // body until close
      while (in.read() >= 0) {
        // drain
      }
    }
    return new Response(status, keepAlive);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder(64);
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    if (b.length() == 0) {
      throw new IOException("connection closed");
    }
    return b.toString();
  }

  private static void skip(InputStream in, long n) throws IOException {
    while (n > 0) {
      long skipped = in.skip(n);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed in a body");
        }
        skipped = 1;
      }
      n -= skipped;
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.socket().close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  @Override
  public void close() {
    connections.forEach(t -> queue.add(STOP));
  }
}
