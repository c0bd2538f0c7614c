package io.truelift.model.estimate;

import io.truelift.model.BaselineModel;
import io.truelift.model.Calibration;
import io.truelift.model.Observation;
import io.truelift.model.PromotionMask;
import io.truelift.model.SalesHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns who substitutes for whom from history: for every pair (A, B) of one category, B's
 * residual against its no-promotion baseline over the buckets where A was the only promoted
 * product of its sub-category and B was not promoted (negative residual co-movement). Buckets
 * with several promotions are left out: B's loss there belongs to all of them, and counting it
 * for each would credit every item of a busy sub-category with the others' effect. A pair becomes a LEARNED edge when B's shortfall is
 * significant ({@code z >= minZ}) over at least {@code minSupport} buckets; pairs of one
 * sub-category that are not learned keep the catalog default (SUBCATEGORY, strength 1).
 */
public final class SubstituteLearner {
  /**
   * What production training stores with each model (TrainBaseline, the training pipeline, the
   * retraining workflow) and the evaluation harness uses: ten promoted buckets, z of 3.
   */
  public static final int DEFAULT_MIN_SUPPORT = 10;

  public static final double DEFAULT_MIN_Z = 3;

  private final BaselineModel model;
  private final int minSupport;
  private final double minZ;

  public SubstituteLearner(BaselineModel model, int minSupport, double minZ) {
    this.model = model;
    this.minSupport = minSupport;
    this.minZ = minZ;
  }

  /** A learner with {@link #DEFAULT_MIN_SUPPORT} and {@link #DEFAULT_MIN_Z}. */
  public static SubstituteLearner withDefaults(BaselineModel model) {
    return new SubstituteLearner(model, DEFAULT_MIN_SUPPORT, DEFAULT_MIN_Z);
  }

  /** Every measured pair of one category, strongest first, learned or not. */
  public List<SubstitutionEdge> measure(SalesHistory history) {
    List<Observation> rows = history.observations();
    double[] base = model.predict(history, rows, PromotionMask.ALL);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      index.put(key(rows.get(i).sku(), rows.get(i).storeId(), rows.get(i).bucketStart().getEpochSecond()), i);
    }
    Map<String, double[]> pairs = new HashMap<>();
    Map<String, List<String>> byCategory = new HashMap<>();
    history.products().values().forEach(p -> byCategory.computeIfAbsent(p.category(), k -> new ArrayList<>()).add(p.sku()));
    for (int i = 0; i < rows.size(); i++) {
      Observation a = rows.get(i);
      if (!a.anyPromotion() || history.siblings(a).stream().anyMatch(Observation::anyPromotion)) {
        continue;
      }
      double liftA = a.units() - base[i];
      for (String b : byCategory.get(a.category())) {
        if (b.equals(a.sku())) {
          continue;
        }
        Integer j = index.get(key(b, a.storeId(), a.bucketStart().getEpochSecond()));
        if (j == null || rows.get(j).anyPromotion()) {
          continue;
        }
        double[] s = pairs.computeIfAbsent(a.sku() + "\u0000" + b, k -> new double[5]);
        s[0] += base[j] - rows.get(j).units();
        s[1] += base[j];
        s[2] += rows.get(j).units();
        s[3] += liftA;
        s[4]++;
      }
    }
    Calibration c = model.calibration();
    List<SubstitutionEdge> out = new ArrayList<>();
    for (var e : pairs.entrySet()) {
      String[] ab = e.getKey().split("\u0000");
      double[] s = e.getValue();
      double sd = Math.sqrt(c.dispersion() * s[2] + c.relativeError() * c.relativeError() * s[1] * s[1] / Math.max(1, s[4]));
      double z = sd > 0 ? s[0] / sd : 0;
      boolean sameSub = history.products().get(ab[0]).subCategory().equals(history.products().get(ab[1]).subCategory());
      boolean learned = s[4] >= minSupport && z >= minZ && s[0] > 0;
      out.add(
          new SubstitutionEdge(
              ab[0], ab[1], s[1] > 0 ? s[0] / s[1] : 0, s[3] > 0 ? s[0] / s[3] : 0, z, (int) s[4],
              learned ? SubstitutionEdge.LEARNED : sameSub ? SubstitutionEdge.SUBCATEGORY : "NONE"));
    }
    out.sort(Comparator.comparingDouble(SubstitutionEdge::strength).reversed());
    return out;
  }

  /**
   * The edges to store: learned ones with their strength, plus the sub-category default for
   * same-sub-category pairs that history could not confirm or refute.
   */
  public List<SubstitutionEdge> edges(SalesHistory history) {
    List<SubstitutionEdge> out = new ArrayList<>();
    Map<String, SubstitutionEdge> measured = new HashMap<>();
    for (SubstitutionEdge e : measure(history)) {
      measured.put(e.sku() + "\u0000" + e.substituteSku(), e);
      if (e.source().equals(SubstitutionEdge.LEARNED)) {
        out.add(e);
      }
    }
    for (SalesHistory.Product a : history.products().values()) {
      for (String b : history.skusIn(a.subCategory())) {
        SubstitutionEdge m = measured.get(a.sku() + "\u0000" + b);
        if (!b.equals(a.sku()) && (m == null || !m.source().equals(SubstitutionEdge.LEARNED))) {
          out.add(new SubstitutionEdge(a.sku(), b, 1.0, 0, m == null ? 0 : m.zScore(), m == null ? 0 : m.support(), SubstitutionEdge.SUBCATEGORY));
        }
      }
    }
    return out;
  }

  private static String key(String sku, String store, long t) {
    return sku + "|" + store + "|" + t;
  }
}
