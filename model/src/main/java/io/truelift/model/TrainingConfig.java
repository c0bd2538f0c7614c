package io.truelift.model;

/**
 * How a baseline model is trained. {@link #defaults(Granularity)} are the values the commands
 * use; {@code nthread} is 1 on purpose (two OpenMP threads on a busy 2-core machine were 15x
 * slower).
 *
 * @param objective {@code count:poisson} or {@code reg:tweedie}
 * @param validationFraction the latest share of buckets held out for early stopping and the
 *     conformal calibration
 * @param levelLookbackBuckets how many buckets back the recent-level feature looks
 */
public record TrainingConfig(
    String objective,
    double tweedieVariancePower,
    int maxRounds,
    int earlyStoppingRounds,
    int maxDepth,
    double eta,
    double minChildWeight,
    double subsample,
    double validationFraction,
    int levelLookbackBuckets,
    double levelPriorBuckets,
    int nthread,
    long seed,
    FeatureSpec.CleanScope cleanScope) {

  public TrainingConfig {
    if (!objective.equals("count:poisson") && !objective.equals("reg:tweedie")) {
      throw new IllegalArgumentException(
          "objective must be count:poisson or reg:tweedie, got \"" + objective + "\"");
    }
    if (maxRounds <= 0) {
      throw new IllegalArgumentException("maxRounds must be > 0, got " + maxRounds);
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
    }
    if (!(eta > 0 && eta <= 1)) {
      throw new IllegalArgumentException("eta must be in (0, 1], got " + eta);
    }
  }

  public static TrainingConfig defaults(Granularity g) {
    return switch (g) {
      case HOUR -> new TrainingConfig("count:poisson", 1.5, 400, 30, 4, 0.08, 5, 0.9, 0.25, 336, 24, 1, 7, FeatureSpec.CleanScope.CATEGORY);
      case DAY -> new TrainingConfig("count:poisson", 1.5, 400, 30, 5, 0.08, 5, 0.9, 0.2, 56, 7, 1, 7, FeatureSpec.CleanScope.CATEGORY);
      case WEEK -> new TrainingConfig("count:poisson", 1.5, 1500, 30, 6, 0.1, 10, 0.9, 0.2, 13, 2, 1, 7, FeatureSpec.CleanScope.SUB_CATEGORY);
    };
  }

  public TrainingConfig withMaxRounds(int rounds) {
    return new TrainingConfig(
        objective, tweedieVariancePower, rounds, earlyStoppingRounds, maxDepth, eta, minChildWeight,
        subsample, validationFraction, levelLookbackBuckets, levelPriorBuckets, nthread, seed, cleanScope);
  }

  public TrainingConfig withObjective(String newObjective) {
    return new TrainingConfig(
        newObjective, tweedieVariancePower, maxRounds, earlyStoppingRounds, maxDepth, eta,
        minChildWeight, subsample, validationFraction, levelLookbackBuckets, levelPriorBuckets,
        nthread, seed, cleanScope);
  }
}
