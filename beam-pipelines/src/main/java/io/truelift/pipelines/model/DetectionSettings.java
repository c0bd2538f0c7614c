package io.truelift.pipelines.model;

import java.io.Serializable;
import java.time.Duration;

/**
 * When an alert is raised: the sequential test (material loss rho and threshold h of the Poisson
 * CUSUM) AND a minimum business effect AND enough expected volume, so that one sparse window can
 * never trigger it.
 *
 * @param window length of a detection window
 * @param promotionIdle a promotion with no promoted sale for this long is treated as ended
 * @param materialLoss the substitutes' shortfall (fraction of baseline) the test is tuned to find
 * @param threshold CUSUM threshold (log-likelihood ratio units)
 * @param minExpectedSubstituteUnits the substitutes' cumulative baseline needed before alerting
 * @param minCannibalizedUnits the cumulative loss needed before alerting
 * @param minCannibalizationRate the loss as a fraction of the gross lift needed before alerting
 */
public record DetectionSettings(
    Duration window,
    Duration promotionIdle,
    double materialLoss,
    double threshold,
    double minExpectedSubstituteUnits,
    double minCannibalizedUnits,
    double minCannibalizationRate)
    implements Serializable {

  public DetectionSettings {
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("windowMinutes must be > 0, got " + window.toMinutes());
    }
    if (promotionIdle.compareTo(window) < 0) {
      throw new IllegalArgumentException(
          "promotionIdleMinutes must be >= windowMinutes, got " + promotionIdle.toMinutes());
    }
    if (!(materialLoss > 0 && materialLoss < 1)) {
      throw new IllegalArgumentException("cusumMaterialLoss must be in (0, 1), got " + materialLoss);
    }
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("cusumThreshold must be > 0, got " + threshold);
    }
    if (!(minExpectedSubstituteUnits >= 0)) {
      throw new IllegalArgumentException(
          "minExpectedSubstituteUnits must be >= 0, got " + minExpectedSubstituteUnits);
    }
    if (!(minCannibalizedUnits >= 0)) {
      throw new IllegalArgumentException(
          "minCannibalizedUnits must be >= 0, got " + minCannibalizedUnits);
    }
    if (!(minCannibalizationRate >= 0 && minCannibalizationRate <= 1)) {
      throw new IllegalArgumentException(
          "minCannibalizationRate must be in [0, 1], got " + minCannibalizationRate);
    }
  }

  public static DetectionSettings defaults() {
    return new DetectionSettings(Duration.ofMinutes(1), Duration.ofMinutes(30), 0.15, 6.0, 30, 10, 0.10);
  }
}
