package io.truelift.devstack;

import io.truelift.sql.FeedLoader;
import io.truelift.sql.Migrations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Brings up the whole TrueLift system on one machine: infrastructure first (H2, a Kafka KRaft
 * broker, the Temporal service), then the schema, the simulator's history, and the API, worker,
 * pipeline and simulator processes. {@link #close()} stops everything it started, newest first.
 */
public final class DevStack implements AutoCloseable {
  static final List<String> TOPICS =
      List.of(
          "shopping-events",
          "market_events",
          "windowed_stats",
          "cannibalization-alerts",
          "user-actions",
          "dead-letters");

  static final String API_PROMOTIONS_GROUP = "truelift-api-promotions";

  private final StackConfig config;
  private final List<ManagedProcess> processes = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Launch> launches = new java.util.concurrent.ConcurrentHashMap<>();
  private final DemoUsers users = DemoUsers.fromEnvironment();

  private DevStack(StackConfig config) {
    this.config = config;
  }

  /** Starts every component; on any failure stops what was started and rethrows. */
  public static DevStack start(StackConfig config) throws Exception {
    DevStack stack = new DevStack(config);
    try {
      stack.startAll();
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  public StackConfig config() {
    return config;
  }

  public String apiUrl() {
    return "http://localhost:" + config.httpPort();
  }

  public List<ManagedProcess> processes() {
    return List.copyOf(processes);
  }

  private void startAll() throws Exception {
    Files.createDirectories(config.logDir());
    String infraClasspath = ModuleClasspath.of(config.home(), "devstack");
    checkPortsFree();

    if (config.externalJdbcUrl() == null) {
      Path h2Dir = config.workDir().resolve("h2");
      Files.createDirectories(h2Dir);
      launch(
          "h2",
          infraClasspath,
          List.of("-Xmx256m"),
          "org.h2.tools.Server",
          List.of(
              "-tcp", "-tcpPort", String.valueOf(config.h2Port()), "-ifNotExists",
              "-baseDir", h2Dir.toAbsolutePath().toString()));
      awaitPort("H2", config.h2Port(), Duration.ofSeconds(30));
    }
    if (config.externalKafka() == null) {
      startKafkaBroker(infraClasspath);
    }
    createTopics();
    if (config.externalTemporal() == null) {
      launch(
          "temporal",
          infraClasspath,
          List.of("-Xmx512m"),
          "io.temporal.testserver.TestServer",
          List.of(String.valueOf(config.temporalPort())));
      awaitPort("Temporal", config.temporalPort(), Duration.ofSeconds(60));
    }

    log("Applying database migrations to " + redact(config.jdbcUrl()));
    Migrations.migrate(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
    if (config.infraOnly()) {
      return;
    }
    if (config.scenario() != null) {
      loadCatalogFeed();
    }

    startApi();
    startWorker();
    if (config.scenario() != null) {
      startPipeline();
      awaitApi();
      startSimulator(
          List.of(
              "--scenario", config.scenario(),
              "--seed", String.valueOf(config.seed()),
              "--time-compression", String.valueOf(config.timeCompression()),
              "--truth", config.workDir().resolve("ground-truth.json").toAbsolutePath().toString()));
    } else {
      awaitApi();
    }
  }

  /**
   * Loads the simulated retailer's catalog and promotion schedule into {@code product} and {@code
   * promotion}, as a deployment loads its retailer's feed: the simulator exports them ({@code --mode
   * feed}, the scenario's promotions with their status at its start) and {@link FeedLoader} upserts
   * them, so a re-run resets them to the start the simulator restarts from. The API then follows
   * the scheduled starts and ends on {@code market_events}.
   */
  private void loadCatalogFeed() throws Exception {
    Path feed = config.workDir().resolve("feed");
    runToCompletion(
        "simulator-feed", "simulator", "io.truelift.simulator.SimulatorMain",
        List.of("--mode", "feed", "--scenario", config.scenario(), "--out", feed.toAbsolutePath().toString()),
        Duration.ofMinutes(2));
    FeedLoader.Result r =
        FeedLoader.load(feed, config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), java.time.Instant.now());
    log("Loaded the catalog feed: %d products, %d scheduled promotions".formatted(r.products(), r.promotions()));
    startPromotionEventsAtTheEnd();
  }

  /**
   * The API's market_events consumer group (api's {@code MarketEventConsumer.GROUP}) continues from
   * the topic's end: the feed is the snapshot as of now, and the events of earlier runs (kept by
   * the broker) name the same promotions the simulator now starts again.
   */
  private void startPromotionEventsAtTheEnd() throws Exception {
    Properties p = new Properties();
    p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    try (Admin admin = Admin.create(p)) {
      var partitions =
          admin.describeTopics(List.of("market_events")).allTopicNames().get().get("market_events").partitions();
      Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
      partitions.forEach(tp -> latest.put(new TopicPartition("market_events", tp.partition()), OffsetSpec.latest()));
      Map<TopicPartition, OffsetAndMetadata> ends = new LinkedHashMap<>();
      admin.listOffsets(latest).all().get().forEach((tp, o) -> ends.put(tp, new OffsetAndMetadata(o.offset())));
      try {
        admin.alterConsumerGroupOffsets(API_PROMOTIONS_GROUP, ends).all().get();
      } catch (java.util.concurrent.ExecutionException e) {
        // An API of another stack on the same broker is in the group: it keeps its position.
        log("Left " + API_PROMOTIONS_GROUP + " where it is: " + e.getCause());
      }
    }
  }

  /** Starts the API (port {@link StackConfig#httpPort()}); {@link #awaitApi()} waits for it. */
  public ManagedProcess startApi() throws IOException {
    return startApi(Map.of());
  }

  /** Starts the API with some variables changed (e.g. {@code TEMPORAL_ADDRESS} through a proxy). */
  public ManagedProcess startApi(Map<String, String> envOverrides) throws IOException {
    Ports.requireFree("the API", config.httpPort());
    Ports.requireFree("the API admin port", config.adminPort());
    Map<String, String> env = appEnvironment();
    env.put("TRUELIFT_USERS", users.spec());
    // The what-if reads the history the pipeline is given (written at start; the API waits for
    // it) and picks up the model the stack trains within seconds.
    env.put("TRUELIFT_HISTORY_FILE", historyFile().toAbsolutePath().toString());
    env.put("TRUELIFT_MODEL_POLL_INTERVAL", "5s");
    env.putAll(envOverrides);
    return launch(
        "api",
        ModuleClasspath.of(config.home(), "api"),
        List.of("-Xmx512m"),
        "io.truelift.api.TrueLiftApplication",
        List.of("server", config.home().resolve("api/config.yml").toString()),
        env);
  }

  private Path historyFile() {
    return config.workDir().resolve("history-seed" + config.seed() + ".jsonl");
  }

  private Map<String, String> withOverrides(Map<String, String> overrides) {
    Map<String, String> env = appEnvironment();
    env.putAll(overrides);
    return env;
  }

  /**
   * Waits until the API serves {@code /api/stats}: 200, or 401 when it is up but the credentials
   * are not the demo users'.
   */
  public void awaitApi() throws Exception {
    awaitHttp("API", apiUrl() + "/api/stats", Duration.ofSeconds(90));
  }

  /** The API's users (the demo users unless TRUELIFT_USERS is set). */
  public DemoUsers users() {
    return users;
  }

  /** Starts the Temporal worker with the alert router. */
  public ManagedProcess startWorker() throws IOException {
    return startWorker(Map.of());
  }

  /** Starts the worker with some variables changed (e.g. the database URL through a proxy). */
  public ManagedProcess startWorker(Map<String, String> envOverrides) throws IOException {
    Map<String, String> env = appEnvironment();
    // Retraining trains real challengers into the models directory the pipeline loads from, on
    // windowed_sales or else the simulator's history (written when the pipeline starts), on
    // the data's clock: the simulated sales are in December 2025 / January 2026. The paths are
    // the ones startPipeline writes the history to and trainBaseline saves the first model in.
    Path work = config.workDir().toAbsolutePath();
    env.put("TRUELIFT_MODEL_DIR", work.resolve("models").toString());
    env.put(
        "TRUELIFT_TRAINING_HISTORY", work.resolve("history-seed" + config.seed() + ".jsonl").toString());
    env.put("TRUELIFT_TRAINING_CLOCK", "data");
    env.putAll(envOverrides);
    return launch(
        "worker",
        ModuleClasspath.of(config.home(), "workflows"),
        List.of("-Xmx384m"),
        "io.truelift.workflows.TrueLiftWorker",
        List.of(),
        env);
  }

  /** Writes (or reuses) the simulator's history, then starts the streaming pipeline. */
  public ManagedProcess startPipeline() throws Exception {
    return startPipeline(List.of());
  }

  /**
   * Writes (or reuses) the simulator's history, trains the baseline, then starts the streaming
   * pipeline on the runner {@link #pipelineRunnerArgs} chooses, with the database sinks on the
   * stack's database; {@code extraArgs} (pipeline options) come last and win.
   */
  public ManagedProcess startPipeline(List<String> extraArgs) throws Exception {
    Map<String, String> env = appEnvironment();
    Path history = writeHistory(env);
    trainBaseline(history, env);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrapServers=" + config.kafkaBootstrap(),
                "--historyFile=" + history.toAbsolutePath(),
                "--modelRegistryUrl=" + config.jdbcUrl(),
                "--modelRegistryUser=" + config.jdbcUser(),
                "--modelRegistryPassword=" + config.jdbcPassword(),
                "--jdbcUrl=" + config.jdbcUrl(),
                "--jdbcUser=" + config.jdbcUser(),
                "--jdbcPassword=" + config.jdbcPassword()));
    args.addAll(pipelineRunnerArgs(System.getenv()));
    args.addAll(extraArgs);
    return launch(
        "pipeline",
        ModuleClasspath.of(config.home(), "beam-pipelines"),
        List.of("-Xmx1536m"),
        "io.truelift.pipelines.CannibalizationPipeline",
        args,
        env);
  }

  /**
   * The pipeline's runner: Flink in embedded {@code [local]} mode by default (several times
   * faster and lighter than the DirectRunner), {@code TRUELIFT_PIPELINE_RUNNER=direct} for the
   * DirectRunner. Parallelism 1: on a 2-core machine one Flink pipeline thread did more than two
   * (95,102 vs 68,709 events/s, {@code ./truelift bench pipeline}, docs/SCALING.md), and the
   * stack's other processes share those cores.
   */
  static List<String> pipelineRunnerArgs(Map<String, String> env) {
    String runner = env.getOrDefault("TRUELIFT_PIPELINE_RUNNER", "flink").trim().toLowerCase(java.util.Locale.ROOT);
    return switch (runner) {
      case "flink", "" ->
          List.of(
              "--runner=FlinkRunner", "--flinkMaster=[local]", "--streaming=true", "--parallelism=1",
              // No DoFn mutates its input: chained steps may hand objects on without a copy.
              "--objectReuse=true");
      case "direct" -> List.of("--runner=DirectRunner");
      default ->
          throw new IllegalArgumentException(
              "TRUELIFT_PIPELINE_RUNNER must be flink or direct, got \"" + runner + "\"");
    };
  }

  /** Starts the simulator on Kafka with {@code options} (scenario, seed, duration, ...). */
  public ManagedProcess startSimulator(List<String> options) throws IOException {
    List<String> args = new ArrayList<>(List.of("--sink", "kafka", "--bootstrap-servers", config.kafkaBootstrap()));
    args.addAll(options);
    return launch(
        "simulator",
        ModuleClasspath.of(config.home(), "simulator"),
        List.of("-Xmx384m"),
        "io.truelift.simulator.SimulatorMain",
        args,
        appEnvironment());
  }

  /**
   * Runs a module's main class to completion (e.g. the simulator writing a reference file) and
   * fails with its log tail unless it exits 0.
   */
  public void runToCompletion(String name, String module, String mainClass, List<String> args, Duration timeout)
      throws Exception {
    ManagedProcess job =
        launch(name, ModuleClasspath.of(config.home(), module), List.of("-Xmx384m"), mainClass, args, appEnvironment());
    int exit = job.waitFor(timeout);
    processes.remove(job);
    if (exit != 0) {
      throw new IllegalStateException(name + " failed with exit code " + exit + ":\n" + job.tail(30));
    }
  }

  /** The running process called {@code name}, e.g. {@code kafka}, {@code api}. */
  public ManagedProcess process(String name) {
    synchronized (processes) {
      for (int i = processes.size() - 1; i >= 0; i--) {
        if (processes.get(i).name().equals(name)) {
          return processes.get(i);
        }
      }
    }
    throw new IllegalArgumentException("No process " + name + " in " + processes());
  }

  /**
   * Fault injection: ends the process {@code name} ({@code forcibly}: SIGKILL, as a crash; else
   * SIGTERM, as an orderly stop) and forgets it, so {@link #checkAlive()} does not report it.
   */
  public void stop(String name, boolean forcibly) {
    ManagedProcess p = process(name);
    if (forcibly) {
      p.kill();
    } else {
      p.close();
    }
    processes.remove(p);
    log((forcibly ? "Killed " : "Stopped ") + name + " (pid " + p.pid() + ")");
  }

  /**
   * Starts a stopped process again exactly as it was first started (same command, environment,
   * data directory and log, which it appends to), and waits for its port where it has one.
   */
  public ManagedProcess restart(String name) throws Exception {
    Launch l = launches.get(name);
    if (l == null) {
      throw new IllegalArgumentException("Nothing called " + name + " was started");
    }
    for (ManagedProcess p : processes()) {
      if (p.name().equals(name)) {
        throw new IllegalStateException(name + " is still running; stop it first");
      }
    }
    ManagedProcess p =
        ManagedProcess.startJava(
            l.name(), l.classpath(), l.jvmArgs(), l.mainClass(), l.args(), l.env(), config.logDir(), true);
    processes.add(p);
    log("Restarted %-15s pid %-7d log %s".formatted(name, p.pid(), p.log()));
    switch (name) {
      case "kafka" -> awaitPort("Kafka", config.kafkaPort(), Duration.ofSeconds(90));
      case "h2" -> awaitPort("H2", config.h2Port(), Duration.ofSeconds(30));
      case "temporal" -> awaitPort("Temporal", config.temporalPort(), Duration.ofSeconds(60));
      case "api" -> awaitApi();
      default -> {}
    }
    return p;
  }

  /** How a process was started, so that {@link #restart} can start it the same way. */
  private record Launch(
      String name,
      String classpath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Map<String, String> env) {}

  /** The simulator's no-promotion history, from which the pipeline learns its baseline. */
  private Path writeHistory(Map<String, String> env) throws Exception {
    Path history = historyFile();
    if (Files.exists(history) && Files.size(history) > 0) {
      return history;
    }
    log("Writing 28 days of simulated sales history to " + history);
    Path partial = config.workDir().resolve("history.partial.jsonl");
    ManagedProcess job =
        launch(
            "simulator-history",
            ModuleClasspath.of(config.home(), "simulator"),
            List.of("-Xmx384m"),
            "io.truelift.simulator.SimulatorMain",
            List.of(
                "--mode", "history",
                "--days", "28",
                "--seed", String.valueOf(config.seed()),
                "--out", partial.toAbsolutePath().toString()),
            env);
    int exit = job.waitFor(Duration.ofMinutes(5));
    processes.remove(job);
    if (exit != 0) {
      throw new IllegalStateException(
          "Simulator history job failed with exit code " + exit + ":\n" + job.tail(30));
    }
    Files.move(partial, history);
    return history;
  }

  /**
   * Trains the XGBoost baseline on the history, registers it in {@code model_version} and
   * activates it (a few seconds); the pipeline then loads the active version from the registry.
   */
  private void trainBaseline(Path history, Map<String, String> env) throws Exception {
    log("Training the baseline model on " + history.getFileName());
    ManagedProcess job =
        launch(
            "train-baseline",
            ModuleClasspath.of(config.home(), "beam-pipelines"),
            List.of("-Xmx768m"),
            "io.truelift.pipelines.training.TrainBaseline",
            List.of(
                "--history=" + history.toAbsolutePath(),
                "--registryUrl=" + config.jdbcUrl(),
                "--registryUser=" + config.jdbcUser(),
                "--registryPassword=" + config.jdbcPassword(),
                "--artifactDir=" + config.workDir().resolve("models").toAbsolutePath(),
                "--activate=true"),
            env);
    int exit = job.waitFor(Duration.ofMinutes(5));
    processes.remove(job);
    if (exit != 0) {
      throw new IllegalStateException("Baseline training failed with exit code " + exit + ":\n" + job.tail(30));
    }
    log(job.tail(3).replace("\n", " | "));
  }

  private void startKafkaBroker(String classpath) throws Exception {
    Path dataDir = config.workDir().resolve("kafka");
    Path props = config.workDir().resolve("kafka-server.properties");
    Files.createDirectories(dataDir);
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@localhost:" + config.kafkaControllerPort());
    p.setProperty(
        "listeners",
        "PLAINTEXT://localhost:%d,CONTROLLER://localhost:%d"
            .formatted(config.kafkaPort(), config.kafkaControllerPort()));
    p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + config.kafkaPort());
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", dataDir.toAbsolutePath().toString());
    p.setProperty("num.partitions", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    // A single local broker: no reason to delay the first consumer-group rebalance.
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "true");
    // Simulated and replayed events carry event-time timestamps far from the wall clock: keep
    // them (time-based retention would delete them at its first check) and accept them.
    p.setProperty("log.retention.ms", "-1");
    p.setProperty("log.message.timestamp.before.max.ms", String.valueOf(Long.MAX_VALUE));
    p.setProperty("log.message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE));
    try (var out = Files.newOutputStream(props)) {
      p.store(out, "Written by the TrueLift devstack");
    }
    if (!Files.exists(dataDir.resolve("meta.properties"))) {
      ManagedProcess format =
          launch(
              "kafka-format",
              classpath,
              List.of("-Xmx256m"),
              "kafka.tools.StorageTool",
              List.of(
                  "format", "--ignore-formatted",
                  "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                  "-c", props.toAbsolutePath().toString()));
      int exit = format.waitFor(Duration.ofMinutes(2));
      processes.remove(format);
      if (exit != 0) {
        throw new IllegalStateException("Kafka storage format failed:\n" + format.tail(30));
      }
    }
    launch(
        "kafka",
        classpath,
        List.of("-Xmx768m", "-Dlog4j2.level=WARN"),
        "kafka.Kafka",
        List.of(props.toAbsolutePath().toString()));
    awaitPort("Kafka", config.kafkaPort(), Duration.ofSeconds(90));
  }

  private void createTopics() throws Exception {
    Properties p = new Properties();
    p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    p.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
    try (Admin admin = Admin.create(p)) {
      for (String topic : TOPICS) {
        try {
          admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
    log("Kafka topics ready at " + config.kafkaBootstrap() + ": " + TOPICS);
  }

  private Map<String, String> appEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", config.kafkaBootstrap());
    env.put("TEMPORAL_ADDRESS", config.temporalAddress());
    env.put("TEMPORAL_NAMESPACE", config.temporalNamespace());
    env.put("TRUELIFT_JDBC_URL", config.jdbcUrl());
    env.put("TRUELIFT_JDBC_USER", config.jdbcUser());
    env.put("TRUELIFT_JDBC_PASSWORD", config.jdbcPassword());
    env.put("TRUELIFT_HTTP_PORT", String.valueOf(config.httpPort()));
    env.put("TRUELIFT_ADMIN_PORT", String.valueOf(config.adminPort()));
    return env;
  }

  private void checkPortsFree() {
    if (config.externalJdbcUrl() == null) {
      Ports.requireFree("H2", config.h2Port());
    }
    if (config.externalKafka() == null) {
      Ports.requireFree("Kafka", config.kafkaPort());
      Ports.requireFree("the Kafka controller", config.kafkaControllerPort());
    }
    if (config.externalTemporal() == null) {
      Ports.requireFree("Temporal", config.temporalPort());
    }
    if (!config.infraOnly()) {
      Ports.requireFree("the API", config.httpPort());
      Ports.requireFree("the API admin port", config.adminPort());
    }
  }

  private ManagedProcess launch(
      String name, String classpath, List<String> jvmArgs, String mainClass, List<String> args)
      throws IOException {
    return launch(name, classpath, jvmArgs, mainClass, args, Map.of());
  }

  private ManagedProcess launch(
      String name,
      String classpath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Map<String, String> env)
      throws IOException {
    ManagedProcess p =
        ManagedProcess.startJava(name, classpath, jvmArgs, mainClass, args, env, config.logDir());
    processes.add(p);
    launches.put(name, new Launch(name, classpath, List.copyOf(jvmArgs), mainClass, List.copyOf(args), Map.copyOf(env)));
    log("Started %-17s pid %-7d log %s".formatted(name, p.pid(), p.log()));
    return p;
  }

  private void awaitPort(String what, int port, Duration timeout) throws InterruptedException {
    Ports.awaitListening(what, port, timeout, this::diagnostics);
  }

  private void awaitHttp(String what, String url, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      checkAlive();
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (users.isDemo()) {
          request.header("Authorization", users.basic("viewer"));
        }
        HttpResponse<Void> r = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200 || (r.statusCode() == 401 && !users.isDemo())) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(what + " did not answer " + url + " within " + timeout + diagnostics());
  }

  /** Fails with the dead process's log tail if any long-running component has exited. */
  public void checkAlive() {
    for (ManagedProcess p : processes()) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "%s exited unexpectedly; last lines of %s:%n%s".formatted(p.name(), p.log(), p.tail(40)));
      }
    }
  }

  private String diagnostics() {
    StringBuilder sb = new StringBuilder();
    for (ManagedProcess p : processes()) {
      if (!p.isAlive()) {
        sb.append("\n").append(p.name()).append(" exited; last lines:\n").append(p.tail(30));
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    List<ManagedProcess> reversed = new ArrayList<>(processes());
    Collections.reverse(reversed);
    for (ManagedProcess p : reversed) {
      p.close();
      log("Stopped " + p.name());
    }
    processes.clear();
  }

  static String redact(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)password=[^;&]*", "password=***");
  }

  static void log(String message) {
    System.out.println("[devstack] " + message);
  }
}
