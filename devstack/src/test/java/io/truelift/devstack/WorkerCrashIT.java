package io.truelift.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kills the worker process (SIGKILL) while an alert's workflow waits on its measurement timer,
 * lets the timer fire with no worker alive, starts a new worker, and checks that the workflow
 * completes once: one market event on {@code market_events}, one executed action, one
 * evaluation, one feedback row, each notice once. Runs on the devstack's real infrastructure
 * (Kafka KRaft broker, Temporal test server and H2, each its own process) and the real worker
 * ({@code TrueLiftWorker} from {@code workflows/target}); the action is taken the way the API
 * takes it (a REQUESTED row, then the {@code userAction} signal).
 */
class WorkerCrashIT {
  static final Duration MEASUREMENT_WAIT = Duration.ofSeconds(40);
  static final String ALERT_ID = "P-CRASH-e1";
  static final String WORKFLOW_ID = "alert-" + ALERT_ID;
  static final String ACTION_ID = "crash-a1";

  private static DevStack stack;
  private static Path home;
  private static Connection db;
  private static WorkflowServiceStubs service;
  private static WorkflowClient client;
  private static final List<ManagedProcess> workers = new ArrayList<>();

  @BeforeAll
  static void startInfrastructure() throws Exception {
    home = Path.of(System.getProperty("truelift.home", "..")).toAbsolutePath().normalize();
    Path work =
        home.resolve("devstack/target/crash-" + UUID.randomUUID().toString().substring(0, 8));
    Files.createDirectories(work);
    stack =
        DevStack.start(
            new StackConfig(
                home, work, EndToEndIT.freePortOffset(), null, null, "default", null, "sa", "",
                null, 1, 0, true));
    db = DriverManager.getConnection(stack.config().jdbcUrl(), "sa", "");
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(stack.config().temporalAddress())
                .build());
    client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (ManagedProcess w : workers) {
      w.close();
    }
    if (service != null) {
      service.shutdown();
    }
    if (db != null) {
      db.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static ManagedProcess startWorker(String name) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", stack.config().kafkaBootstrap());
    env.put("TEMPORAL_ADDRESS", stack.config().temporalAddress());
    env.put("TEMPORAL_NAMESPACE", "default");
    env.put("TRUELIFT_JDBC_URL", stack.config().jdbcUrl());
    env.put("TRUELIFT_JDBC_USER", "sa");
    env.put("TRUELIFT_JDBC_PASSWORD", "");
    env.put("TRUELIFT_MEASUREMENT_WAIT_SECONDS", String.valueOf(MEASUREMENT_WAIT.toSeconds()));
    env.put("TRUELIFT_EFFECT_WINDOW_SECONDS", "1800");
    env.put("TRUELIFT_EFFECT_BUCKET_SECONDS", "60");
    env.put("TRUELIFT_EFFECT_MIN_BUCKETS", "6");
    env.put("TRUELIFT_RETRAINING_DEBOUNCE_SECONDS", "1");
    // The real XGBoost trainer (no history file: the infrastructure-only stack writes none).
    env.put("TRUELIFT_MODEL_DIR", stack.config().workDir().resolve("models").toString());
    ManagedProcess p =
        ManagedProcess.startJava(
            name,
            ModuleClasspath.of(home, "workflows"),
            List.of("-Xmx384m"),
            "io.truelift.workflows.TrueLiftWorker",
            List.of(),
            env,
            stack.config().logDir());
    workers.add(p);
    await(name + " up", Duration.ofSeconds(90), () -> {
      assertThat(p.isAlive()).as("%s alive; log:%n%s", name, p.tail(40)).isTrue();
      return Files.readString(p.log()).contains("TrueLift worker up");
    });
    return p;
  }

  @Test
  void workflowKilledDuringItsTimerCompletesOnceAfterARestart() throws Exception {
    ManagedProcess first = startWorker("worker");
    exec(
        "INSERT INTO product VALUES ('CR-A', 'Crash A', 'FROZEN', 'FROZEN PIZZA', 599, 250),"
            + " ('CR-B', 'Crash B', 'FROZEN', 'FROZEN PIZZA', 649, 280)");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    exec(
        "INSERT INTO promotion (promotion_id, sku, store_id, promo_price_cents, regular_price_cents,"
            + " starts_at, status, created_by, created_at, updated_at) VALUES ('P-CRASH', 'CR-A',"
            + " 'S1', 399, 599, ?, 'ACTIVE', 'it', ?, ?)",
        ts(t0.minus(Duration.ofHours(3))), ts(t0), ts(t0));
    // 30 minutes of sales before the action, in the promoted store S1 and the untouched S2.
    insertSales(t0.minus(Duration.ofMinutes(30)), 30, 0);

    try (KafkaProducer<String, String> producer = producer()) {
      producer
          .send(new ProducerRecord<>("cannibalization-alerts", ALERT_ID, alertJson(t0)))
          .get(30, TimeUnit.SECONDS);
    }
    await("the alert analysed", Duration.ofSeconds(60), () -> "ANALYSED".equals(status()));

    // The manager stops the promotion, as the API does it: a REQUESTED row, then the signal.
    Instant requested = Instant.now();
    exec(
        "INSERT INTO user_action (action_id, alert_id, action_type, actor, requested_at, status)"
            + " VALUES (?, ?, 'STOP_PROMOTION', 'crash-test', ?, 'REQUESTED')",
        ACTION_ID, ALERT_ID, ts(requested));
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("schemaVersion", 1);
    action.put("actionId", ACTION_ID);
    action.put("alertId", ALERT_ID);
    action.put("type", "STOP_PROMOTION");
    action.put("actor", "crash-test");
    action.put("requestedAt", requested.toString());
    client.newUntypedWorkflowStub(WORKFLOW_ID).signal("userAction", action);

    await("the action executed", Duration.ofSeconds(60), () -> "ACTIONED".equals(status()));
    HistoryEvent timer =
        await(
            "the measurement timer started",
            Duration.ofSeconds(30),
            () ->
                history().stream()
                    .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
                    .filter(
                        e ->
                            e.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds()
                                == MEASUREMENT_WAIT.toSeconds())
                    .findFirst()
                    .orElse(null));
    Instant executed = instant("SELECT executed_at FROM user_action WHERE action_id = '" + ACTION_ID + "'");
    // After the action the treated store sells 10 more units of CR-A a minute.
    insertSales(executed.plusSeconds(1), 30, 10);

    // Crash: SIGKILL, no shutdown hook, in the middle of the timer.
    Instant killed = Instant.now();
    ProcessHandle.of(first.pid()).orElseThrow().destroyForcibly();
    first.waitFor(Duration.ofSeconds(30));
    assertThat(first.isAlive()).isFalse();

    // The timer fires while no worker is alive; the workflow waits for one.
    Instant fires =
        Instant.ofEpochSecond(timer.getEventTime().getSeconds()).plus(MEASUREMENT_WAIT);
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), fires).toMillis()) + 3000);
    assertThat(describeStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(status()).isEqualTo("ACTIONED");

    Instant restarted = Instant.now();
    startWorker("worker-restarted");
    @SuppressWarnings("unchecked")
    Map<String, Object> outcome =
        client.newUntypedWorkflowStub(WORKFLOW_ID).getResult(120, TimeUnit.SECONDS, Map.class);
    Instant completed = Instant.now();
    FaultSupport.report(
        "WorkerCrashIT",
        "worker SIGKILLed %.1f s into the %d s measurement timer, down %.1f s (the timer fired %.1f s before the restart);"
                .formatted(
                    Duration.between(Instant.ofEpochSecond(timer.getEventTime().getSeconds()), killed).toMillis() / 1000.0,
                    MEASUREMENT_WAIT.toSeconds(),
                    Duration.between(killed, restarted).toMillis() / 1000.0,
                    Duration.between(fires, restarted).toMillis() / 1000.0)
            + " the restarted worker completed the workflow %.1f s after its start, status %s"
                .formatted(Duration.between(restarted, completed).toMillis() / 1000.0, outcome.get("finalStatus")));

    assertThat(outcome.get("finalStatus")).isEqualTo("MEASURED");
    @SuppressWarnings("unchecked")
    Map<String, Object> effect = (Map<String, Object>) outcome.get("effect");
    // Truth: +10 units/min of CR-A at (599 - 250) cents margin over 30 minutes = 104,700 cents.
    assertThat(effect.get("outcome")).as("effect %s", effect).isEqualTo("EFFECTIVE");
    assertThat(((Number) effect.get("estimateCents")).doubleValue())
        .isBetween(0.85 * 104_700, 1.15 * 104_700);
    assertThat(((Number) effect.get("lowerCents")).longValue()).isLessThan(104_700);
    assertThat(((Number) effect.get("upperCents")).longValue()).isGreaterThan(104_700);

    // Nothing lost, nothing twice: in the database...
    assertThat(count("SELECT COUNT(*) FROM alert")).isEqualTo(1);
    assertThat(text("SELECT status FROM alert")).isEqualTo("MEASURED");
    assertThat(count("SELECT COUNT(*) FROM user_action WHERE status = 'EXECUTED'")).isEqualTo(1);
    assertThat(text("SELECT market_event_id FROM user_action")).isEqualTo("action-" + ACTION_ID);
    assertThat(text("SELECT status FROM promotion")).isEqualTo("STOPPED");
    assertThat(count("SELECT COUNT(*) FROM analysis")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM recommended_strategy")).isEqualTo(3);
    assertThat(count("SELECT COUNT(*) FROM effectiveness_evaluation")).isEqualTo(1);
    assertThat(text("SELECT outcome FROM alert_feedback")).isEqualTo("EFFECTIVE");
    assertThat(count("SELECT COUNT(*) FROM alert_notification")).isEqualTo(3);
    assertThat(text("SELECT LISTAGG(kind, ',') WITHIN GROUP (ORDER BY created_at) FROM alert_notification"))
        .isEqualTo("ANALYSED,ACTIONED,MEASURED");
    // ...on market_events...
    assertThat(marketEventIds()).containsExactly("action-" + ACTION_ID);
    // ...and in the workflow's history: one execution, one measurement.
    List<HistoryEvent> events = history();
    assertThat(scheduled(events, "ExecuteAction")).isEqualTo(1);
    assertThat(scheduled(events, "MeasureEffect")).isEqualTo(1);
    assertThat(scheduled(events, "RecordFeedback")).isEqualTo(1);
    assertThat(events.stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED))
        .hasSizeGreaterThanOrEqualTo(1);
    // The search attributes were registered on the test server and kept up to date.
    assertThat(
            client.newUntypedWorkflowStub(WORKFLOW_ID).describe().getSearchAttributes()
                .get("TrueLiftAlertStatus"))
        .isEqualTo(List.of("MEASURED"));
    // The feedback reached retraining. The XGBoost trainer finds an hour of per-store sales and
    // no all-stores history to train on: the run is skipped, saying so, and nothing is trained.
    await(
        "the feedback-triggered retraining run",
        Duration.ofSeconds(90),
        () -> count("SELECT COUNT(*) FROM retraining_run WHERE outcome <> 'RUNNING'") == 1);
    assertThat(text("SELECT run_trigger || ' ' || feedback_count || ' ' || outcome FROM retraining_run"))
        .isEqualTo("FEEDBACK 1 SKIPPED");
    assertThat(text("SELECT reason FROM retraining_run"))
        .startsWith("not enough sales history to train a challenger on ")
        .endsWith(
            ": need 168 hours with sales (TRUELIFT_TRAINING_MIN_HOURS); windowed_sales (all-stores"
                + " rows) has no sales; no TRUELIFT_TRAINING_HISTORY to fall back on");
    assertThat(count("SELECT COUNT(*) FROM model_version")).isZero();
    // The nightly retraining runs as a cron workflow on the test server (it has no schedules).
    WorkflowStub nightly = client.newUntypedWorkflowStub("retraining-nightly");
    assertThat(nightly.describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  private static long scheduled(List<HistoryEvent> events, String activityType) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(
            e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(activityType))
        .count();
  }

  private static List<HistoryEvent> history() {
    return client.fetchHistory(WORKFLOW_ID).getEvents();
  }

  private static WorkflowExecutionStatus describeStatus() {
    return client.newUntypedWorkflowStub(WORKFLOW_ID).describe().getStatus();
  }

  /** One row a minute from {@code from}: CR-A and CR-B in S1 (30, 25 a minute) and S2 (50, 40). */
  private static void insertSales(Instant from, int minutes, int liftA) throws Exception {
    // Fixed seeds: the same sales every run, so the measured estimate is reproducible.
    java.util.Random rnd = new java.util.Random(liftA == 0 ? 42 : 43);
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO windowed_sales (sku, store_id, window_start, window_end, units,"
                + " revenue_cents, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (int m = 0; m < minutes; m++) {
        Instant start = from.plus(Duration.ofMinutes(m));
        for (String store : List.of("S1", "S2")) {
          for (String sku : List.of("CR-A", "CR-B")) {
            double base = (store.equals("S1") ? 30 : 50) * (sku.equals("CR-A") ? 1 : 0.8);
            long units =
                Math.max(
                    0,
                    Math.round(
                        base + (store.equals("S1") && sku.equals("CR-A") ? liftA : 0)
                            + 2 * rnd.nextGaussian()));
            ps.setString(1, sku);
            ps.setString(2, store);
            ps.setTimestamp(3, ts(start));
            ps.setTimestamp(4, ts(start.plus(Duration.ofMinutes(1))));
            ps.setLong(5, units);
            ps.setLong(6, units * (sku.equals("CR-A") ? 599 : 649));
            ps.setTimestamp(7, ts(Instant.now()));
            ps.addBatch();
          }
        }
      }
      ps.executeBatch();
    }
  }

  private static String alertJson(Instant t0) {
    return ("{\"schemaVersion\":1,\"alertId\":\"%s\",\"promotionId\":\"P-CRASH\","
            + "\"promotedSku\":\"CR-A\",\"category\":\"FROZEN\",\"subCategory\":\"FROZEN PIZZA\","
            + "\"detectedAt\":\"%s\",\"windowStart\":\"%s\",\"windowEnd\":\"%s\","
            + "\"grossLiftUnits\":120.5,\"cannibalizedUnits\":48.0,\"cannibalizationRate\":0.398,"
            + "\"lostRevenueCents\":26352,\"testStatistic\":7.3,\"severity\":\"HIGH\","
            + "\"substitutes\":[{\"sku\":\"CR-B\",\"baselineUnits\":80.0,\"actualUnits\":32.0,"
            + "\"lostUnits\":48.0}]}")
        .formatted(ALERT_ID, t0, t0.minus(Duration.ofHours(2)), t0);
  }

  private static List<String> marketEventIds() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> ids = new ArrayList<>();
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts =
          c.partitionsFor("market_events").stream()
              .map(i -> new TopicPartition("market_events", i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          String v = r.value();
          int i = v.indexOf("\"eventId\":\"") + 11;
          ids.add(v.substring(i, v.indexOf('"', i)));
        }
      }
    }
    return ids;
  }

  private static KafkaProducer<String, String> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p);
  }

  private static Timestamp ts(Instant t) {
    return Timestamp.from(t);
  }

  private static void exec(String sql, Object... args) throws Exception {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  private static String status() throws Exception {
    try (ResultSet rs =
        db.createStatement().executeQuery("SELECT status FROM alert WHERE alert_id = '" + ALERT_ID + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static String text(String sql) throws Exception {
    try (ResultSet rs = db.createStatement().executeQuery(sql)) {
      assertThat(rs.next()).as("a row for %s", sql).isTrue();
      return rs.getString(1);
    }
  }

  private static long count(String sql) throws Exception {
    return Long.parseLong(text(sql));
  }

  private static Instant instant(String sql) throws Exception {
    try (ResultSet rs = db.createStatement().executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
    }
  }

  private interface Probe<T> {
    T get() throws Exception;
  }

  /** Polls until the probe returns true or a non-null value. */
  @SuppressWarnings("unchecked")
  private static <T> T await(String what, Duration timeout, Probe<T> probe) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      stack.checkAlive();
      T v = probe.get();
      if (v != null && !Boolean.FALSE.equals(v)) {
        return v;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
  }
}
