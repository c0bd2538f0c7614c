package io.truelift.workflows.alert;

import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.SubstituteLoss;
import io.truelift.workflows.alert.AlertDao.PromotionPrices;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes the analysis from the alert's numbers alone, with no language model: the same input always
 * gives the same text and the same figures. It is the analyst when no Gemini key is configured, and
 * its output is labelled {@code deterministic}.
 *
 * <p>Formulas (L = lost regular-price revenue of the substitutes, T = hours of evidence from
 * windowStart to windowEnd, H = 24 h): the loss runs at {@code L / T} per hour, so stopping the
 * promotion recovers {@code round(L * H / T)} per 24 h; halving the discount is taken to halve the
 * share taken from substitutes (a linear approximation), {@code round(L * H / T) / 2}; keeping the
 * promotion changes nothing, 0. These are revenue figures at regular prices: unit costs are not in
 * the alert, and the promoted item's own incremental sales ({@code 1 - rate} of its lift) are not
 * netted out. Confidence is a monotone map of the CUSUM log-likelihood ratio (see {@link
 * #confidence}).
 */
public final class DeterministicAnalyst {
  public static final String NAME = "deterministic";

  /** Horizon over which a recommendation's effect is stated. */
  static final Duration HORIZON = Duration.ofHours(24);

  /** Analysis without the promotion's prices (the re-price recommendation carries no price). */
  public AlertAnalysis analyse(CannibalizationAlert a) {
    return analyse(a, null);
  }

  /** Analysis; {@code prices} (nullable) lets the re-price recommendation name a price. */
  public AlertAnalysis analyse(CannibalizationAlert a, PromotionPrices prices) {
    List<SubstituteLoss> top =
        a.substitutes().stream()
            .filter(s -> s.lostUnits() > 0)
            .sorted(
                Comparator.comparingDouble(SubstituteLoss::lostUnits)
                    .reversed()
                    .thenComparing(SubstituteLoss::sku))
            .limit(3)
            .toList();
    double hours = evidenceHours(a);
    String substitutes =
        top.isEmpty()
            ? "its substitutes"
            : top.stream()
                .map(
                    s ->
                        String.format(
                            Locale.ROOT,
                            "%s (%.0f of %.0f expected units lost, %.0f%%)",
                            s.sku(),
                            s.lostUnits(),
                            s.baselineUnits(),
                            100 * s.lostUnits() / Math.max(s.baselineUnits(), 1e-9)))
                .collect(Collectors.joining(", "));
    double confidence = confidence(a.testStatistic());
    String explanation =
        String.format(
            Locale.ROOT,
            "Over %.1f hours of promotion %s, %s sold %.0f units above its baseline, but %.0f of"
                + " them (%.0f%%) were taken from %s in %s. The substitutes' lost sales are worth"
                + " $%.2f at regular prices. The sequential test's log-likelihood ratio is %.2f,"
                + " i.e. a %.1f%% probability that the shortfall is real (equal prior odds).",
            hours,
            a.promotionId(),
            a.promotedSku(),
            a.grossLiftUnits(),
            a.cannibalizedUnits(),
            100 * a.cannibalizationRate(),
            substitutes,
            a.subCategory(),
            a.lostRevenueCents() / 100.0,
            a.testStatistic(),
            100 * confidence);
    long perHorizon = Math.round(a.lostRevenueCents() / hours * HORIZON.toHours());
    Long shallowerPrice = null;
    String priceText = "";
    if (prices != null && prices.regularPriceCents() > prices.promoPriceCents()) {
      // Halve the discount: the midpoint between the promotion price and the regular price.
      shallowerPrice = (prices.promoPriceCents() + prices.regularPriceCents() + 1) / 2;
      priceText =
          String.format(
              Locale.ROOT,
              " from $%.2f to $%.2f (regular $%.2f)",
              prices.promoPriceCents() / 100.0,
              shallowerPrice / 100.0,
              prices.regularPriceCents() / 100.0);
    }
    List<Recommendation> recs =
        List.of(
            new Recommendation(
                1,
                ActionType.STOP_PROMOTION,
                null,
                "Stop promotion " + a.promotionId(),
                String.format(
                    Locale.ROOT,
                    "At the observed rate the substitutes lose $%.2f of regular-price sales per"
                        + " 24 h; stopping recovers that, less the promoted item's truly"
                        + " incremental sales (%.0f%% of its lift).",
                    perHorizon / 100.0,
                    100 * Math.max(0, 1 - a.cannibalizationRate())),
                perHorizon),
            new Recommendation(
                2,
                ActionType.ADJUST_PRICE,
                shallowerPrice,
                "Halve the discount on " + a.promotedSku() + priceText,
                "Halving the discount is taken to halve the share it takes from substitutes"
                    + " (a linear approximation): about half of what stopping recovers, while"
                    + " keeping part of the promotion's traffic.",
                perHorizon / 2),
            new Recommendation(
                3,
                ActionType.DISMISS,
                null,
                "Keep the promotion running",
                String.format(
                    Locale.ROOT,
                    "Right if the promotion's goal is traffic or the promoted brand's share and"
                        + " the substitutes' loss (about $%.2f per 24 h) is an accepted cost.",
                    perHorizon / 100.0),
                0L));
    return new AlertAnalysis(NAME, explanation, confidence, recs);
  }

  /** Hours of evidence behind the alert, at least one minute (guards a zero-length window). */
  public static double evidenceHours(CannibalizationAlert a) {
    return Math.max(
        1.0 / 60, Duration.between(a.windowStart(), a.windowEnd()).toSeconds() / 3600.0);
  }

  /**
   * The posterior probability of a real shortfall under equal prior odds, from the CUSUM's
   * log-likelihood ratio S: {@code e^S / (1 + e^S)}; monotone in S, 0.5 at S = 0.
   */
  static double confidence(double logLikelihoodRatio) {
    double s = Math.max(-50, Math.min(50, logLikelihoodRatio));
    return 1 / (1 + Math.exp(-s));
  }
}
