package io.truelift.devstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./truelift run}: starts the whole system on embedded defaults and keeps it up until
 * Ctrl-C, which stops every process it started. External infrastructure comes from the
 * environment ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code TEMPORAL_ADDRESS}, {@code
 * TRUELIFT_JDBC_URL}); when one is set, nothing is started for it.
 */
public final class DevStackMain {
  private static final String USAGE =
      """
      usage: ./truelift run [options]
        --scenario NAME          simulator scenario: demo (default), e2e, none, or off (no simulator)
        --time-compression N     simulated time runs N times faster than the clock (default 60)
        --seed N                 simulator seed (default 42)
        --port-offset N          shift every local port by N (default 0: API on 8080)
        --work-dir DIR           data and logs (default .truelift)
        --infra-only             start only Kafka, Temporal and the database
      environment: KAFKA_BOOTSTRAP_SERVERS, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
                   TRUELIFT_JDBC_URL, TRUELIFT_JDBC_USER, TRUELIFT_JDBC_PASSWORD,
                   TRUELIFT_USERS (the API's users; default: viewer, manager and admin
                   with TRUELIFT_DEMO_PASSWORD, itself defaulting to truelift-demo)
      """;

  private DevStackMain() {}

  public static void main(String[] args) throws Exception {
    StackConfig config;
    try {
      config = parse(args, System.getenv(), Path.of("").toAbsolutePath());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage() + "\n\n" + USAGE);
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    DevStack[] holder = new DevStack[1];
    Thread hook =
        new Thread(
            () -> {
              stopping.set(true);
              DevStack.log("Stopping...");
              synchronized (holder) {
                if (holder[0] != null) {
                  holder[0].close();
                }
              }
              stopped.countDown();
            });
    Runtime.getRuntime().addShutdownHook(hook);
    DevStack stack;
    try {
      stack = DevStack.start(config);
    } catch (Exception e) {
      System.err.println("[devstack] Start failed: " + e.getMessage());
      System.exit(1);
      return;
    }
    synchronized (holder) {
      holder[0] = stack;
    }
    DevStack.log("");
    if (config.infraOnly()) {
      DevStack.log("TrueLift infrastructure is up.");
    } else {
      DevStack.log("TrueLift is up.");
      DevStack.log("  Dashboard:  " + stack.apiUrl() + "/");
      DevStack.log("  Sign in:    " + stack.users().signInHint());
      DevStack.log("  API:        " + stack.apiUrl() + "/api/alerts");
      DevStack.log("  Health:     http://localhost:" + config.adminPort() + "/healthcheck");
    }
    DevStack.log("  Kafka:      " + config.kafkaBootstrap());
    DevStack.log("  Temporal:   " + config.temporalAddress());
    DevStack.log("  Database:   " + DevStack.redact(config.jdbcUrl()));
    DevStack.log("  Logs:       " + config.logDir());
    DevStack.log("Press Ctrl-C to stop everything.");
    while (stopped.getCount() > 0) {
      try {
        stack.checkAlive();
      } catch (IllegalStateException e) {
        // Processes exit while the shutdown hook stops them; only a death before that is news.
        if (!stopping.get()) {
          System.err.println("[devstack] " + e.getMessage());
          System.exit(1);
        }
      }
      Thread.sleep(2000);
    }
  }

  static StackConfig parse(String[] args, Map<String, String> env, Path home) {
    String scenario = "demo";
    double compression = 60;
    long seed = 42;
    int offset = 0;
    Path workDir = home.resolve(".truelift");
    boolean infraOnly = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        System.out.println(USAGE);
        System.exit(0);
      }
      if (a.equals("--infra-only")) {
        infraOnly = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--scenario" -> {
          if (!v.matches("demo|e2e|none|off")) {
            throw new IllegalArgumentException(
                "--scenario must be one of demo, e2e, none, off; got \"" + v + "\"");
          }
          scenario = v;
        }
        case "--time-compression" -> compression = number(a, v);
        case "--seed" -> seed = (long) number(a, v);
        case "--port-offset" -> offset = (int) number(a, v);
        case "--work-dir" -> workDir = Path.of(v).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    return new StackConfig(
        home,
        workDir,
        offset,
        blankToNull(env.get("KAFKA_BOOTSTRAP_SERVERS")),
        blankToNull(env.get("TEMPORAL_ADDRESS")),
        env.getOrDefault("TEMPORAL_NAMESPACE", "default"),
        blankToNull(env.get("TRUELIFT_JDBC_URL")),
        env.getOrDefault("TRUELIFT_JDBC_USER", "sa"),
        env.getOrDefault("TRUELIFT_JDBC_PASSWORD", ""),
        scenario.equals("off") ? null : scenario,
        compression,
        seed,
        infraOnly);
  }

  private static double number(String option, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, got \"" + value + "\"");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
