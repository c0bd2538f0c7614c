package io.truelift.pipelines.model;

import io.truelift.core.detection.PoissonCusum;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses the Poisson CUSUM threshold for a target false-alarm rate: the (1 - alpha) quantile of
 * the statistic's maximum over a promotion's horizon when the substitutes sell at their baseline
 * (no cannibalization), found by a seeded simulation in which each run's true rate is the
 * baseline times (1 + relativeError x N(0,1)), so the model's own error counts as noise too.
 * Deterministic (fixed seed) and cached per (expected purchases per window, horizon, alpha).
 */
public final class CusumThreshold {
  private static final ConcurrentHashMap<String, Double> CACHE = new ConcurrentHashMap<>();
  private static final long SEED = 20_261_201L;

  private CusumThreshold() {}

  /**
   * @param meanPerWindow the substitutes' expected purchases per window
   * @param windows windows in the horizon (a typical promotion's length)
   * @param alpha target probability of a false alarm within the horizon
   * @param materialLoss the CUSUM's rho
   * @param relativeError the baseline's relative error (calibration)
   */
  public static double forFalseAlarmRate(
      double meanPerWindow, int windows, double alpha, double materialLoss, double relativeError) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("falseAlarmRate must be in (0, 1), got " + alpha);
    }
    double b = round(Math.max(meanPerWindow, 1e-4));
    double kappa = Math.round(relativeError * 200) / 200.0;
    String key = b + "/" + windows + "/" + alpha + "/" + materialLoss + "/" + kappa;
    return CACHE.computeIfAbsent(key, k -> simulate(b, windows, alpha, materialLoss, kappa));
  }

  private static double simulate(double b, int windows, double alpha, double rho, double kappa) {
    int runs = (int) Math.min(20_000, Math.max(2_000, Math.ceil(30 / alpha)));
    SplittableRandom r = new SplittableRandom(SEED);
    double[] maxima = new double[runs];
    for (int run = 0; run < runs; run++) {
      double gaussian = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
      double mean = b * Math.max(0, 1 + kappa * gaussian);
      PoissonCusum c = new PoissonCusum(rho, 1e9);
      double max = 0;
      for (int w = 0; w < windows; w++) {
        max = Math.max(max, c.update(poisson(r, mean), b));
      }
      maxima[run] = max;
    }
    Arrays.sort(maxima);
    double q = maxima[(int) Math.min(runs - 1, Math.ceil((1 - alpha) * runs))];
    // Never below one window's worth of evidence at the material loss: a single window must not fire.
    return Math.max(q, -Math.log(1 - rho) * 2);
  }

  /** Two significant digits: nearby baselines share one simulation. */
  private static double round(double v) {
    double scale = Math.pow(10, Math.floor(Math.log10(v)) - 1);
    return Math.round(v / scale) * scale;
  }

  static long poisson(SplittableRandom r, double mean) {
    if (mean > 50) {
      double g = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * g));
    }
    double limit = Math.exp(-mean), p = r.nextDouble();
    long n = 0;
    while (p > limit) {
      n++;
      p *= r.nextDouble();
    }
    return n;
  }
}
