package io.truelift.workflows.effect;

import java.util.List;
import java.util.Locale;

/**
 * Difference-in-differences of the treated group's margin against a control, per time bucket.
 *
 * <p>T_t and C_t are the treated and control margins of bucket t. The control is rescaled to the
 * treated group's pre-period level, k = mean(T_pre) / mean(C_pre), so a control of another size
 * (other stores, other categories) with the same proportional seasonality nets it out; with d_t =
 * T_t − k·C_t the effect per bucket is δ = mean(d_post) − mean(d_pre). Its standard error is the
 * delta-method one, sqrt(s²_post/n_post + r²·s²_pre/n_pre) with r = mean(C_post)/mean(C_pre)
 * (the second term carries the uncertainty of k), treating buckets as independent. The estimate
 * over the measurement window is δ · {@code windowBuckets}; the interval is ±1.96 standard errors
 * (normal approximation, hence the minimum number of buckets per period); the score is round(100 ·
 * Φ(δ / se)), the probability that the effect is positive. No bounds are imposed on any of these
 * numbers: each follows from the data.
 */
public final class DiffInDiffEstimator {
  /** Two-sided 95% normal quantile. */
  static final double Z95 = 1.959963984540054;

  private final int minBucketsPerPeriod;

  public DiffInDiffEstimator(int minBucketsPerPeriod) {
    if (minBucketsPerPeriod < 2) {
      throw new IllegalArgumentException(
          "minBucketsPerPeriod must be >= 2 (a variance needs two), got " + minBucketsPerPeriod);
    }
    this.minBucketsPerPeriod = minBucketsPerPeriod;
  }

  /** One time bucket's margins in cents; {@code post} is true at or after the action. */
  public record Bucket(boolean post, double treatedCents, double controlCents) {}

  /**
   * Estimates the effect from the observed buckets; {@code windowBuckets} is how many buckets the
   * measurement window holds (the per-bucket effect is stated over the whole window).
   */
  public EffectEstimate estimate(List<Bucket> buckets, double windowBuckets) {
    double[] tPre = values(buckets, false, true);
    double[] cPre = values(buckets, false, false);
    double[] tPost = values(buckets, true, true);
    double[] cPost = values(buckets, true, false);
    int nPre = tPre.length;
    int nPost = tPost.length;
    if (nPre < minBucketsPerPeriod || nPost < minBucketsPerPeriod) {
      return EffectEstimate.insufficient(
          nPre,
          nPost,
          "%d bucket(s) with data before the action and %d after; at least %d each are needed"
              .formatted(nPre, nPost, minBucketsPerPeriod));
    }
    double meanCPre = mean(cPre);
    if (!(meanCPre > 0)) {
      return EffectEstimate.insufficient(
          nPre,
          nPost,
          String.format(
              Locale.ROOT,
              "the control's mean margin before the action is %.2f cents; a positive level is"
                  + " needed to scale it",
              meanCPre));
    }
    double k = mean(tPre) / meanCPre;
    double r = mean(cPost) / meanCPre;
    double[] dPre = new double[nPre];
    double[] dPost = new double[nPost];
    for (int i = 0; i < nPre; i++) {
      dPre[i] = tPre[i] - k * cPre[i];
    }
    for (int i = 0; i < nPost; i++) {
      dPost[i] = tPost[i] - k * cPost[i];
    }
    double delta = mean(dPost) - mean(dPre);
    double se = Math.sqrt(variance(dPost) / nPost + r * r * variance(dPre) / nPre);
    if (!(se > 0) || !Double.isFinite(se)) {
      return EffectEstimate.insufficient(
          nPre, nPost, "the margins show no variation, so the estimate's uncertainty is unknown");
    }
    double estimate = delta * windowBuckets;
    double seTotal = se * windowBuckets;
    double lower = estimate - Z95 * seTotal;
    double upper = estimate + Z95 * seTotal;
    int score = (int) Math.round(100 * normalCdf(delta / se));
    EffectOutcome outcome =
        lower > 0
            ? EffectOutcome.EFFECTIVE
            : upper < 0 ? EffectOutcome.INEFFECTIVE : EffectOutcome.INCONCLUSIVE;
    String detail =
        String.format(
            Locale.ROOT,
            "difference-in-differences on %d pre and %d post buckets: %.1f cents per bucket"
                + " (se %.1f), control scaled by k = %.4f, stated over %.1f buckets",
            nPre,
            nPost,
            delta,
            se,
            k,
            windowBuckets);
    return new EffectEstimate(
        outcome, estimate, lower, upper, seTotal, score, nPre, nPost, detail);
  }

  private static double[] values(List<Bucket> buckets, boolean post, boolean treated) {
    return buckets.stream()
        .filter(b -> b.post() == post)
        .mapToDouble(b -> treated ? b.treatedCents() : b.controlCents())
        .toArray();
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** Sample variance (n − 1 in the denominator). */
  static double variance(double[] x) {
    double m = mean(x);
    double s = 0;
    for (double v : x) {
      s += (v - m) * (v - m);
    }
    return s / (x.length - 1);
  }

  /** Standard normal CDF through erfc (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
  static double normalCdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  private static double erfc(double x) {
    double t = 1 / (1 + 0.5 * Math.abs(x));
    double y =
        t
            * Math.exp(
                -x * x
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? y : 2 - y;
  }
}
