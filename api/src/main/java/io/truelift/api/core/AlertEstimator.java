package io.truelift.api.core;

import io.truelift.api.api.AlertEstimate;
import io.truelift.api.api.AlertRow;
import io.truelift.api.api.IntervalView;
import io.truelift.api.db.AlertDao.SubstituteRow;
import io.truelift.api.db.AlertDao.WindowRow;
import io.truelift.model.Calibration;
import io.truelift.model.estimate.PromotionEstimate;
import io.truelift.model.estimate.PromotionEstimator;
import io.truelift.model.estimate.SeriesTotals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert's decomposition with 90 % intervals, computed by the model module's {@link
 * PromotionEstimator} with the active model's calibration from what is stored: the substitutes'
 * baseline and actual units as detected ({@code alert_substitute}), the promoted item's totals over
 * the alert's period ({@code windowed_sales}), and prices from the catalog ({@code product}), the
 * promotion row, or the substitutes' own sales (they sell at the regular price). Whatever cannot be
 * computed from that is null, and {@code basis} says why; no figure is invented.
 */
public final class AlertEstimator {
  /** Estimates with their per-substitute lost-units intervals (by sku). */
  public record Result(AlertEstimate estimate, Map<String, IntervalView> substituteIntervals) {}

  /** What is known of a product's prices; null fields are unknown. */
  public record Prices(Double regularPriceCents, Double unitCostCents) {}

  private AlertEstimator() {}

  /**
   * @param calibration the active model's, or null when no model is active
   * @param windows the all-stores windows of the promoted item and the substitutes in the alert's
   *     period
   * @param prices by sku, where known
   * @param modelId for the basis text
   */
  public static Result estimate(
      AlertRow alert,
      List<SubstituteRow> substitutes,
      List<WindowRow> windows,
      Map<String, Prices> prices,
      Calibration calibration,
      String modelId) {
    if (calibration == null) {
      return new Result(
          new AlertEstimate(null, null, null, null, null, null, null,
              "no active model in the registry: intervals unknown"),
          Map.of());
    }
    List<String> notes = new ArrayList<>();
    notes.add("calibration of model " + modelId);
    Map<String, double[]> totals = new HashMap<>(); // units, revenue, baseline, rows
    boolean promotedBaselineComplete = true;
    for (WindowRow w : windows) {
      double[] t = totals.computeIfAbsent(w.sku(), k -> new double[4]);
      t[0] += w.units();
      t[1] += w.revenueCents();
      t[3] += w.windows();
      if (w.baselineUnits() == null) {
        if (w.sku().equals(alert.promotedSku())) {
          promotedBaselineComplete = false;
        }
      } else {
        t[2] += w.baselineUnits();
      }
    }
    Prices promotedPrices = prices.getOrDefault(alert.promotedSku(), new Prices(null, null));
    double[] promotedTotals = totals.get(alert.promotedSku());
    boolean promotedKnown = promotedTotals != null && promotedBaselineComplete;
    Double regularA = promotedPrices.regularPriceCents();
    double costA = promotedPrices.unitCostCents() != null
        ? promotedPrices.unitCostCents()
        : regularA == null ? 0 : RegistryModelSource.DEFAULT_COST_SHARE * regularA;

    boolean moneyKnown = promotedKnown && regularA != null;
    List<SeriesTotals> subs = new ArrayList<>();
    for (SubstituteRow s : substitutes) {
      Double regular = prices.getOrDefault(s.sku(), new Prices(null, null)).regularPriceCents();
      double[] t = totals.get(s.sku());
      if (regular == null && t != null && t[0] > 0) {
        regular = t[1] / t[0]; // a substitute is not promoted: it sells at its regular price
      }
      if (regular == null) {
        moneyKnown = false;
      }
      double r = regular == null ? 0 : regular;
      Double cost = prices.getOrDefault(s.sku(), new Prices(null, null)).unitCostCents();
      subs.add(
          new SeriesTotals(
              s.sku(), s.actualUnits(), s.baselineUnits(), s.actualUnits() * r, r,
              cost != null ? cost : RegistryModelSource.DEFAULT_COST_SHARE * r));
    }
    SeriesTotals promoted =
        promotedKnown
            ? new SeriesTotals(
                alert.promotedSku(), promotedTotals[0], promotedTotals[2], promotedTotals[1],
                regularA == null ? 0 : regularA, costA)
            // Without the promoted item's totals only C and the substitutes' intervals are
            // computed: they do not depend on it.
            : SeriesTotals.empty(alert.promotedSku(), regularA == null ? 0 : regularA, costA);
    PromotionEstimate e =
        new PromotionEstimator(calibration).estimate(alert.promotionId(), promoted, subs, Map.of(), null);
    Map<String, IntervalView> subIntervals = new HashMap<>();
    e.substitutes().forEach(s -> subIntervals.put(s.sku(), IntervalView.of(s.lostUnits())));

    if (promotedKnown) {
      notes.add("promoted item's totals from %d windows of windowed_sales".formatted((int) promotedTotals[3]));
    } else {
      notes.add(
          promotedTotals == null
              ? "no windowed_sales rows of the promoted item in the alert's period: gross lift, net"
                  + " units and rate unknown"
              : "windowed_sales of the promoted item lack baselines: gross lift, net units and rate"
                  + " unknown");
    }
    if (promotedKnown && !moneyKnown) {
      notes.add("prices unknown: revenue and margin unknown");
    }
    notes.add("pull-forward not observed: measured after the promotion ends; net is before it");
    return new Result(
        new AlertEstimate(
            promotedKnown ? IntervalView.of(e.grossLiftUnits()) : null,
            IntervalView.of(e.cannibalizedUnits()),
            null,
            promotedKnown ? IntervalView.of(e.netUnits()) : null,
            moneyKnown ? IntervalView.of(e.netRevenueCents()) : null,
            moneyKnown ? IntervalView.of(e.netMarginCents()) : null,
            promotedKnown ? IntervalView.of(e.cannibalizationRate()) : null,
            String.join("; ", notes)),
        subIntervals);
  }
}
