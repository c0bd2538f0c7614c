package io.truelift.pipelines.model;

import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.Severity;
import io.truelift.core.contracts.SubstituteLoss;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The detection state of one sub-category, fed its windows in event-time order. It fills windows
 * in which nothing in the sub-category sold (they are evidence too), tracks every promotion seen
 * on the tills, and raises at most one alert per promotion episode. Plain Java so that it is
 * tested without a runner and kept in Beam state between windows.
 */
public final class SubCategoryDetector implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Gaps longer than this are not filled (a feed outage is not a day of zero sales). */
  private static final java.time.Duration MAX_GAP = java.time.Duration.ofHours(6);

  private final String subCategory;
  private final Map<String, PromotionEvidence> promotions = new LinkedHashMap<>();
  private Instant lastWindowEnd;

  public SubCategoryDetector(String subCategory) {
    this.subCategory = subCategory;
  }

  /** Adds the next window (and any empty windows before it); emits alerts that became due. */
  public void accept(
      SubCategoryWindow w,
      BaselineProfile profile,
      DetectionSettings s,
      Consumer<CannibalizationAlert> alerts) {
    if (lastWindowEnd != null && !w.windowEnd().isAfter(lastWindowEnd)) {
      return; // a window already processed (a late pane): the skeleton keeps the first result
    }
    if (lastWindowEnd != null
        && w.windowStart().isAfter(lastWindowEnd)
        && java.time.Duration.between(lastWindowEnd, w.windowStart()).compareTo(MAX_GAP) <= 0) {
      for (Instant t = lastWindowEnd; t.isBefore(w.windowStart()); t = t.plus(s.window())) {
        process(SubCategoryWindow.empty(subCategory, t, t.plus(s.window())), profile, s, alerts);
      }
    }
    process(w, profile, s, alerts);
  }

  private void process(
      SubCategoryWindow w,
      BaselineProfile profile,
      DetectionSettings s,
      Consumer<CannibalizationAlert> alerts) {
    lastWindowEnd = w.windowEnd();
    w.sales()
        .forEach(
            (sku, sales) -> {
              if (sales.promotionId() != null) {
                PromotionEvidence e =
                    promotions.computeIfAbsent(
                        sales.promotionId(),
                        id -> new PromotionEvidence(id, sku, w.windowStart(), s));
                e.lastPromotedSaleEnd = w.windowEnd();
                e.ended = false;
              }
            });
    Set<String> promotedNow =
        promotions.values().stream()
            .filter(e -> !e.ended)
            .map(e -> e.promotedSku)
            .collect(Collectors.toSet());
    for (PromotionEvidence e : promotions.values()) {
      if (e.ended) {
        continue;
      }
      if (java.time.Duration.between(e.lastPromotedSaleEnd, w.windowEnd()).compareTo(s.promotionIdle()) > 0) {
        e.ended = true;
        continue;
      }
      e.lastWindowEnd = w.windowEnd();
      e.promotedUnits += w.of(e.promotedSku).units();
      e.promotedBaselineUnits += profile.expectedUnits(e.promotedSku, w.windowStart(), w.windowEnd());
      long substitutePurchases = 0;
      double substituteBaselinePurchases = 0;
      // A sibling promoted at the same time is not a clean substitute; its share of the loss
      // is the concurrent-promotion allocation of the estimator issue.
      for (String sub : profile.substitutes(e.promotedSku)) {
        if (promotedNow.contains(sub)) {
          continue;
        }
        SubCategoryWindow.SkuSales sales = w.of(sub);
        double[] v = e.substitutes.computeIfAbsent(sub, k -> new double[2]);
        v[0] += profile.expectedUnits(sub, w.windowStart(), w.windowEnd());
        v[1] += sales.units();
        substitutePurchases += sales.purchases();
        substituteBaselinePurchases += profile.expectedPurchases(sub, w.windowStart(), w.windowEnd());
      }
      // Purchases, not units, are Poisson: units per purchase would inflate the variance.
      e.cusum.update(substitutePurchases, substituteBaselinePurchases);
      if (!e.alerted && isMaterial(e, s)) {
        e.alerted = true;
        alerts.accept(alert(e, profile, w.windowEnd()));
      }
    }
  }

  private static boolean isMaterial(PromotionEvidence e, DetectionSettings s) {
    double gross = e.grossLiftUnits();
    double lost = e.cannibalizedUnits();
    return e.cusum.exceeded()
        && e.substituteBaselineUnits() >= s.minExpectedSubstituteUnits()
        && lost >= s.minCannibalizedUnits()
        && gross > 0
        && lost / gross >= s.minCannibalizationRate();
  }

  private CannibalizationAlert alert(PromotionEvidence e, BaselineProfile profile, Instant at) {
    List<SubstituteLoss> losses = new ArrayList<>();
    long lostRevenue = 0;
    for (var entry : e.substitutes.entrySet()) {
      double base = entry.getValue()[0];
      double actual = entry.getValue()[1];
      losses.add(new SubstituteLoss(entry.getKey(), base, actual, base - actual));
      BaselineProfile.Product p = profile.product(entry.getKey());
      if (p != null && base > actual) {
        lostRevenue += Math.round((base - actual) * p.regularPriceCents());
      }
    }
    BaselineProfile.Product promoted = profile.product(e.promotedSku);
    double gross = e.grossLiftUnits();
    double lost = e.cannibalizedUnits();
    return new CannibalizationAlert(
        CannibalizationAlert.VERSION,
        e.promotionId + "-e1",
        e.promotionId,
        e.promotedSku,
        promoted != null ? promoted.category() : "UNKNOWN",
        subCategory,
        at,
        e.firstWindowStart,
        at,
        gross,
        lost,
        gross > 0 ? lost / gross : 0,
        lostRevenue,
        e.cusum.statistic(),
        severity(lostRevenue),
        losses);
  }

  static Severity severity(long lostRevenueCents) {
    if (lostRevenueCents >= 100_000) {
      return Severity.CRITICAL;
    }
    if (lostRevenueCents >= 20_000) {
      return Severity.HIGH;
    }
    if (lostRevenueCents >= 5_000) {
      return Severity.MEDIUM;
    }
    return Severity.LOW;
  }

  public Map<String, PromotionEvidence> promotions() {
    return promotions;
  }
}
