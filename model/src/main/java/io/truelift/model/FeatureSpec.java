package io.truelift.model;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the feature code learned from the training history and must reuse verbatim when scoring:
 * category codes, the pooled seasonal index, each series' long-run clean level and the level's
 * look-back. Saved next to the model artifact, so a loaded model scores exactly as it trained.
 *
 * @param seasonIndex multiplier per position of the granularity's cycle, mean 1
 * @param seriesLevel de-seasonalized mean units per bucket of each series on clean buckets
 * @param levelLookbackBuckets how far back the recent level looks
 * @param levelPriorBuckets weight of the long-run level in the recent level (shrinkage)
 */
public record FeatureSpec(
    Granularity granularity,
    Map<String, Integer> skuCodes,
    Map<String, Integer> storeCodes,
    Map<String, Integer> subCategoryCodes,
    double[] seasonIndex,
    Map<String, Double> seriesLevel,
    Map<String, Double> subCategoryLevel,
    double globalLevel,
    int levelLookbackBuckets,
    double levelPriorBuckets,
    CleanScope cleanScope)
    implements Serializable {

  /**
   * Which buckets the recent level, the seasonal index and the long-run level are measured on:
   * no promotion in the sub-category, or none in the whole category (other sub-categories draw a
   * little demand too). Dense streams use CATEGORY; weekly retail data, where some item of a
   * category is on promotion almost every week, uses SUB_CATEGORY.
   */
  public enum CleanScope {
    SUB_CATEGORY,
    CATEGORY
  }

  /** Feature names in matrix column order. */
  public static final List<String> FEATURES =
      List.of(
          "sku", "store", "subCategory", "hourOfDay", "dayOfWeek", "weekOfYear",
          "logRegularPrice", "priceRatio", "ownPromoted", "ownFeature", "ownDisplay",
          "siblingsPromoted", "siblingMaxDiscount", "siblingsFeatureOrDisplay",
          "logLevel", "logSeasonIndex", "categoryPromoted");

  public FeatureSpec {
    skuCodes = new TreeMap<>(skuCodes);
    storeCodes = new TreeMap<>(storeCodes);
    subCategoryCodes = new TreeMap<>(subCategoryCodes);
    seriesLevel = new TreeMap<>(seriesLevel);
    subCategoryLevel = new TreeMap<>(subCategoryLevel);
    if (seasonIndex.length != granularity.cycle()) {
      throw new IllegalArgumentException(
          "seasonIndex must have %d entries for %s, got %d"
              .formatted(granularity.cycle(), granularity, seasonIndex.length));
    }
    if (levelLookbackBuckets <= 0) {
      throw new IllegalArgumentException("levelLookbackBuckets must be > 0, got " + levelLookbackBuckets);
    }
  }

  /** Fits the spec on a training history. */
  public static FeatureSpec fit(
      SalesHistory h, int levelLookbackBuckets, double levelPriorBuckets, CleanScope scope) {
    Granularity g = h.granularity();
    Map<String, Integer> skus = new HashMap<>(), stores = new HashMap<>(), subs = new HashMap<>();
    double[] sum = new double[g.cycle()];
    long[] count = new long[g.cycle()];
    for (SalesHistory.Series s : h.series().values()) {
      for (int i = 0; i < s.rows.length; i++) {
        Observation o = s.rows[i];
        skus.putIfAbsent(o.sku(), skus.size());
        stores.putIfAbsent(o.storeId(), stores.size());
        subs.putIfAbsent(o.subCategory(), subs.size());
      }
    }
    // The seasonal index pools every series: per series, units relative to its own clean mean,
    // so that large and small series weigh by their shape, not their volume.
    Map<String, Double> rawMean = new HashMap<>();
    for (SalesHistory.Series s : h.series().values()) {
      double y = 0;
      int n = 0;
      for (int i = 0; i < s.rows.length; i++) {
        if (s.clean(i, scope)) {
          y += s.rows[i].units();
          n++;
        }
      }
      rawMean.put(s.key, n == 0 ? 0 : y / n);
    }
    double[] weight = new double[g.cycle()];
    for (SalesHistory.Series s : h.series().values()) {
      double m = rawMean.get(s.key);
      if (m <= 0) {
        continue;
      }
      for (int i = 0; i < s.rows.length; i++) {
        if (s.clean(i, scope)) {
          int pos = g.cyclePosition(s.rows[i].bucketStart());
          sum[pos] += s.rows[i].units();
          weight[pos] += m;
          count[pos]++;
        }
      }
    }
    double[] index = new double[g.cycle()];
    double total = 0;
    int known = 0;
    for (int p = 0; p < index.length; p++) {
      index[p] = weight[p] > 0 ? sum[p] / weight[p] : Double.NaN;
      if (!Double.isNaN(index[p])) {
        total += index[p];
        known++;
      }
    }
    double mean = known == 0 ? 1 : total / known;
    for (int p = 0; p < index.length; p++) {
      index[p] = Double.isNaN(index[p]) || index[p] <= 0 ? 1 : index[p] / mean;
    }
    Map<String, Double> level = new HashMap<>();
    Map<String, double[]> subLevel = new HashMap<>();
    double all = 0;
    int allN = 0;
    for (SalesHistory.Series s : h.series().values()) {
      double y = 0;
      int n = 0;
      for (int i = 0; i < s.rows.length; i++) {
        if (s.clean(i, scope)) {
          y += s.rows[i].units() / index[g.cyclePosition(s.rows[i].bucketStart())];
          n++;
        }
      }
      if (n > 0) {
        level.put(s.key, y / n);
        double[] sl = subLevel.computeIfAbsent(s.rows[0].subCategory(), k -> new double[2]);
        sl[0] += y / n;
        sl[1]++;
        all += y / n;
        allN++;
      }
    }
    Map<String, Double> subMeans = new HashMap<>();
    subLevel.forEach((k, v) -> subMeans.put(k, v[0] / v[1]));
    return new FeatureSpec(
        g, skus, stores, subs, index, level, subMeans, allN == 0 ? 1 : all / allN,
        levelLookbackBuckets, levelPriorBuckets, scope);
  }

  public double seasonIndex(java.time.Instant bucketStart) {
    return seasonIndex[granularity.cyclePosition(bucketStart)];
  }

  /** The long-run level of a series: its own, else its sub-category's, else the overall one. */
  public double priorLevel(Observation row) {
    Double own = seriesLevel.get(row.seriesKey());
    if (own != null) {
      return own;
    }
    Double sub = subCategoryLevel.get(row.subCategory());
    return sub != null ? sub : globalLevel;
  }

  static int code(Map<String, Integer> codes, String key) {
    Integer c = codes.get(key);
    return c == null ? -1 : c;
  }
}
