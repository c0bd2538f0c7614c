package io.truelift.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.truelift.api.api.WhatIfForecastView;
import io.truelift.api.api.WhatIfRequest;
import io.truelift.model.BaselineModel;
import io.truelift.model.Granularity;
import io.truelift.model.Observation;
import io.truelift.model.SalesHistory;
import io.truelift.model.Trainer;
import io.truelift.model.TrainingConfig;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The what-if with a real XGBoost model trained on a small synthetic sub-category where promoting A
 * doubles its sales and takes a third of B's and C's: the forecast must show A's lift, a loss on
 * the substitutes, and ordered intervals.
 */
class WhatIfTest {
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  static SalesHistory history;
  static BaselineModel model;

  @BeforeAll
  static void train() {
    SplittableRandom r = new SplittableRandom(7);
    List<Observation> rows = new ArrayList<>();
    for (int h = 0; h < 24 * 21; h++) {
      Instant t = START.plus(Duration.ofHours(h));
      boolean promo = (h / 24) % 5 == 2 && h % 24 >= 8;
      double daily = 0.5 + Math.sin(Math.PI * (h % 24) / 24.0);
      for (String sku : List.of("A", "B", "C")) {
        boolean own = promo && sku.equals("A");
        double mean = 4 * daily * (own ? 2.0 : promo ? 0.66 : 1.0);
        double price = own ? 70 : 100;
        rows.add(new Observation(sku, "*", "CAT", "SUB", t, poisson(r, mean), price, 100, 60, own, false, false));
      }
    }
    history = SalesHistory.of(Granularity.HOUR, rows);
    model = Trainer.train(history, TrainingConfig.defaults(Granularity.HOUR), "whatif-test").model();
  }

  static int poisson(SplittableRandom r, double mean) {
    double l = Math.exp(-mean), p = 1;
    int k = 0;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }

  static WhatIf whatIf() {
    return new WhatIf(
        new ModelSource() {
          @Override
          public Optional<BaselineModel> activeModel() {
            return Optional.of(model);
          }

          @Override
          public Optional<SalesHistory> history() {
            return Optional.of(history);
          }

          @Override
          public String unavailableReason() {
            return "";
          }
        });
  }

  @Test
  void forecastShowsTheLiftTheSubstitutesLossAndIntervals() {
    WhatIfForecastView f = whatIf().forecast(new WhatIfRequest("A", 70L, 24, null));

    assertThat(f.modelVersion()).isEqualTo("whatif-test");
    assertThat(f.regularPriceCents()).isEqualTo(100);
    assertThat(f.startsAt()).isEqualTo(history.to());
    assertThat(f.grossLiftUnits().estimate()).isPositive();
    assertThat(f.cannibalizedUnits().estimate()).isPositive();
    assertThat(f.substitutes()).extracting(WhatIfForecastView.SubstituteForecast::sku).containsExactlyInAnyOrder("B", "C");
    for (var i : List.of(f.grossLiftUnits(), f.cannibalizedUnits(), f.netUnits(), f.netMarginCents())) {
      assertThat(i.lower()).isLessThanOrEqualTo(i.estimate());
      assertThat(i.estimate()).isLessThanOrEqualTo(i.upper());
      assertThat(i.upper()).isGreaterThan(i.lower());
    }
  }

  @Test
  void unknownSkuAndAPriceAboveRegularAre422() {
    assertThatThrownBy(() -> whatIf().forecast(new WhatIfRequest("Z", 70L, 24, null)))
        .isInstanceOf(WebApplicationException.class)
        .satisfies(e -> assertThat(((WebApplicationException) e).getResponse().getStatus()).isEqualTo(422))
        .satisfies(e -> assertThat(((WebApplicationException) e).getResponse().getEntity().toString())
            .contains("sku must be a product of the sales history (3 products), got \"Z\""));
    assertThatThrownBy(() -> whatIf().forecast(new WhatIfRequest("A", 101L, 24, null)))
        .satisfies(e -> assertThat(((WebApplicationException) e).getResponse().getEntity().toString())
            .contains("promoPriceCents must be <= the regular price 100 of A, got 101"));
  }
}
