package io.truelift.workflows.retraining;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How the worker's {@link XgboostBaselineTrainer} is set up, from the environment: where
 * challengers are written ({@code TRUELIFT_MODEL_DIR}; unset: no trainer, runs end SKIPPED), the
 * history file used when {@code windowed_sales} has too little for a range ({@code
 * TRUELIFT_TRAINING_HISTORY}), which clock the ranges are on ({@code TRUELIFT_TRAINING_CLOCK}) and
 * the minimum data ({@code TRUELIFT_TRAINING_MIN_HOURS}, {@code
 * TRUELIFT_TRAINING_MIN_HELDOUT_HOURS}).
 *
 * @param historyFile JSONL of shopping events (the simulator's history); null: the database only
 * @param clock {@code WALL}: ranges end at the workflow's time; {@code DATA}: shifted back (or
 *     forth) so that they end at the newest data of the source, for a stream on its own clock (the
 *     simulator's January 2026, a replay)
 * @param minTrainingHours hours with sales a training range needs
 * @param minHeldOutHours hours with sales a held-out range needs
 */
public record TrainingSettings(
    Path modelDir, Path historyFile, Clock clock, int minTrainingHours, int minHeldOutHours) {

  /** The clock the workflow's data ranges are read on. */
  public enum Clock {
    WALL,
    DATA
  }

  public static final String MODEL_DIR = "TRUELIFT_MODEL_DIR";
  public static final String HISTORY = "TRUELIFT_TRAINING_HISTORY";
  public static final String CLOCK = "TRUELIFT_TRAINING_CLOCK";
  public static final String MIN_HOURS = "TRUELIFT_TRAINING_MIN_HOURS";
  public static final String MIN_HELDOUT_HOURS = "TRUELIFT_TRAINING_MIN_HELDOUT_HOURS";

  public TrainingSettings {
    if (modelDir == null) {
      throw new IllegalArgumentException("modelDir is required");
    }
    if (minTrainingHours < 2 || minHeldOutHours < 1) {
      throw new IllegalArgumentException(
          "minTrainingHours must be >= 2 and minHeldOutHours >= 1, got %d and %d"
              .formatted(minTrainingHours, minHeldOutHours));
    }
  }

  /**
   * The settings, or empty when {@code TRUELIFT_MODEL_DIR} is unset (the worker then runs {@link
   * UnconfiguredTrainer}). Bad values fail here, naming the variable and the value; the file system
   * is only checked for paths that exist (the devstack writes the history after the worker starts).
   */
  public static Optional<TrainingSettings> fromEnvironment(Map<String, String> env) {
    String dir = text(env, MODEL_DIR);
    String history = text(env, HISTORY);
    if (dir == null) {
      if (history != null) {
        throw new IllegalArgumentException(
            "%s is set (\"%s\") but %s is not: set %s to the directory challenger models are"
                    .formatted(HISTORY, history, MODEL_DIR, MODEL_DIR)
                + " written to (the one the pipeline loads models from)");
      }
      return Optional.empty();
    }
    Path modelDir = Path.of(dir);
    if (Files.exists(modelDir) && !Files.isDirectory(modelDir)) {
      throw new IllegalArgumentException(
          MODEL_DIR + " must be a directory, got \"" + dir + "\" (a file)");
    }
    Path historyFile = history == null ? null : Path.of(history);
    if (historyFile != null && Files.exists(historyFile) && !Files.isRegularFile(historyFile)) {
      throw new IllegalArgumentException(
          HISTORY
              + " must be a JSONL file of shopping events, got \""
              + history
              + "\" (not a file)");
    }
    String clock = text(env, CLOCK);
    Clock c;
    if (clock == null || clock.equalsIgnoreCase("wall")) {
      c = Clock.WALL;
    } else if (clock.equalsIgnoreCase("data")) {
      c = Clock.DATA;
    } else {
      throw new IllegalArgumentException(CLOCK + " must be wall or data, got \"" + clock + "\"");
    }
    return Optional.of(
        new TrainingSettings(
            modelDir,
            historyFile,
            c,
            hours(env, MIN_HOURS, 7 * 24, 2),
            hours(env, MIN_HELDOUT_HOURS, 24, 1)));
  }

  private static String text(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static int hours(Map<String, String> env, String name, int fallback, int min) {
    String v = text(env, name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "%s must be a whole number of hours >= %d, got \"%s\"".formatted(name, min, v));
  }

  /** One line for the worker's start-up log. */
  public String describe() {
    return "XGBoost trainer: challengers written to %s; training data from windowed_sales (all-stores rows), else %s; ranges on the %s clock; at least %d hours with sales to train, %d to compare"
        .formatted(
            modelDir.toAbsolutePath(),
            historyFile == null
                ? "nothing (" + HISTORY + " unset)"
                : "the history file " + historyFile.toAbsolutePath(),
            clock == Clock.WALL ? "wall" : "data's (ranges end at the newest data)",
            minTrainingHours,
            minHeldOutHours);
  }
}
