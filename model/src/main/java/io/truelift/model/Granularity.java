package io.truelift.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The time bucket of a model: hourly for the streaming simulator, weekly for retail files such
 * as Breakfast at the Frat. It also fixes the seasonal cycle the feature code pools over (hour of
 * week for hours, day of week for days, none for weeks, where week of year is a plain feature).
 */
public enum Granularity {
  HOUR(Duration.ofHours(1), 168),
  DAY(Duration.ofDays(1), 7),
  WEEK(Duration.ofDays(7), 1);

  private final Duration length;
  private final int cycle;

  Granularity(Duration length, int cycle) {
    this.length = length;
    this.cycle = cycle;
  }

  public Duration length() {
    return length;
  }

  /** Number of positions in the seasonal cycle (1 = no pooled seasonality). */
  public int cycle() {
    return cycle;
  }

  /** Position of {@code bucketStart} in the seasonal cycle. */
  public int cyclePosition(Instant bucketStart) {
    ZonedDateTime z = bucketStart.atZone(ZoneOffset.UTC);
    return switch (this) {
      case HOUR -> (z.getDayOfWeek().getValue() - 1) * 24 + z.getHour();
      case DAY -> z.getDayOfWeek().getValue() - 1;
      case WEEK -> 0;
    };
  }

  /** The start of the bucket containing {@code t} (weeks are aligned on the epoch's 7-day grid). */
  public Instant floor(Instant t) {
    long s = length.getSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
  }
}
