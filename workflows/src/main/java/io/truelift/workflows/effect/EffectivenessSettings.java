package io.truelift.workflows.effect;

import java.time.Duration;
import java.util.Objects;

/**
 * How an action's effect is measured: the length of the periods before and after the action
 * ({@code window}, event time), the time bucket the margins are summed over, the minimum number of
 * buckets with data in each period, and how far the sales stream may lag the wall clock before
 * the measurement takes the stream's clock as the action's time (see {@link MeasurementPlan}).
 */
public record EffectivenessSettings(
    Duration window, Duration bucket, int minBucketsPerPeriod, Duration streamLagTolerance) {

  public static final EffectivenessSettings DEFAULTS =
      new EffectivenessSettings(Duration.ofDays(7), Duration.ofHours(1), 12, Duration.ofHours(1));

  public EffectivenessSettings {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(streamLagTolerance, "streamLagTolerance");
    if (bucket.isZero() || bucket.isNegative()) {
      throw new IllegalArgumentException("bucket must be > 0, got " + bucket);
    }
    if (window.compareTo(bucket) < 0) {
      throw new IllegalArgumentException(
          "window (%s) must be at least one bucket (%s)".formatted(window, bucket));
    }
    if (minBucketsPerPeriod < 2) {
      throw new IllegalArgumentException(
          "minBucketsPerPeriod must be >= 2, got " + minBucketsPerPeriod);
    }
  }

  /** How many buckets the window holds; the estimate is stated over this many. */
  public double windowBuckets() {
    return (double) window.toMillis() / bucket.toMillis();
  }
}
