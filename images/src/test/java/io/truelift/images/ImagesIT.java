package io.truelift.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each image's filesystem, laid out by images/assemble.sh exactly as its Dockerfile's build stage
 * does (only the root differs), and its entrypoint run from there: the API validates its
 * configuration, the simulator and the pipeline (launcher and Flink layouts) answer --help, and the
 * worker starts against a real Temporal service and answers its health probes.
 */
class ImagesIT {
  static final Path HOME = DockerfilesTest.HOME;
  static final Path WORK = Path.of(System.getProperty("images.work", "target/assembled")).toAbsolutePath();
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  record Run(int exit, String output) {}

  static Run run(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
    Files.createDirectories(WORK);
    Path log = Files.createTempFile(WORK, "run", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish within " + timeout + ":\n" + Files.readString(log));
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** Lays out {@code module} under {@code target/assembled/<name>} with the images' script. */
  static Path assemble(String module, String name, String... flags) throws Exception {
    Path dest = WORK.resolve(name);
    List<String> cmd = new ArrayList<>(List.of("bash", "images/assemble.sh", module, dest.toString()));
    cmd.addAll(List.of(flags));
    Run r = run(cmd, Map.of(), Duration.ofMinutes(2));
    assertThat(r.exit()).as(r.output()).isZero();
    return dest;
  }

  @Test
  void apiImageLayoutValidatesTheConfigurationTheImageCarries() throws Exception {
    Path app = assemble("api", "api");
    // The image runs `server /app/config.yml`; /app/config.yml is api/config.yml (COPY).
    Run r = run(List.of(JAVA, "@" + app.resolve("jvm.args"), "io.truelift.api.TrueLiftApplication", "check", "api/config.yml"), Map.of(), Duration.ofMinutes(1));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("Configuration is OK");
    try (var jars = Files.list(app.resolve("lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("\\d{3}-truelift-ui-.*\\.jar"));
    }
  }

  @Test
  void simulatorImageLayoutRuns() throws Exception {
    Path app = assemble("simulator", "simulator");
    Run r = run(List.of(JAVA, "@" + app.resolve("jvm.args"), "io.truelift.simulator.SimulatorMain", "--help"), Map.of(), Duration.ofMinutes(1));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("usage: SimulatorMain");
  }

  @Test
  void pipelineLauncherAndFlinkLayoutsRun() throws Exception {
    String help = "--help=io.truelift.pipelines.options.CannibalizationOptions";
    Path app = assemble("beam-pipelines", "pipeline");
    Run launcher = run(List.of(JAVA, "@" + app.resolve("jvm.args"), "io.truelift.pipelines.CannibalizationPipeline", help), Map.of(), Duration.ofMinutes(1));
    assertThat(launcher.exit()).as(launcher.output()).isZero();
    assertThat(launcher.output()).contains("--historyFile");
    // The chart's catalog-feed Job runs FeedLoader from this layout: it must be on the classpath.
    Run feed = run(List.of(JAVA, "@" + app.resolve("jvm.args"), "io.truelift.sql.FeedLoader"), Map.of(), Duration.ofMinutes(1));
    assertThat(feed.exit()).as(feed.output()).isEqualTo(2);
    assertThat(feed.output()).contains("usage: FeedLoader");

    // Flink puts every jar of usrlib/ on the user classpath; the jarURI names the module's jar.
    Path flink = assemble("beam-pipelines", "pipeline-flink", "--flink");
    assertThat(flink.resolve("usrlib/truelift-beam-pipelines.jar")).exists();
    Run onFlinkLayout = run(List.of(JAVA, "-cp", flink.resolve("usrlib") + "/*", "io.truelift.pipelines.CannibalizationPipeline", help), Map.of(), Duration.ofMinutes(1));
    assertThat(onFlinkLayout.exit()).as(onFlinkLayout.output()).isZero();
    assertThat(onFlinkLayout.output()).contains("--historyFile");
  }

  @Test
  void workerImageLayoutStartsAndAnswersItsProbes() throws Exception {
    Path app = assemble("workflows", "worker");
    int temporalPort = freePort();
    int healthPort = freePort();
    String temporalCp =
        HOME.resolve("devstack/target/classes") + ":" + Files.readString(HOME.resolve("devstack/target/classpath.txt")).strip();
    Process temporal =
        new ProcessBuilder(JAVA, "-Xmx256m", "-cp", temporalCp, "io.temporal.testserver.TestServer", String.valueOf(temporalPort))
            .redirectErrorStream(true)
            .redirectOutput(WORK.resolve("temporal.log").toFile())
            .start();
    Process worker = null;
    try {
      awaitPort(temporalPort, Duration.ofSeconds(60));
      ProcessBuilder pb =
          new ProcessBuilder(JAVA, "@" + app.resolve("jvm.args"), "io.truelift.workflows.TrueLiftWorker")
              .redirectErrorStream(true)
              .redirectOutput(WORK.resolve("worker.log").toFile());
      pb.environment()
          .putAll(
              Map.of(
                  "TRUELIFT_WORKER_HEALTH_PORT", String.valueOf(healthPort),
                  "TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort,
                  "TRUELIFT_JDBC_URL", "jdbc:h2:mem:images;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                  // No broker: the router retries, which does not make the worker unhealthy.
                  "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + freePort()));
      worker = pb.start();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String base = "http://127.0.0.1:" + healthPort + "/healthz/";
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      int live = 0;
      while (live != 200 && System.nanoTime() < deadline) {
        assertThat(worker.isAlive()).as("worker running; log:\n%s", Files.readString(WORK.resolve("worker.log"))).isTrue();
        try {
          live = http.send(HttpRequest.newBuilder(URI.create(base + "live")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
          Thread.sleep(500);
        }
      }
      assertThat(live).as("/healthz/live; log:\n%s", Files.readString(WORK.resolve("worker.log"))).isEqualTo(200);
      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "ready")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    } finally {
      if (worker != null) {
        worker.destroy();
        if (!worker.waitFor(30, TimeUnit.SECONDS)) {
          worker.destroyForcibly();
        }
      }
      temporal.destroyForcibly();
      temporal.waitFor(15, TimeUnit.SECONDS);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void awaitPort(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(250);
      }
    }
    throw new AssertionError("nothing listened on " + port + " within " + timeout);
  }
}
