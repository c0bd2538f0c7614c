package io.truelift.pipelines.model;

import java.io.Serializable;
import java.time.Duration;

/**
 * When an alert is raised: the sequential test (material loss rho of the Poisson CUSUM, its
 * threshold chosen for a target false-alarm rate) AND a minimum business effect (cannibalized
 * units, rate and lost margin) AND enough expected volume, so that one sparse window can never
 * trigger it.
 *
 * @param window length of a detection window
 * @param promotionIdle a promotion with no promoted sale for this long is treated as ended
 * @param materialLoss the substitutes' shortfall (fraction of baseline) the test is tuned to find
 * @param threshold fixed CUSUM threshold (log-likelihood ratio units), used only when {@code
 *     falseAlarmRate} is 0
 * @param minExpectedSubstituteUnits the substitutes' cumulative baseline needed before alerting
 * @param minCannibalizedUnits the cumulative loss needed before alerting
 * @param minCannibalizationRate the loss as a fraction of the gross lift needed before alerting
 * @param falseAlarmRate target probability that a promotion without cannibalization crosses the
 *     threshold within {@code falseAlarmHorizon}; the threshold is calibrated per promotion from
 *     its substitutes' expected volume ({@link CusumThreshold})
 * @param falseAlarmHorizon the promotion length the false-alarm rate refers to
 * @param minLostMarginCents the substitutes' estimated lost margin needed before alerting
 * @param postPeriod how long after a promotion's end its product is followed for pull-forward
 * @param minSubstituteShortfall the substitutes' loss as a fraction of their baseline needed
 *     before alerting (a loss spread thinly over large substitutes is not material)
 */
public record DetectionSettings(
    Duration window,
    Duration promotionIdle,
    double materialLoss,
    double threshold,
    double minExpectedSubstituteUnits,
    double minCannibalizedUnits,
    double minCannibalizationRate,
    double falseAlarmRate,
    Duration falseAlarmHorizon,
    double minLostMarginCents,
    Duration postPeriod,
    double minSubstituteShortfall)
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
    if (!(falseAlarmRate >= 0 && falseAlarmRate < 1)) {
      throw new IllegalArgumentException(
          "falseAlarmRate must be in [0, 1) (0 = fixed cusumThreshold), got " + falseAlarmRate);
    }
    if (falseAlarmHorizon.compareTo(window) < 0) {
      throw new IllegalArgumentException(
          "falseAlarmHorizonMinutes must be >= windowMinutes, got " + falseAlarmHorizon.toMinutes());
    }
    if (!(minLostMarginCents >= 0)) {
      throw new IllegalArgumentException("minLostMarginCents must be >= 0, got " + minLostMarginCents);
    }
    if (!(minSubstituteShortfall >= 0 && minSubstituteShortfall < 1)) {
      throw new IllegalArgumentException(
          "minSubstituteShortfall must be in [0, 1), got " + minSubstituteShortfall);
    }
    if (postPeriod.isNegative()) {
      throw new IllegalArgumentException("postPeriodMinutes must be >= 0, got " + postPeriod.toMinutes());
    }
  }

  /**
   * The defaults: 1-minute windows; rho = 0.10; threshold for at most 0.5% false alarms per
   * 8-hour promotion; an alert needs 30 expected substitute units, 25 lost units, a rate of 0.10,
   * 20.00 of lost margin and substitutes 10% short of their baseline; pull-forward followed for 2
   * hours after the end.
   */
  public static DetectionSettings defaults() {
    return new DetectionSettings(
        Duration.ofMinutes(1), Duration.ofMinutes(30), 0.10, 6.0, 30, 25, 0.10, 0.005,
        Duration.ofHours(8), 2000, Duration.ofHours(2), 0.10);
  }

  /** Windows in the false-alarm horizon. */
  public int horizonWindows() {
    return (int) Math.max(1, falseAlarmHorizon.toMillis() / window.toMillis());
  }
}
