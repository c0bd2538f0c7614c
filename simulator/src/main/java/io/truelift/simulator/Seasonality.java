package io.truelift.simulator;

import java.time.Instant;

/**
 * Shopper traffic by hour of day and day of week, as a multiplier whose mean over a week is 1:
 * quiet nights, a midday and an evening peak, busier Fridays and Saturdays. Constant within each
 * hour, so the arrival intensity is piecewise constant and its integral is exact per minute.
 */
public final class Seasonality {
  private static final double[] HOURLY = new double[24];
  private static final double[] DAILY = {0.9, 0.88, 0.9, 0.95, 1.08, 1.3, 1.0};

  static {
    double sum = 0;
    for (int h = 0; h < 24; h++) {
      double x = h + 0.5;
      HOURLY[h] =
          0.12
              + 1.4 * Math.exp(-Math.pow(x - 12.5, 2) / (2 * 3.0 * 3.0))
              + 0.9 * Math.exp(-Math.pow(x - 18.0, 2) / (2 * 2.0 * 2.0));
      sum += HOURLY[h];
    }
    for (int h = 0; h < 24; h++) {
      HOURLY[h] *= 24 / sum;
    }
    double d = 0;
    for (double v : DAILY) {
      d += v;
    }
    for (int i = 0; i < 7; i++) {
      DAILY[i] *= 7 / d;
    }
  }

  private Seasonality() {}

  /** Traffic multiplier at {@code t} (UTC is the stores' local time in the simulation). */
  public static double multiplier(Instant t) {
    long epochHour = Math.floorDiv(t.getEpochSecond(), 3600);
    int hour = (int) Math.floorMod(epochHour, 24);
    // 1970-01-01 was a Thursday: day index 0 = Monday.
    int day = (int) Math.floorMod(Math.floorDiv(epochHour, 24) + 3, 7);
    return HOURLY[hour] * DAILY[day];
  }
}
