package io.truelift.simulator;

import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.MarketEventType;
import io.truelift.core.contracts.ShoppingEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the market: advances simulated time shopper by shopper, announces its own scheduled
 * promotion starts and ends as {@link MarketEvent}s (source {@code simulator}), applies changes that
 * arrive from outside (a stop, re-price or new promotion from the API or a workflow) at the
 * simulated time they arrive, and passes every purchase to the sink.
 */
public final class Simulation {
  public static final String SOURCE = "simulator";
  private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

  private final ShopperEngine engine;
  private final EventSink sink;
  private final Pacer pacer;
  private final Runnable onMarketChange;
  private final Queue<MarketEvent> inbox = new ConcurrentLinkedQueue<>();
  private final Set<String> announced = new HashSet<>();
  private final BooleanSupplier inboxHasEvents = () -> !inbox.isEmpty();
  private long shoppingEvents;
  private long seenVersion = -1;
  private Instant nextChange;

  public Simulation(ShopperEngine engine, EventSink sink, Pacer pacer, Runnable onMarketChange) {
    this.engine = engine;
    this.sink = sink;
    this.pacer = pacer;
    this.onMarketChange = onMarketChange;
  }

  public Instant now() {
    return engine.now();
  }

  public long shoppingEvents() {
    return shoppingEvents;
  }

  public Market market() {
    return engine.market();
  }

  /** Queues an outside change; thread-safe, applied by the simulation thread when it next looks. */
  public void submit(MarketEvent e) {
    inbox.add(e);
  }

  /**
   * Runs until simulated {@code end} (null: until {@code stopRequested}), applying queued outside
   * changes as they arrive, and calling {@code everyShopper} (keep it cheap) after each arrival.
   * Can be called again to continue.
   */
  public void runUntil(Instant end, BooleanSupplier stopRequested, Runnable everyShopper) {
    while (!stopRequested.getAsBoolean()) {
      Instant from = engine.now();
      applyInbox(from);
      Market market = engine.market();
      // Schedule checks only when the market changed or a scheduled change came due: the loop runs
      // once per shopper and must stay cheap.
      if (market.version() != seenVersion || (nextChange != null && !from.isBefore(nextChange))) {
        announceDue(from);
        nextChange = market.nextChangeAfter(from);
        seenVersion = market.version();
      }
      if (end != null && !from.isBefore(end)) {
        break;
      }
      Instant change = nextChange;
      Instant limit = end == null ? change : change == null || end.isBefore(change) ? end : change;
      Instant arrival = engine.nextArrival(limit);
      Instant target = arrival != null ? arrival : engine.now();
      Instant reached = from;
      while (reached.isBefore(target)) {
        reached = pacer.waitUntil(reached, target, inboxHasEvents);
        applyInbox(reached);
      }
      if (arrival != null) {
        ShoppingEvent e = engine.shop();
        if (e != null) {
          sink.shopping(e);
          shoppingEvents++;
        }
      }
      everyShopper.run();
    }
    announceDue(engine.now());
  }

  /** Applies an outside change at the current simulated time; returns whether it changed anything. */
  public boolean apply(MarketEvent e) {
    return apply(e, engine.now());
  }

  private void applyInbox(Instant at) {
    for (MarketEvent e = inbox.poll(); e != null; e = inbox.poll()) {
      apply(e, at);
    }
  }

  boolean apply(MarketEvent e, Instant at) {
    if (SOURCE.equals(e.source())) {
      return false; // our own announcements echoed back
    }
    Market market = engine.market();
    boolean changed;
    try {
      changed =
          switch (e.type()) {
            case PROMOTION_STOPPED -> market.stop(e.promotionId(), at);
            case PRICE_CHANGED -> market.reprice(e.promotionId(), e.promoPriceCents(), at);
            case PROMOTION_STARTED -> {
              if (!market.segments(e.promotionId()).isEmpty()) {
                yield false;
              }
              // A promotion started from outside has no end: it runs until a stop arrives.
              market.add(
                  new Promotion(e.promotionId(), e.sku(), e.storeId(), e.promoPriceCents(), at, null));
              yield true;
            }
          };
    } catch (IllegalArgumentException invalid) {
      LOG.warn(
          "Rejected {} {} from {} (event {}): {}",
          e.type(), e.promotionId(), e.source(), e.eventId(), invalid.getMessage());
      return false;
    }
    if (changed) {
      // Whoever changed it announces it; we must not echo a second start or stop.
      announced.add("start:" + e.promotionId());
      if (e.type() == MarketEventType.PROMOTION_STOPPED) {
        announced.add("end:" + e.promotionId());
      }
      LOG.info(
          "Applied {} {} (sku {}, store {}, price {}) at simulated {} from {} (event {})",
          e.type(), e.promotionId(), e.sku(), e.storeId() == null ? "all" : e.storeId(),
          e.promoPriceCents(), at, e.source(), e.eventId());
      onMarketChange.run();
    } else {
      LOG.info(
          "Ignored {} {} at simulated {} from {}: unknown, already over or already running",
          e.type(), e.promotionId(), at, e.source());
    }
    return changed;
  }

  /** Announces scheduled starts and ends that are due by {@code t}, in time order. */
  private void announceDue(Instant t) {
    Map<String, List<Promotion>> byRoot = new LinkedHashMap<>();
    for (Promotion p : engine.market().promotions()) {
      byRoot.computeIfAbsent(Market.rootId(p.promotionId()), k -> new ArrayList<>()).add(p);
    }
    List<MarketEvent> due = new ArrayList<>();
    for (var entry : byRoot.entrySet()) {
      String id = entry.getKey();
      List<Promotion> segments = entry.getValue();
      Promotion first = segments.get(0);
      if (!first.start().isAfter(t) && announced.add("start:" + id)) {
        due.add(event(MarketEventType.PROMOTION_STARTED, first, first.start()));
      }
      if (segments.stream().allMatch(s -> s.endedBy(t)) && announced.add("end:" + id)) {
        Instant end =
            segments.stream().map(Promotion::end).max(Instant::compareTo).orElseThrow();
        due.add(event(MarketEventType.PROMOTION_STOPPED, segments.get(segments.size() - 1), end));
      }
    }
    due.sort((a, b) -> a.eventTime().compareTo(b.eventTime()));
    for (MarketEvent e : due) {
      LOG.info("Scheduled {} {} at simulated {}", e.type(), e.promotionId(), e.eventTime());
      sink.market(e);
    }
  }

  private static MarketEvent event(MarketEventType type, Promotion p, Instant at) {
    String id = Market.rootId(p.promotionId());
    return new MarketEvent(
        MarketEvent.VERSION,
        "sim-" + id + "-" + (type == MarketEventType.PROMOTION_STARTED ? "start" : "stop"),
        at,
        type,
        id,
        p.sku(),
        p.storeId(),
        type == MarketEventType.PROMOTION_STOPPED ? null : p.promoPriceCents(),
        SOURCE,
        "scheduled");
  }
}
