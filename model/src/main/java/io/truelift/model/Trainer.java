package io.truelift.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link BaselineModel} on a sales history: the latest {@code validationFraction} of its
 * buckets is held out for early stopping, the metrics and the conformal {@link Calibration}; the
 * feature spec is fitted on the training part only.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  /** A trained model and how it did on its held-out buckets. */
  public record TrainedModel(BaselineModel model, ModelMetrics metrics) {}

  private Trainer() {}

  public static TrainedModel train(SalesHistory history, TrainingConfig config) {
    return train(history, config, "baseline-" + UUID.randomUUID().toString().substring(0, 8));
  }

  public static TrainedModel train(SalesHistory history, TrainingConfig config, String modelId) {
    long start = System.nanoTime();
    Instant cut = cut(history, config.validationFraction());
    List<Observation> train = new ArrayList<>(), valid = new ArrayList<>();
    for (Observation o : history.observations()) {
      (o.bucketStart().isBefore(cut) ? train : valid).add(o);
    }
    if (train.isEmpty() || valid.isEmpty()) {
      throw new IllegalArgumentException(
          "history %s..%s is too short to hold out %.0f%% of its buckets"
              .formatted(history.from(), history.to(), 100 * config.validationFraction()));
    }
    FeatureSpec spec =
        FeatureSpec.fit(
            SalesHistory.of(history.granularity(), train),
            config.levelLookbackBuckets(),
            config.levelPriorBuckets(),
            config.cleanScope());
    Features.LevelIndex levels = new Features.LevelIndex(spec, history);
    Features.Matrix mt = Features.build(spec, history, levels, history, train, PromotionMask.NONE);
    Features.Matrix mv = Features.build(spec, history, levels, history, valid, PromotionMask.NONE);
    Booster booster;
    int best;
    try {
      DMatrix dt = matrix(mt);
      DMatrix dv = matrix(mv);
      // Own early stopping: XGBoost4J's prints every round to stdout. The booster keeps the few
      // rounds after the best one; scoring uses only the best ones (the model's tree limit).
      booster = XGBoost.train(dt, params(config), 0, new HashMap<>(), null, null);
      best = bestRounds(booster, dt, dv, config) - 1;
      dt.dispose();
      dv.dispose();
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
    }
    byte[] ubj;
    try {
      ubj = booster.toByteArray("ubj");
    } catch (XGBoostError e) {
      throw new IllegalStateException("Cannot serialize the model: " + e.getMessage(), e);
    }
    booster.dispose();

    // Score the held-out rows with the model as it will be loaded (from its UBJ bytes).
    BaselineModel.Descriptor provisional =
        new BaselineModel.Descriptor(
            modelId, "xgboost-" + config.objective(), history.from(), cut, config, best + 1, spec,
            new Calibration(new double[] {Double.POSITIVE_INFINITY}, new double[] {0}, new double[0], new double[0], 1, 0, 1.645, 0, 0),
            null);
    BaselineModel scorer = new BaselineModel(provisional, ubj);
    float[][] pv = scorer.predictMatrix(mv);
    double absErr = 0, total = 0, cleanErr = 0, cleanTotal = 0, deviance = 0;
    Map<String, List<double[]>> cleanBySeries = new java.util.LinkedHashMap<>();
    List<double[]> promotedRows = new ArrayList<>();
    for (int i = 0; i < valid.size(); i++) {
      Observation o = valid.get(i);
      double y = o.units(), p = pv[i][0];
      absErr += Math.abs(y - p);
      total += y;
      deviance += 2 * ((y > 0 ? y * Math.log(y / Math.max(p, 1e-9)) : 0) - (y - p));
      SalesHistory.Series s = history.series(o.seriesKey());
      int idx = s.countBefore(o.bucketStart().getEpochSecond());
      if (s.clean(idx)) {
        cleanErr += Math.abs(y - p);
        cleanTotal += y;
        cleanBySeries.computeIfAbsent(o.seriesKey(), k -> new ArrayList<>()).add(new double[] {y, p});
      } else {
        if (o.anyPromotion()) {
          promotedRows.add(new double[] {p, Math.abs(y - p)});
        }
        // A promoted bucket breaks a run of consecutive clean buckets.
        cleanBySeries.computeIfAbsent(o.seriesKey() + "#" + i, k -> new ArrayList<>());
      }
    }
    List<double[][]> runs = new ArrayList<>();
    cleanBySeries.values().forEach(
        l -> {
          if (!l.isEmpty()) {
            double[][] a = new double[2][l.size()];
            for (int i = 0; i < l.size(); i++) {
              a[0][i] = l.get(i)[0];
              a[1][i] = l.get(i)[1];
            }
            runs.add(a);
          }
        });
    Calibration calibration = Calibration.fit(runs, promotedRows);
    int covered = 0;
    for (int i = 0; i < valid.size(); i++) {
      double p = pv[i][0];
      if (Math.abs(valid.get(i).units() - p) <= calibration.rowHalfWidth(p, valid.get(i).anyPromotion())) {
        covered++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    ModelMetrics metrics =
        new ModelMetrics(
            train.size(), valid.size(), best, absErr / Math.max(total, 1e-9),
            cleanErr / Math.max(cleanTotal, 1e-9), deviance / valid.size(),
            covered / (double) valid.size(), seconds);
    BaselineModel model =
        new BaselineModel(
            new BaselineModel.Descriptor(
                modelId, "xgboost-" + config.objective(), history.from(), history.to(), config, best + 1, spec,
                calibration, metrics),
            ubj);
    LOG.info(
        "Trained {} on {} rows ({} held out) in {} s: best iteration {}, held-out WAPE {}, clean WAPE {}",
        modelId, train.size(), valid.size(), "%.1f".formatted(seconds), best,
        "%.3f".formatted(metrics.validationWape()), "%.3f".formatted(metrics.validationCleanWape()));
    return new TrainedModel(model, metrics);
  }

  static Map<String, Object> params(TrainingConfig c) {
    Map<String, Object> p = new HashMap<>();
    p.put("objective", c.objective());
    if (c.objective().equals("reg:tweedie")) {
      p.put("tweedie_variance_power", c.tweedieVariancePower());
      p.put("eval_metric", "tweedie-nloglik@" + c.tweedieVariancePower());
    } else {
      p.put("eval_metric", "poisson-nloglik");
      // The default max_delta_step 0.7 for Poisson slows fitting with an offset; keep it safe.
      p.put("max_delta_step", 0.7);
    }
    p.put("tree_method", "hist");
    p.put("max_depth", c.maxDepth());
    p.put("eta", c.eta());
    p.put("min_child_weight", c.minChildWeight());
    p.put("subsample", c.subsample());
    p.put("nthread", c.nthread());
    p.put("seed", c.seed());
    p.put("verbosity", 0);
    return p;
  }

  /**
   * Boosts round by round, scoring the held-out matrix after each; returns the number of rounds
   * with the lowest held-out loss, stopping {@code earlyStoppingRounds} after it.
   */
  static int bestRounds(Booster b, DMatrix train, DMatrix valid, TrainingConfig c) throws XGBoostError {
    {
      double bestLoss = Double.POSITIVE_INFINITY;
      int bestRound = 1;
      for (int i = 0; i < c.maxRounds(); i++) {
        b.update(train, i);
        String eval = b.evalSet(new DMatrix[] {valid}, new String[] {"validation"}, i);
        double loss = Double.parseDouble(eval.substring(eval.lastIndexOf(':') + 1).trim());
        if (loss < bestLoss - 1e-12) {
          bestLoss = loss;
          bestRound = i + 1;
        } else if (i + 1 - bestRound >= c.earlyStoppingRounds()) {
          break;
        }
      }
      return bestRound;
    }
  }

  static DMatrix matrix(Features.Matrix m) throws XGBoostError {
    DMatrix d = new DMatrix(m.data(), m.rows(), m.columns(), Float.NaN);
    d.setLabel(m.labels());
    d.setBaseMargin(m.baseMargin());
    return d;
  }

  /** The first bucket of the held-out part: the latest {@code fraction} of the distinct buckets. */
  static Instant cut(SalesHistory h, double fraction) {
    java.util.TreeSet<Instant> buckets = new java.util.TreeSet<>();
    h.series().values().forEach(s -> s.rows().forEach(o -> buckets.add(o.bucketStart())));
    if (buckets.size() < 2) {
      throw new IllegalArgumentException(
          "history %s..%s is too short to hold out %.0f%% of its buckets (%d bucket)"
              .formatted(h.from(), h.to(), 100 * fraction, buckets.size()));
    }
    int keep = (int) Math.round(buckets.size() * (1 - fraction));
    keep = Math.max(1, Math.min(buckets.size() - 1, keep));
    return new ArrayList<>(buckets).get(keep);
  }
}
