package io.truelift.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.truelift.model.estimate.ConcurrentAllocation;
import io.truelift.model.estimate.PromotionEstimate;
import io.truelift.model.estimate.PromotionEstimator;
import io.truelift.model.estimate.SeriesTotals;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EstimatorTest {
  /** Poisson counts (dispersion 1), a 5% relative model error, normal 90% multiplier. */
  static final Calibration CAL =
      new Calibration(new double[] {Double.POSITIVE_INFINITY}, new double[] {5}, new double[0], new double[0], 1.0, 0.05, 1.645, 100, 100);

  @Test
  void decomposesUnitsRevenueAndMarginWithTheDiscountOnBaselineSalesAsALoss() {
    // A: 100 expected, 250 sold at 70 (regular 100, cost 60). B: 200 expected, 150 sold.
    SeriesTotals a = new SeriesTotals("A", 250, 100, 250 * 70, 100, 60);
    SeriesTotals b = new SeriesTotals("B", 150, 200, 150 * 100, 100, 50);
    SeriesTotals post = new SeriesTotals("A", 80, 100, 80 * 100, 100, 60);
    PromotionEstimate e = new PromotionEstimator(CAL).estimate("P", a, List.of(b), Map.of(), post);
    assertThat(e.grossLiftUnits().estimate()).isEqualTo(150);
    assertThat(e.cannibalizedUnits().estimate()).isEqualTo(50);
    assertThat(e.pullForwardUnits().estimate()).isEqualTo(20);
    assertThat(e.netUnits().estimate()).isEqualTo(80);
    assertThat(e.cannibalizationRate().estimate()).isCloseTo(1 / 3.0, within(1e-9));
    // Margin of A: 250 x 10 - 100 x 40 = -1500: the 30 cents off on the 100 baseline sales cost
    // more than the lift earned.
    assertThat(e.promotedMarginChangeCents().estimate()).isCloseTo(-1500, within(1e-6));
    assertThat(e.discountOnBaselineSalesCents()).isCloseTo(3000, within(1e-6));
    assertThat(e.cannibalizedMarginCents().estimate()).isCloseTo(50 * 50, within(1e-6));
    assertThat(e.netMarginCents().estimate()).isCloseTo(-1500 - 2500 - 20 * 40, within(1e-6));
    // G's variance: 250 (count noise) + (0.05 x 100)^2 = 275.
    assertThat(e.grossLiftUnits().upper() - 150).isCloseTo(1.645 * Math.sqrt(275), within(1e-6));
    assertThat(e.cannibalizedUnits().lower()).isLessThan(50);
    assertThat(e.substitutes()).singleElement().satisfies(s -> assertThat(s.lostUnits().estimate()).isEqualTo(50));
  }

  @Test
  void noPostPeriodMeansNoPullForwardAndAPostPeriodAboveBaselineIsNotNegative() {
    SeriesTotals a = new SeriesTotals("A", 250, 100, 250 * 70, 100, 60);
    PromotionEstimator est = new PromotionEstimator(CAL);
    assertThat(est.estimate("P", a, List.of(), Map.of(), null).pullForwardUnits().estimate()).isZero();
    SeriesTotals above = new SeriesTotals("A", 130, 100, 13000, 100, 60);
    PromotionEstimate e = est.estimate("P", a, List.of(), Map.of(), above);
    assertThat(e.pullForwardUnits().estimate()).isZero();
    assertThat(e.pullForwardUnits().lower()).isZero();
  }

  @Test
  void concurrentPromotionsShareASubstitutesLossByCrossEffect() {
    Map<String, Double> shares =
        ConcurrentAllocation.shares(Map.of("P1", 100.0, "P2", 300.0), Map.of("P1", 0.4, "P2", 0.1));
    assertThat(shares.get("P1")).isCloseTo(40 / 70.0, within(1e-9));
    assertThat(shares.get("P2")).isCloseTo(30 / 70.0, within(1e-9));
    // Unknown strength: the share follows the uplift.
    Map<String, Double> byLift = ConcurrentAllocation.shares(Map.of("P1", 100.0, "P2", 300.0), Map.of());
    assertThat(byLift.get("P2")).isCloseTo(0.75, within(1e-9));
    // No lift at all: equal shares rather than a division by zero.
    assertThat(ConcurrentAllocation.shares(Map.of("P1", -5.0, "P2", 0.0), Map.of()).get("P1")).isEqualTo(0.5);

    SeriesTotals a = new SeriesTotals("A", 250, 100, 250 * 70, 100, 60);
    SeriesTotals b = new SeriesTotals("B", 150, 200, 150 * 100, 100, 50);
    PromotionEstimate half =
        new PromotionEstimator(CAL).estimate("P1", a, List.of(b), Map.of("B", 0.5), null);
    assertThat(half.cannibalizedUnits().estimate()).isEqualTo(25);
  }
}
