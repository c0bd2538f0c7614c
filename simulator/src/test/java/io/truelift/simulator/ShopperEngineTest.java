package io.truelift.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.truelift.core.contracts.EventJson;
import io.truelift.core.contracts.ShoppingEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShopperEngineTest {
  private static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");
  private static final Catalog CATALOG = Catalog.defaultCatalog();

  private static List<ShoppingEvent> run(long seed, Duration d, List<Promotion> promos) {
    List<ShoppingEvent> out = new ArrayList<>();
    new ShopperEngine(new DemandModel(CATALOG, 12), new Market(CATALOG, promos), seed, "s" + seed, MONDAY)
        .simulateUntil(MONDAY.plus(d), out::add);
    return out;
  }

  private static List<String> json(List<ShoppingEvent> events) {
    return events.stream().map(EventJson::encode).toList();
  }

  @Test
  void sameSeedGivesIdenticalEventsAndAnotherSeedDoesNot() {
    Promotion p = new Promotion("P-1", "PIZZA-4CH", null, 359, MONDAY.plus(Duration.ofHours(2)), MONDAY.plus(Duration.ofHours(5)));
    List<String> a = json(run(7, Duration.ofHours(12), List.of(p)));
    assertThat(a).hasSizeGreaterThan(1000);
    assertThat(json(run(7, Duration.ofHours(12), List.of(p)))).isEqualTo(a);
    List<String> other = json(run(8, Duration.ofHours(12), List.of(p)));
    assertThat(other).isNotEqualTo(a);
    assertThat(other.subList(0, 100)).doesNotContainAnyElementsOf(a.subList(0, 100));
  }

  @Test
  void eventsAreValidOrderedAndUniquelyIdentified() {
    List<ShoppingEvent> events = run(3, Duration.ofDays(1), List.of());
    HashSet<String> ids = new HashSet<>();
    for (int i = 0; i < events.size(); i++) {
      ShoppingEvent e = events.get(i);
      assertThat(ids.add(e.eventId())).as("unique id %s", e.eventId()).isTrue();
      assertThat(e.units()).isBetween(1, 3);
      assertThat(e.unitPriceCents()).isEqualTo(e.regularPriceCents());
      assertThat(e.promotionId()).isNull();
      if (i > 0) {
        assertThat(e.eventTime()).isAfterOrEqualTo(events.get(i - 1).eventTime());
      }
      // Every event survives the contract's own decoder.
      assertThat(EventJson.decode(EventJson.encode(e), ShoppingEvent.class)).isEqualTo(e);
    }
    assertThat(events.get(0).eventId()).isEqualTo("s3-0");
    assertThat(events).extracting(ShoppingEvent::storeId).contains("S1", "S2", "S3");
    assertThat(events.stream().filter(e -> e.units() > 1).count())
        .isBetween((long) (0.15 * events.size()), (long) (0.25 * events.size()));
  }

  @Test
  void meanRateOverAWeekIsTheConfiguredRate() {
    List<ShoppingEvent> week = run(1, Duration.ofDays(7), List.of());
    double minutes = 7 * 24 * 60;
    // Poisson: sd of the count is sqrt(12 * minutes) ~ 350 events, i.e. 0.003 per minute.
    assertThat(week.size() / minutes).isBetween(11.9, 12.1);
  }

  @Test
  void middayIsBusierThanThreeInTheMorning() {
    List<ShoppingEvent> week = run(2, Duration.ofDays(7), List.of());
    long midday = week.stream().filter(e -> hour(e) == 12).count();
    long night = week.stream().filter(e -> hour(e) == 3).count();
    assertThat(night).isPositive();
    assertThat(midday).isGreaterThan(4 * night);
    long saturdayNoon =
        week.stream().filter(e -> hour(e) == 12 && day(e) == 6).count();
    long tuesdayNoon = week.stream().filter(e -> hour(e) == 12 && day(e) == 2).count();
    assertThat(saturdayNoon).isGreaterThan(tuesdayNoon);
  }

  @Test
  void promotionIdAndPriceAppearOnlyWhileThePromotionRuns() {
    Promotion p =
        new Promotion("P-1", "PIZZA-4CH", "S1", 359, MONDAY.plus(Duration.ofHours(10)), MONDAY.plus(Duration.ofHours(12)));
    List<ShoppingEvent> events = run(4, Duration.ofHours(14), List.of(p));
    assertThat(events)
        .filteredOn(e -> "P-1".equals(e.promotionId()))
        .hasSizeGreaterThan(20)
        .allSatisfy(
            e -> {
              assertThat(e.sku()).isEqualTo("PIZZA-4CH");
              assertThat(e.storeId()).isEqualTo("S1");
              assertThat(e.unitPriceCents()).isEqualTo(359);
              assertThat(e.eventTime()).isAfterOrEqualTo(p.start()).isBefore(p.end());
            });
    assertThat(events)
        .filteredOn(e -> e.sku().equals("PIZZA-4CH") && (!p.activeAt(e.eventTime(), e.storeId())))
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.promotionId()).isNull();
              assertThat(e.unitPriceCents()).isEqualTo(549);
            });
  }

  private static int hour(ShoppingEvent e) {
    return e.eventTime().atZone(ZoneOffset.UTC).getHour();
  }

  private static int day(ShoppingEvent e) {
    return e.eventTime().atZone(ZoneOffset.UTC).getDayOfWeek().getValue();
  }
}
