package io.truelift.pipelines.model;

import io.truelift.core.detection.PoissonCusum;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the detector has accumulated about one promotion since its first promoted sale: the
 * promoted item's units against its baseline, each substitute's, and the sequential test.
 */
public final class PromotionEvidence implements Serializable {
  private static final long serialVersionUID = 1L;

  final String promotionId;
  final String promotedSku;
  final Instant firstWindowStart;
  Instant lastPromotedSaleEnd;
  Instant lastWindowEnd;
  boolean ended;
  boolean alerted;
  double promotedUnits;
  double promotedBaselineUnits;
  final Map<String, double[]> substitutes = new TreeMap<>();
  final PoissonCusum cusum;

  PromotionEvidence(String promotionId, String promotedSku, Instant start, DetectionSettings s) {
    this.promotionId = promotionId;
    this.promotedSku = promotedSku;
    this.firstWindowStart = start;
    this.lastPromotedSaleEnd = start;
    this.cusum = new PoissonCusum(s.materialLoss(), s.threshold());
  }

  public double grossLiftUnits() {
    return promotedUnits - promotedBaselineUnits;
  }

  public double cannibalizedUnits() {
    return substitutes.values().stream().mapToDouble(v -> v[0] - v[1]).sum();
  }

  public double substituteBaselineUnits() {
    return substitutes.values().stream().mapToDouble(v -> v[0]).sum();
  }

  public String promotionId() {
    return promotionId;
  }
}
