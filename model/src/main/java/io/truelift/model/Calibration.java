package io.truelift.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Conformal calibration on held-out residuals. Per row: the 90% quantile of |y - prediction| in
 * bins of the prediction (locally adaptive, so small and large series each get their own width).
 * For sums over a period (the estimator's G and C): the error of a sum S of predictions is
 * modelled as variance {@code dispersion * S + relativeError^2 * S^2} (count noise plus a
 * series-level model error), fitted on held-out blocks of 1 to 16 buckets, and the multiplier
 * {@code sumQuantile} is the conformal 90% quantile of the standardized block errors.
 *
 * @param binUpperEdges upper prediction edge of each bin (the last is +infinity)
 * @param binHalfWidths 90% half-width of each bin
 * @param promotedBinUpperEdges the same for rows whose product is promoted (their errors are
 *     larger; empty when the held-out part had too few of them, then the regular bins apply)
 */
public record Calibration(
    double[] binUpperEdges,
    double[] binHalfWidths,
    double[] promotedBinUpperEdges,
    double[] promotedBinHalfWidths,
    double dispersion,
    double relativeError,
    double sumQuantile,
    int rows,
    int blocks)
    implements Serializable {

  static final double LEVEL = 0.90;
  private static final int[] BLOCK_LENGTHS = {1, 2, 4, 8, 16};

  /** Half-width of the 90% interval of one (not promoted) row's prediction. */
  public double rowHalfWidth(double prediction) {
    return halfWidth(binUpperEdges, binHalfWidths, prediction);
  }

  /** Half-width for a row, with the promoted rows' own bins where it is promoted. */
  public double rowHalfWidth(double prediction, boolean promoted) {
    return promoted && promotedBinHalfWidths.length > 0
        ? halfWidth(promotedBinUpperEdges, promotedBinHalfWidths, prediction)
        : rowHalfWidth(prediction);
  }

  private static double halfWidth(double[] edges, double[] widths, double prediction) {
    for (int b = 0; b < edges.length; b++) {
      if (prediction <= edges[b]) {
        return widths[b];
      }
    }
    return widths[widths.length - 1];
  }

  /** Conformal bins of |y - prediction| by prediction; pairs are {prediction, |error|}. */
  static double[][] bins(List<double[]> pairs) {
    pairs.sort((a, b) -> Double.compare(a[0], b[0]));
    int bins = Math.max(1, Math.min(10, pairs.size() / 200));
    double[] edges = new double[bins];
    double[] widths = new double[bins];
    for (int b = 0; b < bins; b++) {
      int from = b * pairs.size() / bins, to = (b + 1) * pairs.size() / bins;
      double[] scores = new double[to - from];
      for (int i = from; i < to; i++) {
        scores[i - from] = pairs.get(i)[1];
      }
      widths[b] = conformalQuantile(scores, LEVEL);
      edges[b] = b == bins - 1 ? Double.POSITIVE_INFINITY : pairs.get(to - 1)[0];
    }
    return new double[][] {edges, widths};
  }

  /**
   * Variance of an estimated difference {@code sum(y) - sum(prediction)} over one series: the
   * count noise of the observed {@code actualUnits} plus the model error of {@code predictedUnits}.
   */
  public double differenceVariance(double actualUnits, double predictedUnits) {
    return dispersion * Math.max(0, actualUnits)
        + relativeError * relativeError * predictedUnits * predictedUnits;
  }

  /** Finite-sample conformal quantile: the ceil((n + 1) level)-th smallest score. */
  static double conformalQuantile(double[] scores, double level) {
    if (scores.length == 0) {
      return Double.NaN;
    }
    double[] s = scores.clone();
    Arrays.sort(s);
    int k = (int) Math.ceil((s.length + 1) * level) - 1;
    return s[Math.min(Math.max(k, 0), s.length - 1)];
  }

  /** As {@link #fit(List, List)} without promoted rows. */
  public static Calibration fit(List<double[][]> series) {
    return fit(series, List.of());
  }

  /**
   * Fits the calibration on held-out rows.
   *
   * @param series per held-out series, runs of clean buckets: actual and predicted units in time
   *     order (the per-row bins of unpromoted rows and the sum model)
   * @param promotedRows held-out rows whose product was promoted: {prediction, |error|}
   */
  public static Calibration fit(List<double[][]> series, List<double[]> promotedRows) {
    List<double[]> pairs = new ArrayList<>();
    for (double[][] s : series) {
      for (int i = 0; i < s[0].length; i++) {
        pairs.add(new double[] {s[1][i], Math.abs(s[0][i] - s[1][i])});
      }
    }
    if (pairs.size() < 20) {
      throw new IllegalArgumentException(
          "calibration needs at least 20 held-out clean rows, got " + pairs.size());
    }
    double[][] regular = bins(pairs);
    double[][] promoted =
        promotedRows.size() >= 50 ? bins(new ArrayList<>(promotedRows)) : new double[][] {{}, {}};
    // Blocks: non-overlapping runs of L consecutive held-out buckets per series.
    List<double[]> blocks = new ArrayList<>();
    for (double[][] s : series) {
      for (int len : BLOCK_LENGTHS) {
        for (int i = 0; i + len <= s[0].length; i += len) {
          double e = 0, p = 0;
          for (int j = i; j < i + len; j++) {
            e += s[0][j] - s[1][j];
            p += s[1][j];
          }
          if (p > 0) {
            blocks.add(new double[] {p, e});
          }
        }
      }
    }
    // Least squares of e^2 on (S, S^2) without intercept, both coefficients >= 0.
    double sxx = 0, sxz = 0, szz = 0, sxy = 0, szy = 0;
    for (double[] b : blocks) {
      double x = b[0], z = b[0] * b[0], y = b[1] * b[1];
      sxx += x * x;
      sxz += x * z;
      szz += z * z;
      sxy += x * y;
      szy += z * y;
    }
    double det = sxx * szz - sxz * sxz;
    double phi = det > 0 ? (sxy * szz - szy * sxz) / det : sxy / Math.max(sxx, 1e-12);
    double k2 = det > 0 ? (sxx * szy - sxz * sxy) / det : 0;
    if (phi < 0) {
      phi = 0;
      k2 = szz > 0 ? szy / szz : 0;
    }
    if (k2 < 0) {
      k2 = 0;
      phi = sxx > 0 ? sxy / sxx : 1;
    }
    phi = Math.max(phi, 1e-6);
    double kappa = Math.sqrt(k2);
    double[] z = new double[blocks.size()];
    for (int i = 0; i < z.length; i++) {
      double p = blocks.get(i)[0];
      z[i] = Math.abs(blocks.get(i)[1]) / Math.sqrt(phi * p + k2 * p * p);
    }
    double q = z.length == 0 ? 1.645 : conformalQuantile(z, LEVEL);
    return new Calibration(regular[0], regular[1], promoted[0], promoted[1], phi, kappa, q, pairs.size(), blocks.size());
  }
}
