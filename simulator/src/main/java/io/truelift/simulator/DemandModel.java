package io.truelift.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Shopper traffic and expected purchases: arrivals (mean rate x seasonality) split over stores and
 * categories by weight, times the choice probabilities at the prices in force. The event generator
 * and the analytic ground truth both use it, so the truth is exactly the model events are drawn
 * from.
 */
public final class DemandModel {
  /** Units per purchase: 1 (80%), 2 (15%), 3 (5%). */
  static final double[] UNITS_CDF = {0.80, 0.95, 1.0};

  public static final double MEAN_UNITS_PER_PURCHASE = 0.80 + 2 * 0.15 + 3 * 0.05;

  /** E[units^2] per purchase, for the variance of unit counts (compound Poisson). */
  public static final double MEAN_SQUARE_UNITS_PER_PURCHASE = 0.80 + 4 * 0.15 + 9 * 0.05;

  private final Catalog catalog;
  private final double shoppersPerMinute;
  private final double[] categoryWeights;
  private final double[] storeWeights;
  private final List<String> stores;
  private final double trafficNoise;
  private final long noiseSeed;

  /**
   * @param purchasesPerMinute mean purchases (events) per simulated minute over a week at regular
   *     prices, all stores together
   */
  public DemandModel(Catalog catalog, double purchasesPerMinute) {
    this(catalog, purchasesPerMinute, 0, 0);
  }

  /**
   * With {@code trafficNoise} = sigma > 0, each hour's traffic is also multiplied by a seeded
   * log-normal factor exp(sigma z - sigma^2 / 2) (mean 1) that no calendar explains: shoppers and
   * the ground truth see the same factor, a baseline model cannot know it.
   */
  public DemandModel(Catalog catalog, double purchasesPerMinute, double trafficNoise, long noiseSeed) {
    if (!(trafficNoise >= 0) || trafficNoise > 2) {
      throw new IllegalArgumentException("trafficNoise must be in [0, 2], got " + trafficNoise);
    }
    this.trafficNoise = trafficNoise;
    this.noiseSeed = noiseSeed;
    if (!(purchasesPerMinute > 0) || Double.isInfinite(purchasesPerMinute)) {
      throw new IllegalArgumentException("--rate must be > 0, got " + purchasesPerMinute);
    }
    this.catalog = catalog;
    List<Catalog.Category> cats = catalog.categories();
    double totalTrips = cats.stream().mapToDouble(Catalog.Category::tripWeight).sum();
    categoryWeights = new double[cats.size()];
    double purchaseProbability = 0;
    for (int c = 0; c < cats.size(); c++) {
      categoryWeights[c] = cats.get(c).tripWeight() / totalTrips;
      double[] p =
          ChoiceModel.probabilities(
              catalog, cats.get(c), catalog.productsIn(cats.get(c).name()), Map.of());
      for (double v : p) {
        purchaseProbability += categoryWeights[c] * v;
      }
    }
    this.stores = catalog.stores();
    double totalStore =
        catalog.storeWeights().values().stream().mapToDouble(Double::doubleValue).sum();
    storeWeights = new double[stores.size()];
    for (int s = 0; s < stores.size(); s++) {
      storeWeights[s] = catalog.storeWeights().get(stores.get(s)) / totalStore;
    }
    this.shoppersPerMinute = purchasesPerMinute / purchaseProbability;
  }

  public Catalog catalog() {
    return catalog;
  }

  List<String> stores() {
    return stores;
  }

  /** Share of shoppers going to each store, in {@link Catalog#stores()} order. */
  double[] storeWeights() {
    return storeWeights.clone();
  }

  /** Share of shoppers looking at each category, in {@link Catalog#categories()} order. */
  double[] categoryWeights() {
    return categoryWeights.clone();
  }

  /** Shoppers per minute, all stores and categories, during the minute containing {@code t}. */
  public double shoppersPerMinute(Instant t) {
    return shoppersPerMinute * Seasonality.multiplier(t) * noise(t);
  }

  /** The hour's unexplained traffic factor (1 without noise). */
  double noise(Instant t) {
    if (trafficNoise == 0) {
      return 1;
    }
    long hour = Math.floorDiv(t.getEpochSecond(), 3600);
    java.util.SplittableRandom r = new java.util.SplittableRandom(noiseSeed * 0x9E3779B97F4A7C15L + hour);
    double z = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    return Math.exp(trafficNoise * z - trafficNoise * trafficNoise / 2);
  }

  /** Expected shoppers per minute of one category in one store at {@code t}. */
  public double shoppersPerMinute(Instant t, String store, Catalog.Category category) {
    int s = stores.indexOf(store);
    int c = catalog.categories().indexOf(category);
    if (s < 0 || c < 0) {
      throw new IllegalArgumentException("Unknown store %s or category %s".formatted(store, category));
    }
    return shoppersPerMinute(t) * storeWeights[s] * categoryWeights[c];
  }

  /** Expected purchases per minute of each product of the category at {@code t} and prices. */
  public double[] purchasesPerMinute(
      Instant t, String store, Catalog.Category category, Map<String, Long> prices) {
    List<Product> products = catalog.productsIn(category.name());
    double[] p = ChoiceModel.probabilities(catalog, category, products, prices);
    double n = shoppersPerMinute(t, store, category);
    for (int i = 0; i < p.length; i++) {
      p[i] *= n;
    }
    return p;
  }
}
