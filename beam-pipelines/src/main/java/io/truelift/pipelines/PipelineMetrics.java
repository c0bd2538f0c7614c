package io.truelift.pipelines;

import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The pipeline's Beam counters, all in namespace {@value #NAMESPACE}, and how to read them from a
 * {@link PipelineResult}. {@code dropped} is the runner's own count of elements it dropped as
 * later than the allowed lateness ({@value #RUNNER_DROPPED}, counted where the runner drops them;
 * the Direct runner reports it as {@code DroppedDueToLateness}).
 */
public final class PipelineMetrics {
  public static final String NAMESPACE = "truelift";
  /** Shopping events parsed and accepted. */
  public static final String EVENTS = "events";
  /** Shopping or market events sent to the dead letters. */
  public static final String INVALID = "invalid";
  /** Distinct events that arrived after their window's on-time result, within the lateness. */
  public static final String LATE = "late";
  /** Alerts raised (first time per alert id). */
  public static final String ALERTS = "alerts";
  /** Alerts re-emitted with corrected figures after late data (same alert id). */
  public static final String ALERTS_REVISED = "alertsRevised";
  /** Alerts that late data undid. */
  public static final String ALERTS_RETRACTED = "alertsRetracted";
  /** Alerts not published again because the alerts topic already holds them (a restart). */
  public static final String ALERTS_ALREADY_PUBLISHED = "alertsAlreadyPublished";
  /** Market events accepted. */
  public static final String MARKET_EVENTS = "marketEvents";
  /** Market events whose window had already been tested: applied at the next window. */
  public static final String MARKET_EVENTS_LATE = "marketEventsLate";
  /** The runners' counter of elements dropped as later than the allowed lateness. */
  public static final String RUNNER_DROPPED = "droppedDueToLateness";

  private PipelineMetrics() {}

  public static Counter counter(String name) {
    return Metrics.counter(NAMESPACE, name);
  }

  /** The committed (or, where the runner has none, attempted) value of one of our counters. */
  public static long get(PipelineResult result, String name) {
    return sum(result.metrics().queryMetrics(MetricsFilter.builder().addNameFilter(
        org.apache.beam.sdk.metrics.MetricNameFilter.named(NAMESPACE, name)).build()), name);
  }

  /** Events dropped as too late, summed over every step of the runner that dropped some. */
  public static long dropped(PipelineResult result) {
    return sum(result.metrics().allMetrics(), RUNNER_DROPPED);
  }

  /** Sums the counters called {@code name} (the DirectRunner capitalises the runner's one). */
  private static long sum(MetricQueryResults results, String name) {
    long total = 0;
    for (MetricResult<Long> c : results.getCounters()) {
      if (c.getName().getName().equalsIgnoreCase(name)) {
        total += value(c);
      }
    }
    return total;
  }

  private static long value(MetricResult<Long> c) {
    try {
      return c.getCommitted();
    } catch (UnsupportedOperationException notSupported) {
      return c.getAttempted();
    }
  }
}
