package io.truelift.pipelines.model;

import io.truelift.core.detection.PoissonCusum;
import io.truelift.model.estimate.PromotionEstimate;
import io.truelift.model.estimate.PromotionEstimator;
import io.truelift.model.estimate.SeriesTotals;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the detector has accumulated about one promotion since its first promoted sale: the
 * promoted item's units against its baseline, each substitute's (its share when promotions run
 * concurrently), the sequential test, and after the end the promoted item's post-period for
 * pull-forward. Windows after the last promoted sale are held in a tail: they join the promotion
 * when another promoted sale comes, and become the post-period when it ends.
 */
public final class PromotionEvidence implements Serializable {
  private static final long serialVersionUID = 3L;

  /** Totals over a run of windows. */
  static final class Totals implements Serializable {
    private static final long serialVersionUID = 1L;
    double promotedUnits;
    double promotedBaselineUnits;
    double promotedRevenueCents;
    /** sku -> {baseline units, actual units} (already multiplied by this promotion's share). */
    final Map<String, double[]> substitutes = new TreeMap<>();

    void add(Totals o) {
      promotedUnits += o.promotedUnits;
      promotedBaselineUnits += o.promotedBaselineUnits;
      promotedRevenueCents += o.promotedRevenueCents;
      o.substitutes.forEach(
          (k, v) -> {
            double[] t = substitutes.computeIfAbsent(k, x -> new double[2]);
            t[0] += v[0];
            t[1] += v[1];
          });
    }

    void clear() {
      promotedUnits = promotedBaselineUnits = promotedRevenueCents = 0;
      substitutes.clear();
    }
  }

  final String promotionId;
  final String promotedSku;
  final Instant firstWindowStart;
  Instant lastPromotedSaleEnd;
  Instant lastWindowEnd;
  boolean ended;
  boolean alerted;
  Instant alertedAt;
  /** Started (or re-priced) on {@code market_events} and not stopped there since. */
  boolean marketActive;
  /** A PROMOTION_STOPPED inside the current window: the episode ends after that window. */
  Instant endsAfterWindowEnd;
  /** When {@code market_events} stopped it (null: not stopped there). */
  Instant stoppedAt;
  /** The promoted price announced on {@code market_events} (null: only seen on the tills). */
  Long promoPriceCents;
  final Totals main = new Totals();
  final Totals tail = new Totals();
  final Totals post = new Totals();
  final PoissonCusum cusum;
  /** The promoted item's recent lift per window, for sharing a substitute's loss between promotions. */
  final RecentRate recentLift = new RecentRate(60);

  /**
   * An exponentially weighted mean per window with a time constant of {@code windows},
   * bias-corrected so that the first windows are not pulled towards zero.
   */
  static final class RecentRate implements Serializable {
    private static final long serialVersionUID = 1L;
    private final double alpha;
    private double mean;
    private double weight;

    RecentRate(int windows) {
      this.alpha = 1.0 / windows;
    }

    void add(double x) {
      mean = (1 - alpha) * mean + alpha * x;
      weight = (1 - alpha) * weight + alpha;
    }

    double rate() {
      return weight > 0 ? mean / weight : 0;
    }
  }

  PromotionEvidence(String promotionId, String promotedSku, Instant start, double threshold, DetectionSettings s) {
    this.promotionId = promotionId;
    this.promotedSku = promotedSku;
    this.firstWindowStart = start;
    this.lastPromotedSaleEnd = start;
    this.cusum = new PoissonCusum(s.materialLoss(), threshold);
  }

  /** The promotion's totals so far: confirmed windows plus, while it runs, the tail. */
  Totals current() {
    Totals t = new Totals();
    t.add(main);
    if (!ended) {
      t.add(tail);
    }
    return t;
  }

  public double grossLiftUnits() {
    Totals t = current();
    return t.promotedUnits - t.promotedBaselineUnits;
  }

  public double cannibalizedUnits() {
    return current().substitutes.values().stream().mapToDouble(v -> v[0] - v[1]).sum();
  }

  public double substituteBaselineUnits() {
    return current().substitutes.values().stream().mapToDouble(v -> v[0]).sum();
  }

  public String promotionId() {
    return promotionId;
  }

  public String promotedSku() {
    return promotedSku;
  }

  public Instant firstWindowStart() {
    return firstWindowStart;
  }

  /** End of the last window with a promoted sale. */
  public Instant lastPromotedSaleEnd() {
    return lastPromotedSaleEnd;
  }

  public boolean alerted() {
    return alerted;
  }

  /** Event time of the window that raised the alert, or null. */
  public Instant alertedAt() {
    return alertedAt;
  }

  /** Whether {@code market_events} announced this promotion (start or price change). */
  public boolean announced() {
    return promoPriceCents != null;
  }

  /** The latest promoted price from {@code market_events}, or null. */
  public Long promoPriceCents() {
    return promoPriceCents;
  }

  /** When {@code market_events} stopped the promotion, or null. */
  public Instant stoppedAt() {
    return stoppedAt;
  }

  /** Whether the episode is over (stopped, or idle for longer than the setting). */
  public boolean ended() {
    return ended;
  }

  public double testStatistic() {
    return cusum.statistic();
  }

  public double maxTestStatistic() {
    return cusum.maxStatistic();
  }

  public double threshold() {
    return cusum.threshold();
  }

  /** The decomposition with intervals from what has been seen (post-period once ended). */
  public PromotionEstimate estimate(Baseline baseline) {
    Totals t = current();
    BaselineProfile.Product a = baseline.product(promotedSku);
    double regularA = a == null ? Math.max(1, t.promotedRevenueCents / Math.max(1, t.promotedUnits)) : a.regularPriceCents();
    SeriesTotals promoted =
        new SeriesTotals(promotedSku, t.promotedUnits, Math.max(0, t.promotedBaselineUnits), t.promotedRevenueCents,
            regularA, baseline.unitCostCents(promotedSku));
    List<SeriesTotals> subs = new ArrayList<>();
    t.substitutes.forEach(
        (sku, v) -> {
          BaselineProfile.Product p = baseline.product(sku);
          double regular = p == null ? regularA : p.regularPriceCents();
          subs.add(new SeriesTotals(sku, Math.max(0, v[1]), Math.max(0, v[0]), v[1] * regular, regular, baseline.unitCostCents(sku)));
        });
    SeriesTotals postA =
        ended && post.promotedBaselineUnits > 0
            ? new SeriesTotals(promotedSku, post.promotedUnits, post.promotedBaselineUnits, post.promotedRevenueCents,
                regularA, baseline.unitCostCents(promotedSku))
            : null;
    return new PromotionEstimator(baseline.calibration()).estimate(promotionId, promoted, subs, Map.of(), postA);
  }
}
