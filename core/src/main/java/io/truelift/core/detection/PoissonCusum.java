package io.truelift.core.detection;

import java.io.Serializable;

/**
 * Page's one-sided CUSUM for a Poisson count falling short of its baseline. Each window adds the
 * log-likelihood ratio of "the rate is {@code (1 - materialLoss)} x baseline" against "the rate is
 * the baseline": {@code y ln(1 - rho) + rho b}. Without a shortfall the statistic drifts down and
 * resets at zero; a sustained material shortfall drives it up to the threshold. Working on
 * counts rather than standardized residuals keeps it valid when windows are sparse (b << 1).
 *
 * <p>For small rho the in-control average run length is roughly {@code exp(2|mu| h / sigma^2)
 * / (2 mu^2 / sigma^2)} windows with {@code mu = b (ln(1-rho) + rho)} and {@code sigma^2 = b
 * ln(1-rho)^2}: with rho = 0.15 and h = 6 about 25,000 / b windows, i.e. a false-alarm chance of
 * a few percent for an 8-hour promotion whose substitutes sell ~1.5 purchases a minute.
 */
public final class PoissonCusum implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double materialLoss;
  private final double threshold;
  private double statistic;
  private double maxStatistic;

  public PoissonCusum(double materialLoss, double threshold) {
    if (!(materialLoss > 0 && materialLoss < 1)) {
      throw new IllegalArgumentException("materialLoss must be in (0, 1), got " + materialLoss);
    }
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("threshold must be > 0, got " + threshold);
    }
    this.materialLoss = materialLoss;
    this.threshold = threshold;
  }

  /**
   * Adds one window: {@code observed} counts against an expected {@code baseline}. Returns the
   * updated statistic.
   */
  public double update(long observed, double baseline) {
    if (observed < 0 || !(baseline >= 0)) {
      throw new IllegalArgumentException(
          "observed must be >= 0 and baseline >= 0, got %d and %s".formatted(observed, baseline));
    }
    double llr = observed * Math.log(1 - materialLoss) + materialLoss * baseline;
    statistic = Math.max(0, statistic + llr);
    maxStatistic = Math.max(maxStatistic, statistic);
    return statistic;
  }

  public double statistic() {
    return statistic;
  }

  /** The highest the statistic has been: how close a test that never fired came. */
  public double maxStatistic() {
    return maxStatistic;
  }

  public boolean exceeded() {
    return statistic > threshold;
  }

  public double threshold() {
    return threshold;
  }
}
