package io.truelift.workflows.alert;

import io.truelift.core.contracts.ActionType;
import io.truelift.core.contracts.CannibalizationAlert;
import io.truelift.core.contracts.SubstituteLoss;
import io.truelift.workflows.alert.AlertDao.PromotionPrices;
import io.truelift.model.Interval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the analysis from the alert's numbers and the estimator's forecast, with no language
 * model: the same input always gives the same text and the same figures. It is the analyst when no
 * Gemini key is configured (labelled {@code deterministic}), and it computes every figure the
 * Gemini analyst is given.
 *
 * <p>Expected effects, in margin cents against keeping the promotion running, over the rest of the
 * promotion ({@link StrategyEffects}: the active model's what-if, {@link
 * StrategyEffects.Forecast}): stopping now is minus the promotion's forecast net margin; halving
 * the discount is the forecast net margin at the halved price minus that at the promotion price;
 * keeping it is 0. The options are ranked by that effect (ties: stop, re-price, keep).
 *
 * <p>Only when no forecast can be made (no active model, no recent sales, no price) a heuristic
 * stands in, and every text says so and why: with L = lost regular-price revenue of the substitutes
 * and T = hours of evidence, stopping recovers {@code round(L * 24h / T)}, halving the discount half
 * that, keeping 0. These are revenue figures at regular prices, not margin, and the promoted item's
 * own incremental sales are not netted out. Confidence is a monotone map of the CUSUM
 * log-likelihood ratio (see {@link #confidence}).
 */
public final class DeterministicAnalyst {
  public static final String NAME = "deterministic";

  /** Horizon over which a heuristic effect is stated. */
  static final Duration HORIZON = Duration.ofHours(24);

  /**
   * The analysis with, per rank, the sentence stating the option's expected effect and its basis
   * (which the Gemini analyst appends to its own wording, so the stored text always names it).
   */
  public record Computed(AlertAnalysis analysis, Map<Integer, String> effectNotes, String basis) {}

  private final StrategyEffects effects;

  /** Without an estimator: every analysis uses the labelled heuristic. */
  public DeterministicAnalyst() {
    this(StrategyEffects.NONE);
  }

  public DeterministicAnalyst(StrategyEffects effects) {
    this.effects = effects;
  }

  /** Analysis without the promotion's prices (the re-price recommendation carries no price). */
  public AlertAnalysis analyse(CannibalizationAlert a) {
    return analyse(a, null);
  }

  /** Analysis; {@code prices} (nullable) lets the re-price recommendation name a price. */
  public AlertAnalysis analyse(CannibalizationAlert a, PromotionPrices prices) {
    return compute(a, prices).analysis();
  }

  /** The analysis with its effect notes and basis. */
  public Computed compute(CannibalizationAlert a, PromotionPrices prices) {
    StrategyEffects.Computation c = effects.compute(a, prices);
    return c.forecast() != null ? fromForecast(a, c.forecast()) : heuristic(a, prices, c.unavailableReason());
  }

  /** The alert's decomposition in words, whatever the effects' basis. */
  private static String situation(CannibalizationAlert a, double confidence) {
    List<SubstituteLoss> top =
        a.substitutes().stream()
            .filter(s -> s.lostUnits() > 0)
            .sorted(
                Comparator.comparingDouble(SubstituteLoss::lostUnits)
                    .reversed()
                    .thenComparing(SubstituteLoss::sku))
            .limit(3)
            .toList();
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
    return String.format(
        Locale.ROOT,
        "Over %.1f hours of promotion %s, %s sold %.0f units above its baseline, but %.0f of"
            + " them (%.0f%%) were taken from %s in %s. The substitutes' lost sales are worth"
            + " $%.2f at regular prices. The sequential test's log-likelihood ratio is %.2f,"
            + " i.e. a %.1f%% probability that the shortfall is real (equal prior odds).",
        evidenceHours(a),
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
  }

  private Computed fromForecast(CannibalizationAlert a, StrategyEffects.Forecast f) {
    double confidence = confidence(a.testStatistic());
    String basis = "what-if forecast of model " + f.modelId();
    String period =
        String.format(Locale.ROOT, "%s (%.1f h from %s)", f.periodNote(), f.hours(), f.from());
    Interval kept = f.promotionNetMargin();
    String explanation =
        situation(a, confidence)
            + String.format(
                Locale.ROOT,
                " Expected effects are the %s for %s: kept at $%.2f the promotion changes margin by"
                    + " %s (90%% interval %s to %s) against no promotion.",
                basis,
                period,
                f.promoPriceCents() / 100.0,
                signed(kept.estimate()),
                signed(kept.lower()),
                signed(kept.upper()));
    String suffix = "; basis: " + basis + ".";
    List<Option> options = new ArrayList<>();
    Interval stop = f.stopEffect();
    options.add(
        new Option(
            ActionType.STOP_PROMOTION,
            null,
            "Stop promotion " + a.promotionId(),
            "Stopping now gives up the promotion's forecast net margin for the rest of its period:"
                + " the substitutes win back their lost sales and the promoted item returns to its"
                + " regular price and baseline.",
            Math.round(stop.estimate()),
            "Expected margin effect against keeping the promotion, over " + period + ": "
                + range(stop) + suffix,
            stop));
    Interval half = f.halfDiscountEffect();
    options.add(
        half == null
            ? new Option(
                ActionType.ADJUST_PRICE,
                null,
                "Re-price " + a.promotedSku(),
                "The promotion price is not below the regular price: there is no discount to"
                    + " halve.",
                null,
                "No expected effect: no discount to halve" + suffix)
            : new Option(
                ActionType.ADJUST_PRICE,
                f.halfPriceCents(),
                "Halve the discount on " + a.promotedSku() + String.format(
                    Locale.ROOT,
                    " from $%.2f to $%.2f",
                    f.promoPriceCents() / 100.0,
                    f.halfPriceCents() / 100.0),
                "Halving the discount is forecast by the model at both prices: a smaller lift for"
                    + " the promoted item and a smaller loss for its substitutes.",
                Math.round(half.estimate()),
                "Expected margin effect against keeping the promotion, over " + period + ": "
                    + range(half)
                    + " (interval conservative: both forecasts' errors added as if independent)"
                    + suffix,
                half));
    options.add(
        new Option(
            ActionType.DISMISS,
            null,
            "Keep the promotion running",
            "Right if the promotion's goal is traffic or the promoted brand's share and its"
                + " forecast net margin is an accepted cost.",
            0L,
            "Expected margin effect: $0.00, the status quo; the promotion itself is forecast to"
                + " change margin by " + range(kept) + " against no promotion, over " + period
                + suffix));
    return rank(options, a, confidence, explanation, basis);
  }

  private Computed heuristic(CannibalizationAlert a, PromotionPrices prices, String reason) {
    double confidence = confidence(a.testStatistic());
    String basis = "heuristic, because " + reason;
    String explanation =
        situation(a, confidence)
            + " Expected effects are a heuristic ("
            + reason
            + "): the substitutes' regular-price revenue lost per 24 h at the observed rate, not"
            + " margin, with the promoted item's own incremental sales not netted out.";
    long perHorizon = Math.round(a.lostRevenueCents() / evidenceHours(a) * HORIZON.toHours());
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
    String suffix =
        " per 24 h of regular-price revenue (not margin); basis: heuristic L x 24 h / T, because "
            + reason
            + ".";
    List<Option> options =
        List.of(
            new Option(
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
                perHorizon,
                "Expected effect: " + signed(perHorizon) + suffix),
            new Option(
                ActionType.ADJUST_PRICE,
                shallowerPrice,
                "Halve the discount on " + a.promotedSku() + priceText,
                "Halving the discount is taken to halve the share it takes from substitutes"
                    + " (a linear approximation): about half of what stopping recovers, while"
                    + " keeping part of the promotion's traffic.",
                perHorizon / 2,
                "Expected effect: " + signed(perHorizon / 2) + suffix),
            new Option(
                ActionType.DISMISS,
                null,
                "Keep the promotion running",
                String.format(
                    Locale.ROOT,
                    "Right if the promotion's goal is traffic or the promoted brand's share and"
                        + " the substitutes' loss (about $%.2f per 24 h) is an accepted cost.",
                    perHorizon / 100.0),
                0L,
                "Expected effect: $0.00, the status quo; basis: heuristic L x 24 h / T, because "
                    + reason
                    + "."));
    return rank(options, a, confidence, explanation, basis);
  }

  /**
   * An option before ranking; {@code effect} is null when it could not be computed, {@code
   * interval} when the effect has none (a heuristic, or keeping the promotion).
   */
  private record Option(
      ActionType type, Long price, String title, String prose, Long effect, String effectNote, Interval interval) {
    Option(ActionType type, Long price, String title, String prose, Long effect, String effectNote) {
      this(type, price, title, prose, effect, effectNote, null);
    }
  }

  /** Ranks by expected effect, best first; an unknown effect last; ties keep the given order. */
  private static Computed rank(
      List<Option> options,
      CannibalizationAlert a,
      double confidence,
      String explanation,
      String basis) {
    List<Option> ordered = new ArrayList<>(options);
    ordered.sort(
        Comparator.comparing(
            (Option o) -> o.effect() == null ? Long.MIN_VALUE : o.effect(),
            Comparator.reverseOrder()));
    List<Recommendation> recs = new ArrayList<>();
    Map<Integer, String> notes = new LinkedHashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      Option o = ordered.get(i);
      recs.add(
          new Recommendation(
              i + 1, o.type(), o.price(), o.title(), o.prose() + " " + o.effectNote(), o.effect(),
              o.interval() == null ? null : Math.round(o.interval().lower()),
              o.interval() == null ? null : Math.round(o.interval().upper())));
      notes.put(i + 1, o.effectNote());
    }
    return new Computed(new AlertAnalysis(NAME, explanation, confidence, recs), notes, basis);
  }

  /** Cents as signed dollars, the sign before the dollar sign: +$1.50, -$0.25, $0.00. */
  public static String signed(double cents) {
    long c = Math.round(cents);
    String abs = String.format(Locale.ROOT, "$%.2f", Math.abs(c) / 100.0);
    return c > 0 ? "+" + abs : c < 0 ? "-" + abs : abs;
  }

  private static String range(Interval i) {
    return String.format(
        Locale.ROOT, "%s (90%% interval %s to %s)", signed(i.estimate()), signed(i.lower()), signed(i.upper()));
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
