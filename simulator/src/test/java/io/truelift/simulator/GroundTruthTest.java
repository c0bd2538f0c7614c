package io.truelift.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The analytic ground truth must agree with what the engine actually draws. A week-long promotion
 * at a high rate is simulated with and without it (independent seeds), and the counted units,
 * gross lift and cannibalization are compared with the truth within four standard errors of the
 * compound-Poisson counts. A truth from a slightly wrong model must fail the same comparison.
 */
class GroundTruthTest {
  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(7));
  private static final Catalog CATALOG = Catalog.defaultCatalog();
  private static final double RATE = 40;

  private static final Promotion PIZZA = new Promotion("P-1", "PIZZA-4CH", null, 359, START, END);

  @Test
  void countedLiftAndCannibalizationAgreeWithTheAnalyticTruth() {
    DemandModel demand = new DemandModel(CATALOG, RATE);
    GroundTruth.PromotionTruth truth =
        new GroundTruth(demand).forAll(new Market(CATALOG, List.of(PIZZA)), null).get(0);
    Map<String, Long> with = count(demand, List.of(PIZZA), 1);
    Map<String, Long> without = count(demand, List.of(), 2);

    // Levels: each run against its own expectation.
    assertWithin(with.get("PIZZA-4CH"), truth.expectedUnits(), sd(with.get("PIZZA-4CH")));
    assertWithin(without.get("PIZZA-4CH"), truth.baselineUnits(), sd(without.get("PIZZA-4CH")));
    for (GroundTruth.SubstituteTruth s : truth.cannibalizedBySubstitute()) {
      assertWithin(with.get(s.sku()), s.expectedUnits(), sd(with.get(s.sku())));
      assertWithin(without.get(s.sku()), s.baselineUnits(), sd(without.get(s.sku())));
    }

    // Effects: differences between the runs.
    double gross = with.get("PIZZA-4CH") - without.get("PIZZA-4CH");
    double grossSe = Math.hypot(sd(with.get("PIZZA-4CH")), sd(without.get("PIZZA-4CH")));
    assertThat(gross).isCloseTo(truth.grossLiftUnits(), within(4 * grossSe));
    double cannibalized = cannibalized(with, without);
    double cannibalizedSe = cannibalizedSe(with, without);
    assertThat(cannibalized).isCloseTo(truth.cannibalizedUnits(), within(4 * cannibalizedSe));

    // The comparison has teeth: effects are far from zero in standard errors...
    assertThat(truth.cannibalizedUnits()).isGreaterThan(20 * cannibalizedSe);
    // ...and a truth from a model that ignores nesting (plain logit) is rejected by it.
    GroundTruth.PromotionTruth wrong =
        new GroundTruth(new DemandModel(unnested(), RATE))
            .forAll(new Market(unnested(), List.of(PIZZA)), null)
            .get(0);
    assertThat(Math.abs(cannibalized - wrong.cannibalizedUnits())).isGreaterThan(4 * cannibalizedSe);
  }

  @Test
  void decompositionAddsUpAndDeepDiscountWithCloseSubstitutesCannibalizesMaterially() {
    GroundTruth.PromotionTruth t = truth(PIZZA);
    assertThat(t.grossLiftUnits()).isPositive();
    assertThat(t.cannibalizationRate()).isBetween(0.4, 0.7);
    assertThat(t.substitutes()).containsExactlyInAnyOrder("PIZZA-PEP", "PIZZA-SUP", "PIZZA-PB");
    assertThat(t.cannibalizedBySubstitute())
        .allSatisfy(s -> assertThat(s.cannibalizedUnits()).isPositive());
    assertThat(
            t.cannibalizedUnits()
                + t.cannibalizedFromOtherSubcategories()
                + t.incrementalFromOutsideOption())
        .isCloseTo(t.grossLiftUnits(), within(1e-6));
    assertThat(t.incrementalFromOutsideOption()).isPositive();
    assertThat(t.netLiftUnits()).isCloseTo(t.grossLiftUnits() - t.cannibalizedUnits(), within(1e-9));
    assertThat(t.expectedUnits() - t.baselineUnits()).isCloseTo(t.grossLiftUnits(), within(1e-6));
    // The discount given on sales that would have happened anyway is a real cost.
    assertThat(t.discountOnBaselineSalesCents())
        .isCloseTo(t.baselineUnits() * (549 - 359), within(1.0));
    assertThat(t.netRevenueChangeCents())
        .isCloseTo(t.grossLiftRevenueCents() - t.cannibalizedRevenueCents(), within(1e-6));
    assertThat(t.netMarginChangeCents())
        .isCloseTo(t.grossLiftMarginCents() - t.cannibalizedMarginCents(), within(1e-6));
    // At 35% off, the margin of the group falls: this promotion loses money.
    assertThat(t.netMarginChangeCents()).isNegative();
  }

  @Test
  void promotionOfAnItemAloneInItsSubCategoryCannibalizesNothing() {
    GroundTruth.PromotionTruth t =
        truth(new Promotion("P-F", "FLOSS", null, 229, START, START.plus(Duration.ofHours(8))));
    assertThat(t.substitutes()).isEmpty();
    assertThat(t.cannibalizedUnits()).isZero();
    assertThat(t.cannibalizationRate()).isZero();
    assertThat(t.grossLiftUnits()).isPositive();
    assertThat(t.netLiftUnits()).isEqualTo(t.grossLiftUnits());
  }

  @Test
  void truthIntegratesExactlyOverPartialMinutesAndSingleStores() {
    // 90.5 minutes in store S2 only: the integral must scale with the store weight and duration.
    Instant noon = START.plus(Duration.ofHours(12));
    Promotion s2 =
        new Promotion("P-S2", "PIZZA-4CH", "S2", 359, noon, noon.plus(Duration.ofSeconds(5430)));
    GroundTruth.PromotionTruth t = truth(s2);
    DemandModel demand = new DemandModel(CATALOG, 12);
    Catalog.Category frozen = CATALOG.categoryOf(CATALOG.require("PIZZA-4CH"));
    double perMinute = demand.purchasesPerMinute(noon, "S2", frozen, Map.of())[0];
    // Seasonality is constant within 12:00-13:00 but not 13:00-13:30: sum hour by hour.
    double expected =
        (perMinute * 60
                + demand.purchasesPerMinute(noon.plus(Duration.ofHours(1)), "S2", frozen, Map.of())[0]
                    * 30.5)
            * DemandModel.MEAN_UNITS_PER_PURCHASE;
    assertThat(t.baselineUnits()).isCloseTo(expected, within(1e-9 * expected));
    assertThat(t.storeId()).isEqualTo("S2");
  }

  @Test
  void concurrentPromotionIsHeldFixedInTheCounterfactual() {
    Promotion pep = new Promotion("P-2", "PIZZA-PEP", null, 449, START, END);
    DemandModel demand = new DemandModel(CATALOG, 12);
    GroundTruth.PromotionTruth alone = truth(PIZZA);
    GroundTruth.PromotionTruth together =
        new GroundTruth(demand).forAll(new Market(CATALOG, List.of(PIZZA, pep)), null).get(0);
    // The counterfactual for P-1 keeps P-2's discount: the rival's baseline is its promoted level.
    assertThat(together.promotionId()).isEqualTo("P-1");
    assertThat(baselineOf(together, "PIZZA-PEP")).isGreaterThan(1.3 * baselineOf(alone, "PIZZA-PEP"));
    assertThat(together.cannibalizedUnits()).isNotCloseTo(alone.cannibalizedUnits(), within(1.0));
  }

  @Test
  void stoppedPromotionIsMeasuredOverItsActualPeriod() {
    Market market = new Market(CATALOG, List.of(PIZZA));
    GroundTruth truth = new GroundTruth(new DemandModel(CATALOG, 12));
    double full = truth.of(market, "P-1", null, null).grossLiftUnits();
    market.stop("P-1", START.plus(Duration.ofDays(1)));
    GroundTruth.PromotionTruth stopped = truth.of(market, "P-1", null, null);
    assertThat(stopped.end()).isEqualTo(START.plus(Duration.ofDays(1)));
    assertThat(stopped.grossLiftUnits()).isBetween(full / 10, full / 5);
  }

  @Test
  void attributedTruthEqualsTheMarginalOneWithoutOverlap() {
    GroundTruth.PromotionTruth t = truth(PIZZA);
    GroundTruth.Attributed a = t.attributed();
    assertThat(a.baselineUnits()).isCloseTo(t.baselineUnits(), within(1e-6));
    assertThat(a.grossLiftUnits()).isCloseTo(t.grossLiftUnits(), within(1e-6));
    assertThat(a.cannibalizedUnits()).isCloseTo(t.cannibalizedUnits(), within(1e-6));
    assertThat(a.cannibalizedMarginCents()).isCloseTo(t.cannibalizedMarginCents(), within(1e-3));
    assertThat(a.netMarginChangeCents()).isCloseTo(t.netMarginChangeCents(), within(1e-3));
  }

  @Test
  void overlappingPromotionsShareEachSubstitutesWholeLossAndLeaveThePromotedSiblingOut() {
    // PIZZA-PEP promoted for the same day as PIZZA-4CH: PIZZA-SUP and PIZZA-PB lose to both.
    Instant dayEnd = START.plus(Duration.ofDays(1));
    Promotion four = new Promotion("P-4CH", "PIZZA-4CH", null, 359, START, dayEnd);
    Promotion pep = new Promotion("P-PEP", "PIZZA-PEP", null, 399, START, dayEnd);
    DemandModel demand = new DemandModel(CATALOG, 12);
    Market both = new Market(CATALOG, List.of(four, pep));
    List<GroundTruth.PromotionTruth> truths = new GroundTruth(demand).forAll(both, null);
    GroundTruth.Attributed a4 = truths.get(0).attributed();
    GroundTruth.Attributed aPep = truths.get(1).attributed();
    // The promoted sibling is not a substitute while promoted.
    assertThat(a4.cannibalizedBySubstitute()).extracting(GroundTruth.SubstituteTruth::sku).doesNotContain("PIZZA-PEP");
    assertThat(aPep.cannibalizedBySubstitute()).extracting(GroundTruth.SubstituteTruth::sku).doesNotContain("PIZZA-4CH");
    // Each other pizza's loss against no promotion at all is split, without loss or double count.
    for (String sku : List.of("PIZZA-SUP", "PIZZA-PB")) {
      double shared = lost(a4, sku) + lost(aPep, sku);
      double whole = expectedWithout(demand, sku, dayEnd) - expectedWith(both, demand, sku, dayEnd);
      assertThat(shared).isCloseTo(whole, within(1e-6 * whole));
      assertThat(lost(a4, sku)).isGreaterThan(lost(aPep, sku)); // the deeper discount takes more
    }
    // The marginal truth counts the promoted sibling's loss; the attributed one does not.
    assertThat(truths.get(0).cannibalizedBySubstitute()).extracting(GroundTruth.SubstituteTruth::sku).contains("PIZZA-PEP");
  }

  private static double lost(GroundTruth.Attributed a, String sku) {
    return a.cannibalizedBySubstitute().stream().filter(x -> x.sku().equals(sku)).mapToDouble(GroundTruth.SubstituteTruth::cannibalizedUnits).sum();
  }

  /** Expected units of {@code sku} over the day with regular prices. */
  private static double expectedWithout(DemandModel demand, String sku, Instant end) {
    return expectedWith(new Market(CATALOG, List.of()), demand, sku, end);
  }

  private static double expectedWith(Market market, DemandModel demand, String sku, Instant end) {
    Catalog.Category category = CATALOG.categoryOf(CATALOG.require(sku));
    int i = CATALOG.productsIn(category.name()).indexOf(CATALOG.require(sku));
    double units = 0;
    for (Instant t = START; t.isBefore(end); t = t.plusSeconds(60)) {
      for (String store : CATALOG.stores()) {
        units += demand.purchasesPerMinute(t, store, category, market.prices(store, t, null))[i] * DemandModel.MEAN_UNITS_PER_PURCHASE;
      }
    }
    return units;
  }

  private static GroundTruth.PromotionTruth truth(Promotion p) {
    return new GroundTruth(new DemandModel(CATALOG, 12))
        .forAll(new Market(CATALOG, List.of(p)), null)
        .get(0);
  }

  private static double baselineOf(GroundTruth.PromotionTruth t, String sku) {
    return t.cannibalizedBySubstitute().stream()
        .filter(s -> s.sku().equals(sku))
        .findFirst()
        .orElseThrow()
        .baselineUnits();
  }

  /** The default catalog with every nest parameter 1: a plain multinomial logit. */
  private static Catalog unnested() {
    Map<String, Double> lambdas = new HashMap<>();
    CATALOG.products().forEach(p -> lambdas.put(p.subCategory(), 1.0));
    return new Catalog(CATALOG.categories(), CATALOG.products(), lambdas, CATALOG.storeWeights());
  }

  private static Map<String, Long> count(DemandModel demand, List<Promotion> promos, long seed) {
    Map<String, Long> units = new HashMap<>();
    CATALOG.products().forEach(p -> units.put(p.sku(), 0L));
    new ShopperEngine(demand, new Market(CATALOG, promos), seed, "t", START)
        .simulateUntil(END, e -> units.merge(e.sku(), (long) e.units(), Long::sum));
    return units;
  }

  private static double cannibalized(Map<String, Long> with, Map<String, Long> without) {
    double c = 0;
    for (String sku : CATALOG.substitutesOf("PIZZA-4CH")) {
      c += without.get(sku) - with.get(sku);
    }
    return c;
  }

  private static double cannibalizedSe(Map<String, Long> with, Map<String, Long> without) {
    double variance = 0;
    for (String sku : CATALOG.substitutesOf("PIZZA-4CH")) {
      variance += Math.pow(sd(with.get(sku)), 2) + Math.pow(sd(without.get(sku)), 2);
    }
    return Math.sqrt(variance);
  }

  /** Standard deviation of a compound-Poisson unit count: purchases x E[units^2]. */
  private static double sd(long units) {
    return Math.sqrt(
        units / DemandModel.MEAN_UNITS_PER_PURCHASE * DemandModel.MEAN_SQUARE_UNITS_PER_PURCHASE);
  }

  private static void assertWithin(long counted, double expected, double sd) {
    assertThat((double) counted).isCloseTo(expected, within(4 * sd));
  }
}
