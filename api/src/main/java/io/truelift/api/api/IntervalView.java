package io.truelift.api.api;

import io.truelift.model.Interval;

/** An estimate with its interval ({@code lower <= estimate <= upper}). */
public record IntervalView(double estimate, double lower, double upper) {
  public static IntervalView of(Interval i) {
    return i == null ? null : new IntervalView(i.estimate(), i.lower(), i.upper());
  }
}
