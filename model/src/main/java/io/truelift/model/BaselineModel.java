package io.truelift.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.truelift.core.contracts.EventJson;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A trained baseline: the XGBoost count model (UBJ bytes), the {@link FeatureSpec} it was trained
 * with and its {@link Calibration}. {@link #predict} with {@link PromotionMask#ALL} is the
 * no-promotion counterfactual; with {@link PromotionMask#NONE} it forecasts the world as given.
 * Serializable (the booster is rebuilt from its bytes), so a Beam DoFn can carry it.
 */
public final class BaselineModel implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int BATCH_ROWS = 65_536;

  /**
   * Everything about the model except the booster bytes, stored as {@code model.json}; {@code
   * rounds} is how many boosting rounds scoring uses (the best held-out ones).
   */
  public record Descriptor(
      String modelId,
      String kind,
      Instant trainedFrom,
      Instant trainedTo,
      TrainingConfig config,
      int rounds,
      FeatureSpec spec,
      Calibration calibration,
      ModelMetrics metrics) {}

  /** A prediction and its 90% interval for one row. */
  public record Prediction(double units, double lower, double upper) {}

  private final Descriptor descriptor;
  private final byte[] artifact;
  private transient Booster booster;
  private transient SalesHistory cachedContext;
  private transient Features.LevelIndex cachedLevels;

  public BaselineModel(Descriptor descriptor, byte[] artifact) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.artifact = artifact.clone();
  }

  public Descriptor descriptor() {
    return descriptor;
  }

  public String modelId() {
    return descriptor.modelId();
  }

  public FeatureSpec spec() {
    return descriptor.spec();
  }

  public Calibration calibration() {
    return descriptor.calibration();
  }

  public ModelMetrics metrics() {
    return descriptor.metrics();
  }

  /** The booster in XGBoost's UBJ format. */
  public byte[] artifact() {
    return artifact.clone();
  }

  private synchronized Booster booster() {
    if (booster == null) {
      try {
        booster = XGBoost.loadModel(artifact);
        booster.setParam("nthread", 1);
      } catch (XGBoostError | IOException e) {
        throw new IllegalStateException("Cannot load model " + modelId() + ": " + e.getMessage(), e);
      }
    }
    return booster;
  }

  private synchronized Features.LevelIndex levels(SalesHistory context) {
    if (cachedContext != context) {
      cachedLevels = new Features.LevelIndex(spec(), context);
      cachedContext = context;
    }
    return cachedLevels;
  }

  /**
   * Expected units of each row, with the recent level and siblings taken from {@code context}
   * (rows need not be in it: future buckets score from the context's past).
   */
  public double[] predict(SalesHistory context, List<Observation> rows, PromotionMask mask) {
    return predict(context, context, rows, mask);
  }

  /**
   * As {@link #predict(SalesHistory, List, PromotionMask)}, with the siblings' promotion signals
   * read from {@code market} instead: a forecast's planned rows go there, so that their units,
   * which nobody observed, never enter the recent level taken from {@code context}.
   */
  public double[] predict(
      SalesHistory context, SalesHistory market, List<Observation> rows, PromotionMask mask) {
    if (context.granularity() != spec().granularity() || market.granularity() != spec().granularity()) {
      throw new IllegalArgumentException(
          "model %s is %s, context is %s and market %s"
              .formatted(modelId(), spec().granularity(), context.granularity(), market.granularity()));
    }
    double[] out = new double[rows.size()];
    Features.LevelIndex levels = levels(context);
    for (int from = 0; from < rows.size(); from += BATCH_ROWS) {
      List<Observation> batch = rows.subList(from, Math.min(rows.size(), from + BATCH_ROWS));
      Features.Matrix m = Features.build(spec(), context, levels, market, batch, mask);
      float[][] p = predictMatrix(m);
      for (int i = 0; i < p.length; i++) {
        out[from + i] = p[i][0];
      }
    }
    return out;
  }

  /** As {@link #predict}, each with its calibrated 90% interval. */
  public List<Prediction> predictWithIntervals(
      SalesHistory context, List<Observation> rows, PromotionMask mask) {
    double[] p = predict(context, rows, mask);
    List<Prediction> out = new ArrayList<>(p.length);
    for (int i = 0; i < p.length; i++) {
      double v = p[i];
      // A row scored with its own promotion on gets the promoted rows' (wider) interval.
      double w = calibration().rowHalfWidth(v, mask == PromotionMask.NONE && rows.get(i).anyPromotion());
      out.add(new Prediction(v, Math.max(0, v - w), v + w));
    }
    return out;
  }

  float[][] predictMatrix(Features.Matrix m) {
    Booster b = booster();
    try {
      DMatrix d = new DMatrix(m.data(), m.rows(), m.columns(), Float.NaN);
      try {
        d.setBaseMargin(m.baseMargin());
        synchronized (b) {
          return b.predict(d, false, descriptor.rounds());
        }
      } finally {
        d.dispose();
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("Scoring with model " + modelId() + " failed: " + e.getMessage(), e);
    }
  }

  static ObjectMapper json() {
    return EventJson.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** Writes {@code model.ubj} and {@code model.json} into {@code dir}; returns the UBJ path. */
  public Path save(Path dir) {
    try {
      Files.createDirectories(dir);
      Path ubj = dir.resolve("model.ubj");
      Files.write(ubj, artifact);
      json().writeValue(dir.resolve("model.json").toFile(), descriptor);
      return ubj;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save model " + modelId() + " to " + dir, e);
    }
  }

  /** Loads a model saved by {@link #save}: {@code dir} or the path of its {@code model.ubj}. */
  public static BaselineModel load(Path dirOrUbj) {
    Path dir = Files.isDirectory(dirOrUbj) ? dirOrUbj : dirOrUbj.toAbsolutePath().getParent();
    try {
      Descriptor d = json().readValue(dir.resolve("model.json").toFile(), Descriptor.class);
      return new BaselineModel(d, Files.readAllBytes(dir.resolve("model.ubj")));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot load a model from %s (needs model.json and model.ubj): %s".formatted(dirOrUbj, e.getMessage()), e);
    }
  }
}
