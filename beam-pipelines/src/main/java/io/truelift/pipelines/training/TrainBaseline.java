package io.truelift.pipelines.training;

import io.truelift.model.BaselineModel;
import io.truelift.model.Granularity;
import io.truelift.model.SalesHistory;
import io.truelift.model.Trainer;
import io.truelift.model.TrainingConfig;
import io.truelift.model.data.ShoppingEventBuckets;
import io.truelift.model.estimate.SubstituteLearner;
import io.truelift.model.estimate.SubstitutionEdge;
import io.truelift.model.registry.ModelRegistry;
import io.truelift.model.registry.ModelVersion;
import io.truelift.model.registry.SubstitutionEdgeStore;
import io.truelift.pipelines.model.ModelBaseline;
import io.truelift.sql.Migrations;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Trains the streaming baseline from a JSONL file of shopping events in one JVM, without a
 * runner (what the devstack runs at start-up: seconds for the simulator's 28 days), registers it
 * with the substitution edges learned from the same history and, with {@code --activate=true},
 * makes it the active version. {@link TrainingPipeline} is the
 * Beam version of the same steps for larger sources (BigQuery, the database, many files).
 *
 * <pre>
 * TrainBaseline --history=FILE --registryUrl=JDBC --artifactDir=DIR [--registryUser=sa]
 *   [--registryPassword=] [--activate=true] [--modelId=ID] [--migrate=true] [--ifNoActive=true]
 * </pre>
 *
 * The registry's URL, user and password default to {@code TRUELIFT_JDBC_URL}, {@code _USER} and
 * {@code _PASSWORD}, as for every other process. {@code --migrate=true} applies the schema first
 * (a fresh database); {@code --ifNoActive=true} trains nothing when the registry already has an
 * ACTIVE model (the Helm chart's install hook: a first model, never one replacing a retrained one).
 */
public final class TrainBaseline {
  private TrainBaseline() {}

  public static void main(String[] args) throws Exception {
    run(withEnvironmentDefaults(parse(args), System.getenv()));
  }

  /** The registry settings not given as arguments, from the TRUELIFT_JDBC_* variables. */
  static Map<String, String> withEnvironmentDefaults(Map<String, String> o, Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>(o);
    for (Map.Entry<String, String> e :
        Map.of("registryUrl", "TRUELIFT_JDBC_URL", "registryUser", "TRUELIFT_JDBC_USER",
                "registryPassword", "TRUELIFT_JDBC_PASSWORD")
            .entrySet()) {
      String v = env.get(e.getValue());
      if (!out.containsKey(e.getKey()) && v != null && !v.isBlank()) {
        out.put(e.getKey(), v);
      }
    }
    return out;
  }

  static void run(Map<String, String> o) throws Exception {
    String url = o.get("registryUrl");
    if (url != null && Boolean.parseBoolean(o.getOrDefault("migrate", "false"))) {
      Migrations.migrate(url, o.getOrDefault("registryUser", "sa"), o.getOrDefault("registryPassword", ""));
    }
    if (url != null && Boolean.parseBoolean(o.getOrDefault("ifNoActive", "false"))) {
      Optional<ModelVersion> active = registry(o).active();
      if (active.isPresent()) {
        System.out.println("ACTIVE model " + active.get().modelId() + " already registered: nothing trained");
        return;
      }
    }
    Path history = Path.of(require(o, "history"));
    ShoppingEventBuckets buckets = ShoppingEventBuckets.fromJsonl(history, Granularity.HOUR);
    SalesHistory h =
        SalesHistory.of(Granularity.HOUR, buckets.observations(Map.of(), ModelBaseline.DEFAULT_COST_SHARE));
    String modelId = o.getOrDefault("modelId", "baseline-" + UUID.randomUUID().toString().substring(0, 8));
    Trainer.TrainedModel trained = Trainer.train(h, TrainingConfig.defaults(Granularity.HOUR), modelId);
    System.out.printf(
        "Trained %s on %d events (%d invalid lines) = %d hourly rows in %.1f s: held-out clean WAPE %.3f%n",
        modelId, buckets.events(), buckets.invalidLines(), h.size(), trained.metrics().trainSeconds(),
        trained.metrics().validationCleanWape());
    register(trained.model(), h, o);
  }

  /**
   * Registers the model and stores the substitution edges learned with it from the same history
   * ({@code substitution_edge}, tagged with its id; a re-run with the same id replaces them), then
   * activates it if asked: the edges are in place before any reader sees the model as active.
   */
  static void register(BaselineModel model, SalesHistory history, Map<String, String> o) {
    String url = o.get("registryUrl");
    Path artifacts = Path.of(o.getOrDefault("artifactDir", "target/models"));
    if (url == null) {
      Path dir = model.save(artifacts.resolve(model.modelId())).getParent();
      System.out.println("No --registryUrl: model saved to " + dir);
      return;
    }
    ModelRegistry registry = registry(o);
    ModelVersion v = registry.register(model, artifacts, Instant.now());
    System.out.println("Registered " + v.modelId() + " at " + v.artifactUri());
    long t0 = System.nanoTime();
    List<SubstitutionEdge> edges = SubstituteLearner.withDefaults(model).edges(history);
    new SubstitutionEdgeStore(url, o.getOrDefault("registryUser", "sa"), o.getOrDefault("registryPassword", ""))
        .replace(v.modelId(), edges, Instant.now());
    System.out.printf(
        "Stored %d substitution edges of %s (%d learned from history, the rest the sub-category default) in %.1f s%n",
        edges.size(), v.modelId(),
        edges.stream().filter(e -> e.source().equals(SubstitutionEdge.LEARNED)).count(),
        (System.nanoTime() - t0) / 1e9);
    if (Boolean.parseBoolean(o.getOrDefault("activate", "false"))) {
      registry.activate(v.modelId(), "activated by TrainBaseline", Instant.now());
      System.out.println("Activated " + v.modelId());
    }
  }

  private static ModelRegistry registry(Map<String, String> o) {
    return new ModelRegistry(
        o.get("registryUrl"), o.getOrDefault("registryUser", "sa"), o.getOrDefault("registryPassword", ""));
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("arguments are --name=value, got \"" + a + "\"");
      }
      out.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    return out;
  }

  static String require(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }
}
