package io.truelift.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The exact expected effect of each promotion, computed from the demand model rather than counted
 * from random draws: the arrival intensity times the choice probabilities, integrated over every
 * stretch of the promotion on which intensity and prices are constant (minute by minute, split at
 * promotion starts and ends), with the market as it is versus the same market without that one
 * promotion (other concurrent promotions stay in force). No stockpiling is modelled, so there is
 * no pull-forward.
 */
public final class GroundTruth {

  /** One substitute's expected loss over the promotion. */
  public record SubstituteTruth(
      String sku,
      double baselineUnits,
      double expectedUnits,
      double cannibalizedUnits,
      double lostRevenueCents,
      double lostMarginCents) {}

  /**
   * The expected decomposition of one promotion over {@code [start, end)}. Units are units sold
   * (purchases x mean units per purchase); money is cents of the promoted item plus its
   * substitutes, with the discount given on sales that would have happened anyway as a loss.
   */
  public record PromotionTruth(
      String promotionId,
      String promotedSku,
      String category,
      String subCategory,
      String storeId,
      List<Long> promoPricesCents,
      long regularPriceCents,
      Instant start,
      Instant end,
      boolean openEnded,
      List<String> substitutes,
      double baselineUnits,
      double expectedUnits,
      double grossLiftUnits,
      List<SubstituteTruth> cannibalizedBySubstitute,
      double cannibalizedUnits,
      double cannibalizedFromOtherSubcategories,
      double incrementalFromOutsideOption,
      double netLiftUnits,
      double cannibalizationRate,
      double baselineRevenueCents,
      double expectedRevenueCents,
      double grossLiftRevenueCents,
      double cannibalizedRevenueCents,
      double netRevenueChangeCents,
      double baselineMarginCents,
      double expectedMarginCents,
      double grossLiftMarginCents,
      double cannibalizedMarginCents,
      double netMarginChangeCents,
      double discountOnBaselineSalesCents,
      Attributed attributed) {}

  /**
   * The same promotion as DESIGN.md's method defines it when promotions of one category run at
   * the same time: against a market with none of the category's promotions, each non-promoted
   * substitute's loss shared between the promotions running at that moment in proportion to each
   * one's marginal effect on it (the true cross-effects), and promoted siblings left out as
   * substitutes. Without concurrent promotions it equals the marginal figures above.
   */
  public record Attributed(
      double baselineUnits,
      double grossLiftUnits,
      double grossLiftMarginCents,
      List<SubstituteTruth> cannibalizedBySubstitute,
      double cannibalizedUnits,
      double cannibalizedRevenueCents,
      double cannibalizedMarginCents,
      double netLiftUnits,
      double cannibalizationRate,
      double netMarginChangeCents) {}

  private final DemandModel demand;

  public GroundTruth(DemandModel demand) {
    this.demand = demand;
  }

  /** The truth of every promotion over its period cut at {@code through} (null: no cut). */
  public List<PromotionTruth> forAll(Market market, Instant through) {
    return forAll(market, through, through);
  }

  /**
   * The truth of every promotion of the market, each over its period cut at {@code through}
   * (null: the scheduled end); promotions without an end (started from outside) run until {@code
   * openUntil} (null: their start, i.e. nothing yet).
   */
  public List<PromotionTruth> forAll(Market market, Instant through, Instant openUntil) {
    List<PromotionTruth> out = new ArrayList<>();
    LinkedHashSet<String> roots = new LinkedHashSet<>();
    for (Promotion p : market.promotions()) {
      roots.add(Market.rootId(p.promotionId()));
    }
    for (String root : roots) {
      out.add(of(market, root, through, openUntil));
    }
    return out;
  }

  /** The truth of one promotion (all its price segments). */
  public PromotionTruth of(Market market, String promotionId, Instant through, Instant openUntil) {
    List<Promotion> segments = market.segments(promotionId);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("Unknown promotionId \"" + promotionId + "\"");
    }
    Catalog catalog = demand.catalog();
    Product promoted = catalog.require(segments.get(0).sku());
    Catalog.Category category = catalog.categoryOf(promoted);
    List<Product> products = catalog.productsIn(category.name());
    List<String> substitutes = catalog.substitutesOf(promoted.sku());

    Instant start = segments.stream().map(Promotion::start).min(Instant::compareTo).orElseThrow();
    boolean openEnded = segments.stream().anyMatch(s -> s.end() == null);
    Instant end =
        openEnded
            ? (openUntil == null || openUntil.isBefore(start) ? start : openUntil)
            : segments.stream().map(Promotion::end).max(Instant::compareTo).orElseThrow();
    if (through != null && through.isBefore(end)) {
      end = through.isAfter(start) ? through : start;
    }

    // Every instant where some price in the market may change: the integrand is constant between
    // consecutive breakpoints and minute boundaries.
    TreeSet<Long> breaks = new TreeSet<>();
    for (Promotion p : market.promotions()) {
      breaks.add(p.start().toEpochMilli());
      if (p.end() != null) {
        breaks.add(p.end().toEpochMilli());
      }
    }

    int n = products.size();
    double[] with = new double[n];
    double[] without = new double[n];
    double[] revenueWith = new double[n];
    double[] revenueWithout = new double[n];
    double[] marginWith = new double[n];
    double[] marginWithout = new double[n];
    double discountOnBaseline = 0;
    // Attributed decomposition (see Attributed): A against no promotion at all, and each
    // substitute's share of its loss per moment, by sku: {baseline, actual, lost, lost revenue, lost margin}.
    double noneA = 0, noneMarginA = 0;
    Map<String, double[]> attributed = new LinkedHashMap<>();
    for (String sub : substitutes) {
      attributed.put(sub, new double[5]);
    }
    long t = start.toEpochMilli();
    long stop = end.toEpochMilli();
    while (t < stop) {
      long minuteEnd = Math.floorDiv(t, 60_000L) * 60_000L + 60_000L;
      Long nextBreak = breaks.higher(t);
      long segmentEnd = Math.min(Math.min(minuteEnd, stop), nextBreak == null ? stop : nextBreak);
      double minutes = (segmentEnd - t) / 60_000.0;
      Instant at = Instant.ofEpochMilli(t);
      for (String store : catalog.stores()) {
        if (segments.stream().noneMatch(s -> s.activeAt(at, store))) {
          continue;
        }
        Map<String, Long> actual = market.prices(store, at, null);
        Map<String, Long> counterfactual = market.prices(store, at, promotionId);
        double[] a = demand.purchasesPerMinute(at, store, category, actual);
        double[] b = demand.purchasesPerMinute(at, store, category, counterfactual);
        attribute(market, store, at, promotionId, category, products, substitutes, actual, a, b, minutes, attributed);
        double[] none = demand.purchasesPerMinute(at, store, category, Map.of());
        int ia = products.indexOf(promoted);
        noneA += none[ia] * minutes * DemandModel.MEAN_UNITS_PER_PURCHASE;
        noneMarginA += none[ia] * minutes * DemandModel.MEAN_UNITS_PER_PURCHASE * (promoted.regularPriceCents() - promoted.unitCostCents());
        for (int i = 0; i < n; i++) {
          Product p = products.get(i);
          double ua = a[i] * minutes * DemandModel.MEAN_UNITS_PER_PURCHASE;
          double ub = b[i] * minutes * DemandModel.MEAN_UNITS_PER_PURCHASE;
          long pa = actual.getOrDefault(p.sku(), p.regularPriceCents());
          long pb = counterfactual.getOrDefault(p.sku(), p.regularPriceCents());
          with[i] += ua;
          without[i] += ub;
          revenueWith[i] += ua * pa;
          revenueWithout[i] += ub * pb;
          marginWith[i] += ua * (pa - p.unitCostCents());
          marginWithout[i] += ub * (pb - p.unitCostCents());
          if (p.sku().equals(promoted.sku())) {
            // The baseline buyers of A would have bought anyway: their discount is pure cost.
            discountOnBaseline += Math.min(ua, ub) * (pb - pa);
          }
        }
      }
      t = segmentEnd;
    }

    int a = products.indexOf(promoted);
    double cannibalized = 0, otherSub = 0, totalDelta = 0;
    double cannibalizedRevenue = 0, cannibalizedMargin = 0;
    List<SubstituteTruth> subs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Product p = products.get(i);
      double delta = with[i] - without[i];
      totalDelta += delta;
      if (i == a) {
        continue;
      }
      if (substitutes.contains(p.sku())) {
        double lostRevenue = revenueWithout[i] - revenueWith[i];
        double lostMargin = marginWithout[i] - marginWith[i];
        subs.add(new SubstituteTruth(p.sku(), without[i], with[i], -delta, lostRevenue, lostMargin));
        cannibalized -= delta;
        cannibalizedRevenue += lostRevenue;
        cannibalizedMargin += lostMargin;
      } else {
        otherSub -= delta;
      }
    }
    double gross = with[a] - without[a];
    double grossRevenue = revenueWith[a] - revenueWithout[a];
    double grossMargin = marginWith[a] - marginWithout[a];
    List<SubstituteTruth> attributedSubs = new ArrayList<>();
    double attrC = 0, attrRevenue = 0, attrMargin = 0;
    for (var e : attributed.entrySet()) {
      double[] v = e.getValue();
      if (v[0] > 0) {
        attributedSubs.add(new SubstituteTruth(e.getKey(), v[0], v[1], v[2], v[3], v[4]));
      }
      attrC += v[2];
      attrRevenue += v[3];
      attrMargin += v[4];
    }
    double attrGross = with[a] - noneA;
    double attrGrossMargin = marginWith[a] - noneMarginA;
    Attributed attr =
        new Attributed(
            noneA, attrGross, attrGrossMargin, attributedSubs, attrC, attrRevenue, attrMargin,
            attrGross - attrC, attrGross > 0 ? attrC / attrGross : 0.0, attrGrossMargin - attrMargin);
    return new PromotionTruth(
        promotionId,
        promoted.sku(),
        promoted.category(),
        promoted.subCategory(),
        segments.get(0).storeId(),
        segments.stream().map(Promotion::promoPriceCents).toList(),
        promoted.regularPriceCents(),
        start,
        end,
        openEnded,
        substitutes,
        without[a],
        with[a],
        gross,
        subs,
        cannibalized,
        otherSub,
        // The category's total change is exactly what the outside option lost.
        totalDelta,
        gross - cannibalized,
        gross > 0 ? cannibalized / gross : 0.0,
        revenueWithout[a],
        revenueWith[a],
        grossRevenue,
        cannibalizedRevenue,
        grossRevenue - cannibalizedRevenue,
        marginWithout[a],
        marginWith[a],
        grossMargin,
        cannibalizedMargin,
        grossMargin - cannibalizedMargin,
        discountOnBaseline,
        attr);
  }

  /**
   * One stretch of the attributed decomposition: for each substitute of the promotion that is not
   * itself promoted now, its loss against a category without promotions, times this promotion's
   * share of the marginal effects on it of every promotion of the category running now.
   */
  private void attribute(
      Market market, String store, Instant at, String promotionId, Catalog.Category category,
      List<Product> products, List<String> substitutes, Map<String, Long> actual, double[] a,
      double[] withoutThis, double minutes, Map<String, double[]> into) {
    double[] none = demand.purchasesPerMinute(at, store, category, Map.of());
    List<double[]> others = new ArrayList<>();
    Set<String> roots = new TreeSet<>();
    Set<String> promotedSkus = new HashSet<>();
    for (Promotion p : market.promotions()) {
      if (p.activeAt(at, store) && demand.catalog().require(p.sku()).category().equals(category.name())) {
        promotedSkus.add(p.sku());
        String root = Market.rootId(p.promotionId());
        if (!root.equals(promotionId) && roots.add(root)) {
          others.add(demand.purchasesPerMinute(at, store, category, market.prices(store, at, root)));
        }
      }
    }
    double units = minutes * DemandModel.MEAN_UNITS_PER_PURCHASE;
    for (int i = 0; i < products.size(); i++) {
      Product p = products.get(i);
      if (!substitutes.contains(p.sku()) || promotedSkus.contains(p.sku())) {
        continue;
      }
      double mine = withoutThis[i] - a[i];
      double all = Math.max(0, mine);
      for (double[] o : others) {
        all += Math.max(0, o[i] - a[i]);
      }
      double share = all > 0 ? Math.max(0, mine) / all : (others.isEmpty() ? 1 : 0);
      double lost = (none[i] - a[i]) * units * share;
      long price = actual.getOrDefault(p.sku(), p.regularPriceCents());
      double[] v = into.get(p.sku());
      v[0] += none[i] * units * share;
      v[1] += a[i] * units * share;
      v[2] += lost;
      v[3] += lost * price;
      v[4] += lost * (price - p.unitCostCents());
    }
  }
}
