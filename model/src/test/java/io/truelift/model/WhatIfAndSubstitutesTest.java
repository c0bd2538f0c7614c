package io.truelift.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.truelift.model.estimate.SubstituteLearner;
import io.truelift.model.estimate.SubstitutionEdge;
import io.truelift.model.estimate.WhatIfForecaster;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WhatIfAndSubstitutesTest {
  @BeforeAll
  static void train() {
    if (TrainerTest.trained == null) {
      TrainerTest.train();
    }
  }

  @Test
  void whatIfForecastPredictsLiftCannibalizationAndMargin() {
    Instant from = Synthetic.START.plusSeconds(3600L * (24 * 43 + 10));
    var f =
        new WhatIfForecaster(TrainerTest.trained.model())
            .forecast(
                TrainerTest.history,
                new WhatIfForecaster.Request("P-PLAN", "A", "*", 70, false, false, from, from.plusSeconds(4 * 3600)));
    // Truth over 10:00-14:00: A doubles (+~100% of its baseline), B and C lose 30%.
    double baseA = 0, baseBC = 0;
    for (int h = 10; h < 14; h++) {
      Instant t = Synthetic.START.plusSeconds(3600L * (24 * 43 + h));
      baseA += Synthetic.mean(0, t, false);
      baseBC += Synthetic.mean(1, t, false) + Synthetic.mean(2, t, false);
    }
    assertThat(f.estimate().grossLiftUnits().estimate()).isCloseTo(baseA, within(0.35 * baseA));
    assertThat(f.estimate().cannibalizedUnits().estimate()).isCloseTo(0.3 * baseBC, within(0.12 * baseBC));
    assertThat(f.estimate().cannibalizedUnits().lower()).isPositive();
    assertThat(f.estimate().netMarginCents().lower()).isLessThan(f.estimate().netMarginCents().upper());
  }

  @Test
  void aLongWhatIfKeepsItsBaselineAndItsCannibalizationPositive() {
    // Ten days from the end of the history, longer than most of the level's look-back: the
    // planned rows' units (0) once entered the no-promotion side's recent level only, its
    // baseline sank day by day and the cannibalization came out negative (about -0.5 x truth).
    Instant from = Synthetic.START.plusSeconds(3600L * 24 * 42);
    Instant to = from.plusSeconds(3600L * 24 * 10);
    var f =
        new WhatIfForecaster(TrainerTest.trained.model())
            .forecast(TrainerTest.history, new WhatIfForecaster.Request("P-LONG", "A", "*", 70, false, false, from, to));
    double baseA = 0, baseB = 0, baseBC = 0;
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(3600)) {
      baseA += Synthetic.mean(0, t, false);
      baseB += Synthetic.mean(1, t, false);
      baseBC += Synthetic.mean(1, t, false) + Synthetic.mean(2, t, false);
    }
    var e = f.estimate();
    assertThat(e.promotedBaselineUnits()).isCloseTo(baseA, within(0.15 * baseA));
    assertThat(e.substitutes().stream().filter(s -> s.sku().equals("B")).findFirst().orElseThrow().baselineUnits())
        .isCloseTo(baseB, within(0.15 * baseB));
    assertThat(e.grossLiftUnits().estimate()).isCloseTo(baseA, within(0.35 * baseA));
    assertThat(e.cannibalizedUnits().estimate()).isCloseTo(0.3 * baseBC, within(0.12 * baseBC));
    assertThat(e.cannibalizedUnits().lower()).isPositive();
  }

  @Test
  void whatIfRejectsAnUnknownSkuAndAPriceAboveRegular() {
    var w = new WhatIfForecaster(TrainerTest.trained.model());
    Instant t = Synthetic.START;
    assertThatThrownBy(() -> w.forecast(TrainerTest.history, new WhatIfForecaster.Request("P", "Z", "*", 50, false, false, t, t.plusSeconds(3600))))
        .hasMessageContaining("\"Z\"");
    assertThatThrownBy(() -> w.forecast(TrainerTest.history, new WhatIfForecaster.Request("P", "A", "*", 150, false, false, t, t.plusSeconds(3600))))
        .hasMessageContaining("regular price 100");
  }

  @Test
  void learnerFindsTheSiblingsThatLoseDuringPromotions() {
    List<SubstitutionEdge> edges =
        new SubstituteLearner(TrainerTest.trained.model(), 10, 3).measure(TrainerTest.history);
    SubstitutionEdge ab = edges.stream().filter(e -> e.sku().equals("A") && e.substituteSku().equals("B")).findFirst().orElseThrow();
    assertThat(ab.source()).isEqualTo(SubstitutionEdge.LEARNED);
    assertThat(ab.strength()).isCloseTo(0.3, within(0.1));
    // B and C are never promoted: nothing is measured for them as the promoted side.
    assertThat(edges).noneMatch(e -> e.sku().equals("B"));
  }
}
