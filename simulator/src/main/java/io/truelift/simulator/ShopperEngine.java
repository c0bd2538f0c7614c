package io.truelift.simulator;

import io.truelift.core.contracts.ShoppingEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates shoppers as a non-homogeneous Poisson process whose intensity is constant within each
 * minute (exponential gaps, redrawn at minute boundaries: exact by memorylessness). Each shopper
 * picks a store and a category by weight, then a product or nothing by the nested logit at the
 * prices in force at that instant. Choice probabilities are cached per store and category and
 * recomputed only when the market changes or a promotion starts or ends. A fixed seed gives the
 * same events.
 */
public final class ShopperEngine {
  private final DemandModel demand;
  private final Market market;
  private final Catalog catalog;
  private final SplittableRandom random;
  private final String idPrefix;
  private final double[] storeCdf;
  private final double[] categoryCdf;
  private final List<String> stores;
  private final List<Catalog.Category> categories;
  private final Product[][] productsByCategory;

  /** The clock in epoch minutes (double: sub-microsecond resolution for centuries). */
  private double clock;

  private long sequence;
  private long cachedMinute = Long.MIN_VALUE;
  private double cachedRate;

  // Choice cache: cumulative probabilities, prices and promotion ids per [store][category][product].
  private long cacheVersion = -1;
  private Instant cacheValidUntil;
  private boolean cacheValid;
  private final double[][][] cumulative;
  private final long[][][] prices;
  private final String[][][] promotionIds;

  /**
   * @param idPrefix prefix of event ids, e.g. {@code sim-42}: ids are {@code <prefix>-<sequence>}
   */
  public ShopperEngine(DemandModel demand, Market market, long seed, String idPrefix, Instant start) {
    this.demand = demand;
    this.market = market;
    this.catalog = demand.catalog();
    this.random = new SplittableRandom(seed);
    this.idPrefix = idPrefix;
    this.stores = catalog.stores();
    this.categories = catalog.categories();
    this.storeCdf = cdf(demand.storeWeights());
    this.categoryCdf = cdf(demand.categoryWeights());
    this.productsByCategory = new Product[categories.size()][];
    for (int c = 0; c < categories.size(); c++) {
      productsByCategory[c] = catalog.productsIn(categories.get(c).name()).toArray(new Product[0]);
    }
    this.cumulative = new double[stores.size()][categories.size()][];
    this.prices = new long[stores.size()][categories.size()][];
    this.promotionIds = new String[stores.size()][categories.size()][];
    this.clock = start.toEpochMilli() / 60_000.0;
  }

  public Market market() {
    return market;
  }

  public DemandModel demand() {
    return demand;
  }

  /** The simulated time (millisecond resolution). */
  public Instant now() {
    return Instant.ofEpochMilli((long) Math.floor(clock * 60_000.0));
  }

  /** Purchases emitted so far. */
  public long purchases() {
    return sequence;
  }

  /**
   * Advances the clock to the next shopper's arrival and returns it, or moves the clock to {@code
   * limit} and returns null if nobody arrives before it. A null limit means no limit.
   */
  public Instant nextArrival(Instant limit) {
    double limitMinutes =
        limit == null ? Double.POSITIVE_INFINITY : limit.toEpochMilli() / 60_000.0;
    while (true) {
      if (clock >= limitMinutes) {
        return null;
      }
      long minute = (long) Math.floor(clock);
      double rate = shoppersPerMinute(minute);
      double boundary = Math.min(minute + 1, limitMinutes);
      // 1 - u is in (0, 1]: no log(0).
      double gap = -Math.log(1.0 - random.nextDouble()) / rate;
      if (clock + gap < boundary) {
        clock += gap;
        return now();
      }
      clock = boundary;
    }
  }

  /**
   * The shopper arriving now chooses a store, a category and a product (or nothing). Returns the
   * purchase, or null when the shopper took the outside option.
   */
  public ShoppingEvent shop() {
    Instant t = now();
    refreshChoices(t);
    int s = pick(storeCdf, random.nextDouble());
    int c = pick(categoryCdf, random.nextDouble());
    double[] cum = cumulative[s][c];
    int i = pick(cum, random.nextDouble());
    if (i >= cum.length) {
      return null;
    }
    Product p = productsByCategory[c][i];
    return new ShoppingEvent(
        ShoppingEvent.VERSION,
        idPrefix + "-" + (sequence++),
        t,
        stores.get(s),
        p.sku(),
        p.category(),
        p.subCategory(),
        units(),
        prices[s][c][i],
        p.regularPriceCents(),
        promotionIds[s][c][i]);
  }

  /** Simulates {@code [clock, to)} without interruptions, passing each purchase to {@code out}. */
  public void simulateUntil(Instant to, java.util.function.Consumer<ShoppingEvent> out) {
    while (nextArrival(to) != null) {
      ShoppingEvent e = shop();
      if (e != null) {
        out.accept(e);
      }
    }
  }

  private double shoppersPerMinute(long minute) {
    if (minute != cachedMinute) {
      cachedMinute = minute;
      cachedRate = demand.shoppersPerMinute(Instant.ofEpochSecond(minute * 60));
    }
    return cachedRate;
  }

  private void refreshChoices(Instant t) {
    if (cacheValid
        && cacheVersion == market.version()
        && (cacheValidUntil == null || t.isBefore(cacheValidUntil))) {
      return;
    }
    for (int s = 0; s < stores.size(); s++) {
      String store = stores.get(s);
      Map<String, Long> current = market.prices(store, t, null);
      for (int c = 0; c < categories.size(); c++) {
        Product[] ps = productsByCategory[c];
        double[] p =
            ChoiceModel.probabilities(catalog, categories.get(c), List.of(ps), current);
        double[] cum = new double[ps.length];
        long[] price = new long[ps.length];
        String[] promo = new String[ps.length];
        double sum = 0;
        for (int i = 0; i < ps.length; i++) {
          sum += p[i];
          cum[i] = sum;
          price[i] = current.getOrDefault(ps[i].sku(), ps[i].regularPriceCents());
          promo[i] =
              price[i] < ps[i].regularPriceCents()
                  ? market.activePromotionId(store, ps[i].sku(), t)
                  : null;
        }
        cumulative[s][c] = cum;
        prices[s][c] = price;
        promotionIds[s][c] = promo;
      }
    }
    cacheVersion = market.version();
    cacheValidUntil = market.nextChangeAfter(t);
    cacheValid = true;
  }

  private int units() {
    double u = random.nextDouble();
    for (int i = 0; i < DemandModel.UNITS_CDF.length; i++) {
      if (u < DemandModel.UNITS_CDF[i]) {
        return i + 1;
      }
    }
    return DemandModel.UNITS_CDF.length;
  }

  /** Index of the first cumulative weight above {@code u}; {@code cdf.length} if none. */
  private static int pick(double[] cdf, double u) {
    int i = 0;
    while (i < cdf.length && u >= cdf[i]) {
      i++;
    }
    return i;
  }

  private static double[] cdf(double[] weights) {
    double[] out = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      out[i] = sum;
    }
    // Guard against rounding leaving a sliver above the last bucket.
    out[out.length - 1] = 1.0;
    return out;
  }
}
