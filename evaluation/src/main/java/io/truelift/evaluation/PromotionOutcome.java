package io.truelift.evaluation;

/**
 * One promotion of a scenario: the simulator's exact truth next to what the detector and the
 * estimator made of it. Units are units sold over the promotion; money in cents.
 *
 * @param volumeOk the substitutes' true baseline reaches the battery's minimum expected volume
 * @param material the true cannibalization meets the business thresholds the alert uses
 * @param materialWithoutShortfall the same without the substitutes' relative-shortfall threshold
 * @param materiality how far the truth is from the materiality line: the smallest ratio of a true
 *     quantity to the alert's threshold for it (units, rate, lost margin, relative shortfall); >= 1
 *     is material, 0 without substitutes
 * @param seen the detector saw the promotion on the tills at all
 * @param delayMinutes from the promotion's start to its alert (NaN without alert)
 */
public record PromotionOutcome(
    String scenario,
    String promotionId,
    String sku,
    String subCategory,
    int substitutes,
    double promotionHours,
    double discount,
    double trueSubstituteBaselineUnits,
    double trueGrossLiftUnits,
    double trueCannibalizedUnits,
    double trueNetUnits,
    double trueRate,
    double trueLostMarginCents,
    double trueNetMarginCents,
    boolean volumeOk,
    boolean material,
    boolean materialWithoutShortfall,
    double truePromotedBaselineUnits,
    double estPromotedBaselineUnits,
    double estSubstituteBaselineUnits,
    boolean seen,
    double estGrossLiftUnits,
    double estGrossLower,
    double estGrossUpper,
    double estCannibalizedUnits,
    double estCannibalizedLower,
    double estCannibalizedUpper,
    double estPullForwardUnits,
    double estNetUnits,
    double estNetLower,
    double estNetUpper,
    double estRate,
    double estLostMarginCents,
    double estNetMarginCents,
    double estNetMarginLower,
    double estNetMarginUpper,
    boolean alerted,
    double delayMinutes,
    double threshold,
    double maxTestStatistic,
    double materiality) {}
