package io.truelift.pipelines.transforms;

import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Event time from the Kafka record timestamp (producers set it to the event's {@code
 * eventTime}); the watermark trails the newest event by {@code maxDelay}. Unlike Beam's
 * limited-delay policy it never jumps to the wall clock when a partition is idle: simulated or
 * replayed time can run far behind the clock, and that jump would make every later event late.
 */
class EventTimePolicy<K, V> extends TimestampPolicy<K, V> {
  private final Duration maxDelay;
  private Instant maxEventTime;

  EventTimePolicy(Duration maxDelay, Optional<Instant> previousWatermark) {
    this.maxDelay = maxDelay;
    this.maxEventTime = previousWatermark.map(w -> w.plus(maxDelay)).orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
  }

  @Override
  public Instant getTimestampForRecord(PartitionContext ctx, KafkaRecord<K, V> record) {
    Instant t = new Instant(record.getTimestamp());
    if (t.isAfter(maxEventTime)) {
      maxEventTime = t;
    }
    return t;
  }

  @Override
  public Instant getWatermark(PartitionContext ctx) {
    if (maxEventTime.equals(BoundedWindow.TIMESTAMP_MIN_VALUE)) {
      return BoundedWindow.TIMESTAMP_MIN_VALUE;
    }
    return maxEventTime.minus(maxDelay);
  }
}
