package io.truelift.api.core;

import io.truelift.api.api.IntervalView;
import io.truelift.api.api.WhatIfForecastView;
import io.truelift.api.api.WhatIfRequest;
import io.truelift.api.resources.ApiErrors;
import io.truelift.model.BaselineModel;
import io.truelift.model.SalesHistory;
import io.truelift.model.estimate.PromotionEstimate;
import io.truelift.model.estimate.WhatIfForecaster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The what-if forecast of a planned promotion with the active registry model ({@link
 * WhatIfForecaster}): predicted gross lift, cannibalization per substitute, net units and net
 * margin, each with its 90 % interval. Without a start it starts where the history ends, the
 * period the model's recent levels describe.
 */
public final class WhatIf {
  private final ModelSource models;

  public WhatIf(ModelSource models) {
    this.models = models;
  }

  public WhatIfForecastView forecast(WhatIfRequest r) {
    SalesHistory history =
        models.history().orElseThrow(() -> ApiErrors.unavailable("The what-if is unavailable: " + models.unavailableReason()));
    BaselineModel model =
        models.activeModel().orElseThrow(() -> ApiErrors.unavailable("The what-if is unavailable: " + models.unavailableReason()));
    SalesHistory.Product product = history.products().get(r.sku());
    if (product == null) {
      throw ApiErrors.unprocessable(
          "sku must be a product of the sales history (%d products), got \"%s\"".formatted(history.products().size(), r.sku()));
    }
    if (r.promoPriceCents() > product.regularPriceCents()) {
      throw ApiErrors.unprocessable(
          "promoPriceCents must be <= the regular price %.0f of %s, got %d"
              .formatted(product.regularPriceCents(), r.sku(), r.promoPriceCents()));
    }
    Instant start = r.startsAt() != null ? r.startsAt() : history.to();
    Instant end = start.plus(Duration.ofHours(r.durationHours()));
    WhatIfForecaster.Forecast f;
    try {
      f =
          new WhatIfForecaster(model)
              .forecast(history, new WhatIfForecaster.Request(
                  "what-if", r.sku(), "*", r.promoPriceCents(), false, false, start, end));
    } catch (IllegalArgumentException e) {
      throw ApiErrors.unprocessable(e.getMessage());
    }
    PromotionEstimate e = f.estimate();
    List<WhatIfForecastView.SubstituteForecast> subs =
        e.substitutes().stream()
            .map(s -> new WhatIfForecastView.SubstituteForecast(s.sku(), IntervalView.of(s.lostUnits())))
            .toList();
    return new WhatIfForecastView(
        r.sku(), r.promoPriceCents(), Math.round(product.regularPriceCents()), r.durationHours(), start,
        IntervalView.of(e.grossLiftUnits()), IntervalView.of(e.cannibalizedUnits()), IntervalView.of(e.netUnits()),
        IntervalView.of(e.netMarginCents()), subs, f.modelId());
  }
}
