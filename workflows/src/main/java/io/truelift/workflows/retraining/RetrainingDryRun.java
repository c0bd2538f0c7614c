package io.truelift.workflows.retraining;

import io.truelift.sql.Migrations;
import io.truelift.workflows.retraining.BaselineTrainer.DataRange;
import io.truelift.workflows.retraining.BaselineTrainer.Evaluation;
import io.truelift.workflows.retraining.BaselineTrainer.RegisteredModel;
import io.truelift.workflows.retraining.BaselineTrainer.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * What a retraining run would decide, without Temporal and without writing the registry: trains a
 * challenger with {@link XgboostBaselineTrainer} on a history file (data clock), scores it and a
 * given active model on the held-out days, prints {@link PromotionPolicy}'s reason and the time
 * each step took. The figures in the workflows README come from it.
 *
 * <pre>
 * RetrainingDryRun --history=FILE [--active=DIR_OR_MODEL_UBJ] [--trainingDays=28] [--heldOutDays=7]
 *   [--minImprovement=0.01] [--modelDir=target/dry-run-models]
 * </pre>
 */
public final class RetrainingDryRun {
  private RetrainingDryRun() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("arguments are --name=value, got \"" + a + "\"");
      }
      o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    if (!o.containsKey("history")) {
      throw new IllegalArgumentException("--history=FILE (JSONL of shopping events) is required");
    }
    // An empty database: the history file is the source, as in a devstack without windowed_sales.
    String url = "jdbc:h2:mem:dryrun;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    Migrations.migrate(url, "sa", "");
    Jdbi jdbi = Jdbi.create(url, "sa", "").installPlugin(new SqlObjectPlugin());
    Path models = Path.of(o.getOrDefault("modelDir", "target/dry-run-models"));
    Files.createDirectories(models);
    XgboostBaselineTrainer trainer =
        new XgboostBaselineTrainer(
            jdbi,
            new TrainingSettings(
                models, Path.of(o.get("history")), TrainingSettings.Clock.DATA, 168, 24),
            Clock.systemUTC());
    int trainingDays = Integer.parseInt(o.getOrDefault("trainingDays", "28"));
    int heldOutDays = Integer.parseInt(o.getOrDefault("heldOutDays", "7"));
    Instant now = Instant.now();
    DataRange heldOut = new DataRange(now.minus(Duration.ofDays(heldOutDays)), now);
    DataRange training =
        new DataRange(heldOut.from().minus(Duration.ofDays(trainingDays)), heldOut.from());
    String modelId = "baseline-dryrun-" + now.getEpochSecond();

    long t0 = System.nanoTime();
    TrainedModel challenger = trainer.train(modelId, training);
    long t1 = System.nanoTime();
    RegisteredModel active =
        o.containsKey("active")
            ? new RegisteredModel(
                "active", Path.of(o.get("active")).toAbsolutePath().toUri().toString())
            : null;
    Evaluation e = trainer.evaluate(challenger, active, heldOut);
    long t2 = System.nanoTime();

    System.out.printf(
        Locale.ROOT,
        "train %.1f s (of which the XGBoost fit %.2f s; the rest reads the file), evaluate %.1f"
            + " s%n",
        (t1 - t0) / 1e9,
        challenger.trainingMetrics().get("trainSeconds"),
        (t2 - t1) / 1e9);
    System.out.println("trained on " + challenger.trainingData().description());
    System.out.println(
        PromotionPolicy.decide(
                e,
                active == null ? null : active.modelId(),
                Double.parseDouble(o.getOrDefault("minImprovement", "0.01")))
            .reason());
  }
}
