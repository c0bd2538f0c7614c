package io.truelift.workflows.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.Severity;
import io.truelift.core.contracts.SubstituteLoss;
import io.truelift.model.BaselineModel;
import io.truelift.model.Granularity;
import io.truelift.model.Interval;
import io.truelift.model.Observation;
import io.truelift.model.SalesHistory;
import io.truelift.model.Trainer;
import io.truelift.model.TrainingConfig;
import io.truelift.model.estimate.WhatIfForecaster;
import io.truelift.workflows.alert.AlertAnalysis;
import io.truelift.workflows.alert.AlertDao.PromotionPrices;
import io.truelift.workflows.alert.DeterministicAnalyst;
import io.truelift.workflows.alert.Recommendation;
import io.truelift.workflows.alert.StrategyEffects;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recommendations' expected effects come from the what-if of the active model (the same
 * forecaster as the API's what-if), and the heuristic, labelled, only without a model.
 */
class WhatIfStrategyEffectsTest {
  private static final Granularity HOUR = Granularity.HOUR;
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final int DAYS = 28;
  /** Evidence ends at 12:30 of day 27, a promoted day (10:00-14:00 at 70 instead of 100). */
  private static final Instant WINDOW_END = START.plusSeconds(3600L * (24 * 27 + 12) + 1800);

  private static final Instant PROMOTION_END = START.plusSeconds(3600L * (24 * 27 + 14));
  private static final PromotionPrices PRICES = new PromotionPrices(70, 100);

  private static List<Observation> rows;
  private static BaselineModel model;

  @BeforeAll
  static void train() {
    rows = history();
    model =
        Trainer.train(SalesHistory.of(HOUR, rows), TrainingConfig.defaults(HOUR), "m-whatif")
            .model();
  }

  /**
   * Hourly Poisson sales of A, B, C (one sub-category, regular 100, cost 60) with a daily cycle;
   * every other day A is promoted 10:00-14:00 at 70, which doubles A and takes 30% off B and C.
   */
  static List<Observation> history() {
    SplittableRandom r = new SplittableRandom(7);
    String[] skus = {"A", "B", "C"};
    double[] rates = {20, 30, 10};
    List<Observation> out = new ArrayList<>();
    for (int hour = 0; hour < DAYS * 24; hour++) {
      Instant t = START.plusSeconds(3600L * hour);
      int h = hour % 24;
      boolean promo = (hour / 24) % 2 == 1 && h >= 10 && h < 14;
      double daily = 0.3 + 1.4 * Math.exp(-Math.pow(h - 13, 2) / 18.0);
      for (int s = 0; s < 3; s++) {
        double mean = rates[s] * daily * (promo ? (s == 0 ? 2.0 : 0.7) : 1);
        boolean own = promo && s == 0;
        out.add(
            new Observation(
                skus[s], "*", "CAT", "SUB", t, poisson(r, mean), own ? 70 : 100, 100, 60, own,
                false, false));
      }
    }
    return out;
  }

  private static int poisson(SplittableRandom r, double mean) {
    double limit = Math.exp(-mean), p = r.nextDouble();
    int n = 0;
    while (p > limit) {
      n++;
      p *= r.nextDouble();
    }
    return n;
  }

  private static List<Observation> read(Instant from, Instant to, String category) {
    return read(from, to);
  }

  private static List<Observation> read(Instant from, Instant to) {
    return rows.stream()
        .filter(o -> !o.bucketStart().isBefore(from) && o.bucketStart().isBefore(to))
        .toList();
  }

  private static CannibalizationAlert alert() {
    return new CannibalizationAlert(
        1, "P-9-e1", "P-9", "A", "CAT", "SUB", WINDOW_END, WINDOW_END.minusSeconds(9000),
        WINDOW_END, 50, 20, 0.4, 2400, 5.0, Severity.HIGH,
        List.of(new SubstituteLoss("B", 60, 45, 15), new SubstituteLoss("C", 20, 15, 5)));
  }

  private static StrategyEffects effects(Optional<Instant> end) {
    return new WhatIfStrategyEffects(() -> Optional.of(model), WhatIfStrategyEffectsTest::read, id -> end);
  }

  /** The API's what-if for the same inputs: the rest of the promotion at {@code price}. */
  private static Interval whatIfNetMargin(long price, Instant to) {
    Instant from = HOUR.floor(WINDOW_END);
    SalesHistory context =
        SalesHistory.of(
            HOUR, read(from.minus(HOUR.length().multipliedBy(model.spec().levelLookbackBuckets())), from));
    return new WhatIfForecaster(model)
        .forecast(
            context,
            new WhatIfForecaster.Request("P-9", "A", "*", price, false, false, from, to))
        .estimate()
        .netMarginCents();
  }

  private static Recommendation of(AlertAnalysis a, ActionType type) {
    return a.recommendations().stream().filter(r -> r.actionType() == type).findFirst().orElseThrow();
  }

  @Test
  void expectedEffectsAreTheWhatIfsNetMarginForTheRestOfThePromotion() {
    AlertAnalysis a =
        new DeterministicAnalyst(effects(Optional.of(PROMOTION_END))).analyse(alert(), PRICES);
    Interval kept = whatIfNetMargin(70, PROMOTION_END);
    Interval halved = whatIfNetMargin(85, PROMOTION_END);
    // The promotion loses margin: 30% off a 40-cent margin on every baseline unit of A, plus B's
    // and C's lost sales.
    assertThat(kept.estimate()).isNegative();

    Recommendation stop = of(a, ActionType.STOP_PROMOTION);
    assertThat(stop.expectedMarginChangeCents()).isEqualTo(Math.round(-kept.estimate()));
    assertThat(stop.rationale())
        .contains(
            "the rest of the promotion, to its end " + PROMOTION_END,
            DeterministicAnalyst.signed(-kept.estimate()),
            "90% interval " + DeterministicAnalyst.signed(-kept.upper()) + " to "
                + DeterministicAnalyst.signed(-kept.lower()),
            "basis: what-if forecast of model m-whatif");

    Recommendation half = of(a, ActionType.ADJUST_PRICE);
    assertThat(half.newPriceCents()).isEqualTo(85L);
    assertThat(half.expectedMarginChangeCents())
        .isEqualTo(Math.round(halved.estimate() - kept.estimate()));

    Recommendation keep = of(a, ActionType.DISMISS);
    assertThat(keep.expectedMarginChangeCents()).isZero();
    assertThat(keep.rationale()).contains(DeterministicAnalyst.signed(kept.estimate()), "m-whatif");
    assertThat(a.explanation()).contains("what-if forecast of model m-whatif", "(2.0 h from");

    // Ranked by expected effect, best first.
    assertThat(a.recommendations())
        .extracting(Recommendation::expectedMarginChangeCents)
        .isSortedAccordingTo((x, y) -> Long.compare(y, x));
    assertThat(a.recommendations()).extracting(Recommendation::rank).containsExactly(1, 2, 3);
  }

  @Test
  void withoutAPriceOrAnEndOnRecordThePromotedHoursGiveThePriceAndTheNext24HoursArePriced() {
    StrategyEffects.Computation c = effects(Optional.empty()).compute(alert(), null);
    assertThat(c.unavailableReason()).isNull();
    assertThat(c.forecast().promoPriceCents()).isEqualTo(70);
    assertThat(c.forecast().hours()).isEqualTo(24.0);
    assertThat(c.forecast().periodNote()).startsWith("the next 24 h");
    assertThat(c.forecast().promotionNetMargin())
        .isEqualTo(whatIfNetMargin(70, HOUR.floor(WINDOW_END).plusSeconds(24 * 3600)));
  }

  @Test
  void withoutAnActiveModelTheHeuristicIsUsedAndSaysSo() {
    StrategyEffects none =
        new WhatIfStrategyEffects(Optional::empty, WhatIfStrategyEffectsTest::read, id -> Optional.empty());
    AlertAnalysis a = new DeterministicAnalyst(none).analyse(alert(), PRICES);
    // L x 24 h / T: $24.00 over 2.5 h of evidence is 23,040 cents per 24 h.
    assertThat(of(a, ActionType.STOP_PROMOTION).expectedMarginChangeCents()).isEqualTo(23040L);
    assertThat(of(a, ActionType.ADJUST_PRICE).expectedMarginChangeCents()).isEqualTo(11520L);
    assertThat(a.recommendations())
        .allSatisfy(
            r -> assertThat(r.rationale()).contains("basis: heuristic L x 24 h / T, because no ACTIVE model in the model registry."));
    assertThat(of(a, ActionType.STOP_PROMOTION).rationale())
        .contains("+$230.40 per 24 h of regular-price revenue (not margin); basis: heuristic L x 24 h / T");
    assertThat(a.explanation()).contains("Expected effects are a heuristic (no ACTIVE model");
  }

  @Test
  void aFailingWhatIfFallsBackToTheHeuristicWithItsReason() {
    StrategyEffects noSales =
        new WhatIfStrategyEffects(() -> Optional.of(model), (f, t, c) -> List.of(), id -> Optional.empty());
    AlertAnalysis a = new DeterministicAnalyst(noSales).analyse(alert(), PRICES);
    assertThat(of(a, ActionType.STOP_PROMOTION).rationale())
        .contains("basis: heuristic L x 24 h / T, because no all-stores sales of A in");
  }

  @Test
  void aWhatIfOverItsTimeBudgetFallsBackToTheHeuristicSoTheActivityDoesNotTimeOut() {
    StrategyEffects slow =
        new WhatIfStrategyEffects(
            () -> Optional.of(model),
            (f, t, c) -> {
              try {
                Thread.sleep(5000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return read(f, t);
            },
            id -> Optional.empty(),
            java.time.Duration.ofMillis(200));
    long t0 = System.nanoTime();
    AlertAnalysis a = new DeterministicAnalyst(slow).analyse(alert(), PRICES);
    assertThat((System.nanoTime() - t0) / 1e6).isLessThan(2000);
    assertThat(of(a, ActionType.STOP_PROMOTION).rationale())
        .contains("basis: heuristic L x 24 h / T, because the what-if took longer than 200 ms");
  }

  @Test
  void geminiWordingCannotChangeTheComputedEffectsAndTheBasisStaysInTheText() {
    DeterministicAnalyst analyst = new DeterministicAnalyst(effects(Optional.of(PROMOTION_END)));
    DeterministicAnalyst.Computed computed = analyst.compute(alert(), PRICES);
    ObjectNode facts = GeminiAnalyst.facts(alert(), PRICES, computed);
    Recommendation first = computed.analysis().recommendations().get(0);
    assertThat(facts.at("/options/0/expectedEffect").asText())
        .isEqualTo(DeterministicAnalyst.signed(first.expectedMarginChangeCents()));
    assertThat(facts.get("expectedEffectsBasis").asText()).isEqualTo("what-if forecast of model m-whatif");

    GeminiAnalyst.Answer answer =
        new GeminiAnalyst.Answer(
            "Stop it, it costs money.",
            Map.of(
                1, new String[] {"First", "Do this one; it is worth a lot."},
                2, new String[] {"Second", "Or this."},
                3, new String[] {"Third", "Or nothing."}));
    AlertAnalysis merged =
        GeminiAnalyst.merge("gemini:test", computed, answer, GeminiAnalyst.allowedAmounts(facts));
    for (int i = 0; i < 3; i++) {
      Recommendation m = merged.recommendations().get(i);
      Recommendation c = computed.analysis().recommendations().get(i);
      assertThat(m.actionType()).isEqualTo(c.actionType());
      assertThat(m.expectedMarginChangeCents()).isEqualTo(c.expectedMarginChangeCents());
      assertThat(m.newPriceCents()).isEqualTo(c.newPriceCents());
      assertThat(m.rationale())
          .endsWith(computed.effectNotes().get(i + 1))
          .contains("basis: what-if forecast of model m-whatif");
    }
    assertThat(merged.explanation())
        .isEqualTo("Stop it, it costs money. Expected effects: what-if forecast of model m-whatif.");
  }
}
