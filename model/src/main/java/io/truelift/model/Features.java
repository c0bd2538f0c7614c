package io.truelift.model;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one feature code path: training, validation, scoring, the counterfactual and the what-if
 * forecast all build their matrix here, so they cannot drift apart. Each row gets calendar,
 * price, own and siblings' promotion signals (switched off by the {@link PromotionMask}), and the
 * series' recent level on clean buckets strictly before the row; the log of level x seasonal index
 * is the row's base margin (offset), so the trees learn multipliers around it.
 */
public final class Features {
  private Features() {}

  /** A dense row-major feature matrix with its offsets and labels. */
  public record Matrix(float[] data, int rows, int columns, float[] baseMargin, float[] labels) {}

  /** Prefix sums of each series' clean de-seasonalized units, for the recent level. */
  static final class LevelIndex {
    final Map<String, double[]> sums = new HashMap<>();
    final Map<String, int[]> counts = new HashMap<>();

    LevelIndex(FeatureSpec spec, SalesHistory context) {
      for (SalesHistory.Series s : context.series().values()) {
        double[] p = new double[s.rows.length + 1];
        int[] n = new int[s.rows.length + 1];
        for (int i = 0; i < s.rows.length; i++) {
          boolean clean = s.clean(i, spec.cleanScope());
          p[i + 1] = p[i] + (clean ? s.rows[i].units() / spec.seasonIndex(s.rows[i].bucketStart()) : 0);
          n[i + 1] = n[i] + (clean ? 1 : 0);
        }
        sums.put(s.key, p);
        counts.put(s.key, n);
      }
    }
  }

  /** Recent level of the row's series: clean buckets in the look-back, shrunk to the long run. */
  static double level(FeatureSpec spec, SalesHistory context, LevelIndex index, Observation row) {
    double prior = spec.priorLevel(row);
    SalesHistory.Series s = context.series(row.seriesKey());
    if (s == null) {
      return prior;
    }
    long t = row.bucketStart().getEpochSecond();
    long from = t - spec.levelLookbackBuckets() * spec.granularity().length().getSeconds();
    int j = s.countBefore(t);
    int i = s.countBefore(from);
    double sum = index.sums.get(s.key)[j] - index.sums.get(s.key)[i];
    int n = index.counts.get(s.key)[j] - index.counts.get(s.key)[i];
    double m = spec.levelPriorBuckets();
    return (sum + m * prior) / (n + m);
  }

  public static Matrix build(
      FeatureSpec spec, SalesHistory context, List<Observation> rows, PromotionMask mask) {
    return build(spec, context, new LevelIndex(spec, context), context, rows, mask);
  }

  /**
   * @param context the observed sales: each row's recent level comes from its clean buckets
   * @param market where each row's siblings' promotion signals come from: the context itself, or
   *     for a forecast the context with the planned rows added (whose units are not observations
   *     and must not enter any level)
   */
  static Matrix build(
      FeatureSpec spec,
      SalesHistory context,
      LevelIndex levels,
      SalesHistory market,
      List<Observation> rows,
      PromotionMask mask) {
    int cols = FeatureSpec.FEATURES.size();
    float[] data = new float[rows.size() * cols];
    float[] margin = new float[rows.size()];
    float[] labels = new float[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      Observation o = rows.get(r);
      int k = r * cols;
      ZonedDateTime z = o.bucketStart().atZone(ZoneOffset.UTC);
      data[k] = FeatureSpec.code(spec.skuCodes(), o.sku());
      data[k + 1] = FeatureSpec.code(spec.storeCodes(), o.storeId());
      data[k + 2] = FeatureSpec.code(spec.subCategoryCodes(), o.subCategory());
      data[k + 3] = z.getHour();
      data[k + 4] = z.getDayOfWeek().getValue() - 1;
      data[k + 5] = z.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      data[k + 6] = (float) Math.log(o.regularPriceCents());
      boolean own = !mask.ownOff();
      data[k + 7] = own ? (float) (o.priceCents() / o.regularPriceCents()) : 1f;
      data[k + 8] = own && o.promoted() ? 1 : 0;
      data[k + 9] = own && o.feature() ? 1 : 0;
      data[k + 10] = own && o.display() ? 1 : 0;
      if (!mask.siblingsOff()) {
        int promoted = 0, featured = 0;
        double maxDiscount = 0;
        for (Observation s : market.siblings(o)) {
          if (s.anyPromotion()) {
            promoted++;
            maxDiscount = Math.max(maxDiscount, s.discount());
          }
          if (s.feature() || s.display()) {
            featured++;
          }
        }
        data[k + 11] = promoted;
        data[k + 12] = (float) maxDiscount;
        data[k + 13] = featured;
        data[k + 16] = market.otherSubCategoriesPromoted(o);
      }
      double level = Math.max(1e-3, level(spec, context, levels, o));
      double season = spec.seasonIndex(o.bucketStart());
      data[k + 14] = (float) Math.log(level);
      data[k + 15] = (float) Math.log(season);
      margin[r] = (float) Math.log(level * season);
      labels[r] = (float) o.units();
    }
    return new Matrix(data, rows.size(), cols, margin, labels);
  }
}
