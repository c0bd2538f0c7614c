package io.truelift.model;

import java.io.Serializable;

/** An estimate with its 90% interval ({@code lower <= estimate <= upper}). */
public record Interval(double estimate, double lower, double upper) implements Serializable {
  public Interval {
    if (lower > upper) {
      throw new IllegalArgumentException("lower %s > upper %s".formatted(lower, upper));
    }
  }

  public static Interval of(double estimate, double halfWidth) {
    return new Interval(estimate, estimate - halfWidth, estimate + halfWidth);
  }

  public static Interval exact(double v) {
    return new Interval(v, v, v);
  }

  public boolean contains(double v) {
    return v >= lower && v <= upper;
  }

  public Interval scaled(double factor) {
    return factor >= 0
        ? new Interval(estimate * factor, lower * factor, upper * factor)
        : new Interval(estimate * factor, upper * factor, lower * factor);
  }
}
