package io.truelift.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hourly Poisson sales of a sub-category of three products with a daily cycle, where promoting
 * A (30% off, 4 hours every other day) doubles A and takes 30% off B and C.
 */
final class Synthetic {
  static final Instant START = Instant.parse("2025-12-01T00:00:00Z");
  static final String[] SKUS = {"A", "B", "C"};
  static final double[] RATES = {20, 30, 10};

  private Synthetic() {}

  static double daily(Instant t) {
    int h = t.atZone(java.time.ZoneOffset.UTC).getHour();
    return 0.3 + 1.4 * Math.exp(-Math.pow(h - 13, 2) / 18.0);
  }

  static boolean promoted(Instant t) {
    long hour = (t.getEpochSecond() - START.getEpochSecond()) / 3600;
    long day = hour / 24, h = hour % 24;
    return day % 2 == 1 && h >= 10 && h < 14;
  }

  static double mean(int sku, Instant t, boolean promo) {
    double m = RATES[sku] * daily(t);
    if (promo) {
      m *= sku == 0 ? 2.0 : 0.7;
    }
    return m;
  }

  static List<Observation> history(int days, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Observation> out = new ArrayList<>();
    for (int hour = 0; hour < days * 24; hour++) {
      Instant t = START.plusSeconds(3600L * hour);
      boolean promo = promoted(t);
      for (int s = 0; s < SKUS.length; s++) {
        double units = poisson(r, mean(s, t, promo));
        boolean own = promo && s == 0;
        out.add(
            new Observation(
                SKUS[s], "*", "CAT", "SUB", t, units, own ? 70 : 100, 100, 60, own, false, false));
      }
    }
    return out;
  }

  static int poisson(SplittableRandom r, double mean) {
    if (mean > 30) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(r)));
    }
    double limit = Math.exp(-mean), p = r.nextDouble();
    int n = 0;
    while (p > limit) {
      n++;
      p *= r.nextDouble();
    }
    return n;
  }

  static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
