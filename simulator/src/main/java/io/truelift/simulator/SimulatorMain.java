package io.truelift.simulator;

import io.truelift.core.contracts.ShoppingEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's command line: streams seeded shoppers to Kafka (obeying {@code market_events})
 * or to JSONL files, writes history (with past promotions) for the baseline, and writes the ground truth
 * of every promotion. See {@link SimulatorOptions#USAGE}.
 */
public final class SimulatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatorMain.class);

  private SimulatorMain() {}

  public static void main(String[] args) throws Exception {
    if (SimulatorOptions.wantsHelp(args)) {
      System.out.println(SimulatorOptions.USAGE);
      return;
    }
    SimulatorOptions o;
    List<Promotion> schedule;
    try {
      o = SimulatorOptions.parse(args, System.getenv());
      schedule = schedule(o);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage() + "\n\n" + SimulatorOptions.USAGE);
      System.exit(2);
      return;
    }
    if (o.mode().equals("history")) {
      writeHistory(o);
    } else if (o.mode().equals("feed")) {
      List<java.nio.file.Path> files = CatalogFeed.write(o.out(), Catalog.defaultCatalog(), schedule, o.start());
      LOG.info("Catalog feed ({} scheduled promotions, status as of {}) written to {}", schedule.size(), o.start(), files);
    } else {
      runLive(o, schedule);
    }
  }

  /** The promotions of a live run or feed: from --promotions if given, else the --scenario. */
  static List<Promotion> schedule(SimulatorOptions o) {
    if (o.mode().equals("history")) {
      return List.of();
    }
    if (o.promotions() == null) {
      return Scenarios.named(o.scenario(), o.start());
    }
    List<Promotion> promotions = PromotionFile.read(o.promotions(), o.start());
    try {
      new Market(Catalog.defaultCatalog(), promotions); // validates skus, stores and prices up front
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--promotions " + o.promotions() + ": " + e.getMessage(), e);
    }
    return promotions;
  }

  /**
   * Sales for the {@code days} before {@code start}, as fast as possible: with past promotions
   * ({@link Scenarios#past}) unless {@code --history-promotions false}, so that the baseline
   * trained on it learns what promotions do.
   */
  static long writeHistory(SimulatorOptions o) throws IOException {
    Catalog catalog = Catalog.defaultCatalog();
    Instant from = o.start().minus(Duration.ofDays(o.days()));
    List<Promotion> past =
        o.historyPromotions() ? Scenarios.past(catalog, from, o.start(), o.seed()) : List.of();
    ShopperEngine engine =
        new ShopperEngine(
            new DemandModel(catalog, o.rate()),
            new Market(catalog, past),
            o.seed(),
            "hist-" + o.seed(),
            from);
    LOG.info(
        "Writing {} days of history ({} to {}) with {} past promotions to {}",
        o.days(), from, o.start(), past.size(), o.out());
    long wallStart = System.nanoTime();
    Progress progress = new Progress(o.progressSeconds(), wallStart);
    long count = 0;
    try (JsonlSink sink = new JsonlSink(o.out())) {
      long iterations = 0;
      while (engine.nextArrival(o.start()) != null) {
        ShoppingEvent e = engine.shop();
        if (e != null) {
          sink.shopping(e);
          count++;
        }
        if ((++iterations & 4095) == 0) {
          progress.maybeLog(count, engine.now());
        }
      }
    }
    double seconds = (System.nanoTime() - wallStart) / 1e9;
    LOG.info(
        "Wrote {} events of history to {} in {} s ({} events/s)",
        count, o.out(), "%.1f".formatted(seconds), "%.0f".formatted(count / Math.max(seconds, 1e-9)));
    return count;
  }

  static void runLive(SimulatorOptions o, List<Promotion> schedule) throws Exception {
    Catalog catalog = Catalog.defaultCatalog();
    DemandModel demand = new DemandModel(catalog, o.rate());
    Market market = new Market(catalog, schedule);
    ShopperEngine engine = new ShopperEngine(demand, market, o.seed(), "sim-" + o.seed(), o.start());
    Instant end = o.duration() == null ? null : o.start().plus(o.duration());

    TruthWriter truth = null;
    if (o.truth() != null) {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("seed", o.seed());
      header.put("scenario", o.promotions() != null ? "file:" + o.promotions() : o.scenario());
      header.put("start", o.start());
      header.put("plannedEnd", end);
      header.put("ratePurchasesPerMinute", o.rate());
      truth = new TruthWriter(o.truth(), header, new GroundTruth(demand), market);
      truth.write(end, o.start());
      LOG.info("Ground truth of {} promotions written to {}", schedule.size(), o.truth());
    }
    TruthWriter truthWriter = truth;

    EventSink sink =
        o.sink().equals("kafka")
            ? new KafkaSink(o.bootstrapServers(), o.shoppingTopic(), o.marketTopic())
            : new JsonlSink(o.out());
    Pacer pacer = o.pace() ? Pacer.realTime(o.start(), o.timeCompression()) : Pacer.NONE;
    Simulation[] simRef = new Simulation[1];
    Simulation sim =
        new Simulation(
            engine,
            sink,
            pacer,
            () -> {
              if (truthWriter != null) {
                // An outside change moved a promotion's end or price: the truth follows.
                truthWriter.write(end, simRef[0].now());
                LOG.info("Ground truth rewritten after a market change at simulated {}", simRef[0].now());
              }
            });
    simRef[0] = sim;
    MarketEventListener listener = null;
    if (o.sink().equals("kafka")) {
      listener =
          new MarketEventListener(
              o.bootstrapServers(), o.marketTopic(), o.deadLetterTopic(), catalog, sim::submit);
      listener.start();
    }

    AtomicBoolean stopping = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  try {
                    // Let the main thread flush and write the final truth.
                    finished.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "simulator-shutdown"));

    long wallStart = System.nanoTime();
    Progress progress = new Progress(o.progressSeconds(), wallStart);
    LOG.info(
        "Simulating {} from {} to {} (seed {}, {} purchases/min, time x{}, pace {}) to {}",
        o.promotions() != null ? o.promotions() : "scenario " + o.scenario(),
        o.start(), end == null ? "unlimited" : end, o.seed(), o.rate(), o.timeCompression(),
        o.pace(), o.sink().equals("kafka") ? "Kafka " + o.bootstrapServers() : o.out());
    try {
      sim.runUntil(
          end,
          stopping::get,
          () -> {
            if (progress.maybeLog(sim.shoppingEvents(), sim.now())
                && truthWriter != null
                && market.promotions().stream().anyMatch(p -> p.end() == null)) {
              // Promotions started from outside have no planned end: keep their truth current.
              truthWriter.write(end, sim.now());
            }
          });
    } finally {
      try {
        sink.flush();
        sink.close();
        if (listener != null) {
          listener.close();
        }
        if (truthWriter != null) {
          // Cut at where the run actually got to: shoppers never saw the rest.
          Instant reached = end != null && !sim.now().isBefore(end) ? end : sim.now();
          truthWriter.write(reached, reached);
        }
        double seconds = (System.nanoTime() - wallStart) / 1e9;
        LOG.info(
            "Done: {} events up to simulated {} in {} s ({} events/s)",
            sim.shoppingEvents(), sim.now(), "%.1f".formatted(seconds),
            "%.0f".formatted(sim.shoppingEvents() / Math.max(seconds, 1e-9)));
      } finally {
        finished.countDown();
      }
    }
  }

  /** Logs events written and simulated time every N seconds of wall time. */
  static final class Progress {
    private final long intervalNanos;
    private final long wallStart;
    private long last;

    Progress(int seconds, long wallStart) {
      this.intervalNanos = seconds * 1_000_000_000L;
      this.wallStart = wallStart;
      this.last = wallStart;
    }

    /** Logs if the interval has passed; returns whether it logged. */
    boolean maybeLog(long events, Instant simNow) {
      long now = System.nanoTime();
      if (now - last < intervalNanos) {
        return false;
      }
      {
        last = now;
        double seconds = (now - wallStart) / 1e9;
        LOG.info(
            "{} events written, simulated time {}, {} events/s",
            events, simNow, "%.0f".formatted(events / seconds));
      }
      return true;
    }
  }
}
