package io.truelift.model.estimate;

import io.truelift.model.Interval;
import java.io.Serializable;
import java.util.List;

/**
 * The decomposition of one promotion (DESIGN.md "Method"), each figure with its 90% interval:
 * gross lift G, cannibalized units C per substitute, pull-forward D, net units N = G - C - D,
 * cannibalization rate C/G, and the revenue and margin versions, where the discount given on
 * sales that would have happened anyway is a loss. Money is in cents.
 */
public record PromotionEstimate(
    String promotionId,
    String promotedSku,
    double promotedBaselineUnits,
    double promotedActualUnits,
    Interval grossLiftUnits,
    List<SubstituteEstimate> substitutes,
    Interval cannibalizedUnits,
    Interval pullForwardUnits,
    Interval netUnits,
    Interval cannibalizationRate,
    Interval grossLiftRevenueCents,
    Interval cannibalizedRevenueCents,
    Interval netRevenueCents,
    double discountOnBaselineSalesCents,
    Interval promotedMarginChangeCents,
    Interval cannibalizedMarginCents,
    Interval netMarginCents)
    implements Serializable {

  /** One substitute's share of the loss: units (with interval) and money. */
  public record SubstituteEstimate(
      String sku,
      double baselineUnits,
      double actualUnits,
      double share,
      Interval lostUnits,
      double lostRevenueCents,
      double lostMarginCents)
      implements Serializable {}
}
