package io.truelift.workflows.effect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Turns the sales windows around an action into treated and control margins per bucket and
 * estimates the effect ({@link DiffInDiffEstimator}). The control is the group's SKUs in the
 * stores the action did not touch when the promotion ran in one store; when it ran everywhere, it
 * is products of other categories (other sub-categories if the catalog has one category) that were
 * not on promotion during the periods. Margin is revenue minus units times unit cost, so every
 * treated SKU needs a cost in {@code product}.
 */
public final class EffectivenessMeasurer {
  /** {@code windowed_sales.store_id} of the all-stores total. */
  public static final String ALL_STORES = "*";

  /** One {@code windowed_sales} row. */
  public record SalesRow(
      String sku,
      String storeId,
      Instant windowStart,
      long units,
      long revenueCents,
      String promotionId) {}

  /** One {@code product} row. */
  public record ProductInfo(String sku, String category, String subCategory, long unitCostCents) {}

  /** The estimate, the method name stored with it, and which control was used. */
  public record Measurement(EffectEstimate estimate, String method, String control) {}

  public static final String METHOD_STORES = "did-group-margin-vs-untouched-stores";
  public static final String METHOD_CATEGORIES = "did-group-margin-vs-untouched-categories";

  public Measurement measure(
      MeasurementPlan plan, List<SalesRow> rows, Map<String, ProductInfo> products) {
    EffectivenessSettings s = plan.settings();
    DiffInDiffEstimator estimator = new DiffInDiffEstimator(s.minBucketsPerPeriod());
    Set<String> group = new LinkedHashSet<>();
    group.add(plan.promotedSku());
    group.addAll(plan.substitutes());
    Instant from = plan.preStart();
    Instant to = plan.postEnd();
    List<SalesRow> inRange =
        rows.stream()
            .filter(r -> !r.windowStart().isBefore(from) && r.windowStart().isBefore(to))
            .toList();

    Predicate<SalesRow> treated;
    Predicate<SalesRow> control;
    String method;
    String controlText;
    if (plan.treatedStore() != null) {
      String store = plan.treatedStore();
      treated = r -> group.contains(r.sku()) && r.storeId().equals(store);
      control =
          r ->
              group.contains(r.sku())
                  && !r.storeId().equals(store)
                  && !r.storeId().equals(ALL_STORES);
      Set<String> stores = new TreeSet<>();
      inRange.stream().filter(control).forEach(r -> stores.add(r.storeId()));
      method = METHOD_STORES;
      controlText = "the group's SKUs in stores " + stores + " (the action touched " + store + ")";
    } else {
      boolean totals = inRange.stream().anyMatch(r -> r.storeId().equals(ALL_STORES));
      Predicate<SalesRow> level =
          totals ? r -> r.storeId().equals(ALL_STORES) : r -> !r.storeId().equals(ALL_STORES);
      Set<String> promoted = new HashSet<>();
      inRange.stream().filter(r -> r.promotionId() != null).forEach(r -> promoted.add(r.sku()));
      Set<String> candidates = new TreeSet<>();
      inRange.stream()
          .map(SalesRow::sku)
          .filter(sku -> !group.contains(sku) && !promoted.contains(sku))
          .filter(products::containsKey)
          .forEach(candidates::add);
      Set<String> otherCategories = new TreeSet<>();
      for (String sku : candidates) {
        if (!products.get(sku).category().equals(plan.category())) {
          otherCategories.add(sku);
        }
      }
      Set<String> chosen = otherCategories;
      String scope = "other categories";
      if (chosen.isEmpty()) {
        chosen = new TreeSet<>();
        for (String sku : candidates) {
          if (!products.get(sku).subCategory().equals(plan.subCategory())) {
            chosen.add(sku);
          }
        }
        scope = "other sub-categories of " + plan.category();
      }
      Set<String> controlSkus = chosen;
      treated = r -> group.contains(r.sku()) && level.test(r);
      control = r -> controlSkus.contains(r.sku()) && level.test(r);
      method = METHOD_CATEGORIES;
      controlText =
          "SKUs of %s not on promotion %s: %s"
              .formatted(scope, totals ? "(all-stores totals)" : "(summed over stores)", controlSkus);
    }

    Set<String> noCost = new TreeSet<>();
    inRange.stream()
        .filter(treated.or(control))
        .map(SalesRow::sku)
        .filter(sku -> !products.containsKey(sku))
        .forEach(noCost::add);
    if (!noCost.isEmpty()) {
      return new Measurement(
          EffectEstimate.insufficient(
              0, 0, "no unit cost in product for " + noCost + ", so their margin is unknown"),
          method,
          controlText);
    }
    if (inRange.stream().noneMatch(control)) {
      return new Measurement(
          EffectEstimate.insufficient(
              0, 0, "no control sales between " + from + " and " + to + ": " + controlText),
          method,
          controlText);
    }

    long bucketMillis = s.bucket().toMillis();
    // index -> {treated, control}; a bucket exists only where some row was written (a missing
    // bucket is missing data, not zero sales).
    TreeMap<Long, double[]> byBucket = new TreeMap<>();
    for (SalesRow r : inRange) {
      boolean isTreated = treated.test(r);
      if (!isTreated && !control.test(r)) {
        continue;
      }
      long index = Math.floorDiv(r.windowStart().toEpochMilli() - from.toEpochMilli(), bucketMillis);
      double margin = r.revenueCents() - (double) r.units() * products.get(r.sku()).unitCostCents();
      byBucket.computeIfAbsent(index, i -> new double[2])[isTreated ? 0 : 1] += margin;
    }
    long postFirst = (plan.anchor().toEpochMilli() - from.toEpochMilli()) / bucketMillis;
    List<DiffInDiffEstimator.Bucket> buckets = new ArrayList<>();
    byBucket.forEach(
        (index, m) -> buckets.add(new DiffInDiffEstimator.Bucket(index >= postFirst, m[0], m[1])));
    EffectEstimate e = estimator.estimate(buckets, s.windowBuckets());
    String detail =
        "%s; pre %s..%s, post %s..%s; group %s; control: %s"
            .formatted(e.detail(), from, plan.anchor(), plan.anchor(), to, group, controlText);
    return new Measurement(
        new EffectEstimate(
            e.outcome(),
            e.estimateCents(),
            e.lowerCents(),
            e.upperCents(),
            e.standardErrorCents(),
            e.score(),
            e.preBuckets(),
            e.postBuckets(),
            detail),
        method,
        controlText);
  }
}
