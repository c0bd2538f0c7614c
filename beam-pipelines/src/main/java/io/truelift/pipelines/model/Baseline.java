package io.truelift.pipelines.model;

import io.truelift.model.Calibration;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What the detector needs of a baseline: the no-promotion expectation of each product over a
 * window, the catalog (sub-categories, prices, costs), the substitutes and the calibration that
 * turns totals into intervals. {@link ModelBaseline} (the XGBoost model) is the real one;
 * {@link BaselineProfile} is the labelled fallback used only when no model is configured.
 */
public interface Baseline extends Serializable {
  /** Expected units of {@code sku} without any promotion in {@code [start, end)}. */
  double expectedUnits(String sku, Instant start, Instant end);

  /** Expected purchases (sale lines, the Poisson count) without promotion in {@code [start, end)}. */
  double expectedPurchases(String sku, Instant start, Instant end);

  boolean knows(String sku);

  BaselineProfile.Product product(String sku);

  /** The skus of a sub-category, sorted. */
  List<String> skusIn(String subCategory);

  /** The substitutes of {@code sku}: its sub-category by default. */
  List<String> substitutes(String sku);

  /** Unit cost; where unknown, a documented share of the regular price. */
  double unitCostCents(String sku);

  /**
   * Learned cross-effect from {@code sku} to {@code substitute}: the units the substitute loses per
   * unit of {@code sku}'s gross lift (a learned edge's diversion, when its evidence is strong);
   * empty where none is known.
   */
  default java.util.OptionalDouble diversion(String sku, String substitute) {
    return java.util.OptionalDouble.empty();
  }

  /** How the baseline's errors behave, for the estimator's intervals. */
  Calibration calibration();

  /** What this baseline is, for logs: the model id or "fallback ...". */
  String description();

  /** The id stored with its predictions ({@code baseline.model_id}). */
  default String modelId() {
    return "fallback-profile";
  }
}
