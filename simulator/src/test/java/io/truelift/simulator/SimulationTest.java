package io.truelift.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.truelift.core.contracts.DeadLetter;
import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.InvalidEventException;
import io.truelift.core.contracts.MarketEvent;
import io.truelift.core.contracts.MarketEventType;
import io.truelift.core.contracts.ShoppingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live loop on the in-process engine: its own announcements and obeying market events. */
class SimulationTest {
  private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
  private static final Catalog CATALOG = Catalog.defaultCatalog();

  private final RecordingSink sink = new RecordingSink();
  private int truthRewrites;

  private Simulation simulation(List<Promotion> promos) {
    ShopperEngine engine =
        new ShopperEngine(new DemandModel(CATALOG, 60), new Market(CATALOG, promos), 5, "sim-5", START);
    return new Simulation(engine, sink, Pacer.NONE, () -> truthRewrites++);
  }

  private static MarketEvent event(MarketEventType type, String id, String sku, Long price, String source) {
    return new MarketEvent(
        1, "m-" + type + "-" + id, Instant.parse("2026-11-24T10:00:00Z"), type, id, sku, null, price, source, null);
  }

  @Test
  void stopAppliesAtTheCurrentSimulatedTimeAndPricesRevert() {
    Promotion p = new Promotion("P-1", "PIZZA-4CH", null, 359, START, START.plus(Duration.ofHours(8)));
    Simulation sim = simulation(List.of(p));
    sim.runUntil(START.plus(Duration.ofMinutes(37)), () -> false, () -> {});
    Instant stoppedAt = sim.now();

    assertThat(sim.apply(event(MarketEventType.PROMOTION_STOPPED, "P-1", "PIZZA-4CH", null, "workflow"))).isTrue();
    sim.runUntil(START.plus(Duration.ofHours(3)), () -> false, () -> {});

    assertThat(truthRewrites).isEqualTo(1);
    assertThat(sim.market().promotion("P-1").orElseThrow().end()).isEqualTo(stoppedAt);
    assertThat(sink.sales)
        .filteredOn(e -> "P-1".equals(e.promotionId()))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.eventTime()).isBefore(stoppedAt));
    assertThat(sink.sales)
        .filteredOn(e -> e.sku().equals("PIZZA-4CH") && !e.eventTime().isBefore(stoppedAt))
        .hasSizeGreaterThan(10)
        .allSatisfy(
            e -> {
              assertThat(e.promotionId()).isNull();
              assertThat(e.unitPriceCents()).isEqualTo(549);
            });
    // The stop came from outside: the simulator announces only its own start, never an echo.
    assertThat(sink.market).extracting(MarketEvent::type).containsExactly(MarketEventType.PROMOTION_STARTED);
    // A second stop changes nothing.
    assertThat(sim.apply(event(MarketEventType.PROMOTION_STOPPED, "P-1", "PIZZA-4CH", null, "api"))).isFalse();
  }

  @Test
  void queuedStopIsAppliedBeforeTheNextShopper() {
    Promotion p = new Promotion("P-1", "PIZZA-4CH", null, 359, START, START.plus(Duration.ofHours(8)));
    Simulation sim = simulation(List.of(p));
    sim.runUntil(START.plus(Duration.ofMinutes(30)), () -> false, () -> {});
    sim.submit(event(MarketEventType.PROMOTION_STOPPED, "P-1", "PIZZA-4CH", null, "workflow"));
    Instant submittedAt = sim.now();
    sim.runUntil(START.plus(Duration.ofHours(2)), () -> false, () -> {});
    assertThat(sink.sales)
        .filteredOn(e -> "P-1".equals(e.promotionId()))
        .allSatisfy(e -> assertThat(e.eventTime()).isBefore(submittedAt));
  }

  @Test
  void priceChangeAndOutsidePromotionAreWhatShoppersSeeFromThenOn() {
    Promotion p = new Promotion("P-1", "PIZZA-4CH", null, 359, START, START.plus(Duration.ofHours(8)));
    Simulation sim = simulation(List.of(p));
    sim.runUntil(START.plus(Duration.ofHours(1)), () -> false, () -> {});
    Instant changedAt = sim.now();
    assertThat(sim.apply(event(MarketEventType.PRICE_CHANGED, "P-1", "PIZZA-4CH", 479L, "workflow"))).isTrue();
    assertThat(sim.apply(event(MarketEventType.PROMOTION_STARTED, "P-X", "BAGEL", 299L, "api"))).isTrue();
    // Our own announcement echoed back from the topic is ignored.
    assertThat(sim.apply(event(MarketEventType.PROMOTION_STARTED, "P-ECHO", "BAGEL", 199L, "simulator"))).isFalse();
    sim.runUntil(START.plus(Duration.ofHours(3)), () -> false, () -> {});

    List<ShoppingEvent> pizza =
        sink.sales.stream().filter(e -> e.sku().equals("PIZZA-4CH")).toList();
    assertThat(pizza).filteredOn(e -> e.eventTime().isBefore(changedAt))
        .isNotEmpty().allSatisfy(e -> assertThat(e.unitPriceCents()).isEqualTo(359));
    assertThat(pizza).filteredOn(e -> !e.eventTime().isBefore(changedAt))
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.unitPriceCents()).isEqualTo(479);
              assertThat(e.promotionId()).isEqualTo("P-1");
            });
    assertThat(sink.sales).filteredOn(e -> e.sku().equals("BAGEL") && !e.eventTime().isBefore(changedAt))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.promotionId()).isEqualTo("P-X"));
    assertThat(sink.sales).noneMatch(e -> "P-ECHO".equals(e.promotionId()));
    assertThat(truthRewrites).isEqualTo(2);
  }

  @Test
  void scheduledStartsAndEndsAreAnnouncedOnceAtTheirTimes() {
    Promotion p =
        new Promotion("P-1", "PIZZA-4CH", "S2", 359, START.plus(Duration.ofMinutes(20)), START.plus(Duration.ofMinutes(80)));
    Simulation sim = simulation(List.of(p));
    sim.runUntil(START.plus(Duration.ofHours(2)), () -> false, () -> {});
    assertThat(sink.market).hasSize(2);
    MarketEvent start = sink.market.get(0), stop = sink.market.get(1);
    assertThat(start.type()).isEqualTo(MarketEventType.PROMOTION_STARTED);
    assertThat(start.eventTime()).isEqualTo(p.start());
    assertThat(start.promoPriceCents()).isEqualTo(359);
    assertThat(start.storeId()).isEqualTo("S2");
    assertThat(start.source()).isEqualTo("simulator");
    assertThat(stop.type()).isEqualTo(MarketEventType.PROMOTION_STOPPED);
    assertThat(stop.eventTime()).isEqualTo(p.end());
    // Valid by the shared contract.
    assertThat(EventJson.decode(EventJson.encode(stop), MarketEvent.class)).isEqualTo(stop);
  }

  @Test
  void invalidMarketEventsAreRejectedWithTheFieldAndReason() {
    assertThatThrownBy(() -> MarketEventListener.validate("{not json", CATALOG))
        .isInstanceOf(InvalidEventException.class);
    String unknownSku =
        EventJson.encode(event(MarketEventType.PROMOTION_STARTED, "P-9", "CAVIAR", 100L, "api"));
    assertThatThrownBy(() -> MarketEventListener.validate(unknownSku, CATALOG))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.field()).isEqualTo("sku");
              assertThat(e.getMessage()).contains("\"CAVIAR\"");
              DeadLetter dl = DeadLetter.of("market_events", "simulator", unknownSku, e, START);
              assertThat(dl.rawPayload()).isEqualTo(unknownSku);
            });
    String tooExpensive =
        EventJson.encode(event(MarketEventType.PRICE_CHANGED, "P-1", "FLOSS", 999L, "api"));
    assertThatThrownBy(() -> MarketEventListener.validate(tooExpensive, CATALOG))
        .hasMessageContaining("promoPriceCents must be <= the regular price 329 of FLOSS, got 999");
    String ok = EventJson.encode(event(MarketEventType.PROMOTION_STOPPED, "P-1", "PIZZA-4CH", null, "api"));
    assertThat(MarketEventListener.validate(ok, CATALOG).promotionId()).isEqualTo("P-1");
  }

  @Test
  void realTimePacerReturnsEarlyWhenInterruptedAndNeverGoesBack() {
    Instant simStart = START;
    Pacer pacer = Pacer.realTime(simStart, 60); // one simulated minute per wall second
    Instant target = simStart.plus(Duration.ofHours(1));
    Instant reached = pacer.waitUntil(simStart, target, () -> true);
    assertThat(reached).isAfterOrEqualTo(simStart).isBefore(simStart.plus(Duration.ofMinutes(1)));
    Instant fast = Pacer.realTime(simStart, 1e9).waitUntil(simStart, target, () -> false);
    assertThat(fast).isEqualTo(target);
  }
}
