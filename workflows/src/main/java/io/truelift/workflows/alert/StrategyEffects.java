package io.truelift.workflows.alert;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.model.Interval;
import io.truelift.workflows.alert.AlertDao.PromotionPrices;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the recommendations' expected effects come from: the estimator's forecast of the
 * promotion's remaining period (the what-if of the active baseline model), or, when that cannot be
 * computed, the reason why, so the analyst can say which basis its figures have.
 */
public interface StrategyEffects {

  /** The forecast for the alert, or why there is none. */
  Computation compute(CannibalizationAlert alert, PromotionPrices prices);

  /**
   * The active model's what-if over {@code [from, to)}: the net margin change against no promotion
   * (cents, 90% interval) with the promotion kept at its price and with half its discount.
   *
   * @param halfPriceCents null when the promotion has no discount to halve
   * @param halfDiscountNetMargin null when {@code halfPriceCents} is
   * @param periodNote how the period's end was chosen (the promotion's end, or a default horizon)
   */
  record Forecast(
      String modelId,
      Instant from,
      Instant to,
      String periodNote,
      long promoPriceCents,
      Long halfPriceCents,
      Interval promotionNetMargin,
      Interval halfDiscountNetMargin) {

    public double hours() {
      return Duration.between(from, to).toSeconds() / 3600.0;
    }

    /** Stopping now gives up the promotion's forecast net margin: its negative. */
    public Interval stopEffect() {
      return promotionNetMargin.scaled(-1);
    }

    /**
     * Halving the discount instead of keeping it: the difference of the two forecasts. They share
     * the no-promotion baseline, whose error cancels in the difference, so adding the two
     * half-widths in quadrature (as if independent) over-states the interval: a conservative one.
     */
    public Interval halfDiscountEffect() {
      if (halfDiscountNetMargin == null) {
        return null;
      }
      double d = halfDiscountNetMargin.estimate() - promotionNetMargin.estimate();
      return Interval.of(d, Math.hypot(halfWidth(halfDiscountNetMargin), halfWidth(promotionNetMargin)));
    }

    private static double halfWidth(Interval i) {
      return (i.upper() - i.lower()) / 2;
    }
  }

  /** Exactly one of {@code forecast} and {@code unavailableReason} is set. */
  record Computation(Forecast forecast, String unavailableReason) {
    public static Computation of(Forecast f) {
      return new Computation(f, null);
    }

    public static Computation unavailable(String reason) {
      return new Computation(null, reason);
    }
  }

  /** A worker (or test) without a model: every analysis uses the heuristic, saying why. */
  StrategyEffects NONE =
      (alert, prices) -> Computation.unavailable("no baseline model is configured in this worker");
}
