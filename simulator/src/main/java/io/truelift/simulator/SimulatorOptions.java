package io.truelift.simulator;

import io.truelift.core.contracts.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command-line options of the simulator. Every bad value is rejected with a message naming the
 * option and the value, e.g. {@code --rate must be > 0, got -5}.
 */
public record SimulatorOptions(
    String mode,
    String sink,
    String bootstrapServers,
    String shoppingTopic,
    String marketTopic,
    String deadLetterTopic,
    Path out,
    Path truth,
    String scenario,
    Path promotions,
    Instant start,
    Duration duration,
    int days,
    double rate,
    double timeCompression,
    boolean pace,
    long seed,
    int progressSeconds,
    boolean historyPromotions) {

  public static final String USAGE =
      """
      usage: SimulatorMain [options]
        --mode live|history|feed   live: run from --start on (default); history: write --days of
                                   sales BEFORE --start to --out, as fast as possible; feed: write
                                   the catalog and the schedule (--scenario or --promotions, status
                                   as of --start) to the directory --out as products.csv and
                                   promotions.csv, for io.truelift.sql.FeedLoader
        --history-promotions B     true (default): the history has seeded past promotions (4-12 h,
                                   10-40% off, one per category at a time) so a baseline learns
                                   what promotions do; false: promotion-free history
        --sink kafka|jsonl         where live events go (default kafka)
        --bootstrap-servers HOSTS  Kafka (default $KAFKA_BOOTSTRAP_SERVERS or localhost:19092)
        --out FILE                 shopping events JSONL (jsonl sink and history mode); market
                                   events go next to it as <name>.market.jsonl
        --truth FILE               write the analytic ground truth of every promotion (JSON),
                                   rewritten when an outside change alters a promotion
        --scenario NAME            demo (default), e2e, none
        --promotions FILE          promotion schedule (.json array or .csv) instead of --scenario;
                                   fields promotionId, sku, storeId, promoPriceCents, start, end
                                   (ISO instants or offsets from --start like +20m)
        --start INSTANT            simulated start (default 2026-01-05T09:00:00Z, a Monday)
        --duration D               simulated time to run, e.g. 90m, 8h, 2d (default: unlimited
                                   with kafka, 1d with jsonl)
        --days N                   history length in days (default 28)
        --rate R                   mean purchases per simulated minute, all stores, at regular
                                   prices (default 12); seasonality varies it over day and week
        --time-compression N       simulated time runs N times faster than the clock (default 1)
        --pace true|false          keep to the clock (default true with kafka, false with jsonl)
        --seed N                   random seed (default 42): same seed, byte-identical output
        --progress-seconds N       log progress every N seconds of wall time (default 10)
        --help                     this text

      environment: KAFKA_BOOTSTRAP_SERVERS, TRUELIFT_SHOPPING_EVENTS_TOPIC (shopping-events),
        TRUELIFT_MARKET_EVENTS_TOPIC (market_events), TRUELIFT_DEAD_LETTER_TOPIC (dead-letters)
      """;

  public SimulatorOptions {
    if (!mode.equals("live") && !mode.equals("history") && !mode.equals("feed")) {
      throw new IllegalArgumentException("--mode must be live, history or feed, got \"" + mode + "\"");
    }
    if (mode.equals("feed") && out == null) {
      throw new IllegalArgumentException("--out is required with --mode feed (a directory)");
    }
    if (!sink.equals("kafka") && !sink.equals("jsonl")) {
      throw new IllegalArgumentException("--sink must be kafka or jsonl, got \"" + sink + "\"");
    }
    if (mode.equals("history") && out == null) {
      throw new IllegalArgumentException("--out is required with --mode history");
    }
    if (sink.equals("jsonl") && out == null) {
      throw new IllegalArgumentException("--out is required with --sink jsonl");
    }
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("--rate must be > 0, got " + num(rate));
    }
    if (!(timeCompression > 0) || Double.isInfinite(timeCompression)) {
      throw new IllegalArgumentException("--time-compression must be > 0, got " + num(timeCompression));
    }
    if (days <= 0 || days > 3660) {
      throw new IllegalArgumentException("--days must be in 1..3660, got " + days);
    }
    if (progressSeconds <= 0) {
      throw new IllegalArgumentException("--progress-seconds must be > 0, got " + progressSeconds);
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("--duration must be > 0, got " + duration);
    }
  }

  /** Whether {@code --help} or {@code -h} was asked for. */
  public static boolean wantsHelp(String[] args) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        return true;
      }
    }
    return false;
  }

  public static SimulatorOptions parse(String[] args, Map<String, String> env) {
    String mode = "live", sink = "kafka", scenario = "demo", paceText = null;
    boolean historyPromotions = true;
    String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "");
    if (bootstrap.isBlank()) {
      bootstrap = "localhost:19092";
    }
    Path out = null, truth = null, promotions = null;
    Instant start = Instant.parse("2026-01-05T09:00:00Z");
    Duration duration = null;
    int days = 28, progress = 10;
    double rate = 12, compression = 1;
    long seed = 42;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (!option.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument \"" + option + "\" (options start with --)");
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      String v = args[++i];
      switch (option) {
        case "--mode" -> mode = v;
        case "--sink" -> sink = v;
        case "--bootstrap-servers" -> bootstrap = v;
        case "--out" -> out = Path.of(v);
        case "--truth" -> truth = Path.of(v);
        case "--scenario" -> scenario = v;
        case "--promotions" -> promotions = Path.of(v);
        case "--start" -> start = instant(option, v);
        case "--duration" -> duration = duration(option, v);
        case "--days" -> days = whole(option, v);
        case "--rate" -> rate = number(option, v);
        case "--time-compression" -> compression = number(option, v);
        case "--progress-seconds" -> progress = whole(option, v);
        case "--history-promotions" -> {
          if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--history-promotions must be true or false, got \"" + v + "\"");
          }
          historyPromotions = Boolean.parseBoolean(v);
        }
        case "--pace" -> {
          if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--pace must be true or false, got \"" + v + "\"");
          }
          paceText = v;
        }
        case "--seed" -> {
          try {
            seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed must be a whole number, got \"" + v + "\"");
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + option + " (see --help)");
      }
    }
    if (!Scenarios.NAMES.contains(scenario)) {
      throw new IllegalArgumentException(
          "--scenario must be one of demo, e2e, none; got \"" + scenario + "\"");
    }
    boolean pace =
        paceText != null ? Boolean.parseBoolean(paceText) : sink.equals("kafka") && mode.equals("live");
    if (duration == null && sink.equals("jsonl") && mode.equals("live")) {
      duration = Duration.ofDays(1);
    }
    return new SimulatorOptions(
        mode,
        sink,
        bootstrap,
        env.getOrDefault("TRUELIFT_SHOPPING_EVENTS_TOPIC", Topics.SHOPPING_EVENTS),
        env.getOrDefault("TRUELIFT_MARKET_EVENTS_TOPIC", Topics.MARKET_EVENTS),
        env.getOrDefault("TRUELIFT_DEAD_LETTER_TOPIC", Topics.DEAD_LETTERS),
        out,
        truth,
        scenario,
        promotions,
        start,
        duration,
        days,
        rate,
        compression,
        pace,
        seed,
        progress,
        historyPromotions);
  }

  private static double number(String option, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a number, got \"" + v + "\"");
    }
  }

  private static int whole(String option, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, got \"" + v + "\"");
    }
  }

  private static Instant instant(String option, String v) {
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " must be an ISO-8601 instant such as 2026-01-05T09:00:00Z, got \"" + v + "\"");
    }
  }

  /** Parses {@code 90m}, {@code 8h}, {@code 2d}, {@code 30s}. */
  static Duration duration(String option, String v) {
    Matcher m = Pattern.compile("(\\d{1,9})([smhd])").matcher(v.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          option + " must be a number with a unit s, m, h or d (e.g. 90m, 8h), got \"" + v + "\"");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** -5.0 prints as -5, 0.5 as 0.5: messages show the value as typed. */
  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
