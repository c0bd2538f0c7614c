package io.truelift.pipelines.model;

import io.truelift.core.contracts.ShoppingEvent;
import io.truelift.model.BaselineModel;
import io.truelift.model.Calibration;
import io.truelift.model.Granularity;
import io.truelift.model.Observation;
import io.truelift.model.PromotionMask;
import io.truelift.model.SalesHistory;
import io.truelift.model.data.ShoppingEventBuckets;
import io.truelift.model.estimate.SubstitutionEdge;
import io.truelift.model.registry.ActiveModelProvider;
import io.truelift.model.registry.ModelRegistry;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The detector's baseline from the trained XGBoost model: the expected units of a product in a
 * window are the model's hourly no-promotion prediction (promotion features masked), spread
 * evenly over the hour, with the recent level taken from the history it was given. The model comes
 * either fixed or from the registry, whose active version is polled, so a newly activated model
 * is used from its first prediction on, without a restart (cached predictions are dropped).
 */
public final class ModelBaseline implements Baseline {
  private static final long serialVersionUID = 1L;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelBaseline.class);
  /** Cost share of the regular price where the catalog has no unit cost. */
  public static final double DEFAULT_COST_SHARE = 0.6;

  /** Where the model comes from. */
  public interface ModelSource extends Serializable {
    BaselineModel current();
  }

  /** One model for the whole run. */
  public record FixedModel(BaselineModel model) implements ModelSource {
    @Override
    public BaselineModel current() {
      return model;
    }
  }

  /**
   * A model saved in a directory, loaded once per JVM on first use: serializable (the model
   * itself is not), so it travels to the workers of any runner.
   */
  public record SavedModel(String dir) implements ModelSource {
    private static final Map<String, BaselineModel> LOADED = new ConcurrentHashMap<>();

    @Override
    public BaselineModel current() {
      return LOADED.computeIfAbsent(dir, d -> BaselineModel.load(Path.of(d)));
    }
  }

  /** The registry's active version, polled; one provider per JVM and database. */
  public record RegistryModel(String jdbcUrl, String user, String password, long pollSeconds)
      implements ModelSource {
    private static final Map<String, ActiveModelProvider> PROVIDERS = new ConcurrentHashMap<>();

    @Override
    public BaselineModel current() {
      ActiveModelProvider p =
          PROVIDERS.computeIfAbsent(
              jdbcUrl,
              u -> ActiveModelProvider.start(new ModelRegistry(u, user, password), Duration.ofSeconds(pollSeconds)));
      return p.current()
          .orElseThrow(
              () -> new IllegalStateException("No ACTIVE model in model_version at " + jdbcUrl + "; train and activate one first"));
    }
  }

  private final ModelSource source;
  private final SalesHistory context;
  private final Map<String, BaselineProfile.Product> products;
  private final Map<String, Double> unitsPerPurchase;
  private final Map<String, Double> unitCost;
  /** z-score a learned edge needs before its diversion is used to share a loss. */
  static final double MIN_DIVERSION_Z = 3.0;

  private final Map<String, Double> diversions;

  /** The substitution edges stored with a model, by model id (the database's). */
  public interface EdgeSource extends Serializable {
    List<SubstitutionEdge> edgesOf(String modelId);
  }

  /** Null: the edges given at construction serve the whole run. */
  private EdgeSource edgeSource;
  private transient String edgesModelId;
  private transient Map<String, Double> reloaded;
  private transient Map<Long, Map<String, Double>> hourly;
  private transient String cachedModelId;

  public ModelBaseline(
      ModelSource source,
      SalesHistory context,
      Map<String, BaselineProfile.Product> products,
      Map<String, Double> unitsPerPurchase,
      Map<String, Double> unitCost,
      List<SubstitutionEdge> edges) {
    if (context.granularity() != Granularity.HOUR) {
      throw new IllegalArgumentException("the streaming baseline needs an HOUR context, got " + context.granularity());
    }
    this.source = source;
    this.context = context;
    this.products = new TreeMap<>(products);
    this.unitsPerPurchase = new HashMap<>(unitsPerPurchase);
    this.unitCost = new HashMap<>(unitCost);
    this.diversions = diversions(edges);
  }

  private static Map<String, Double> diversions(List<SubstitutionEdge> edges) {
    Map<String, Double> out = new HashMap<>();
    for (SubstitutionEdge e : edges) {
      // Only learned edges with strong evidence: a noisy cross-effect allocates worse than none.
      if (SubstitutionEdge.LEARNED.equals(e.source()) && e.zScore() >= MIN_DIVERSION_Z && e.diversion() > 0) {
        out.put(e.sku() + "|" + e.substituteSku(), e.diversion());
      }
    }
    return out;
  }

  /**
   * Reads the edges of the model in use from {@code source} whenever that model changes (a newly
   * activated registry version brings its own edges); until the first change, and when a read
   * fails, the edges given at construction (or last read) stay in use.
   */
  public ModelBaseline reloadingEdges(EdgeSource source, String edgesOfModelId) {
    this.edgeSource = source;
    this.edgesModelId = edgesOfModelId;
    return this;
  }

  /** Reads a JSONL history of shopping events into the model's hourly all-stores context. */
  public static ModelBaseline fromHistory(
      ModelSource source, Path historyFile, Map<String, Double> unitCost, List<SubstitutionEdge> edges)
      throws IOException {
    ShoppingEventBuckets buckets = ShoppingEventBuckets.fromJsonl(historyFile, Granularity.HOUR);
    Map<String, long[]> perSku = new HashMap<>();
    ShoppingEventBuckets.forEachEvent(
        historyFile,
        e -> {
          long[] v = perSku.computeIfAbsent(e.sku(), k -> new long[2]);
          v[0]++;
          v[1] += e.units();
        },
        () -> {});
    Map<String, BaselineProfile.Product> products = new TreeMap<>();
    Map<String, Double> upp = new HashMap<>();
    for (ShoppingEvent e : buckets.productSamples().values()) {
      products.put(e.sku(), new BaselineProfile.Product(e.sku(), e.category(), e.subCategory(), e.regularPriceCents()));
      long[] v = perSku.get(e.sku());
      upp.put(e.sku(), v[1] / (double) v[0]);
    }
    SalesHistory context =
        SalesHistory.of(Granularity.HOUR, buckets.observations(unitCost, DEFAULT_COST_SHARE));
    return new ModelBaseline(source, context, products, upp, unitCost, edges);
  }

  public SalesHistory context() {
    return context;
  }

  public BaselineModel model() {
    return source.current();
  }

  private synchronized double hourlyUnits(String sku, long hourEpoch) {
    BaselineModel m = source.current();
    if (hourly == null || !m.modelId().equals(cachedModelId)) {
      hourly = new HashMap<>();
      cachedModelId = m.modelId();
    }
    Map<String, Double> at = hourly.get(hourEpoch);
    if (at == null) {
      Instant t = Instant.ofEpochSecond(hourEpoch);
      List<Observation> rows = new ArrayList<>();
      for (BaselineProfile.Product p : products.values()) {
        double cost = unitCostCents(p.sku());
        rows.add(
            new Observation(
                p.sku(), ShoppingEventBuckets.ALL_STORES, p.category(), p.subCategory(), t, 0,
                p.regularPriceCents(), p.regularPriceCents(), cost, false, false, false));
      }
      double[] pred = m.predict(context, rows, PromotionMask.ALL);
      at = new HashMap<>();
      for (int i = 0; i < rows.size(); i++) {
        at.put(rows.get(i).sku(), pred[i]);
      }
      hourly.put(hourEpoch, at);
    }
    return at.getOrDefault(sku, 0.0);
  }

  @Override
  public double expectedUnits(String sku, Instant start, Instant end) {
    if (!products.containsKey(sku)) {
      return 0;
    }
    double total = 0;
    long s = start.getEpochSecond(), e = end.getEpochSecond();
    for (long h = Math.floorDiv(s, 3600) * 3600; h < e; h += 3600) {
      long overlap = Math.min(e, h + 3600) - Math.max(s, h);
      if (overlap > 0) {
        total += hourlyUnits(sku, h) * overlap / 3600.0;
      }
    }
    return total;
  }

  @Override
  public double expectedPurchases(String sku, Instant start, Instant end) {
    return expectedUnits(sku, start, end) / unitsPerPurchase.getOrDefault(sku, 1.0);
  }

  @Override
  public boolean knows(String sku) {
    return products.containsKey(sku);
  }

  @Override
  public BaselineProfile.Product product(String sku) {
    return products.get(sku);
  }

  @Override
  public List<String> skusIn(String subCategory) {
    return products.values().stream().filter(p -> p.subCategory().equals(subCategory)).map(BaselineProfile.Product::sku).toList();
  }

  @Override
  public List<String> substitutes(String sku) {
    BaselineProfile.Product p = products.get(sku);
    return p == null ? List.of() : skusIn(p.subCategory()).stream().filter(s -> !s.equals(sku)).toList();
  }

  @Override
  public double unitCostCents(String sku) {
    BaselineProfile.Product p = products.get(sku);
    return unitCost.getOrDefault(sku, p == null ? 0 : DEFAULT_COST_SHARE * p.regularPriceCents());
  }

  @Override
  public java.util.OptionalDouble diversion(String sku, String substitute) {
    Double d = currentDiversions().get(sku + "|" + substitute);
    return d == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(d);
  }

  private synchronized Map<String, Double> currentDiversions() {
    if (edgeSource == null) {
      return diversions;
    }
    String id = source.current().modelId();
    if (!id.equals(edgesModelId)) {
      edgesModelId = id; // one attempt per model: a failed read is not retried on every window
      try {
        reloaded = diversions(edgeSource.edgesOf(id));
        LOG.info("Substitution edges of model {}: {} learned diversions", id, reloaded.size());
      } catch (RuntimeException e) {
        LOG.warn("Cannot read the substitution edges of model {}; keeping the previous ones: {}", id, e.toString());
      }
    }
    return reloaded != null ? reloaded : diversions;
  }

  @Override
  public Calibration calibration() {
    return source.current().calibration();
  }

  @Override
  public String modelId() {
    return source.current().modelId();
  }

  @Override
  public String description() {
    return "XGBoost baseline model " + source.current().modelId();
  }
}
