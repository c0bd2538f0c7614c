package io.truelift.workflows.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.truelift.workflows.effect.EffectivenessMeasurer.Measurement;
import io.truelift.workflows.effect.EffectivenessMeasurer.ProductInfo;
import io.truelift.workflows.effect.EffectivenessMeasurer.SalesRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EffectivenessMeasurerTest {
  static final Instant ANCHOR = Instant.parse("2026-01-10T12:00:00Z");
  static final EffectivenessSettings SETTINGS =
      new EffectivenessSettings(Duration.ofHours(24), Duration.ofHours(1), 6, Duration.ofHours(1));
  static final Map<String, ProductInfo> PRODUCTS =
      Map.of(
          "A", new ProductInfo("A", "FROZEN", "PIZZA", 200),
          "B", new ProductInfo("B", "FROZEN", "PIZZA", 250),
          "X", new ProductInfo("X", "DAIRY", "MILK", 50),
          "Y", new ProductInfo("Y", "DAIRY", "YOGURT", 30),
          "Z", new ProductInfo("Z", "DAIRY", "CHEESE", 100));

  static MeasurementPlan plan(String store, Instant evidenceStart) {
    return new MeasurementPlan(
        "P-1", "A", List.of("B"), "FROZEN", "PIZZA", store, evidenceStart, ANCHOR, SETTINGS);
  }

  /** Hourly rows; after the anchor the treated SKUs' margin rises by {@code liftUnits} units. */
  static List<SalesRow> rows(
      String sku, String store, double baseUnits, long priceCents, double liftUnits, Random rnd) {
    List<SalesRow> out = new ArrayList<>();
    for (int h = -24; h < 24; h++) {
      Instant t = ANCHOR.plus(Duration.ofHours(h));
      double units = baseUnits * (1 + 0.2 * Math.sin(h / 4.0)) + (h >= 0 ? liftUnits : 0);
      long u = Math.max(0, Math.round(units + rnd.nextGaussian()));
      out.add(new SalesRow(sku, store, t, u, u * priceCents, h < 0 && sku.equals("A") ? "P-1" : null));
    }
    return out;
  }

  @Test
  void storePromotionIsComparedWithTheSameProductsInOtherStores() {
    Random rnd = new Random(7);
    List<SalesRow> all = new ArrayList<>();
    all.addAll(rows("A", "S1", 40, 500, 10, rnd)); // treated store gains 10 units/h of A
    all.addAll(rows("B", "S1", 30, 450, 0, rnd));
    all.addAll(rows("A", "S2", 80, 500, 0, rnd));
    all.addAll(rows("B", "S2", 60, 450, 0, rnd));
    all.addAll(rows("A", "*", 120, 500, 10, rnd)); // totals are not a control
    Measurement m =
        new EffectivenessMeasurer().measure(plan("S1", ANCHOR.minus(Duration.ofDays(3))), all, PRODUCTS);
    assertThat(m.method()).isEqualTo(EffectivenessMeasurer.METHOD_STORES);
    assertThat(m.control()).contains("[S2]");
    EffectEstimate e = m.estimate();
    assertThat(e.outcome()).isEqualTo(EffectOutcome.EFFECTIVE);
    // 10 units/h at (500 - 200) cents margin over 24 h = 72,000 cents.
    assertThat(e.estimateCents()).isCloseTo(72_000, within(10_000.0));
    assertThat(e.lowerCents()).isLessThan(72_000);
    assertThat(e.upperCents()).isGreaterThan(72_000);
    assertThat(e.preBuckets()).isEqualTo(24);
    assertThat(e.postBuckets()).isEqualTo(24);
  }

  @Test
  void chainWidePromotionUsesUnpromotedProductsOfOtherCategories() {
    Random rnd = new Random(8);
    List<SalesRow> all = new ArrayList<>();
    all.addAll(rows("A", "*", 40, 500, 0, rnd));
    all.addAll(rows("B", "*", 30, 450, 0, rnd));
    all.addAll(rows("X", "*", 100, 120, 0, rnd));
    all.addAll(rows("Y", "*", 50, 90, 0, rnd));
    // Z is promoted during the period: not a clean control.
    List<SalesRow> z = rows("Z", "*", 20, 300, 0, rnd);
    z.set(3, new SalesRow("Z", "*", z.get(3).windowStart(), 5, 1500, "P-9"));
    all.addAll(z);
    Measurement m =
        new EffectivenessMeasurer().measure(plan(null, ANCHOR.minus(Duration.ofDays(3))), all, PRODUCTS);
    assertThat(m.method()).isEqualTo(EffectivenessMeasurer.METHOD_CATEGORIES);
    assertThat(m.control()).contains("other categories", "[X, Y]").doesNotContain("Z");
    EffectEstimate e = m.estimate();
    assertThat(e.outcome()).isIn(EffectOutcome.INCONCLUSIVE, EffectOutcome.EFFECTIVE, EffectOutcome.INEFFECTIVE);
    assertThat(e.lowerCents()).isLessThan(0);
    assertThat(e.upperCents()).isGreaterThan(0);
  }

  @Test
  void preperiodStopsAtTheAlertsEvidenceSoTooShortAPromotionIsInsufficient() {
    Random rnd = new Random(9);
    List<SalesRow> all = new ArrayList<>();
    all.addAll(rows("A", "S1", 40, 500, 10, rnd));
    all.addAll(rows("A", "S2", 40, 500, 0, rnd));
    all.addAll(rows("B", "S1", 40, 500, 0, rnd));
    all.addAll(rows("B", "S2", 40, 500, 0, rnd));
    MeasurementPlan p = plan("S1", ANCHOR.minus(Duration.ofMinutes(200)));
    assertThat(p.preStart()).isEqualTo(ANCHOR.minus(Duration.ofHours(3)));
    EffectEstimate e = new EffectivenessMeasurer().measure(p, all, PRODUCTS).estimate();
    assertThat(e.outcome()).isEqualTo(EffectOutcome.INSUFFICIENT_DATA);
    assertThat(e.score()).isNull();
    assertThat(e.detail()).contains("3 bucket(s) with data before the action");
  }

  @Test
  void unknownUnitCostOrNoControlIsInsufficientData() {
    Random rnd = new Random(10);
    List<SalesRow> all = new ArrayList<>(rows("A", "S1", 40, 500, 10, rnd));
    all.addAll(rows("B", "S2", 40, 500, 0, rnd));
    all.addAll(rows("Q", "S2", 40, 500, 0, rnd));
    Map<String, ProductInfo> noB = Map.of("A", PRODUCTS.get("A"));
    EffectEstimate missing =
        new EffectivenessMeasurer()
            .measure(plan("S1", ANCHOR.minus(Duration.ofDays(3))), all, noB)
            .estimate();
    assertThat(missing.outcome()).isEqualTo(EffectOutcome.INSUFFICIENT_DATA);
    assertThat(missing.detail()).contains("no unit cost in product for [B]");

    EffectEstimate noControl =
        new EffectivenessMeasurer()
            .measure(plan(null, ANCHOR.minus(Duration.ofDays(3))), rows("A", "*", 40, 500, 0, rnd), PRODUCTS)
            .estimate();
    assertThat(noControl.outcome()).isEqualTo(EffectOutcome.INSUFFICIENT_DATA);
    assertThat(noControl.detail()).contains("no control sales");
  }

  @Test
  void anchorIsTheExecutionTimeUnlessTheStreamRunsOnAnotherClock() {
    Instant executed = Instant.parse("2026-11-30T10:00:00Z");
    Duration tol = Duration.ofHours(1);
    assertThat(MeasurementPlan.anchor(executed, null, tol)).isEqualTo(executed);
    assertThat(MeasurementPlan.anchor(executed, executed.minusSeconds(90), tol)).isEqualTo(executed);
    Instant simulated = Instant.parse("2026-01-05T11:40:00Z");
    assertThat(MeasurementPlan.anchor(executed, simulated, tol)).isEqualTo(simulated);
  }
}
