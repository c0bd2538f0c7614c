package io.truelift.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's browser test ({@code ui/browser-tests/dashboard.e2e.mjs}: Debian's headless
 * Chromium driven by playwright-core) run as a child process against a running stack. It reports
 * each finished step as a line {@code E2E {"step": ...}}; {@link #awaitStep} waits for one, and
 * {@link #release} lets it pass a gate (it waits before acting until the caller is ready to
 * observe the effect). Its output goes to {@code browser.log} beside the screenshots.
 */
final class DashboardBrowser implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STEP_PREFIX = "E2E ";
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private final Process process;
  private final Writer stdin;
  private final Path screenshots;
  private final Map<String, JsonNode> steps = new ConcurrentHashMap<>();
  private final Deque<String> tail = new ArrayDeque<>();
  private final Thread reader;

  private DashboardBrowser(Process process, Path screenshots, Path log) {
    this.process = process;
    this.screenshots = screenshots;
    this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.reader = new Thread(() -> read(log), "dashboard-browser-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the browser test against {@code baseUrl}, expecting an alert for {@code promotionId} to
   * arrive while the page is open; screenshots (and {@code browser.log}) go to {@code screenshots}.
   */
  static DashboardBrowser start(Path home, String baseUrl, Path screenshots, String promotionId)
      throws IOException {
    Path ui = home.resolve("ui");
    Path script = ui.resolve("browser-tests/dashboard.e2e.mjs");
    if (!Files.isDirectory(ui.resolve("node_modules/playwright-core"))) {
      throw new IllegalStateException(
          "ui/node_modules/playwright-core is missing: build the ui module first (its npm ci installs it)");
    }
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(
          CHROMIUM + " is missing: apt-get install chromium chromium-driver (.ci/run does)");
    }
    Files.createDirectories(screenshots);
    List<String> command =
        List.of(
            "node", script.toString(),
            "--base-url", baseUrl,
            "--promotion", promotionId,
            "--screenshots", screenshots.toAbsolutePath().toString(),
            "--chromium", CHROMIUM.toString(),
            "--gated");
    Process process = new ProcessBuilder(command).directory(ui.toFile()).redirectErrorStream(true).start();
    return new DashboardBrowser(process, screenshots, screenshots.resolve("browser.log"));
  }

  private void read(Path log) {
    try (BufferedReader out =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        file.write(line + System.lineSeparator());
        file.flush();
        System.out.println("[browser] " + line);
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > 40) {
            tail.removeFirst();
          }
        }
        if (line.startsWith(STEP_PREFIX)) {
          try {
            JsonNode step = JSON.readTree(line.substring(STEP_PREFIX.length()));
            steps.put(step.path("step").asText(), step);
          } catch (IOException notJson) {
            // Shown in the tail when a step is missed; the reader goes on.
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The step's report once the browser test has finished it; fails if the test fails first. */
  JsonNode awaitStep(String step, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode done = steps.get(step);
      if (done != null) {
        return done;
      }
      if (!process.isAlive()) {
        reader.join(5_000);
        done = steps.get(step);
        if (done != null) {
          return done;
        }
        throw new AssertionError(
            "The browser test exited with code %d before step %s:%n%s"
                .formatted(process.exitValue(), step, tail()));
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "The browser test did not finish step %s within %s:%n%s".formatted(step, timeout, tail()));
  }

  /** Lets the browser test pass its gate {@code name} (it prints {@code waiting-<name>} there). */
  void release(String gate) throws IOException {
    if (!process.isAlive()) {
      throw new AssertionError("The browser test ended before gate %s:%n%s".formatted(gate, tail()));
    }
    stdin.write("go " + gate + "\n");
    stdin.flush();
  }

  /** Waits for the test to end and fails unless it passed. */
  void awaitSuccess(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("The browser test did not end within %s:%n%s".formatted(timeout, tail()));
    }
    reader.join(5_000);
    if (process.exitValue() != 0) {
      throw new AssertionError(
          "The browser test failed with exit code %d:%n%s".formatted(process.exitValue(), tail()));
    }
  }

  /** The screenshots the test reported in its last step ({@code done}). */
  List<Path> screenshots() {
    List<Path> out = new ArrayList<>();
    JsonNode done = steps.get("done");
    if (done != null) {
      done.get("screenshots").forEach(p -> out.add(Path.of(p.asText())));
    }
    return out;
  }

  Path screenshotDir() {
    return screenshots;
  }

  private String tail() {
    synchronized (tail) {
      return String.join(System.lineSeparator(), tail);
    }
  }

  /** Ends the test and its Chromium if still running (e.g. after an earlier step failed). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
