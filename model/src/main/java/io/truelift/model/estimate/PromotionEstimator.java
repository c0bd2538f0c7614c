package io.truelift.model.estimate;

import io.truelift.model.Calibration;
import io.truelift.model.Interval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns period totals into a {@link PromotionEstimate}. Every figure is a linear combination of
 * each series' actual units Y and baseline units B; its variance is the sum over series of
 * {@code a^2 * dispersion * Y + b^2 * relativeError^2 * B^2} (count noise of what was observed
 * plus the model's error on the baseline, from the {@link Calibration}), and the 90% interval is
 * the estimate +- the calibration's conformal multiplier x the standard deviation.
 */
public final class PromotionEstimator {
  private final Calibration calibration;

  public PromotionEstimator(Calibration calibration) {
    this.calibration = calibration;
  }

  /**
   * @param promoted the promoted product over the promotion period
   * @param substitutes each substitute over the same period
   * @param share the part of each substitute's loss attributed to this promotion (1 when it is
   *     the only promotion in the sub-category; see {@link ConcurrentAllocation}); missing = 1
   * @param postPeriod the promoted product after the end (null: no post-period observed yet)
   */
  public PromotionEstimate estimate(
      String promotionId,
      SeriesTotals promoted,
      List<SeriesTotals> substitutes,
      Map<String, Double> share,
      SeriesTotals postPeriod) {
    double pA = promoted.meanPriceCents(), rA = promoted.regularPriceCents(), cA = promoted.unitCostCents();
    Lin gross = new Lin().add(promoted, 1, -1);
    Lin cannibalized = new Lin();
    Lin cannibalizedRevenue = new Lin();
    Lin cannibalizedMargin = new Lin();
    List<PromotionEstimate.SubstituteEstimate> subs = new ArrayList<>();
    for (SeriesTotals b : substitutes) {
      double w = share == null ? 1.0 : share.getOrDefault(b.sku(), 1.0);
      Lin lost = new Lin().add(b, -w, w);
      cannibalized.add(b, -w, w);
      double unitMargin = b.regularPriceCents() - b.unitCostCents();
      cannibalizedRevenue.add(b, -w * b.regularPriceCents(), w * b.regularPriceCents());
      cannibalizedMargin.add(b, -w * unitMargin, w * unitMargin);
      Interval lu = lost.interval();
      subs.add(
          new PromotionEstimate.SubstituteEstimate(
              b.sku(), w * b.baselineUnits(), w * b.actualUnits(), w, lu,
              lu.estimate() * b.regularPriceCents(), lu.estimate() * unitMargin));
    }
    Lin pull = new Lin();
    if (postPeriod != null) {
      pull.add(postPeriod, -1, 1);
    }
    Interval pullRaw = pull.interval();
    // Pull-forward is a shortfall after the end: a post-period above baseline is not negative D.
    Interval pullForward =
        new Interval(
            Math.max(0, pullRaw.estimate()), Math.max(0, pullRaw.lower()), Math.max(0, pullRaw.upper()));
    Interval g = gross.interval();
    Interval c = cannibalized.interval();
    // N = G - C - D: the variances add because the series are distinct.
    double netSd =
        Math.sqrt(gross.variance() + cannibalized.variance() + (pullRaw.estimate() > 0 ? pull.variance() : 0));
    double net = g.estimate() - c.estimate() - pullForward.estimate();
    Interval netUnits = Interval.of(net, calibration.sumQuantile() * netSd);

    double rate = g.estimate() > 0 ? c.estimate() / g.estimate() : 0;
    double rateSd =
        g.estimate() > 0
            ? Math.sqrt(cannibalized.variance() + rate * rate * gross.variance()) / g.estimate()
            : 0;
    Interval rateInterval = Interval.of(rate, calibration.sumQuantile() * rateSd);

    Lin grossRevenue = new Lin().add(promoted, pA, -rA);
    Lin promotedMargin = new Lin().add(promoted, pA - cA, -(rA - cA));
    Interval grossRev = grossRevenue.interval();
    Interval cannRev = cannibalizedRevenue.interval();
    double netRevSd = Math.sqrt(grossRevenue.variance() + cannibalizedRevenue.variance());
    double pullRevenue = pullForward.estimate() * rA;
    Interval netRevenue =
        Interval.of(grossRev.estimate() - cannRev.estimate() - pullRevenue, calibration.sumQuantile() * netRevSd);
    Interval promMargin = promotedMargin.interval();
    Interval cannMargin = cannibalizedMargin.interval();
    double pullMargin = pullForward.estimate() * (rA - cA);
    double netMarginSd =
        Math.sqrt(
            promotedMargin.variance()
                + cannibalizedMargin.variance()
                + (pullRaw.estimate() > 0 ? pull.variance() * (rA - cA) * (rA - cA) : 0));
    Interval netMargin =
        Interval.of(
            promMargin.estimate() - cannMargin.estimate() - pullMargin,
            calibration.sumQuantile() * netMarginSd);
    return new PromotionEstimate(
        promotionId,
        promoted.sku(),
        promoted.baselineUnits(),
        promoted.actualUnits(),
        g,
        subs,
        c,
        pullForward,
        netUnits,
        rateInterval,
        grossRev,
        cannRev,
        netRevenue,
        Math.max(0, rA - pA) * promoted.baselineUnits(),
        promMargin,
        cannMargin,
        netMargin);
  }

  /** A linear combination of series totals and its variance. */
  final class Lin {
    private final Map<String, double[]> terms = new LinkedHashMap<>();
    private double estimate;

    /** Adds {@code a * actual + b * baseline} of one series. */
    Lin add(SeriesTotals s, double a, double b) {
      double[] t = terms.computeIfAbsent(s.sku(), k -> new double[4]);
      t[0] += a;
      t[1] += b;
      t[2] = s.actualUnits();
      t[3] = s.baselineUnits();
      estimate += a * s.actualUnits() + b * s.baselineUnits();
      return this;
    }

    double variance() {
      double v = 0;
      for (double[] t : terms.values()) {
        v += t[0] * t[0] * calibration.dispersion() * t[2]
            + t[1] * t[1] * calibration.relativeError() * calibration.relativeError() * t[3] * t[3];
      }
      return v;
    }

    Interval interval() {
      return Interval.of(estimate, calibration.sumQuantile() * Math.sqrt(variance()));
    }
  }
}
